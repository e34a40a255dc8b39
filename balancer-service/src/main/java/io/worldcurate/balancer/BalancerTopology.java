package io.worldcurate.balancer;

import io.worldcurate.schemas.Topic;
import io.worldcurate.schemas.Topics;
import io.worldcurate.schemas.avro.MatchedImage;
import io.worldcurate.streams.DeadLetterRoute;
import io.worldcurate.streams.DecodeProcessor;
import io.worldcurate.streams.Decoded;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

import java.util.Map;

/**
 * balancer-service's online topology: {@code curation.matched} to {@code curation.curated} and
 * {@code curation.thresholds}, counting over N tasks (local-global aggregation, see the README).
 *
 * <pre>
 * curation.matched ─► decode+check ─┬─► curation.dlq
 *                                   └─► by uuid (N partitions) ─► task t: count locally + decide ─┬─► curation.curated
 *                                                                                                  └─► curation.thresholds (task 0)
 * counts changelog (N partitions: every task's partial counts) ─► global store on every instance: sums, count-of-counts
 * curation.thresholds ─► global store on every instance: the published thresholds decisions use
 * </pre>
 *
 * Each task counts the images of its partition exactly once in its own store (keys {@code <lang>/<entry>@t});
 * its changelog, written at every commit in the same transaction as the input offsets, is the publication
 * of the partial counts. Decisions use the task's own counts plus the other tasks' published partials;
 * thresholds come from the count-of-counts of the sums, and only task 0 publishes them.
 */
public final class BalancerTopology {

    public static final String STAGE = "balancer";
    public static final String COUNTS_STORE = "balancer-counts";
    public static final String THRESHOLDS_STORE = "balancer-thresholds";
    public static final String GLOBAL_COUNTS_STORE = "balancer-global-counts";
    /** The repartition by uuid into the counting tasks (named when there was a single one; kept for its topic name). */
    public static final String FUNNEL = "balancer-funnel";

    private BalancerTopology() {
    }

    /** How the counting tasks get their images. */
    public enum Input {
        /** Repartitioned by uuid into N partitions, whatever {@code curation.matched}'s partition count. */
        REPARTITIONED,
        /**
         * Straight from {@code curation.matched}, which must have exactly N partitions and be keyed by uuid (as the
         * matcher writes it): one hop, one transaction round trip and one copy of every image fewer.
         */
        MATCHED_PARTITIONS
    }

    public static Topology build(BalancerConfig config) {
        return build(config, Input.REPARTITIONED);
    }

    public static Topology build(BalancerConfig config, Input input) {
        StreamsBuilder builder = new StreamsBuilder();
        build(builder, config, input);
        return builder.build();
    }

    /** The input that counts straight from {@code curation.matched} when it has one partition per counting task. */
    public static Input inputFor(int matchedPartitions, BalancerConfig config) {
        return matchedPartitions == config.tasks() ? Input.MATCHED_PARTITIONS : Input.REPARTITIONED;
    }

    public static void build(StreamsBuilder builder, BalancerConfig config) {
        build(builder, config, Input.REPARTITIONED);
    }

    public static void build(StreamsBuilder builder, BalancerConfig config, Input input) {
        // buffered until each commit: a head entry counted many times between two commits writes one changelog
        // record per commit, not one per image (the changelog is the publication every instance's global store reads)
        builder.addStateStore(CommitBufferedStore.builder(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(COUNTS_STORE), Serdes.String(), Serdes.Long())
                        .withCachingDisabled()));
        GlobalCounts global = new GlobalCounts(config);
        PublishedThresholds published = new PublishedThresholds();
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(GLOBAL_COUNTS_STORE), Serdes.String(), Serdes.Long())
                        .withLoggingDisabled(),
                config.countsChangelogTopic(),
                Consumed.with(Serdes.String(), Serdes.Long()).withName(STAGE + "-partial-counts"),
                global::updater);
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(THRESHOLDS_STORE), Serdes.String(), Topics.LANGUAGE_THRESHOLD_SERDE)
                        .withLoggingDisabled(),
                Topics.THRESHOLDS,
                Consumed.with(Serdes.String(), Topics.LANGUAGE_THRESHOLD_SERDE).withName(STAGE + "-published-thresholds"),
                published::updater);

        KStream<String, MatchedImage> images = DeadLetterRoute.valuesOf(decodedMatchedImages(builder, config, STAGE), STAGE);
        if (input == Input.REPARTITIONED) {
            images = images.repartition(Repartitioned.with(Topics.KEY_SERDE, Topics.MATCHED_IMAGE_SERDE).withName(FUNNEL)
                    .withNumberOfPartitions(config.tasks()));
        }
        Map<String, KStream<String, BalancerOutput>> outputs = images
                .process(() -> new OnlineBalancer(config, global, published), Named.as(STAGE + "-count-and-decide"), COUNTS_STORE)
                .split(Named.as(STAGE + "-out-"))
                .branch((k, v) -> v instanceof BalancerOutput.Admitted, Branched.as("admitted"))
                .defaultBranch(Branched.as("threshold"));
        outputs.get(STAGE + "-out-admitted").mapValues(v -> ((BalancerOutput.Admitted) v).image(), Named.as(STAGE + "-admitted-value"))
                .to(Topics.CURATED, Produced.with(Topics.KEY_SERDE, Topics.CURATED_IMAGE_SERDE).withName(STAGE + "-curated"));
        outputs.get(STAGE + "-out-threshold").mapValues(v -> ((BalancerOutput.Threshold) v).threshold(), Named.as(STAGE + "-threshold-value"))
                .to(Topics.THRESHOLDS, Produced.with(Topics.KEY_SERDE, Topics.LANGUAGE_THRESHOLD_SERDE).withName(STAGE + "-thresholds"));
    }

    /**
     * The online balancer's counts changelog, which its global store reads: it must exist before the
     * application starts (Kafka Streams would create it only later, in the first rebalance), compacted,
     * with one partition per counting task.
     */
    public static Topic<String, Long> countsChangelog(BalancerConfig config) {
        return new Topic<>(config.countsChangelogTopic(), Serdes.String(), Serdes.Long(), Map.of("cleanup.policy", "compact"));
    }

    /** {@code curation.matched} decoded and checked. */
    static KStream<String, Decoded<MatchedImage>> decodedMatchedImages(StreamsBuilder builder, BalancerConfig config, String stage) {
        MatchedImageCheck check = new MatchedImageCheck(config.metadata(), config.maxRecordBytes());
        return builder.stream(Topics.MATCHED, Consumed.with(Serdes.String(), Serdes.ByteArray()).withName(stage + "-matched"))
                .process(() -> new DecodeProcessor<>(stage, Topics.MATCHED_IMAGE_SERDE.deserializer(), check::problem,
                        config.maxRecordBytes(), config.metrics().stage()), Named.as(stage + "-decode"));
    }
}

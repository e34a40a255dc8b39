package io.worldcurate.balancer;

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
 * {@code curation.thresholds}.
 *
 * <pre>
 * curation.matched ─► decode+check ─┬─► curation.dlq
 *                                   └─► funnel (1 partition) ─► count + decide (RocksDB counts) ─┬─► curation.curated
 *                                                                                              └─► curation.thresholds
 * </pre>
 *
 * Every image goes through one partition so that each (language, entry) has exactly one counter
 * whatever the number of input partitions and instances; the other stages scale out, this one
 * counts in a single task (its throughput is measured in docs/PERFORMANCE.md).
 */
public final class BalancerTopology {

    public static final String STAGE = "balancer";
    public static final String COUNTS_STORE = "balancer-counts";
    public static final String THRESHOLDS_STORE = "balancer-thresholds";
    public static final String FUNNEL = "balancer-funnel";

    private BalancerTopology() {
    }

    public static Topology build(BalancerConfig config) {
        StreamsBuilder builder = new StreamsBuilder();
        build(builder, config);
        return builder.build();
    }

    public static void build(StreamsBuilder builder, BalancerConfig config) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(COUNTS_STORE), Serdes.String(), Serdes.Long()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(THRESHOLDS_STORE), Serdes.String(),
                Topics.LANGUAGE_THRESHOLD_SERDE));

        Map<String, KStream<String, BalancerOutput>> outputs = DeadLetterRoute.valuesOf(decodedMatchedImages(builder, config, STAGE), STAGE)
                .repartition(Repartitioned.with(Topics.KEY_SERDE, Topics.MATCHED_IMAGE_SERDE).withName(FUNNEL).withNumberOfPartitions(1))
                .process(() -> new OnlineBalancer(config), Named.as(STAGE + "-count-and-decide"), COUNTS_STORE, THRESHOLDS_STORE)
                .split(Named.as(STAGE + "-out-"))
                .branch((k, v) -> v instanceof BalancerOutput.Admitted, Branched.as("admitted"))
                .defaultBranch(Branched.as("threshold"));
        outputs.get(STAGE + "-out-admitted").mapValues(v -> ((BalancerOutput.Admitted) v).image(), Named.as(STAGE + "-admitted-value"))
                .to(Topics.CURATED, Produced.with(Topics.KEY_SERDE, Topics.CURATED_IMAGE_SERDE).withName(STAGE + "-curated"));
        outputs.get(STAGE + "-out-threshold").mapValues(v -> ((BalancerOutput.Threshold) v).threshold(), Named.as(STAGE + "-threshold-value"))
                .to(Topics.THRESHOLDS, Produced.with(Topics.KEY_SERDE, Topics.LANGUAGE_THRESHOLD_SERDE).withName(STAGE + "-thresholds"));
    }

    /** {@code curation.matched} decoded and checked. */
    static KStream<String, Decoded<MatchedImage>> decodedMatchedImages(StreamsBuilder builder, BalancerConfig config, String stage) {
        MatchedImageCheck check = new MatchedImageCheck(config.metadata(), config.maxRecordBytes());
        return builder.stream(Topics.MATCHED, Consumed.with(Serdes.String(), Serdes.ByteArray()).withName(stage + "-matched"))
                .process(() -> new DecodeProcessor<>(stage, Topics.MATCHED_IMAGE_SERDE.deserializer(), check::problem,
                        config.maxRecordBytes(), config.metrics().stage()), Named.as(stage + "-decode"));
    }
}

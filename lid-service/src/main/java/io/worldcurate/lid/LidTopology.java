package io.worldcurate.lid;

import io.worldcurate.core.input.ImageValidator;
import io.worldcurate.core.input.InvalidRecordException;
import io.worldcurate.core.lang.LanguageAssigner;
import io.worldcurate.schemas.Topics;
import io.worldcurate.schemas.avro.CrawledImage;
import io.worldcurate.schemas.avro.LangImage;
import io.worldcurate.streams.DeadLetterRoute;
import io.worldcurate.streams.DecodeProcessor;
import io.worldcurate.streams.Decoded;
import io.worldcurate.streams.ImageRecords;
import io.worldcurate.streams.StageMetrics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

import java.util.Map;

/**
 * lid-service's topology: {@code crawl.images} to {@code curation.lid}.
 *
 * <pre>
 * crawl.images ─► decode+validate ─┬─► curation.dlq                (undecodable or invalid)
 *                                  ├─► key == uuid ─────────────┐
 *                                  └─► key != uuid ─► re-key ───┤ (repartition by uuid)
 *                                                               ▼
 *                                  dedup by uuid (RocksDB) + language per text ─► curation.lid
 * </pre>
 */
public final class LidTopology {

    public static final String STAGE = "lid";
    /** uuid to the offset-free marker of the first record seen with it. */
    public static final String SEEN_UUIDS_STORE = "lid-seen-uuids";
    public static final String REKEY_REPARTITION = "lid-rekey";

    /** What the topology needs besides Kafka: how to assign languages, limits and metrics. */
    public record Config(LanguageAssigner languages, int maxRecordBytes, LidMetrics metrics) {
        public Config {
            if (maxRecordBytes < 1) {
                throw new IllegalArgumentException("max record bytes must be >= 1");
            }
        }

        public Config(LanguageAssigner languages) {
            this(languages, ImageValidator.DEFAULT_MAX_RECORD_BYTES, LidMetrics.NONE);
        }
    }

    private LidTopology() {
    }

    public static Topology build(Config config) {
        StreamsBuilder builder = new StreamsBuilder();
        build(builder, config);
        return builder.build();
    }

    public static void build(StreamsBuilder builder, Config config) {
        StageMetrics metrics = config.metrics().stage();
        StoreBuilder<KeyValueStore<String, Long>> seen = Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(SEEN_UUIDS_STORE), Serdes.String(), Serdes.Long());
        builder.addStateStore(seen);

        KStream<String, Decoded<CrawledImage>> decoded = builder
                .stream(Topics.CRAWL_IMAGES, Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("crawl-images"))
                .process(() -> new DecodeProcessor<>(STAGE, Topics.CRAWLED_IMAGE_SERDE.deserializer(), LidTopology::problem,
                        config.maxRecordBytes(), metrics), Named.as("lid-decode"));

        Map<String, KStream<String, Decoded<CrawledImage>>> byState = decoded.split(Named.as("lid-"))
                .branch((k, v) -> v.isDead(), Branched.as("dead"))
                .branch((k, v) -> v.value().getUuid().equals(k), Branched.as("keyed"))
                .defaultBranch(Branched.as("unkeyed"));

        DeadLetterRoute.toDeadLetterTopic(byState.get("lid-dead"), "lid");

        KStream<String, CrawledImage> keyed = byState.get("lid-keyed").mapValues(Decoded::value, Named.as("lid-keyed-value"));
        // dedup must see every copy of a uuid in one partition: records keyed otherwise are re-keyed
        KStream<String, CrawledImage> rekeyed = byState.get("lid-unkeyed")
                .map((k, v) -> org.apache.kafka.streams.KeyValue.pair(v.value().getUuid(), v.value()), Named.as("lid-rekey-by-uuid"))
                .repartition(Repartitioned.with(Topics.KEY_SERDE, Topics.CRAWLED_IMAGE_SERDE).withName(REKEY_REPARTITION));

        KStream<String, Decoded<LangImage>> identified = keyed.merge(rekeyed, Named.as("lid-merge"))
                .process(() -> new IdentifyProcessor(config.languages(), config.metrics()), Named.as("lid-identify"), SEEN_UUIDS_STORE);
        // an image near the input limit can give an output above it: dead-lettered as "oversized output"
        DeadLetterRoute.to(identified, "lid-identified", STAGE, Topics.LID_TOPIC, config.maxRecordBytes(), metrics);
    }

    static String problem(String key, CrawledImage image) {
        try {
            ImageValidator.validate(ImageRecords.toImage(image));
            return null;
        } catch (InvalidRecordException e) {
            return e.reason();
        }
    }

}

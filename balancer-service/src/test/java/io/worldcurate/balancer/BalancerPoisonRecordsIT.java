package io.worldcurate.balancer;

import io.worldcurate.core.metadata.MetadataDirectory;
import io.worldcurate.kafka.embedded.EmbeddedKafkaExtension;
import io.worldcurate.schemas.Topics;
import io.worldcurate.schemas.avro.CuratedImage;
import io.worldcurate.schemas.avro.DeadLetter;
import io.worldcurate.schemas.avro.MatchedImage;
import io.worldcurate.schemas.avro.MatchedText;
import io.worldcurate.streams.ExactlyOnce;
import io.worldcurate.streams.PoisonRecords;
import io.worldcurate.streams.TopicAdmin;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Poison records on a real broker: balancer-service's topology, with exactly-once and topics created with
 * a small {@code max.message.bytes}, stays RUNNING through every kind of bad record, dead-letters each
 * with its reason, and curates the good records sent after them.
 */
class BalancerPoisonRecordsIT {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    static final int LIMIT = 64 * 1024;
    static final int ENTRIES = 5000;

    @TempDir
    Path dir;

    @Test
    void everyBadRecordIsDeadLetteredAndTheStageKeepsRunning() throws Exception {
        String servers = KAFKA.cluster().bootstrapServers();
        TopicAdmin.ensureTopics(servers, List.of(Topics.MATCHED_TOPIC, Topics.CURATED_TOPIC, Topics.THRESHOLDS_TOPIC, Topics.DLQ_TOPIC),
                2, (short) 1, LIMIT, Map.of());
        Files.writeString(dir.resolve("en.json"), IntStream.range(0, ENTRIES).mapToObj(i -> "\"w" + i + "\"")
                .collect(Collectors.joining(", ", "[", "]")));
        BalancerConfig d = BalancerConfig.defaults(new MetadataDirectory(dir)).withOnlineApplicationId("balancer-poison");
        BalancerConfig config = new BalancerConfig(d.metadata(), d.thresholds(), d.seed(), d.publishInterval(), LIMIT,
                d.onlineApplicationId(), d.metrics());
        // read by the global counts store before Kafka Streams would create it (the service creates it too)
        TopicAdmin.ensureTopics(servers, List.of(BalancerTopology.countsChangelog(config)), config.tasks(), (short) 1, Map.of());
        Properties props = ExactlyOnce.streamsProperties("balancer-poison", servers);
        props.put("state.dir", dir.resolve("state").toString());
        props.put("worldcurate.dlq.max.message.bytes", LIMIT);
        props.put("commit.interval.ms", 100);

        // one text with every entry: its admitted image carries a count per entry, more than the input holds
        List<Integer> all = IntStream.range(0, ENTRIES).boxed().toList();
        int fill = PoisonRecords.largest(PoisonRecords.justUnder(LIMIT), n -> ser(image("big", "x".repeat(n), all)));
        byte[] big = ser(image("big", "x".repeat(fill), all));
        try (var streams = PoisonRecords.start(BalancerTopology.build(config), props)) {
            var sent = PoisonRecords.sendBadRecords(servers, Topics.MATCHED, LIMIT, Map.of("big", big));
            PoisonRecords.send(servers, Topics.MATCHED, null, ser(image("nullkey", "w1", List.of(1))));
            PoisonRecords.send(servers, Topics.MATCHED, "good1", ser(image("good1", "w2", List.of(2))));
            PoisonRecords.send(servers, Topics.MATCHED, "good2", ser(image("good2", "w2 w3", List.of(2, 3))));

            List<CuratedImage> out = PoisonRecords.read(servers, Topics.CURATED, Topics.CURATED_IMAGE_SERDE.deserializer(), 2);
            assertThat(out).extracting(CuratedImage::getUuid).containsExactlyInAnyOrder("good1", "good2");
            List<DeadLetter> dead = PoisonRecords.read(servers, Topics.DLQ, Topics.DEAD_LETTER_SERDE.deserializer(), 6);
            // unlike lid, which re-keys by uuid, the balancer reads what the matcher keyed: a null key is refused
            assertThat(dead).filteredOn(l -> l.getOriginalKey() == null).singleElement()
                    .satisfies(l -> assertThat(l.getReason()).startsWith("no key"));
            PoisonRecords.assertDeadLetters(dead, sent, Map.of(
                    "random", "undecodable", "empty", "undecodable", "null", "no value", "at-limit", "undecodable",
                    "big", "oversized output"), LIMIT);
            assertThat(streams.everInError()).isFalse();
            assertThat(streams.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
        }
    }

    private static byte[] ser(MatchedImage image) {
        return Topics.MATCHED_IMAGE_SERDE.serialize(Topics.MATCHED, image);
    }

    private static MatchedImage image(String uuid, String text, List<Integer> entries) {
        return MatchedImage.newBuilder().setUuid(uuid).setUrl("https://x/" + uuid + ".jpg")
                .setTexts(List.of(new MatchedText("alt", text, "en", entries))).setIngestSeq(0L).build();
    }
}

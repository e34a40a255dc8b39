package io.worldcurate.matcher;

import io.worldcurate.core.match.LanguageMatchers;
import io.worldcurate.core.metadata.MetadataDirectory;
import io.worldcurate.kafka.embedded.EmbeddedKafkaExtension;
import io.worldcurate.schemas.Topics;
import io.worldcurate.schemas.avro.DeadLetter;
import io.worldcurate.schemas.avro.LangImage;
import io.worldcurate.schemas.avro.LangText;
import io.worldcurate.schemas.avro.MatchedImage;
import io.worldcurate.streams.ExactlyOnce;
import io.worldcurate.streams.PoisonRecords;
import io.worldcurate.streams.TopicAdmin;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Poison records on a real broker: matcher-service's topology, with exactly-once and topics created with
 * a small {@code max.message.bytes}, stays RUNNING through every kind of bad record, dead-letters each
 * with its reason, and matches the good records sent after them.
 */
class MatcherPoisonRecordsIT {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    static final int LIMIT = 64 * 1024;
    static final String TEXT = "dog cat car sun sea red big old";

    @TempDir
    Path dir;

    @Test
    void everyBadRecordIsDeadLetteredAndTheStageKeepsRunning() throws Exception {
        String servers = KAFKA.cluster().bootstrapServers();
        TopicAdmin.ensureTopics(servers, List.of(Topics.LID_TOPIC, Topics.MATCHED_TOPIC, Topics.DLQ_TOPIC), 2, (short) 1,
                LIMIT, Map.of());
        Files.writeString(dir.resolve("en.json"), "[\"dog\", \"cat\", \"car\", \"sun\", \"sea\", \"red\", \"big\", \"old\"]");
        LanguageMatchers matchers = new LanguageMatchers(new MetadataDirectory(dir));
        Properties props = ExactlyOnce.streamsProperties("matcher-poison", servers);
        props.put("state.dir", dir.resolve("state").toString());
        props.put("worldcurate.dlq.max.message.bytes", LIMIT);
        props.put("commit.interval.ms", 100);

        LangImage manyMatches = image("big", PoisonRecords.largest(PoisonRecords.justUnder(LIMIT), n -> ser(image("big", n))));
        byte[] big = ser(manyMatches);
        try (var streams = PoisonRecords.start(MatcherTopology.build(new MatcherTopology.Config(matchers, LIMIT, MatcherMetrics.NONE)),
                props)) {
            var sent = PoisonRecords.sendBadRecords(servers, Topics.LID, LIMIT, Map.of("big", big));
            PoisonRecords.send(servers, Topics.LID, null, ser(image("nullkey", 1)));
            PoisonRecords.send(servers, Topics.LID, "good1", ser(image("good1", 1)));
            PoisonRecords.send(servers, Topics.LID, "good2", ser(image("good2", 2)));

            List<MatchedImage> out = PoisonRecords.read(servers, Topics.MATCHED, Topics.MATCHED_IMAGE_SERDE.deserializer(), 3);
            assertThat(out).extracting(MatchedImage::getUuid).containsExactlyInAnyOrder("nullkey", "good1", "good2");
            List<DeadLetter> dead = PoisonRecords.read(servers, Topics.DLQ, Topics.DEAD_LETTER_SERDE.deserializer(), 5);
            PoisonRecords.assertDeadLetters(dead, sent, Map.of(
                    "random", "undecodable", "empty", "undecodable", "null", "no value", "at-limit", "undecodable",
                    "big", "oversized output"), LIMIT);
            assertThat(streams.everInError()).isFalse();
            assertThat(streams.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
        }
    }

    private static byte[] ser(LangImage image) {
        return Topics.LANG_IMAGE_SERDE.serialize(Topics.LID, image);
    }

    private static LangImage image(String uuid, int texts) {
        List<LangText> list = new ArrayList<>();
        for (int i = 0; i < texts; i++) {
            list.add(new LangText("alt", TEXT, "en", false));
        }
        return LangImage.newBuilder().setUuid(uuid).setUrl("https://x/" + uuid + ".jpg").setTexts(list).build();
    }
}

package io.worldcurate.lid;

import io.worldcurate.core.lang.LanguageAssigner;
import io.worldcurate.core.lang.LidEngine;
import io.worldcurate.core.metadata.MetadataDirectory;
import io.worldcurate.kafka.embedded.EmbeddedKafkaExtension;
import io.worldcurate.schemas.Topics;
import io.worldcurate.schemas.avro.CrawledImage;
import io.worldcurate.schemas.avro.CrawledText;
import io.worldcurate.schemas.avro.DeadLetter;
import io.worldcurate.schemas.avro.LangImage;
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
 * Poison records on a real broker: lid-service's topology, with exactly-once and topics created with a
 * small {@code max.message.bytes}, stays RUNNING through every kind of bad record, dead-letters each with
 * its reason, and curates the good records sent after them.
 */
class LidPoisonRecordsIT {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    /** max.message.bytes of every topic, and the stage's limit: small, so that the records are quick to send. */
    static final int LIMIT = 64 * 1024;

    @TempDir
    Path dir;

    @Test
    void everyBadRecordIsDeadLetteredAndTheStageKeepsRunning() throws Exception {
        String servers = KAFKA.cluster().bootstrapServers();
        TopicAdmin.ensureTopics(servers, List.of(Topics.CRAWL_IMAGES_TOPIC, Topics.LID_TOPIC, Topics.DLQ_TOPIC), 2, (short) 1,
                LIMIT, Map.of());
        Files.writeString(dir.resolve("en.json"), "[\"dog\"]");
        LanguageAssigner assigner = new LanguageAssigner(new MetadataDirectory(dir), () -> LidEngine.of("test-en", text -> "en"));
        Properties props = ExactlyOnce.streamsProperties("lid-poison", servers);
        props.put("state.dir", dir.resolve("state").toString());
        props.put("worldcurate.dlq.max.message.bytes", LIMIT);
        props.put("commit.interval.ms", 100);

        CrawledImage tooManyTexts = image("big", PoisonRecords.largest(PoisonRecords.justUnder(LIMIT), n -> ser(image("big", n))));
        byte[] big = Topics.CRAWLED_IMAGE_SERDE.serialize(Topics.CRAWL_IMAGES, tooManyTexts);
        assertThat(big.length).as("the input fits").isLessThan(LIMIT - 512);
        try (var streams = PoisonRecords.start(LidTopology.build(new LidTopology.Config(assigner, LIMIT, LidMetrics.NONE)), props)) {
            var sent = PoisonRecords.sendBadRecords(servers, Topics.CRAWL_IMAGES, LIMIT, Map.of("big", big));
            PoisonRecords.send(servers, Topics.CRAWL_IMAGES, null, ser(image("nullkey", 1)));
            PoisonRecords.send(servers, Topics.CRAWL_IMAGES, "good1", ser(image("good1", 1)));
            PoisonRecords.send(servers, Topics.CRAWL_IMAGES, "good2", ser(image("good2", 2)));

            List<LangImage> out = PoisonRecords.read(servers, Topics.LID, Topics.LANG_IMAGE_SERDE.deserializer(), 3);
            assertThat(out).extracting(LangImage::getUuid).containsExactlyInAnyOrder("nullkey", "good1", "good2");
            List<DeadLetter> dead = PoisonRecords.read(servers, Topics.DLQ, Topics.DEAD_LETTER_SERDE.deserializer(), 5);
            PoisonRecords.assertDeadLetters(dead, sent, Map.of(
                    "random", "undecodable", "empty", "undecodable", "null", "no value", "at-limit", "undecodable",
                    "big", "oversized output"), LIMIT);
            DeadLetter oversized = dead.stream().filter(d -> d.getReason().startsWith("oversized output")).findFirst().orElseThrow();
            assertThat(oversized.getValueTruncated()).isTrue();
            assertThat(oversized.getOriginalSize()).as("the output, larger than the input").isGreaterThan(big.length);
            assertThat(oversized.getSourceTopic()).isEqualTo(Topics.CRAWL_IMAGES);
            assertThat(streams.everInError()).isFalse();
            assertThat(streams.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
        }
    }

    private static byte[] ser(CrawledImage image) {
        return Topics.CRAWLED_IMAGE_SERDE.serialize(Topics.CRAWL_IMAGES, image);
    }

    private static CrawledImage image(String uuid, int texts) {
        List<CrawledText> list = new ArrayList<>();
        for (int i = 0; i < texts; i++) {
            list.add(new CrawledText("alt", "a dog " + i, null));
        }
        return CrawledImage.newBuilder().setUuid(uuid).setUrl("https://x/" + uuid + ".jpg").setTexts(list).build();
    }

}

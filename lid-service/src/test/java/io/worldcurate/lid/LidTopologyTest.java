package io.worldcurate.lid;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.worldcurate.core.lang.LanguageAssigner;
import io.worldcurate.core.lang.LidEngine;
import io.worldcurate.core.metadata.MetadataDirectory;
import io.worldcurate.schemas.Topics;
import io.worldcurate.schemas.avro.CrawledImage;
import io.worldcurate.schemas.avro.CrawledText;
import io.worldcurate.schemas.avro.DeadLetter;
import io.worldcurate.schemas.avro.LangImage;
import io.worldcurate.schemas.avro.LangText;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class LidTopologyTest {

    @TempDir
    Path dir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> in;
    private TestOutputTopic<String, LangImage> out;
    private TestOutputTopic<String, DeadLetter> dlq;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private volatile boolean identifierFails;

    @BeforeEach
    void start() throws IOException {
        for (String lang : List.of("en", "de", "no")) {
            Files.writeString(dir.resolve(lang + ".json"), "[\"dog\"]");
        }
        MetadataDirectory metadata = new MetadataDirectory(dir);
        // a stand-in identifier: German when the text has "der", English otherwise
        LanguageAssigner assigner = new LanguageAssigner(metadata, () -> LidEngine.of("stand-in", text -> {
            if (identifierFails) {
                throw new IllegalStateException("detector broke");
            }
            return text.contains(" der ") ? "de" : text.contains("habari") ? "sw" : text.contains("???") ? null : "en";
        }), LidMetrics.labelsWithoutMetadata(registry));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "lid-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("state").toString());
        driver = new TopologyTestDriver(LidTopology.build(new LidTopology.Config(assigner, 4096, LidMetrics.micrometer(registry))), props);
        in = driver.createInputTopic(Topics.CRAWL_IMAGES, new StringSerializer(), new ByteArraySerializer());
        out = driver.createOutputTopic(Topics.LID, new StringDeserializer(), Topics.LANG_IMAGE_SERDE.deserializer());
        dlq = driver.createOutputTopic(Topics.DLQ, new StringDeserializer(), Topics.DEAD_LETTER_SERDE.deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    static CrawledImage image(String uuid, String... textLang) {
        CrawledText[] texts = new CrawledText[textLang.length / 2];
        for (int i = 0; i < texts.length; i++) {
            texts[i] = new CrawledText("alt", textLang[2 * i], textLang[2 * i + 1]);
        }
        return CrawledImage.newBuilder().setUuid(uuid).setUrl("https://x/" + uuid + ".jpg").setPageUrl(null)
                .setTexts(Arrays.asList(texts)).setIngestSeq(7L).build();
    }

    private void send(String key, CrawledImage image) {
        in.pipeInput(key, Topics.CRAWLED_IMAGE_SERDE.serialize(Topics.CRAWL_IMAGES, image));
    }

    @Test
    void assignsTrustedAndDetectedLanguages() {
        send("u1", image("u1", "a dog", "en", "ein Hund der bellt", null, "en hund", "nb", "xyz", "zz"));
        List<TestRecord<String, LangImage>> records = out.readRecordsToList();
        assertThat(records).hasSize(1);
        LangImage li = records.get(0).value();
        assertThat(records.get(0).key()).isEqualTo("u1");
        assertThat(li.getIngestSeq()).isEqualTo(7L);
        assertThat(li.getTexts()).extracting(LangText::getLang).containsExactly("en", "de", "no", "other");
        assertThat(li.getTexts()).extracting(LangText::getDetected).containsExactly(false, true, false, false);
        assertThat(li.getLidEngine()).isEqualTo("stand-in");
        assertThat(registry.counter("curation.lid.detections", "lang", "de").count()).isEqualTo(1.0);
        assertThat(registry.counter("curation.records.out", "stage", "lid").count()).isEqualTo(1.0);
        assertThat(registry.find("curation.lid.labels.without.metadata").counters()).isEmpty();
    }

    @Test
    void labelsWithoutMetadataGoToOtherAndAreCountedByLabel() {
        send("u1", image("u1", "habari ya asubuhi", null, "habari za jioni", "", "a dog", null));
        LangImage li = out.readRecordsToList().get(0).value();
        assertThat(li.getTexts()).extracting(LangText::getLang).containsExactly("other", "other", "en");
        assertThat(registry.counter("curation.lid.labels.without.metadata", "label", "sw").count()).isEqualTo(2.0);
        assertThat(registry.counter("curation.lid.detections", "lang", "other").count()).isEqualTo(2.0);
    }

    @Test
    void repeatedUuidsAreDroppedFirstWins() {
        send("u1", image("u1", "first", "en"));
        send("u2", image("u2", "other", "en"));
        send("u1", image("u1", "second", "de"));
        List<LangImage> records = out.readValuesToList();
        assertThat(records).extracting(LangImage::getUuid).containsExactly("u1", "u2");
        assertThat(records).extracting(LangImage::getLidEngine).as("no text was identified").containsOnlyNulls();
        assertThat(records.get(0).getTexts().get(0).getText()).isEqualTo("first");
        assertThat(registry.counter("curation.records.dropped", "stage", "lid", "reason", "repeated uuid").count()).isEqualTo(1.0);
    }

    @Test
    void recordsKeyedOtherwiseAreRekeyedAndStillDeduplicated() {
        send(null, image("u9", "one", "en"));
        send("wrong-key", image("u9", "two", "en"));
        send("u9", image("u9", "three", "en"));
        List<TestRecord<String, LangImage>> records = out.readRecordsToList();
        assertThat(records).hasSize(1);
        assertThat(records.get(0).key()).isEqualTo("u9");
    }

    @Test
    void undecodableBytesGoToTheDeadLetterTopicWithWhereAndWhat() {
        byte[] garbage = "not avro at all".getBytes(StandardCharsets.UTF_8);
        in.pipeInput("k1", garbage);
        send("u1", image("u1", "fine", "en"));
        List<DeadLetter> letters = dlq.readValuesToList();
        assertThat(letters).hasSize(1);
        DeadLetter d = letters.get(0);
        assertThat(d.getReason()).startsWith("undecodable");
        assertThat(d.getStage()).isEqualTo("lid");
        assertThat(d.getSourceTopic()).isEqualTo(Topics.CRAWL_IMAGES);
        assertThat(d.getPartition()).isZero();
        assertThat(d.getOffset()).isZero();
        assertThat(bytes(d.getOriginalValue())).isEqualTo(garbage);
        assertThat(new String(bytes(d.getOriginalKey()), StandardCharsets.UTF_8)).isEqualTo("k1");
        assertThat(out.readValuesToList()).hasSize(1);
        assertThat(registry.counter("curation.records.dead.lettered", "stage", "lid", "reason", "undecodable").count()).isEqualTo(1.0);
    }

    @Test
    void invalidImagesAreDeadLettered() {
        send("u1", image("u1"));                                   // no texts
        send("bad uuid", image("bad uuid", "x", "en"));           // white space in uuid
        send("u3", image("u3", "a \ud800 b", "en"));              // Avro writes the lone surrogate as '?': valid text
        CrawledImage big = image("u4", "x".repeat(5000), "en");   // over the 4096-byte limit of this test
        int bigBytes = Topics.CRAWLED_IMAGE_SERDE.serialize(Topics.CRAWL_IMAGES, big).length;
        send("u4", big);
        in.pipeInput("u5", (byte[]) null);                        // tombstone
        assertThat(dlq.readValuesToList()).extracting(DeadLetter::getReason)
                .containsExactly("no texts", "bad uuid: contains white space, a control character or a surrogate",
                        "oversized: record of " + bigBytes + " bytes exceeds the limit of 4096", "no value");
        assertThat(out.readValuesToList()).extracting(LangImage::getUuid).containsExactly("u3");
    }

    @Test
    void identificationFailureIsDeadLetteredAndTheStreamGoesOn() {
        identifierFails = true;
        send("u1", image("u1", "needs detection", ""));
        identifierFails = false;
        send("u2", image("u2", "also needs detection", ""));
        assertThat(dlq.readValuesToList()).singleElement()
                .satisfies(d -> assertThat(d.getReason()).startsWith("language identification failed"));
        assertThat(out.readValuesToList()).extracting(LangImage::getUuid).containsExactly("u2");
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}

package io.worldcurate.balancer;

import io.worldcurate.core.decide.Decider;
import io.worldcurate.core.metadata.MetadataDirectory;
import io.worldcurate.core.threshold.ThresholdParams;
import io.worldcurate.schemas.Topics;
import io.worldcurate.schemas.avro.CuratedImage;
import io.worldcurate.schemas.avro.DeadLetter;
import io.worldcurate.schemas.avro.DecisionMode;
import io.worldcurate.schemas.avro.LanguageThreshold;
import io.worldcurate.schemas.avro.MatchedImage;
import io.worldcurate.schemas.avro.MatchedText;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class BalancerTopologyTest {

    @TempDir
    Path dir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> in;
    private TestOutputTopic<String, CuratedImage> curated;
    private TestOutputTopic<String, LanguageThreshold> thresholds;
    private TestOutputTopic<String, DeadLetter> dlq;

    private BalancerConfig config(ThresholdParams params) throws IOException {
        Files.writeString(dir.resolve("en.json"), "[\"dog\", \"cat\", \"car\", \"red car\", \"beach\", \"sky\", \"tree\", \"road\"]");
        Files.writeString(dir.resolve("de.json"), "[\"Hund\", \"Katze\", \"Auto\"]");
        return BalancerConfig.defaults(new MetadataDirectory(dir)).withThresholds(params).withPublishInterval(Duration.ofSeconds(1));
    }

    /** How the counting tasks get their images; {@link BalancerTopologyStraightFromMatchedTest} runs every test the other way. */
    BalancerTopology.Input input() {
        return BalancerTopology.Input.REPARTITIONED;
    }

    private void start(BalancerConfig config) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, BalancerConfig.DEFAULT_APPLICATION_ID);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("state").toString());
        driver = new TopologyTestDriver(BalancerTopology.build(config, input()), props, Instant.ofEpochMilli(0));
        in = driver.createInputTopic(Topics.MATCHED, new StringSerializer(), new ByteArraySerializer());
        curated = driver.createOutputTopic(Topics.CURATED, new StringDeserializer(), Topics.CURATED_IMAGE_SERDE.deserializer());
        thresholds = driver.createOutputTopic(Topics.THRESHOLDS, new StringDeserializer(), Topics.LANGUAGE_THRESHOLD_SERDE.deserializer());
        dlq = driver.createOutputTopic(Topics.DLQ, new StringDeserializer(), Topics.DEAD_LETTER_SERDE.deserializer());
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
    }

    static MatchedText text(String text, String lang, Integer... entries) {
        return new MatchedText("alt", text, lang, Arrays.asList(entries));
    }

    static MatchedImage image(String uuid, long seq, MatchedText... texts) {
        return MatchedImage.newBuilder().setUuid(uuid).setUrl("https://x/" + uuid + ".jpg").setTexts(List.of(texts)).setIngestSeq(seq).build();
    }

    private void send(MatchedImage image) {
        in.pipeInput(image.getUuid(), Topics.MATCHED_IMAGE_SERDE.serialize(Topics.MATCHED, image));
    }

    @Test
    void countsEveryMatchedTextOnceWithOneCounterPerLanguageAndEntry() throws IOException {
        start(config(ThresholdParams.DEFAULT));
        send(image("u1", 0, text("a dog and a cat", "en", 0, 1), text("Hund", "de", 0)));
        send(image("u2", 1, text("a red car", "en", 2, 3), text("a dog", "en", 0)));
        KeyValueStore<String, Long> counts = driver.getKeyValueStore(BalancerTopology.COUNTS_STORE);
        assertThat(counts.get(CountKeys.entry("en", 0, 0))).isEqualTo(2);
        assertThat(counts.get(CountKeys.entry("en", 1, 0))).isEqualTo(1);
        assertThat(counts.get(CountKeys.entry("en", 3, 0))).isEqualTo(1);
        assertThat(counts.get(CountKeys.entry("en", 4, 0))).isNull();
        assertThat(counts.get(CountKeys.entry("de", 0, 0))).isEqualTo(1);
        assertThat(counts.get(CountKeys.texts("en", 0))).isEqualTo(3);
        assertThat(counts.get(CountKeys.texts("de", 0))).isEqualTo(1);
        assertThat(counts.get(CountKeys.size("en", 0))).isEqualTo(8);
        assertThat(counts.get(CountKeys.size("de", 0))).isEqualTo(3);
    }

    @Test
    void thresholdsArePublishedEveryIntervalWhenTheyChange() throws IOException {
        start(config(ThresholdParams.DEFAULT));
        send(image("u1", 0, text("a dog", "en", 0)));
        assertThat(thresholds.isEmpty()).as("published at the interval, not per image").isTrue();
        assertThat(curated.readValuesToList()).as("decided before the first publication, on this task's counts")
                .singleElement().satisfies(c -> assertThat(c.getThreshold()).isEqualTo(170_000));
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(thresholds.readKeyValuesToMap()).containsOnlyKeys("en")
                .hasEntrySatisfying("en", t -> {
                    assertThat(t.getThreshold()).isEqualTo(170_000);
                    assertThat(t.getMatchedTexts()).isEqualTo(1);
                    assertThat(t.getMetadataEntries()).isEqualTo(8);
                });
        send(image("u2", 1, text("a dog", "en", 0)));
        assertThat(thresholds.isEmpty()).as("nothing published between intervals").isTrue();
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        LanguageThreshold en = thresholds.readKeyValuesToMap().get("en");
        assertThat(en.getMatchedTexts()).isEqualTo(2);
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(thresholds.isEmpty()).as("no change, no publication").isTrue();
        send(image("u3", 2, text("Hund", "de", 0)));
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(thresholds.readKeyValuesToMap()).containsOnlyKeys("de");
    }

    @Test
    void decidesOnlineWithCountsAtThatMomentAndThePublishedThreshold() throws IOException {
        ThresholdParams params = new ThresholdParams(2, null, 1);
        start(config(params));
        Decider decider = new Decider("0");
        Map<Integer, Long> n = new HashMap<>();
        List<String> expectedAdmitted = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int entry = i % 3 == 0 ? 4 : 0; // two head concepts
            MatchedImage img = image("img" + i, i, text("t" + i, "en", entry));
            n.merge(entry, 1L, Long::sum);
            long count = n.get(entry);
            // English's threshold is t_en itself (from this task's counts until the first publication)
            if (decider.decide("img" + i, "en", new int[] {entry}, new long[] {count}, 2).admitted()) {
                expectedAdmitted.add("img" + i);
            }
            send(img);
        }
        List<CuratedImage> out = curated.readValuesToList();
        assertThat(out).extracting(CuratedImage::getUuid).containsExactlyElementsOf(expectedAdmitted);
        assertThat(out.size()).isLessThan(40).isGreaterThan(2);
        CuratedImage last = out.get(out.size() - 1);
        assertThat(last.getMode()).isEqualTo(DecisionMode.ONLINE);
        assertThat(last.getThreshold()).isEqualTo(2);
        assertThat(last.getCounts()).hasSize(1);
        assertThat(last.getProbability()).isEqualTo(Decider.entryProbability(last.getCounts().get(0), 2));
    }

    @Test
    void theChosenTextFollowsTheHashRuleAndCountsIncludeTheOtherTexts() throws IOException {
        start(config(new ThresholdParams(1, null, 1)));
        MatchedImage img = image("3d4220d91d60ca5e6046254d", 0, text("a", "en", 0), text("b", "en", 1), text("c", "en", 0, 2));
        send(img);
        // the spec's vector: with 3 matched texts the chosen index is 2; entry 0 is counted twice already
        CuratedImage c = curated.readValuesToList().stream().findFirst().orElse(null);
        Decider decider = new Decider("0");
        boolean admitted = decider.decide(img.getUuid(), "en", new int[] {0, 2}, new long[] {2, 1}, 1).admitted();
        if (admitted) {
            assertThat(c).isNotNull();
            assertThat(c.getText()).isEqualTo("c");
            assertThat(c.getCounts()).containsExactly(2L, 1L);
        } else {
            assertThat(c).isNull();
        }
        assertThat(decider.chosenIndex(img.getUuid(), 3)).isEqualTo(2);
    }

    @Test
    void imagesThatWouldCorruptCountersAreDeadLettered() throws IOException {
        start(config(ThresholdParams.DEFAULT));
        send(image("u1", 0, text("x", "xx", 0)));
        send(image("u2", 1, text("x", "en", 99)));
        send(image("u3", 2, text("x", "en", 3, 1)));
        send(image("u4", 3));
        send(image("u5", 4, text("x", "en")));
        in.pipeInput("junk", new byte[] {1, 2, 3});
        send(image("u6", 5, text("fine", "en", 1)));
        assertThat(dlq.readValuesToList()).extracting(DeadLetter::getReason).satisfiesExactly(
                r -> assertThat(r).isEqualTo("texts[0]: no metadata for language 'xx'"),
                r -> assertThat(r).isEqualTo("texts[0]: entry id 99 out of range for en (8 entries)"),
                r -> assertThat(r).isEqualTo("texts[0]: entries not ascending and distinct"),
                r -> assertThat(r).isEqualTo("no texts"),
                r -> assertThat(r).isEqualTo("texts[0]: no entries"),
                r -> assertThat(r).startsWith("undecodable: cannot deserialize MatchedImage"));
        KeyValueStore<String, Long> counts = driver.getKeyValueStore(BalancerTopology.COUNTS_STORE);
        assertThat(counts.get(CountKeys.texts("en", 0))).isEqualTo(1);
        assertThat(curated.readValuesToList()).extracting(CuratedImage::getUuid).containsExactly("u6");
    }
}

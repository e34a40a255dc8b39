package io.worldcurate.balancer;

import io.worldcurate.core.count.CountOfCounts;
import io.worldcurate.core.metadata.MetadataDirectory;
import io.worldcurate.core.threshold.ThresholdCalculator;
import io.worldcurate.core.threshold.ThresholdParams;
import io.worldcurate.schemas.Topics;
import io.worldcurate.schemas.avro.CuratedImage;
import io.worldcurate.schemas.avro.LanguageThreshold;
import io.worldcurate.schemas.avro.MatchedImage;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import static io.worldcurate.balancer.BalancerTopologyTest.image;
import static io.worldcurate.balancer.BalancerTopologyTest.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Local-global counting on TopologyTestDriver, which runs one task (task 0): the other counting task
 * is played by writing its partial counts into the counts changelog, as its commits would.
 */
class LocalGlobalCountingTest {

    private static final Duration INTERVAL = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> in;
    private TestInputTopic<String, Long> otherTask;
    private TestOutputTopic<String, CuratedImage> curated;
    private TestOutputTopic<String, LanguageThreshold> thresholds;

    private BalancerConfig start(ThresholdParams params) throws IOException {
        Files.writeString(dir.resolve("en.json"), "[\"dog\", \"cat\", \"car\", \"red car\", \"beach\", \"sky\", \"tree\", \"road\"]");
        Files.writeString(dir.resolve("de.json"), "[\"Hund\", \"Katze\", \"Auto\", \"Baum\", \"Strand\", \"Himmel\"]");
        BalancerConfig config = BalancerConfig.defaults(new MetadataDirectory(dir)).withThresholds(params).withPublishInterval(INTERVAL)
                .withTasks(2);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, BalancerConfig.DEFAULT_APPLICATION_ID);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("state").toString());
        driver = new TopologyTestDriver(BalancerTopology.build(config), props, Instant.ofEpochMilli(0));
        in = driver.createInputTopic(Topics.MATCHED, new StringSerializer(), new ByteArraySerializer());
        otherTask = driver.createInputTopic(config.countsChangelogTopic(), new StringSerializer(), new LongSerializer());
        curated = driver.createOutputTopic(Topics.CURATED, new StringDeserializer(), Topics.CURATED_IMAGE_SERDE.deserializer());
        thresholds = driver.createOutputTopic(Topics.THRESHOLDS, new StringDeserializer(), Topics.LANGUAGE_THRESHOLD_SERDE.deserializer());
        return config;
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
    }

    private void send(MatchedImage image) {
        in.pipeInput(image.getUuid(), Topics.MATCHED_IMAGE_SERDE.serialize(Topics.MATCHED, image));
    }

    @Test
    void decisionsAndThresholdsUseTheSumOverTasks() throws IOException {
        start(ThresholdParams.DEFAULT);
        otherTask.pipeInput(CountKeys.size("en", 1), 8L);
        otherTask.pipeInput(CountKeys.entry("en", 0, 1), 5L);
        otherTask.pipeInput(CountKeys.entry("en", 3, 1), 2L);
        otherTask.pipeInput(CountKeys.texts("en", 1), 6L);
        send(image("u1", 0, text("a dog", "en", 0)));
        assertThat(curated.readValuesToList()).singleElement()
                .satisfies(c -> assertThat(c.getCounts()).as("own count 1 + the other task's 5").containsExactly(6L));
        driver.advanceWallClockTime(INTERVAL);
        LanguageThreshold en = thresholds.readKeyValuesToMap().get("en");
        assertThat(en.getMatchedTexts()).isEqualTo(7);
        assertThat(en.getMatchedEntries()).isEqualTo(2);
        // the other task counts on: its partial count replaces the one it published before
        otherTask.pipeInput(CountKeys.entry("en", 0, 1), 9L);
        send(image("u2", 1, text("a dog", "en", 0)));
        assertThat(curated.readValuesToList()).singleElement()
                .satisfies(c -> assertThat(c.getCounts()).containsExactly(11L));
    }

    /**
     * Images of task 0 and partial counts of task 1 arrive over 30 publish intervals, the thresholds
     * changing as they grow; every decision made after a language's first publication used the
     * threshold the global counts gave at a publication at most two intervals before it.
     */
    @Test
    void aDecisionNeverUsesAThresholdOlderThanTwoPublishIntervals() throws IOException {
        ThresholdParams params = new ThresholdParams(3, null, 1);
        start(params);
        Random random = new Random(7);
        Map<String, long[]> own = new TreeMap<>(Map.of("en", new long[8], "de", new long[6]));
        Map<String, long[]> other = new TreeMap<>(Map.of("en", new long[8], "de", new long[6]));
        Map<String, Long> ownTexts = new HashMap<>();
        Map<String, Long> otherTexts = new HashMap<>();
        otherTask.pipeInput(CountKeys.size("en", 1), 8L);
        otherTask.pipeInput(CountKeys.size("de", 1), 6L);
        Map<Long, Map<String, Long>> truthAt = new TreeMap<>();
        int seq = 0;
        for (int round = 0; round < 30; round++) {
            for (int i = 0; i < 6; i++) {
                String lang = random.nextInt(3) == 0 ? "en" : "de";
                int entry = Math.min(random.nextInt(own.get(lang).length), random.nextInt(own.get(lang).length));
                send(image("img" + seq, seq++, text("t", lang, entry)));
                own.get(lang)[entry]++;
                ownTexts.merge(lang, 1L, Long::sum);
            }
            for (int i = 0; i < 4; i++) {
                String lang = random.nextBoolean() ? "en" : "de";
                int entry = random.nextInt(2);
                other.get(lang)[entry] += 1 + random.nextInt(3);
                otherTexts.merge(lang, 1L, Long::sum);
                otherTask.pipeInput(CountKeys.entry(lang, entry, 1), other.get(lang)[entry]);
                otherTask.pipeInput(CountKeys.texts(lang, 1), otherTexts.get(lang));
            }
            driver.advanceWallClockTime(INTERVAL);
            Map<String, CountOfCounts> coc = new TreeMap<>();
            for (String lang : own.keySet()) {
                CountOfCounts c = new CountOfCounts(own.get(lang).length);
                for (int e = 0; e < own.get(lang).length; e++) {
                    c.change(0, own.get(lang)[e] + other.get(lang)[e]);
                }
                c.addMatchedTexts(ownTexts.getOrDefault(lang, 0L) + otherTexts.getOrDefault(lang, 0L));
                coc.put(lang, c);
            }
            truthAt.put((round + 1) * INTERVAL.toMillis(),
                    ThresholdCalculator.compute(coc, params).byLanguage());
        }
        Map<String, Long> firstPublication = new HashMap<>();
        Set<Long> deThresholds = new HashSet<>();
        for (var r : thresholds.readRecordsToList()) {
            firstPublication.putIfAbsent(r.key(), r.value().getComputedAt().toEpochMilli());
            if (r.key().equals("de")) {
                deThresholds.add(r.value().getThreshold());
            }
        }
        assertThat(deThresholds).as("de's threshold changes as the counts grow").hasSizeGreaterThan(2);
        int checked = 0;
        for (CuratedImage c : curated.readValuesToList()) {
            long decided = c.getDecidedAt().toEpochMilli();
            if (decided < firstPublication.get(c.getLang())) {
                continue;
            }
            List<Long> allowed = new ArrayList<>();
            truthAt.forEach((at, t) -> {
                if (at <= decided && decided - at <= 2 * INTERVAL.toMillis()) {
                    allowed.add(t.get(c.getLang()));
                }
            });
            assertThat(allowed).as("%s decided at %d with threshold %d", c.getUuid(), decided, c.getThreshold())
                    .contains(c.getThreshold());
            checked++;
        }
        assertThat(checked).isGreaterThan(30);
    }
}

package io.worldcurate.matcher;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.worldcurate.core.match.EntryMatcher;
import io.worldcurate.core.match.LanguageMatchers;
import io.worldcurate.core.metadata.MetadataDirectory;
import io.worldcurate.schemas.Topics;
import io.worldcurate.schemas.avro.DeadLetter;
import io.worldcurate.schemas.avro.LangImage;
import io.worldcurate.schemas.avro.LangText;
import io.worldcurate.schemas.avro.MatchedImage;
import io.worldcurate.schemas.avro.MatchedText;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MatcherTopologyTest {

    /** ids: car 0, red car 1, dog 2, blank 3 (never matches), C++ 4, dog again 5 (matches as 2 only), Paris 6, hot dog 7. */
    static final String EN = "[\"car\", \"red car\", \"dog\", \" \", \"C++\", \"dog\", \"Paris\", \"hot dog\"]";
    /** Unpadded CJK entries match inside running text. */
    static final String ZH = "[\"汽车\", \"红色汽车\", \"狗\", \"巴黎\"]";
    static final String DE = "[\"Hund\", \"Auto\"]";

    @TempDir
    Path dir;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<TopologyTestDriver> drivers = new ArrayList<>();
    private LanguageMatchers matchers;
    private TestInputTopic<String, byte[]> in;
    private TestOutputTopic<String, MatchedImage> out;
    private TestOutputTopic<String, DeadLetter> dlq;

    @BeforeEach
    void start() throws IOException {
        Path metadata = Files.createDirectory(dir.resolve("metadata"));
        Files.writeString(metadata.resolve("en.json"), EN);
        Files.writeString(metadata.resolve("zh.json"), ZH);
        Files.writeString(metadata.resolve("de.json"), DE);
        Files.writeString(metadata.resolve("bad.json"), "{\"not\": \"an array\"}");
        matchers = new LanguageMatchers(new MetadataDirectory(metadata));
        TopologyTestDriver driver = driver(new MatcherTopology.Config(matchers, 4096, MatcherMetrics.micrometer(registry)), "a");
        in = driver.createInputTopic(Topics.LID, new StringSerializer(), new ByteArraySerializer());
        out = driver.createOutputTopic(Topics.MATCHED, new StringDeserializer(), Topics.MATCHED_IMAGE_SERDE.deserializer());
        dlq = driver.createOutputTopic(Topics.DLQ, new StringDeserializer(), Topics.DEAD_LETTER_SERDE.deserializer());
    }

    private TopologyTestDriver driver(MatcherTopology.Config config, String name) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "matcher-test-" + name);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("state-" + name).toString());
        TopologyTestDriver driver = new TopologyTestDriver(MatcherTopology.build(config), props);
        drivers.add(driver);
        return driver;
    }

    @AfterEach
    void stop() {
        drivers.forEach(TopologyTestDriver::close);
    }

    /** An image whose texts are given as (text, lang) pairs, every attr "alt". */
    static LangImage image(String uuid, Long ingestSeq, String... textLang) {
        List<LangText> texts = new ArrayList<>();
        for (int i = 0; i < textLang.length; i += 2) {
            texts.add(new LangText("alt", textLang[i], textLang[i + 1], false));
        }
        return LangImage.newBuilder().setUuid(uuid).setUrl("https://x/" + uuid + ".jpg").setPageUrl("https://x/page-" + uuid)
                .setTexts(texts).setIngestSeq(ingestSeq).build();
    }

    private byte[] send(String key, LangImage image) {
        byte[] bytes = Topics.LANG_IMAGE_SERDE.serialize(Topics.LID, image);
        in.pipeInput(key, bytes);
        return bytes;
    }

    private double counter(String name, String... tags) {
        var c = registry.find(name).tags(tags).counter();
        return c == null ? 0.0 : c.count();
    }

    @Test
    void keepsOnlyMatchedTextsInOrderEachAgainstItsOwnLanguage() {
        LangImage image = LangImage.newBuilder(image("u1", 42L,
                "a red car in Paris", "en",        // car, red car, Paris
                "nothing to see", "en",            // no entry
                "一辆红色汽车在巴黎", "zh",            // 汽车, 红色汽车, 巴黎 inside running text
                "redcar scar cars", "en",          // padded entries need word boundaries: no match
                "my dog, a hot dog.", "en",        // dog (first id only), hot dog; punctuation split off
                "C++ code", "en",                  // " C++": no space after unpadded '+'
                "ein Auto", "de",                  // German metadata
                "a red car", "de"))                // English words, German metadata: no match
                .build();
        image.getTexts().set(1, new LangText("title", "nothing to see", "en", true));
        image.getTexts().set(2, new LangText("title", "一辆红色汽车在巴黎", "zh", true));
        send("u1", image);

        List<TestRecord<String, MatchedImage>> records = out.readRecordsToList();
        assertThat(records).hasSize(1);
        assertThat(records.get(0).key()).isEqualTo("u1");
        MatchedImage m = records.get(0).value();
        assertThat(m.getUuid()).isEqualTo("u1");
        assertThat(m.getUrl()).isEqualTo("https://x/u1.jpg");
        assertThat(m.getPageUrl()).isEqualTo("https://x/page-u1");
        assertThat(m.getIngestSeq()).isEqualTo(42L);
        assertThat(m.getTexts()).extracting(MatchedText::getText)
                .containsExactly("a red car in Paris", "一辆红色汽车在巴黎", "my dog, a hot dog.", "C++ code", "ein Auto");
        assertThat(m.getTexts()).extracting(MatchedText::getAttr).containsExactly("alt", "title", "alt", "alt", "alt");
        assertThat(m.getTexts()).extracting(MatchedText::getLang).containsExactly("en", "zh", "en", "en", "de");
        assertThat(m.getTexts()).extracting(MatchedText::getEntries)
                .containsExactly(List.of(0, 1, 6), List.of(0, 1, 3), List.of(2, 7), List.of(4), List.of(1));

        assertThat(counter("curation.records.in", "stage", "matcher")).isEqualTo(1.0);
        assertThat(counter("curation.records.out", "stage", "matcher")).isEqualTo(1.0);
        assertThat(counter("curation.matcher.matched.texts", "lang", "en")).isEqualTo(3.0);
        assertThat(counter("curation.matcher.matched.texts", "lang", "zh")).isEqualTo(1.0);
        assertThat(counter("curation.matcher.matched.texts", "lang", "de")).isEqualTo(1.0);
        for (String lang : List.of("en", "zh", "de")) {
            Gauge g = registry.find("curation.matcher.automaton.build.seconds").tag("lang", lang).gauge();
            assertThat(g).as(lang).isNotNull();
            assertThat(g.value()).as(lang).isGreaterThan(0.0).isLessThan(60.0);
        }
        assertThat(dlq.isEmpty()).isTrue();
    }

    @Test
    void imagesWithoutAnyMatchAreDroppedAndCounted() {
        send("u1", image("u1", 1L, "nothing", "en", "汽车", "en"));    // CJK text labelled en: en metadata only
        send("u2", image("u2", 2L, "a dog", "en"));
        send("u3", image("u3", 3L, "no dog here", "de"));
        assertThat(out.readValuesToList()).extracting(MatchedImage::getUuid).containsExactly("u2");
        assertThat(counter("curation.records.dropped", "stage", "matcher", "reason", "no match")).isEqualTo(2.0);
        assertThat(counter("curation.records.in", "stage", "matcher")).isEqualTo(3.0);
        assertThat(counter("curation.records.out", "stage", "matcher")).isEqualTo(1.0);
    }

    @Test
    void languagesWithoutMetadataNeverMatch() {
        // "other" and unknown codes have no metadata file: even texts full of English entries match nothing
        send("u1", image("u1", null, "a red car and a dog", "other", "a red car", "xx"));
        send("u2", image("u2", null, "a red car and a dog", "other", "a dog", "en"));
        List<MatchedImage> records = out.readValuesToList();
        assertThat(records).extracting(MatchedImage::getUuid).containsExactly("u2");
        assertThat(records.get(0).getTexts()).singleElement().satisfies(t -> {
            assertThat(t.getLang()).isEqualTo("en");
            assertThat(t.getEntries()).containsExactly(2);
        });
        assertThat(records.get(0).getIngestSeq()).isNull();
        assertThat(counter("curation.records.dropped", "stage", "matcher", "reason", "no match")).isEqualTo(1.0);
        assertThat(registry.find("curation.matcher.automaton.build.seconds").tag("lang", "other").gauge()).isNull();
        assertThat(registry.find("curation.matcher.matched.texts").tag("lang", "other").counter()).isNull();
        assertThat(matchers.built()).containsExactly("en");
    }

    @Test
    void undecodableBytesAreDeadLetteredWithWhereAndWhat() {
        byte[] garbage = "not avro at all".getBytes(StandardCharsets.UTF_8);
        in.pipeInput("k1", garbage);
        send("u1", image("u1", 5L, "a dog", "en"));
        DeadLetter d = dlq.readRecordsToList().get(0).value();
        assertThat(d.getReason()).startsWith("undecodable");
        assertThat(d.getStage()).isEqualTo("matcher");
        assertThat(d.getSourceTopic()).isEqualTo(Topics.LID);
        assertThat(d.getPartition()).isZero();
        assertThat(d.getOffset()).isZero();
        assertThat(bytes(d.getOriginalValue())).isEqualTo(garbage);
        assertThat(new String(bytes(d.getOriginalKey()), StandardCharsets.UTF_8)).isEqualTo("k1");
        assertThat(dlq.isEmpty()).isTrue();
        assertThat(out.readValuesToList()).extracting(MatchedImage::getUuid).containsExactly("u1");
        assertThat(counter("curation.records.dead.lettered", "stage", "matcher", "reason", "undecodable")).isEqualTo(1.0);
    }

    @Test
    void invalidImagesAreDeadLettered() {
        byte[] noTexts = send("u1", image("u1", 1L));
        send("bad uuid", image("bad uuid", 2L, "a dog", "en"));
        send("", image("", 3L, "a dog", "en"));
        send("u4", image("u4", 4L, "a dog", "en", "a car", ""));
        LangImage big = image("u5", 5L, "dog ".repeat(1200), "en");   // over the 4096-byte limit of this test
        int bigBytes = send("u5", big).length;
        in.pipeInput("u6", (byte[]) null);                             // tombstone
        send("u7", image("u7", 7L, "a dog", "en"));

        List<TestRecord<String, DeadLetter>> letters = dlq.readRecordsToList();
        assertThat(letters).extracting(r -> r.value().getReason()).containsExactly(
                "no texts",
                "bad uuid: contains white space, a control character or a surrogate",
                "bad uuid: empty",
                "empty lang: texts[1] has no language",
                "oversized: record of " + bigBytes + " bytes exceeds the limit of 4096",
                "no value");
        assertThat(letters).extracting(r -> r.value().getOffset()).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
        assertThat(letters).extracting(TestRecord::key).containsExactly("u1", "bad uuid", "", "u4", "u5", "u6");
        assertThat(letters).allSatisfy(r -> assertThat(r.value().getSourceTopic()).isEqualTo(Topics.LID));
        assertThat(bytes(letters.get(0).value().getOriginalValue())).isEqualTo(noTexts);
        assertThat(letters.get(5).value().getOriginalValue()).isNull();
        assertThat(out.readValuesToList()).extracting(MatchedImage::getUuid).containsExactly("u7");
        assertThat(counter("curation.records.dead.lettered", "stage", "matcher", "reason", "empty lang")).isEqualTo(1.0);
        assertThat(counter("curation.records.dead.lettered", "stage", "matcher", "reason", "bad uuid")).isEqualTo(2.0);
    }

    @Test
    void matchingFailureIsDeadLetteredAndTheStreamGoesOn() {
        send("u0", image("u0", 0L, "a dog", "en"));
        byte[] failing = send("u1", image("u1", 1L, "a dog", "en", "whatever", "bad"));   // bad.json is not an array
        send("u2", image("u2", 2L, "ein Hund", "de"));
        send("u3", image("u3", 3L, "again", "bad"));                                     // fails again, not cached as empty
        List<TestRecord<String, DeadLetter>> letters = dlq.readRecordsToList();
        assertThat(letters).hasSize(2);
        DeadLetter d = letters.get(0).value();
        assertThat(letters.get(0).key()).isEqualTo("u1");
        assertThat(d.getReason()).startsWith("matching failed: ").contains("bad.json");
        assertThat(d.getStage()).isEqualTo("matcher");
        assertThat(d.getSourceTopic()).isEqualTo(Topics.LID);
        assertThat(d.getPartition()).isZero();
        assertThat(d.getOffset()).isEqualTo(1L);
        assertThat(bytes(d.getOriginalValue())).isEqualTo(failing);
        assertThat(new String(bytes(d.getOriginalKey()), StandardCharsets.UTF_8)).isEqualTo("u1");
        assertThat(letters.get(1).value().getOffset()).isEqualTo(3L);
        assertThat(out.readValuesToList()).extracting(MatchedImage::getUuid).containsExactly("u0", "u2");
        assertThat(counter("curation.records.dead.lettered", "stage", "matcher", "reason", "matching failed")).isEqualTo(2.0);
    }

    @Test
    void everyTopologyOfTheProcessSharesOneAutomatonPerLanguage() {
        Map<String, AtomicInteger> builds = new ConcurrentHashMap<>();
        MatcherMetrics counting = new MatcherMetrics() {
            @Override
            public void automatonBuilt(String language, long nanos) {
                builds.computeIfAbsent(language, l -> new AtomicInteger()).incrementAndGet();
            }
        };
        MatcherTopology.Config config = new MatcherTopology.Config(matchers, 4096, counting);
        for (String name : List.of("b", "c")) {
            TopologyTestDriver d = driver(config, name);
            TestInputTopic<String, byte[]> input = d.createInputTopic(Topics.LID, new StringSerializer(), new ByteArraySerializer());
            for (int i = 0; i < 3; i++) {
                input.pipeInput("u" + i, Topics.LANG_IMAGE_SERDE.serialize(Topics.LID, image("u" + i, null, "a dog", "en")));
            }
            assertThat(d.createOutputTopic(Topics.MATCHED, new StringDeserializer(), Topics.MATCHED_IMAGE_SERDE.deserializer())
                    .readValuesToList()).hasSize(3);
        }
        assertThat(builds).containsOnlyKeys("en");
        assertThat(builds.get("en")).hasValue(1);
        assertThat(matchers.built()).containsExactly("en");
    }

    @Test
    void concurrentFirstUsesBuildOnceAndShareTheAutomaton() throws Exception {
        AtomicInteger builds = new AtomicInteger();
        MeteredMatchers metered = new MeteredMatchers(matchers, new MatcherMetrics() {
            @Override
            public void automatonBuilt(String language, long nanos) {
                builds.incrementAndGet();
            }
        });
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<EntryMatcher>> got = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                got.add(pool.submit(() -> {
                    go.await();
                    return metered.forLanguage("zh");
                }));
            }
            go.countDown();
            Set<EntryMatcher> distinct = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            for (Future<EntryMatcher> f : got) {
                distinct.add(f.get(30, TimeUnit.SECONDS));
            }
            assertThat(distinct).hasSize(1);
            assertThat(builds).hasValue(1);
            assertThat(distinct.iterator().next().match("红色汽车")).containsExactly(0, 1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void preloadBuildsAtOnceAndRejectsLanguagesWithoutMetadata() {
        MeteredMatchers metered = new MeteredMatchers(matchers, MatcherMetrics.micrometer(registry));
        assertThatThrownBy(() -> metered.preload(List.of("en", "other")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot preload other: no metadata for it");
        assertThat(matchers.built()).isEmpty();
        metered.preload(List.of("en", "de"));
        assertThat(matchers.built()).containsExactly("de", "en");
        assertThat(registry.find("curation.matcher.automaton.build.seconds").tag("lang", "en").gauge()).isNotNull();
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}

package io.worldcurate.balancer;

import io.worldcurate.core.batch.BatchCurator;
import io.worldcurate.core.batch.BatchOptions;
import io.worldcurate.core.batch.BatchProgress;
import io.worldcurate.core.batch.BatchResult;
import io.worldcurate.core.lang.LanguageCodes;
import io.worldcurate.core.match.ImageIndexer;
import io.worldcurate.core.match.LanguageMatchers;
import io.worldcurate.core.metadata.MetadataDirectory;
import io.worldcurate.core.model.CuratedImage;
import io.worldcurate.core.model.LangText;
import io.worldcurate.core.output.CurationJson;
import io.worldcurate.core.threshold.ThresholdParams;
import io.worldcurate.schemas.Topics;
import io.worldcurate.schemas.avro.DecisionMode;
import io.worldcurate.schemas.avro.LangImage;
import io.worldcurate.schemas.avro.MatchedImage;
import io.worldcurate.streams.ImageRecords;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Online counting then replay, on TopologyTestDriver, against batch curation of the same images. */
class ReplayTopologyTest {

    @TempDir
    Path dir;

    @Test
    void replayWithFinalCountsEqualsBatch() throws IOException {
        Path metadataDir = dir.resolve("metadata");
        Files.createDirectories(metadataDir);
        Files.writeString(metadataDir.resolve("en.json"), "[\"dog\", \"cat\", \"car\", \"red car\", \"beach\", \"sky\", \"tree\", \"road\", \"\", \"dog\"]");
        Files.writeString(metadataDir.resolve("de.json"), "[\"Hund\", \"Katze\", \"Auto\", \"Strand\"]");
        MetadataDirectory metadata = new MetadataDirectory(metadataDir);
        ThresholdParams params = new ThresholdParams(30, null, 1);
        BalancerConfig config = BalancerConfig.defaults(metadata).withThresholds(params).withSeed("s1")
                .withPublishInterval(Duration.ofMillis(100));

        // a crawl with head and tail concepts, some texts without any concept, some in a language without metadata
        String[] en = {"dog", "cat", "car", "red car", "beach", "sky", "tree", "road", "nothing"};
        String[] de = {"Hund", "Katze", "Auto", "Strand", "nichts"};
        Random r = new Random(5);
        List<String> jsonl = new ArrayList<>();
        List<MatchedImage> matched = new ArrayList<>();
        LanguageMatchers matchers = new LanguageMatchers(metadata);
        for (int i = 0; i < 600; i++) {
            List<LangText> texts = new ArrayList<>();
            List<List<String>> raw = new ArrayList<>();
            for (int t = 0; t <= r.nextInt(3); t++) {
                boolean english = r.nextInt(4) > 0;
                String[] v = english ? en : de;
                String word = v[Math.min(v.length - 1, (int) (Math.pow(r.nextDouble(), 3) * v.length))];
                String text = (english ? "a photo of a " : "ein Bild: ") + word + (r.nextBoolean() ? " and " + v[r.nextInt(v.length)] : "");
                String lang = r.nextInt(30) == 0 ? "xx" : english ? "en" : "de";
                raw.add(List.of("alt", text, lang));
                texts.add(new LangText("alt", text, LanguageCodes.toMetadataCode(lang, metadata::has), false));
            }
            String uuid = "img" + i;
            jsonl.add(CurationJson.line(Map.of("uuid", uuid, "url", "https://x/" + uuid + ".jpg", "texts", raw)));
            io.worldcurate.core.model.MatchedImage m = ImageIndexer.match(uuid, "https://x/" + uuid + ".jpg", null, texts, matchers);
            if (!m.texts().isEmpty()) {
                LangImage li = LangImage.newBuilder().setUuid(uuid).setUrl(m.url()).setTexts(List.of()).setIngestSeq((long) i).build();
                matched.add(ImageRecords.toMatchedImage(li, m));
            }
        }
        Path input = dir.resolve("crawl.jsonl");
        Files.write(input, jsonl, StandardCharsets.UTF_8);
        BatchResult batch = BatchCurator.run(BatchOptions.defaults(List.of(input), metadataDir, dir.resolve("batch"))
                .withThresholds(params).withSeed("s1"), BatchProgress.NONE);

        // online: count (and decide) everything, keeping the counts changelog
        Properties online = props("balancer-service");
        List<KeyValue<String, Long>> changelog;
        try (TopologyTestDriver driver = new TopologyTestDriver(BalancerTopology.build(config), online)) {
            TestInputTopic<String, byte[]> in = driver.createInputTopic(Topics.MATCHED, new StringSerializer(), new ByteArraySerializer());
            for (MatchedImage m : matched) {
                in.pipeInput(m.getUuid(), Topics.MATCHED_IMAGE_SERDE.serialize(Topics.MATCHED, m));
            }
            changelog = driver.createOutputTopic(config.countsChangelogTopic(), new StringDeserializer(), new LongDeserializer())
                    .readKeyValuesToList();
        }
        assertThat(changelog).isNotEmpty();

        // replay: the changelog into the global store, then every matched image again
        List<CuratedImage> replayed = new ArrayList<>();
        try (TopologyTestDriver driver = new TopologyTestDriver(ReplayTopology.build(config), props("balancer-replay"))) {
            TestInputTopic<String, Long> counts = driver.createInputTopic(config.countsChangelogTopic(), new StringSerializer(), new LongSerializer());
            changelog.forEach(kv -> counts.pipeInput(kv.key, kv.value));
            TestInputTopic<String, byte[]> in = driver.createInputTopic(Topics.MATCHED, new StringSerializer(), new ByteArraySerializer());
            for (MatchedImage m : matched) {
                in.pipeInput(m.getUuid(), Topics.MATCHED_IMAGE_SERDE.serialize(Topics.MATCHED, m));
            }
            TestOutputTopic<String, io.worldcurate.schemas.avro.CuratedImage> out =
                    driver.createOutputTopic(Topics.CURATED_REPLAY, new StringDeserializer(), Topics.CURATED_IMAGE_SERDE.deserializer());
            out.readValuesToList().stream()
                    .peek(c -> assertThat(c.getMode()).isEqualTo(DecisionMode.REPLAY))
                    .sorted(Comparator.comparing(io.worldcurate.schemas.avro.CuratedImage::getIngestSeq))
                    .forEach(c -> replayed.add(new CuratedImage(c.getUuid(), c.getUrl(), c.getText(), c.getLang(),
                            c.getEntries().stream().mapToInt(Integer::intValue).toArray(), c.getProbability())));
        }
        List<String> batchLines = Files.readAllLines(batch.outDir().resolve(BatchResult.CURATED));
        assertThat(replayed.stream().map(CurationJson::curatedLine).toList()).containsExactlyElementsOf(batchLines);
        assertThat(batchLines.size()).isLessThan(matched.size()).isGreaterThan(matched.size() / 10);
    }

    private Properties props(String applicationId) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("state-" + applicationId).toString());
        return p;
    }
}

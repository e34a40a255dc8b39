package io.worldcurate.core.batch;

import com.fasterxml.jackson.databind.JsonNode;
import io.worldcurate.core.lang.LidSettings;
import io.worldcurate.core.output.CurationJson;
import io.worldcurate.core.threshold.ThresholdParams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BatchCuratorTest {

    static final Path METADATA = Path.of("src/test/resources/fixtures/metadata");
    static final String[] OUTPUTS = {BatchResult.CURATED, BatchResult.INDEX, BatchResult.THRESHOLDS, BatchResult.STATS, BatchResult.REJECTS};

    @TempDir
    Path dir;

    static BatchOptions options(Path out, Path... inputs) {
        return BatchOptions.defaults(List.of(inputs), METADATA, out).withThreads(2);
    }

    static String image(String uuid, String... textLangPairs) {
        StringBuilder sb = new StringBuilder("{");
        if (uuid != null) {
            sb.append("\"uuid\":\"").append(uuid).append("\",");
        }
        sb.append("\"url\":\"https://img.example/").append(uuid == null ? "x" + textLangPairs[0].hashCode() : uuid).append(".jpg\",\"texts\":[");
        for (int i = 0; i < textLangPairs.length; i += 2) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append("[\"alt\",\"").append(textLangPairs[i]).append("\",\"").append(textLangPairs[i + 1]).append("\"]");
        }
        return sb.append("]}").toString();
    }

    /** A deterministic crawl over the fixture metadata with head and tail concepts. */
    static Path synthetic(Path file, int images, long seed) throws IOException {
        String[][] vocab = {
                {"en", "dog", "cat", "red car", "car", "hot dog", "photo", "beach", "sunset", "mountain", "city", "night", "St. Louis"},
                {"zh", "狗", "红色汽车", "汽车", "海滩", "日落", "城市"},
                {"de", "Hund", "Auto", "Strand", "Katze", "Stadt"}};
        Random r = new Random(seed);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < images; i++) {
            int texts = 1 + r.nextInt(3);
            List<String> pairs = new ArrayList<>();
            for (int t = 0; t < texts; t++) {
                String[] v = vocab[r.nextInt(10) < 6 ? 0 : 1 + r.nextInt(2)];
                // Zipf-ish: low indexes far more often
                String a = v[1 + (int) Math.min(v.length - 2, Math.floor(Math.pow(r.nextDouble(), 3) * (v.length - 1)))];
                String b = v[1 + r.nextInt(v.length - 1)];
                String text = v[0].equals("en") ? "a " + a + " near the " + b + "." : a + "和" + b;
                String lang = r.nextInt(20) == 0 ? "xx" : v[0];
                pairs.add(r.nextInt(15) == 0 ? "nothing to see " + i : text);
                pairs.add(lang);
            }
            String uuid = r.nextInt(50) == 0 && i > 0 ? "img" + r.nextInt(i) : (r.nextInt(10) == 0 ? null : "img" + i);
            lines.add(image(uuid, pairs.toArray(new String[0])));
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    static List<String> lines(Path p) throws IOException {
        return Files.readAllLines(p, StandardCharsets.UTF_8);
    }

    @Test
    void everyKindOfBadInputIsRejectedWithFileLineAndReason() throws IOException {
        Path in = dir.resolve("bad.jsonl");
        List<byte[]> rows = new ArrayList<>();
        rows.add(image("good1", "a dog on the beach", "en").getBytes(StandardCharsets.UTF_8));
        rows.add("{\"url\": \"u\", \"texts\": [".getBytes(StandardCharsets.UTF_8));
        rows.add("{\"url\": \"https://x/2.jpg\"}".getBytes(StandardCharsets.UTF_8));
        rows.add("{\"url\": \"https://x/3.jpg\", \"texts\": [[\"alt\", 42, \"en\"]]}".getBytes(StandardCharsets.UTF_8));
        rows.add(image("huge", "dog " + "x".repeat(5 * 1024 * 1024), "en").getBytes(StandardCharsets.UTF_8));
        rows.add("{\"url\": \"https://x/5.jpg\", \"texts\": [[\"alt\", \"dog \\ud83d\", \"en\"]]}".getBytes(StandardCharsets.UTF_8));
        byte[] badUtf8 = image("bytes", "dog XX", "en").getBytes(StandardCharsets.UTF_8);
        badUtf8[new String(badUtf8, StandardCharsets.UTF_8).indexOf("XX")] = (byte) 0xFF;
        rows.add(badUtf8);
        rows.add(new byte[0]);
        rows.add(image("unknownlang", "a dog", "zz-Klingon").getBytes(StandardCharsets.UTF_8));
        rows.add(image("good2", "a cat", "en").getBytes(StandardCharsets.UTF_8));
        try (OutputStream out = Files.newOutputStream(in)) {
            for (byte[] row : rows) {
                out.write(row);
                out.write('\n');
            }
        }
        Path out = dir.resolve("out");
        BatchResult r = BatchCurator.run(options(out, in), BatchProgress.NONE);

        List<JsonNode> rejects = lines(out.resolve(BatchResult.REJECTS)).stream().map(CurationJson::readTree).toList();
        assertThat(rejects).extracting(n -> n.get("line").asLong()).containsExactly(2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(rejects).allSatisfy(n -> assertThat(n.get("file").asText()).isEqualTo(in.toString()));
        assertThat(rejects).extracting(n -> n.get("reason").asText()).satisfiesExactly(
                s -> assertThat(s).startsWith("malformed JSON"),
                s -> assertThat(s).isEqualTo("missing texts"),
                s -> assertThat(s).isEqualTo("texts[0]: text is not a string"),
                s -> assertThat(s).startsWith("oversized: record of").contains("bytes"),
                s -> assertThat(s).startsWith("texts[0]: text has an unpaired surrogate"),
                s -> assertThat(s).startsWith("malformed JSON").contains("UTF-8"));
        CurationStats s = r.stats();
        assertThat(s.recordsRead()).isEqualTo(9);
        assertThat(s.rejected()).isEqualTo(6);
        assertThat(s.rejectedByReason()).containsEntry("malformed JSON", 2L).containsEntry("missing texts", 1L)
                .containsEntry("oversized", 1L).containsEntry("texts[]: text is not a string", 1L)
                .containsEntry("texts[]: text has an unpaired surrogate", 1L);
        assertThat(s.imagesRead()).isEqualTo(3);
        // the unknown language code is not an error: the text goes to 'other', which has no metadata
        assertThat(s.languages().get("other").texts()).isEqualTo(1);
        assertThat(s.imagesWithoutMatch()).isEqualTo(1);
        assertThat(lines(out.resolve(BatchResult.CURATED))).extracting(l -> CurationJson.readTree(l).get("uuid").asText())
                .containsExactly("good1", "good2");
    }

    @Test
    void firstRecordOfAUuidWinsAndLaterOnesAreNotCounted() throws IOException {
        Path in = dir.resolve("dups.jsonl");
        Files.write(in, List.of(image("u1", "a dog", "en"), image("u2", "a dog", "en"), image("u1", "a cat", "en"),
                image(null, "a city", "en"), image(null, "a city", "en")));
        Path out = dir.resolve("out");
        BatchResult r = BatchCurator.run(options(out, in), BatchProgress.NONE);
        assertThat(r.stats().repeatedUuids()).isEqualTo(2);
        assertThat(r.stats().imagesMatched()).isEqualTo(3);
        assertThat(r.counts().get("en").totalCount()).isEqualTo(3); // dog twice, city once; never cat
        assertThat(r.counts().get("en").nonZeroEntries()).isEqualTo(2);
        assertThat(lines(out.resolve(BatchResult.CURATED))).extracting(l -> CurationJson.readTree(l).get("text").asText())
                .containsExactly("a dog", "a dog", "a city");
        assertThat(out.resolve(".uuids.tmp")).doesNotExist();
    }

    @Test
    void indexHoldsOnlyMatchedTextsWithTheirEntries() throws IOException {
        Path in = dir.resolve("idx.jsonl");
        Files.write(in, List.of(image("u1", "nothing here", "en", "a red car at night", "en", "红色汽车", "zh"),
                image("u2", "no concept", "en")));
        Path out = dir.resolve("out");
        BatchCurator.run(options(out, in), BatchProgress.NONE);
        List<String> index = lines(out.resolve(BatchResult.INDEX));
        assertThat(index).hasSize(1);
        JsonNode n = CurationJson.readTree(index.get(0));
        assertThat(n.get("uuid").asText()).isEqualTo("u1");
        assertThat(n.get("texts")).hasSize(2);
        // "red car" (2), "car" (3), "night" (14); zh: 红色汽车 (1) and 汽车 (2)
        assertThat(n.get("texts").get(0).get("entries").toString()).isEqualTo("[2,3,14]");
        assertThat(n.get("texts").get(1).get("lang").asText()).isEqualTo("zh");
        assertThat(n.get("texts").get(1).get("entries").toString()).isEqualTo("[1,2]");
    }

    @Test
    void sameInputGivesByteIdenticalOutputsWhateverTheThreads() throws IOException {
        Path in = synthetic(dir.resolve("in.jsonl"), 3000, 42);
        ThresholdParams biting = new ThresholdParams(40, null, 1);
        BatchResult a = BatchCurator.run(options(dir.resolve("a"), in).withThresholds(biting).withThreads(1), BatchProgress.NONE);
        BatchCurator.run(options(dir.resolve("b"), in).withThresholds(biting).withThreads(2), BatchProgress.NONE);
        BatchCurator.run(options(dir.resolve("c"), in).withThresholds(biting).withThreads(3), BatchProgress.NONE);
        for (String f : OUTPUTS) {
            byte[] first = Files.readAllBytes(dir.resolve("a").resolve(f));
            assertThat(Files.readAllBytes(dir.resolve("b").resolve(f))).as(f).isEqualTo(first);
            assertThat(Files.readAllBytes(dir.resolve("c").resolve(f))).as(f).isEqualTo(first);
        }
        assertThat(a.stats().imagesAdmitted()).isPositive().isLessThan(a.stats().imagesMatched());
    }

    @Test
    void passTwoFromMemoryEqualsPassTwoFromTheIndexFile() throws IOException {
        Path in = synthetic(dir.resolve("in.jsonl"), 3000, 11);
        ThresholdParams biting = new ThresholdParams(40, null, 1);
        BatchOptions o = options(dir.resolve("held"), in).withThresholds(biting);
        // default budget: every matched image stays in memory; 0: pass 2 re-reads index.jsonl;
        // a budget exceeded halfway: what was held is dropped and pass 2 re-reads index.jsonl
        BatchResult held = new BatchCurator(o, BatchProgress.NONE).run();
        new BatchCurator(o.withOutDir(dir.resolve("file")), BatchProgress.NONE).heldIndexBudget(0).run();
        long indexChars = Files.readString(dir.resolve("held").resolve(BatchResult.INDEX)).length();
        new BatchCurator(o.withOutDir(dir.resolve("spilled")), BatchProgress.NONE).heldIndexBudget(indexChars / 2).run();
        for (String f : OUTPUTS) {
            assertThat(dir.resolve("file").resolve(f)).as(f).hasSameBinaryContentAs(dir.resolve("held").resolve(f));
            assertThat(dir.resolve("spilled").resolve(f)).as(f).hasSameBinaryContentAs(dir.resolve("held").resolve(f));
        }
        assertThat(held.stats().imagesAdmitted()).isPositive().isLessThan(held.stats().imagesMatched());
    }

    @Test
    void gzippedInputGivesTheSameCuration() throws IOException {
        Path plain = synthetic(dir.resolve("in.jsonl"), 500, 7);
        Path gz = dir.resolve("in.jsonl.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            Files.copy(plain, out);
        }
        BatchCurator.run(options(dir.resolve("plain"), plain), BatchProgress.NONE);
        BatchCurator.run(options(dir.resolve("gz"), gz), BatchProgress.NONE);
        for (String f : new String[] {BatchResult.CURATED, BatchResult.INDEX, BatchResult.THRESHOLDS, BatchResult.STATS}) {
            assertThat(dir.resolve("gz").resolve(f)).as(f).hasSameBinaryContentAs(dir.resolve("plain").resolve(f));
        }
    }

    @Test
    void equalsTheNaiveReferenceWithEnglishThreshold() throws IOException {
        checkAgainstNaive(new ThresholdParams(40, null, 1), "0");
    }

    @Test
    void equalsTheNaiveReferenceWithTailRatioAndAnotherSeed() throws IOException {
        checkAgainstNaive(new ThresholdParams(170_000, 0.3, 2), "seven");
    }

    @Test
    void equalsTheNaiveReferenceWithoutEnglish() throws IOException {
        Path in = dir.resolve("noen.jsonl");
        List<String> rows = new ArrayList<>();
        for (String line : lines(synthetic(dir.resolve("all.jsonl"), 3000, 3))) {
            if (!line.contains("\"en\"")) {
                rows.add(line);
            }
        }
        Files.write(in, rows);
        Path out = dir.resolve("out");
        BatchResult r = BatchCurator.run(options(out, in), BatchProgress.NONE);
        assertThat(r.thresholds().tailRatio()).isEqualTo(0.06);
        assertThat(NaiveCuration.read(out.resolve(BatchResult.CURATED)))
                .containsExactlyElementsOf(new NaiveCuration(METADATA).curate(List.of(in), 170_000, null, 1, "0"));
    }

    private void checkAgainstNaive(ThresholdParams params, String seed) throws IOException {
        Path in = synthetic(dir.resolve("in.jsonl"), 4000, 11);
        Path out = dir.resolve("out");
        BatchResult r = BatchCurator.run(options(out, in).withThresholds(params).withSeed(seed), BatchProgress.NONE);
        List<NaiveCuration.Curated> expected = new NaiveCuration(METADATA)
                .curate(List.of(in), params.tEn(), params.tailRatio(), params.minThreshold(), seed);
        assertThat(NaiveCuration.read(out.resolve(BatchResult.CURATED))).containsExactlyElementsOf(expected);
        // the thresholds bite: some images are dropped
        assertThat(r.stats().imagesAdmitted()).isLessThan(r.stats().imagesMatched());
    }

    @Test
    void textsWithoutLanguageAreIdentified() throws IOException {
        Path in = dir.resolve("lid.jsonl");
        Files.write(in, List.of(image("u1", "Der Hund spielt am Strand mit einem Ball", ""),
                image("u2", "the dog is playing with a ball on the beach", "")));
        Path out = dir.resolve("out");
        BatchResult r = BatchCurator.run(options(out, in)
                .withLid(new LidSettings(LidSettings.Accuracy.LOW, Set.of("en", "de", "fr"), 0)), BatchProgress.NONE);
        assertThat(r.stats().languages().get("de").textsDetected()).isEqualTo(1);
        assertThat(r.stats().languages().get("en").textsDetected()).isEqualTo(1);
        assertThat(lines(out.resolve(BatchResult.INDEX))).hasSize(2);
        assertThat(r.stats().lidLabelsWithoutMetadata()).isEmpty();
    }

    @Test
    void identifiedLabelsWithoutMetadataGoToOtherAndAreCounted() throws IOException {
        Path in = dir.resolve("lid.jsonl");
        Files.write(in, List.of(image("u1", "Le chien joue avec un ballon sur la plage", ""),
                image("u2", "Le chat dort sur le canapé du salon", ""),
                image("u3", "Le chien joue avec un ballon sur la plage", "fr"),
                image("u4", "the dog is playing with a ball on the beach", "")));
        Path out = dir.resolve("out");
        BatchResult r = BatchCurator.run(options(out, in)
                .withLid(new LidSettings(LidSettings.Accuracy.LOW, Set.of("en", "de", "fr"), 0)), BatchProgress.NONE);
        // the fixtures have no French metadata: two identified texts go to other and are counted by label;
        // a trusted "fr" goes to other too, but no identification was involved
        assertThat(r.stats().languages().get("other").textsDetected()).isEqualTo(2);
        assertThat(r.stats().lidLabelsWithoutMetadata()).containsExactly(Map.entry("fr", 2L));
        JsonNode s = CurationJson.readTree(Files.readString(out.resolve(BatchResult.STATS)));
        assertThat(s.get("lid_labels_without_metadata").get("fr").asLong()).isEqualTo(2);
        assertThat(s.get("lid_labels_without_metadata").size()).isEqualTo(1);
    }

    @Test
    void thresholdsAndStatsDocumentsHaveTheSpecShape() throws IOException {
        Path in = synthetic(dir.resolve("in.jsonl"), 1000, 5);
        Path out = dir.resolve("out");
        BatchResult r = BatchCurator.run(options(out, in).withThresholds(new ThresholdParams(30, null, 1)), BatchProgress.NONE);
        JsonNode t = CurationJson.readTree(Files.readString(out.resolve(BatchResult.THRESHOLDS)));
        assertThat(t.get("tail_ratio").asDouble()).isEqualTo(r.thresholds().tailRatio());
        JsonNode en = t.get("languages").get("en");
        assertThat(en.get("threshold").asLong()).isEqualTo(30);
        assertThat(en.get("metadata_entries").asLong()).isEqualTo(15);
        assertThat(en.get("matched_texts").asLong()).isEqualTo(r.stats().languages().get("en").matchedTexts());
        assertThat(en.get("matched_entries").asLong()).isBetween(1L, 15L);
        assertThat(t.get("languages").has("other")).isFalse();
        JsonNode s = CurationJson.readTree(Files.readString(out.resolve(BatchResult.STATS)));
        assertThat(s.get("images_admitted").asLong()).isEqualTo(lines(out.resolve(BatchResult.CURATED)).size());
        assertThat(s.get("repeated_uuids").asLong()).isPositive();
        assertThat(s.get("images_without_match").asLong()).isPositive();
        long admittedByLang = 0;
        for (JsonNode l : s.get("languages")) {
            admittedByLang += l.get("images_admitted").asLong();
        }
        assertThat(admittedByLang).isEqualTo(s.get("images_admitted").asLong());
    }

    @Test
    void missingInputOrMetadataFailsClearly() {
        assertThatThrownBy(() -> BatchCurator.run(options(dir.resolve("o"), dir.resolve("nope.jsonl")), BatchProgress.NONE))
                .hasMessageContaining("nope.jsonl");
        assertThatThrownBy(() -> BatchCurator.run(BatchOptions.defaults(List.of(dir), dir.resolve("no-metadata"), dir.resolve("o")),
                BatchProgress.NONE)).hasMessageContaining("does not exist");
    }
}

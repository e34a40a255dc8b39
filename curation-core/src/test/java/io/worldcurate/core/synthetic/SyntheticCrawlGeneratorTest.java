package io.worldcurate.core.synthetic;

import io.worldcurate.core.decide.CurationHash;
import io.worldcurate.core.input.ImageJson;
import io.worldcurate.core.lang.LanguageCodes;
import io.worldcurate.core.match.LanguageMatchers;
import io.worldcurate.core.metadata.MetadataDirectory;
import io.worldcurate.core.model.Image;
import io.worldcurate.core.model.ImageText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SyntheticCrawlGeneratorTest {

    @TempDir
    Path tmp;

    private CrawlGenerator generator(MetadataDirectory md, long images, long seed) {
        return new CrawlGenerator(md, CrawlSettings.defaults(images, seed));
    }

    @Test
    void sameSeedWritesTheSameBytesAndAnotherSeedDifferentOnes() throws Exception {
        MetadataDirectory md = SyntheticFixtures.allDefaults(tmp.resolve("meta"), 200);
        for (String name : List.of("crawl.jsonl", "crawl.jsonl.gz")) {
            Path a = tmp.resolve("a-" + name);
            Path b = tmp.resolve("b-" + name);
            Path c = tmp.resolve("c-" + name);
            generator(md, 3000, 7).write(a, n -> { });
            // a fresh generator over a fresh directory object: nothing may leak from the first run
            generator(new MetadataDirectory(md.path()), 3000, 7).write(b, n -> { });
            generator(md, 3000, 8).write(c, n -> { });
            assertThat(Files.mismatch(a, b)).as(name + ": same seed").isEqualTo(-1L);
            assertThat(Files.mismatch(a, c)).as(name + ": other seed").isNotEqualTo(-1L);
        }
        assertThat(SyntheticFixtures.read(tmp.resolve("a-crawl.jsonl.gz")))
                .as("the gzip file holds the plain file's bytes")
                .isEqualTo(Files.readAllBytes(tmp.resolve("a-crawl.jsonl")));
    }

    @Test
    void writingTwiceFromOneGeneratorGivesTheSameBytes() throws Exception {
        CrawlGenerator g = generator(SyntheticFixtures.awkward(tmp.resolve("meta")), 2000, 3);
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        ByteArrayOutputStream second = new ByteArrayOutputStream();
        g.write(first, n -> { });
        g.write(second, n -> { });
        assertThat(second.toByteArray()).isEqualTo(first.toByteArray());
        StringBuilder fromIterator = new StringBuilder();
        g.images().forEachRemaining(img -> fromIterator.append(CrawlGenerator.toJson(img)).append('\n'));
        assertThat(fromIterator.toString()).isEqualTo(first.toString(StandardCharsets.UTF_8));
    }

    @Test
    void writesExactlyTheRequestedNumberOfLines() throws Exception {
        MetadataDirectory md = SyntheticFixtures.awkward(tmp.resolve("meta"));
        for (long n : new long[] {0, 1, 1234}) {
            Path out = tmp.resolve("out/n" + n + ".jsonl.gz");
            AtomicLong lastProgress = new AtomicLong(-1);
            CrawlSummary s = generator(md, n, 1).write(out, lastProgress::set);
            assertThat(SyntheticFixtures.lines(out)).hasSize((int) n);
            assertThat(s.images()).isEqualTo(n);
            assertThat(s.file()).isEqualTo(out);
            assertThat(lastProgress.get()).isEqualTo(n);
            assertThat(SyntheticFixtures.read(out)).hasSize((int) s.bytes());
        }
    }

    @Test
    void everyLineParsesAsAnImageWithTheGeneratedContent() throws Exception {
        CrawlGenerator g = generator(SyntheticFixtures.awkward(tmp.resolve("meta")), 5000, 11);
        Path out = tmp.resolve("crawl.jsonl");
        g.write(out, n -> { });
        List<byte[]> lines = SyntheticFixtures.lines(out);
        List<GeneratedImage> images = SyntheticFixtures.generate(g);
        assertThat(lines).hasSameSizeAs(images);
        for (int i = 0; i < lines.size(); i++) {
            Image parsed = ImageJson.parse(lines.get(i));
            GeneratedImage expected = images.get(i);
            assertThat(parsed.uuid()).isEqualTo(expected.uuid()).isEqualTo(CurationHash.uuidOf(expected.url()));
            assertThat(parsed.url()).isEqualTo(expected.url());
            assertThat(parsed.pageUrl()).isEqualTo(expected.pageUrl());
            assertThat(new String(lines.get(i), StandardCharsets.UTF_8).startsWith("{\"uuid\": "))
                    .isEqualTo(expected.uuidWritten());
            List<ImageText> want = expected.texts().stream()
                    .map(t -> new ImageText(t.attr(), t.text(), t.lang())).toList();
            assertThat(parsed.texts()).isEqualTo(want);
        }
    }

    @Test
    void proportionsOfTwentyThousandImagesAreWithinTolerance() throws Exception {
        MetadataDirectory md = SyntheticFixtures.allDefaults(tmp.resolve("meta"), 300);
        Path out = tmp.resolve("crawl.jsonl.gz");
        CrawlSummary summary = generator(md, 20_000, 42).write(out, n -> { });
        LanguageMatchers matchers = new LanguageMatchers(md);

        long images = 0;
        long texts = 0;
        long emptyLang = 0;
        long noMetadata = 0;
        long noConcept = 0;
        long objectForm = 0;
        long withoutUuid = 0;
        long repeats = 0;
        long repeatsWithOtherTexts = 0;
        int[] perImage = new int[4];
        Map<String, Integer> imagesByLanguage = new HashMap<>();
        Map<String, List<ImageText>> firstTexts = new HashMap<>();
        Set<String> attrs = new HashSet<>();
        for (byte[] line : SyntheticFixtures.lines(out)) {
            String json = new String(line, StandardCharsets.UTF_8);
            Image img = ImageJson.parse(line);
            images++;
            if (!json.startsWith("{\"uuid\": ")) {
                withoutUuid++;
            }
            objectForm += count(json, "{\"attr\": ");
            List<ImageText> previous = firstTexts.putIfAbsent(img.uuid(), img.texts());
            if (previous != null) {
                repeats++;
                if (!previous.equals(img.texts())) {
                    repeatsWithOtherTexts++;
                }
            }
            perImage[img.texts().size()]++;
            String imageLanguage = json.substring(json.indexOf(".example/", json.indexOf("page_url")) + 9);
            imagesByLanguage.merge(imageLanguage.substring(0, imageLanguage.indexOf('/')), 1, Integer::sum);
            for (ImageText t : img.texts()) {
                texts++;
                attrs.add(t.attr());
                if (t.lang().isEmpty()) {
                    emptyLang++;
                } else if (!md.has(t.lang())) {
                    noMetadata++;
                    assertThat(LanguageCodes.toMetadataCode(t.lang(), md::has)).isEqualTo(LanguageCodes.OTHER);
                } else if (matchers.match(t.lang(), t.text()).length == 0) {
                    noConcept++;
                }
            }
        }
        assertThat(images).isEqualTo(20_000);
        assertThat(perImage[0]).isZero();
        assertThat(perImage[1] + perImage[2] + perImage[3]).isEqualTo(20_000);
        assertThat((double) texts / images).as("texts per image").isCloseTo(1.67, within(0.05));
        assertThat(perImage[1]).isGreaterThan(perImage[2]);
        assertThat(perImage[2]).isGreaterThan(perImage[3]);
        assertThat(attrs).containsExactlyInAnyOrder("alt", "title", "data-image-title");
        assertThat((double) emptyLang / texts).as("empty lang").isCloseTo(0.10, within(0.01));
        assertThat((double) noMetadata / texts).as("language without metadata").isCloseTo(0.02, within(0.005));
        assertThat((double) noConcept / texts).as("no concept").isCloseTo(0.03, within(0.006));
        assertThat((double) objectForm / texts).as("object form").isCloseTo(0.03, within(0.006));
        assertThat((double) withoutUuid / images).as("no uuid").isCloseTo(0.05, within(0.008));
        assertThat((double) repeats / images).as("repeated uuid").isCloseTo(0.01, within(0.003));
        assertThat(repeatsWithOtherTexts).as("repeats carry new texts").isGreaterThanOrEqualTo(repeats * 9 / 10);
        assertThat(imagesByLanguage.keySet()).hasSize(13);
        assertThat(imagesByLanguage.get("en") / (double) images).as("English").isCloseTo(0.45, within(0.02));
        assertThat(imagesByLanguage.get("de")).isGreaterThan(imagesByLanguage.get("it"));
        assertThat(imagesByLanguage.get("it")).isGreaterThan(imagesByLanguage.get("ko"));

        assertThat(summary.texts()).isEqualTo(texts);
        assertThat(summary.repeatedUuids()).isEqualTo(repeats);
        assertThat(summary.withoutUuid()).isEqualTo(withoutUuid);
        assertThat(summary.objectFormTexts()).isEqualTo(objectForm);
        assertThat(summary.texts(TextKind.UNLABELLED)).isEqualTo(emptyLang);
        assertThat(summary.texts(TextKind.NO_METADATA)).isEqualTo(noMetadata);
        assertThat(summary.texts(TextKind.NO_CONCEPT)).isEqualTo(noConcept);
        assertThat(summary.imagesByLanguage().get("en")).isEqualTo(imagesByLanguage.get("en").longValue());
    }

    @Test
    void everyPlacedConceptIsFoundByTheSpecMatching() {
        MetadataDirectory md = SyntheticFixtures.awkward(tmp.resolve("meta"));
        List<LanguageWeight> mix = LanguageWeight.parse(List.of("en:3", "zh", "ja", "th", "km", "ko", "de", "sw"));
        CrawlGenerator g = new CrawlGenerator(md, CrawlSettings.defaults(20_000, 5).withLanguages(mix));
        LanguageMatchers matchers = new LanguageMatchers(md);
        Map<TextKind, Integer> kinds = new HashMap<>();
        Set<String> conceptLanguages = new HashSet<>();
        g.images().forEachRemaining(img -> {
            for (GeneratedText t : img.texts()) {
                kinds.merge(t.kind(), 1, Integer::sum);
                switch (t.kind()) {
                    case LABELLED, UNLABELLED -> {
                        assertThat(t.entryIds()).as(t.toString()).isNotEmpty();
                        assertThat(t.conceptLanguage()).isEqualTo(img.language());
                        assertThat(t.lang()).isEqualTo(t.kind() == TextKind.LABELLED ? img.language() : "");
                        int[] matched = matchers.match(t.conceptLanguage(), t.text());
                        assertThat(matched).as(t.toString()).contains(t.entryIds());
                        conceptLanguages.add(t.conceptLanguage());
                    }
                    case NO_CONCEPT -> {
                        assertThat(t.entryIds()).isEmpty();
                        assertThat(t.lang()).isEqualTo(img.language());
                        assertThat(matchers.match(t.lang(), t.text())).as(t.text()).isEmpty();
                    }
                    case NO_METADATA -> {
                        assertThat(md.has(t.lang())).isFalse();
                        assertThat(t.lang()).isIn("xx", "tlh", "zxx");
                    }
                }
            }
        });
        assertThat(conceptLanguages).containsExactlyInAnyOrder("en", "zh", "ja", "th", "km", "ko", "de", "sw");
        assertThat(kinds).containsOnlyKeys(TextKind.values());
    }

    @Test
    void unlabelledTextsCarryAtLeastTwoConceptsOfTheirLanguage() {
        MetadataDirectory md = SyntheticFixtures.allDefaults(tmp.resolve("meta"), 300);
        generator(md, 5000, 9).images().forEachRemaining(img -> img.texts().stream()
                .filter(t -> t.kind() == TextKind.UNLABELLED)
                .forEach(t -> assertThat(t.entryIds()).as(t.toString()).hasSizeGreaterThanOrEqualTo(2)));
    }

    @Test
    void entriesThatCanNeverMatchAreNeverPlaced() {
        MetadataDirectory md = SyntheticFixtures.awkward(tmp.resolve("meta"));
        CrawlGenerator g = new CrawlGenerator(md, CrawlSettings.defaults(20_000, 2)
                .withLanguages(List.of(new LanguageWeight("en", 1))).withZipfExponent(0));
        List<String> en = md.get("en").entries();
        Set<Integer> placed = new HashSet<>();
        g.images().forEachRemaining(img -> img.texts().forEach(t -> {
            for (int id : t.entryIds()) {
                placed.add(id);
            }
        }));
        Set<Integer> expected = new HashSet<>();
        for (int id = 0; id < en.size(); id++) {
            if (ConceptPool.usable(en.get(id)) && en.indexOf(en.get(id)) == id) {
                expected.add(id);
            }
        }
        assertThat(placed).as("with a uniform draw every usable entry turns up, and nothing else")
                .isEqualTo(expected);
        assertThat(placed).doesNotContain(en.lastIndexOf("C++"), en.indexOf(""), en.indexOf("   "), en.indexOf("a,b"),
                en.indexOf("x.y"), en.indexOf("why?"), en.indexOf("semi;colon"), en.indexOf("co:lon"),
                en.indexOf("wow!"), en.indexOf("back`tick"), en.indexOf("tab\there"), en.indexOf("line\nfeed"));
    }

    @Test
    void usableEntries() {
        assertThat(ConceptPool.usable("red car")).isTrue();
        assertThat(ConceptPool.usable("C++")).isTrue();
        assertThat(ConceptPool.usable("红色汽车")).isTrue();
        assertThat(ConceptPool.usable("😀")).isTrue();
        for (String bad : List.of("", " ", "\u3000", "a,b", "a.", ".", ";", "a:b", "?", "!", "`", "a\tb", "a\nb",
                "a\rb", "x\uD800")) {
            assertThat(ConceptPool.usable(bad)).as("'%s'", bad).isFalse();
        }
    }

    @Test
    void conceptFrequenciesFollowZipfWithAShuffledHead() {
        List<String> entries = SyntheticFixtures.words("w", 1000);
        MetadataDirectory md = new MetadataDirectory(SyntheticFixtures.write(tmp.resolve("meta"), Map.of("en", entries)));
        CrawlGenerator g = new CrawlGenerator(md, CrawlSettings.defaults(20_000, 4)
                .withLanguages(LanguageWeight.parse(List.of("en"))));
        int[] counts = new int[entries.size()];
        g.images().forEachRemaining(img -> img.texts().forEach(t -> {
            for (int id : t.entryIds()) {
                counts[id]++;
            }
        }));
        int[] sorted = counts.clone();
        Arrays.sort(sorted);
        int max = sorted[sorted.length - 1];
        int median = sorted[sorted.length / 2];
        assertThat(max).as("head vs median (median %d)", median).isGreaterThan(50 * Math.max(1, median));

        Integer[] byCount = new Integer[entries.size()];
        for (int i = 0; i < byCount.length; i++) {
            byCount[i] = i;
        }
        Arrays.sort(byCount, (a, b) -> Integer.compare(counts[b], counts[a]));
        Set<Integer> top10 = new HashSet<>(Arrays.asList(byCount).subList(0, 10));
        assertThat(top10).as("the head is a shuffle, not the alphabetically first entries")
                .isNotEqualTo(Set.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
        assertThat(Arrays.asList(byCount).subList(0, 3)).doesNotContain(0);

        // least squares of log(count) on log(rank) over the 100 most frequent concepts
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        int n = 100;
        for (int r = 1; r <= n; r++) {
            double x = Math.log(r);
            double y = Math.log(Math.max(1, counts[byCount[r - 1]]));
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
        }
        double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
        assertThat(-slope).as("fitted Zipf exponent").isBetween(0.85, 1.35);
    }

    @Test
    void headConceptsDoNotDependOnTheSeed() {
        MetadataDirectory md = new MetadataDirectory(SyntheticFixtures.write(tmp.resolve("meta"),
                Map.of("en", SyntheticFixtures.words("w", 500))));
        ConceptPool a = ConceptPool.build(md.get("en"), 1.1);
        ConceptPool b = ConceptPool.build(new MetadataDirectory(md.path()).get("en"), 1.1);
        List<Integer> headA = new ArrayList<>();
        List<Integer> headB = new ArrayList<>();
        for (int r = 0; r < 20; r++) {
            headA.add(a.entryId(r));
            headB.add(b.entryId(r));
        }
        assertThat(headA).isEqualTo(headB).isNotEqualTo(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
                15, 16, 17, 18, 19));
    }

    @Test
    void unspacedLanguagesAreJoinedWithoutSpaces() {
        MetadataDirectory md = SyntheticFixtures.awkward(tmp.resolve("meta"));
        Map<String, int[]> spaced = new HashMap<>(); // language -> {texts with 2+ concepts, of which with a space}
        new CrawlGenerator(md, CrawlSettings.defaults(10_000, 6)
                .withLanguages(LanguageWeight.parse(List.of("zh:1", "th:1", "km:1", "en:1", "sw:1")))).images()
                .forEachRemaining(img -> img.texts().stream()
                        .filter(t -> t.entryIds().length >= 2)
                        .forEach(t -> {
                            int[] c = spaced.computeIfAbsent(t.conceptLanguage(), k -> new int[2]);
                            c[0]++;
                            if (t.text().indexOf(' ') >= 0) {
                                c[1]++;
                            }
                        }));
        // zh and th fixtures are mostly pure CJK/Thai: spaces only next to entries such as "A型" or "100"
        assertThat(spaced.get("zh")[1]).isLessThan(spaced.get("zh")[0] / 2);
        assertThat(spaced.get("th")[1]).isLessThan(spaced.get("th")[0] / 2);
        assertThat(spaced.get("km")[1]).isLessThan(spaced.get("km")[0] / 2);
        assertThat(spaced.get("en")[1]).isEqualTo(spaced.get("en")[0]);
        assertThat(spaced.get("sw")[1]).isEqualTo(spaced.get("sw")[0]);
    }

    @Test
    void joiningKeepsEntriesMatchable() {
        StringBuilder sb = new StringBuilder("猫");
        Phrasebook.join(sb, "狗", false);
        Phrasebook.join(sb, "カメラ", false); // katakana is padded: a space
        Phrasebook.join(sb, "、", false);
        Phrasebook.join(sb, "0系", false);
        assertThat(sb).hasToString("猫狗 カメラ 、 0系");
        StringBuilder en = new StringBuilder("red car");
        Phrasebook.join(en, ",", true);
        Phrasebook.join(en, "C++", true);
        Phrasebook.join(en, "-", true);
        Phrasebook.join(en, "dog", true);
        assertThat(en).hasToString("red car, C++ - dog");
    }

    @Test
    void defaultMixKeepsOnlyLanguagesWithMetadata() {
        MetadataDirectory md = new MetadataDirectory(SyntheticFixtures.write(tmp.resolve("meta"),
                Map.of("en", List.of("cat"), "ko", List.of("개"), "sw", List.of("paka"))));
        CrawlGenerator g = generator(md, 10, 1);
        assertThat(g.languageMix()).extracting(LanguageWeight::language).containsExactly("en", "ko");
        assertThat(g.languageMix().get(0).weight()).isCloseTo(45 / 46.5, within(1e-12));
    }

    @Test
    void givenLanguagesFollowZipfOrExplicitWeights() {
        MetadataDirectory md = SyntheticFixtures.awkward(tmp.resolve("meta"));
        CrawlGenerator zipf = new CrawlGenerator(md, CrawlSettings.defaults(30_000, 1)
                .withLanguages(LanguageWeight.parse(List.of("de", "en", "zh"))));
        assertThat(zipf.languageMix()).extracting(LanguageWeight::language).containsExactly("de", "en", "zh");
        assertThat(zipf.languageMix().get(0).weight()).isCloseTo(6 / 11.0, within(1e-12));
        assertThat(zipf.languageMix().get(1).weight()).isCloseTo(3 / 11.0, within(1e-12));
        assertThat(zipf.languageMix().get(2).weight()).isCloseTo(2 / 11.0, within(1e-12));
        Map<String, Long> shares = zipf.stream().collect(java.util.stream.Collectors.groupingBy(
                GeneratedImage::language, java.util.stream.Collectors.counting()));
        assertThat(shares.get("de") / 30_000.0).isCloseTo(6 / 11.0, within(0.015));
        assertThat(shares.get("zh") / 30_000.0).isCloseTo(2 / 11.0, within(0.015));

        CrawlGenerator explicit = new CrawlGenerator(md, CrawlSettings.defaults(10, 1)
                .withLanguages(LanguageWeight.parse(List.of("de:1", "en:3", "zh"))));
        assertThat(explicit.languageMix().get(0).weight()).isCloseTo(0.2, within(1e-12));
        assertThat(explicit.languageMix().get(1).weight()).isCloseTo(0.6, within(1e-12));
        assertThat(explicit.languageMix().get(2).weight()).isCloseTo(0.2, within(1e-12));
    }

    @Test
    void rejectsLanguagesWithoutMetadataAndBadWeights() {
        MetadataDirectory md = SyntheticFixtures.awkward(tmp.resolve("meta"));
        assertThatThrownBy(() -> new CrawlGenerator(md, CrawlSettings.defaults(10, 1)
                .withLanguages(LanguageWeight.parse(List.of("en", "xx")))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no metadata file xx.json");
        assertThatThrownBy(() -> LanguageWeight.parse(List.of("en:-1"))).hasMessageContaining("positive");
        assertThatThrownBy(() -> LanguageWeight.parse(List.of("en:abc"))).hasMessageContaining("bad language weight");
        assertThatThrownBy(() -> LanguageWeight.parse(List.of("en", "en"))).hasMessageContaining("twice");
        MetadataDirectory none = new MetadataDirectory(SyntheticFixtures.write(tmp.resolve("none"),
                Map.of("sw", List.of("paka"))));
        assertThatThrownBy(() -> generator(none, 10, 1)).hasMessageContaining("none of the default languages");
        MetadataDirectory unusable = new MetadataDirectory(SyntheticFixtures.write(tmp.resolve("unusable"),
                Map.of("en", List.of("a.b", " "))));
        assertThatThrownBy(() -> generator(unusable, 10, 1)).hasMessageContaining("no entry that can match");
        assertThatThrownBy(() -> CrawlSettings.defaults(-1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CrawlSettings.defaults(1, 1).withTextRates(0.5, 0.3, 0.3))
                .hasMessageContaining("sum to more than 1");
    }

    @Test
    void jsonEscapesWhatJsonRequires() throws Exception {
        GeneratedImage img = new GeneratedImage("u1", true, "https://x.example/a\"b.jpg", "p", false, "en",
                List.of(new GeneratedText("alt", "q\"b\\s\u0001\u2028é猫😀", "en", TextKind.LABELLED, "en", new int[0], false),
                        new GeneratedText("title", "t", "", TextKind.UNLABELLED, "en", new int[0], true)));
        String json = CrawlGenerator.toJson(img);
        assertThat(json).isEqualTo("{\"uuid\": \"u1\", \"url\": \"https://x.example/a\\\"b.jpg\", \"page_url\": \"p\", "
                + "\"texts\": [[\"alt\", \"q\\\"b\\\\s\\u0001\\u2028é猫😀\", \"en\"], "
                + "{\"attr\": \"title\", \"text\": \"t\", \"lang\": \"\"}]}");
        Image parsed = ImageJson.parse(json.getBytes(StandardCharsets.UTF_8));
        assertThat(parsed.texts().get(0).text()).isEqualTo("q\"b\\s\u0001\u2028é猫😀");
    }

    private static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}

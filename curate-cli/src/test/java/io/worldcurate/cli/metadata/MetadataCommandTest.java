package io.worldcurate.cli.metadata;

import io.worldcurate.cli.Cli;
import io.worldcurate.metadata.EmbeddedMetadata;
import io.worldcurate.metadata.MetadataManifest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class MetadataCommandTest {

    @TempDir
    Path tmp;

    private Path dir(String name, String... fileAndContent) throws IOException {
        Path d = Files.createDirectories(tmp.resolve(name));
        for (int i = 0; i < fileAndContent.length; i += 2) {
            Files.writeString(d.resolve(fileAndContent[i]), fileAndContent[i + 1]);
        }
        return d;
    }

    private static Cli.Result check(Path d) {
        return Cli.run("metadata", "check", d.toString());
    }

    @Test
    void checkAcceptsAGoodDirectory() throws IOException {
        Cli.Result r = check(dir("good", "en.json", "[\"dog\", \"cat\"]", "de.json", "[\"Hund\"]"));
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("checked 2 files (3 entries)").contains("0 errors, 0 warnings");
    }

    @Test
    void checkReportsMalformedJsonWithLineAndColumn() throws IOException {
        Cli.Result r = check(dir("malformed", "de.json", "[\"Hund\",\n \"Katze\"\n \"Maus\"]"));
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).containsPattern("de\\.json:3:\\d+: error: malformed JSON");
    }

    @Test
    void checkReportsAFileThatIsNotAnArray() throws IOException {
        Cli.Result r = check(dir("object", "it.json", "\n  {\"cane\": 1}"));
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("it.json:2:3: error: not a JSON array of strings: the file holds an object");
    }

    @Test
    void checkReportsNonStringEntriesWithCountAndFirstPositions() throws IOException {
        Cli.Result r = check(dir("nonstring", "fr.json", "[\"chien\", 42,\n null, {\"a\": [1]}, \"chat\", true]"));
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("fr.json:1:11: error: 4 entries are not strings; first: entry 1 is a number (line 1, column 11); "
                + "entry 2 is null (line 2, column 2); entry 3 is an object (line 2, column 8)");
    }

    @Test
    void checkReportsBlankEntries() throws IOException {
        Cli.Result r = check(dir("blank", "es.json", "[\"perro\", \"\",\n \"  \", \"gato\"]"));
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("es.json:1:11: error: 2 entries are blank (they never match); first: entry 1 \"\" (line 1, column 11); "
                + "entry 2 \"  \" (line 2, column 2)");
    }

    @Test
    void checkReportsRepeatedEntries() throws IOException {
        Cli.Result r = check(dir("repeated", "nl.json", "[\"hond\", \"kat\",\n \"hond\", \"kat\", \"hond\"]"));
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("nl.json:2:2: error: 3 entries repeat an earlier entry (they match under the first one's id only); "
                + "first: entry 2 \"hond\" repeats entry 0 (line 2, column 2); entry 3 \"kat\" repeats entry 1 (line 2, column 10); "
                + "entry 4 \"hond\" repeats entry 0 (line 2, column 17)");
    }

    @Test
    void checkReportsFileNamesThatAreNotCodeDotJson() throws IOException {
        Cli.Result r = check(dir("names", "en.json", "[\"dog\"]", "English.json", "[\"cat\"]", "notes.txt", "hello"));
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("English.json: error: file name is not <code>.json")
                .contains("notes.txt: error: file name is not <code>.json").contains("the curation ignores it");
    }

    @Test
    void checkWarnsOfLanguagesNoEngineProducesButPasses() throws IOException {
        // Old English: a metadata language, but no language identification engine outputs it
        Cli.Result r = check(dir("unreachable", "en.json", "[\"dog\"]", "ang.json", "[\"hund\"]"));
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).contains("ang.json: warning: no language identification engine produces ang")
                .doesNotContain("en.json: warning").contains("0 errors, 1 warnings");
        assertThat(MetadataCheck.lidOutputCodes()).contains("en", "zh", "nb", "als", "am", "yo").doesNotContain("ang");
    }

    @Test
    void checkOfAMissingDirectoryFails() {
        Cli.Result r = check(tmp.resolve("nope"));
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("nope").contains("does not exist");
    }

    @Test
    void listShowsTheEmbeddedSetByDefault() {
        Cli.Result r = Cli.run("metadata", "list");
        assertThat(r.exit()).as(r.err()).isZero();
        MetadataManifest m = EmbeddedMetadata.manifest();
        assertThat(r.out()).startsWith("source: embedded worldcurate-metadata " + m.version() + "\n")
                .containsPattern("\nen +" + m.language("en").orElseThrow().entries() + "  " + m.language("en").orElseThrow().sha256() + "\n")
                .endsWith("232 languages, " + m.totalEntries() + " entries\n");
    }

    @Test
    void listHonoursMetadataAndAMissingOneIsAnError() throws IOException {
        Path d = dir("mine", "en.json", "[\"dog\", \"cat\"]", "de.json", "[\"Hund\"]");
        Cli.Result r = Cli.run("metadata", "list", "--metadata", d.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("source: " + d.toAbsolutePath().normalize()).containsPattern("\nen +2  [0-9a-f]{64}\n")
                .endsWith("2 languages, 3 entries\n");
        Cli.Result missing = Cli.run("metadata", "list", "--metadata", tmp.resolve("nope").toString());
        assertThat(missing.exit()).isNotZero();
        assertThat(missing.err()).contains("nope").contains("does not exist");
    }

    /** Export writes every file with the manifest's bytes; check finds no error in it (the embedded set is clean). */
    @Test
    void exportWritesTheEmbeddedSetThatChecksClean() throws Exception {
        Path out = tmp.resolve("exported");
        Cli.Result r = Cli.run("metadata", "export", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        MetadataManifest m = EmbeddedMetadata.manifest();
        assertThat(r.out()).contains("wrote 232 files (" + m.totalEntries() + " entries");
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.count()).isEqualTo(232);
        }
        for (MetadataManifest.LanguageFile f : m.languages().values()) {
            byte[] bytes = Files.readAllBytes(out.resolve(f.code() + ".json"));
            assertThat(bytes.length).as(f.code()).isEqualTo(f.bytes());
            assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes))).as(f.code()).isEqualTo(f.sha256());
        }
        Path shared = Path.of(System.getProperty("curation.data.dir", "../../shared/data"), "metadata");
        if (Files.isDirectory(shared)) {
            for (String code : List.of("en", "zh", "ar", "zza")) {
                assertThat(Files.readAllBytes(out.resolve(code + ".json"))).as(code).isEqualTo(Files.readAllBytes(shared.resolve(code + ".json")));
            }
        }
        Cli.Result checked = check(out);
        assertThat(checked.exit()).as(checked.out()).isZero();
        assertThat(checked.out()).contains("checked 232 files (" + m.totalEntries() + " entries)").contains(" 0 errors,");

        Cli.Result again = Cli.run("metadata", "export", out.toString());
        assertThat(again.exit()).isNotZero();
        assertThat(again.err()).contains("exists");
    }

    /** batch without --metadata equals batch with the shared originals, on a small generated crawl. */
    @Test
    void batchDefaultsToTheEmbeddedSet() throws IOException {
        Path shared = Path.of(System.getProperty("curation.data.dir", "../../shared/data"), "metadata");
        Assumptions.assumeTrue(Files.isDirectory(shared), "no shared metadata at " + shared + "; skipped");
        Path input = tmp.resolve("crawl.jsonl.gz");
        // languages with small metadata, so that building their automata stays quick
        Cli.Result gen = Cli.run("generate", "--images", "600", "--languages", "cy:3,af,sw,yo", "--seed", "5", "--out", input.toString());
        assertThat(gen.exit()).as(gen.err()).isZero();
        String[] lid = {"--lid", "low", "--lid-languages", "cy,af,sw,yo", "--tail-ratio", "0.3"};
        Path embedded = tmp.resolve("embedded");
        Path directory = tmp.resolve("directory");
        Cli.Result a = Cli.run(concat(new String[] {"batch", "--input", input.toString(), "--out", embedded.toString()}, lid));
        Cli.Result b = Cli.run(concat(new String[] {"batch", "--input", input.toString(), "--out", directory.toString(),
                "--metadata", shared.toString()}, lid));
        assertThat(a.exit()).as(a.err()).isZero();
        assertThat(b.exit()).as(b.err()).isZero();
        for (String f : List.of("curated.jsonl", "index.jsonl", "thresholds.json", "stats.json")) {
            assertThat(Files.readAllBytes(embedded.resolve(f))).as(f).isEqualTo(Files.readAllBytes(directory.resolve(f)));
        }
        assertThat(Files.size(embedded.resolve("curated.jsonl"))).isPositive();

        Cli.Result missing = Cli.run("batch", "--input", input.toString(), "--out", tmp.resolve("x").toString(),
                "--metadata", tmp.resolve("nope").toString());
        assertThat(missing.exit()).isNotZero();
        assertThat(missing.err()).contains("nope").contains("does not exist");
    }

    private static String[] concat(String[] a, String[] b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }
}

package io.worldcurate.cli;

import io.worldcurate.core.input.ImageJson;
import io.worldcurate.core.model.Image;
import io.worldcurate.core.model.ImageText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

class GenerateCommandTest {

    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = CurateCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private Path metadata() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("meta"));
        Files.writeString(dir.resolve("en.json"), "[\"cat\", \"dog\", \"red car\", \"ice cream\", \"a.b\", \"\"]");
        Files.writeString(dir.resolve("de.json"), "[\"Hund\", \"Katze\", \"Haus\", \"U-Bahn\"]");
        Files.writeString(dir.resolve("zh.json"), "[\"猫\", \"狗\", \"红色汽车\"]");
        return dir;
    }

    private static List<String> lines(Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file)) {
            InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            in.transferTo(bytes);
            String all = bytes.toString(StandardCharsets.UTF_8);
            return all.isEmpty() ? List.of() : List.of(all.split("\n"));
        }
    }

    @Test
    void writesTheRequestedImagesAndSaysWhere() throws Exception {
        Path meta = metadata();
        Path file = tmp.resolve("out/crawl.jsonl.gz");
        int code = run("generate", "--metadata", meta.toString(), "--images", "500", "--out", file.toString(),
                "--seed", "5", "--languages", "en,de");
        assertThat(code).as(err.toString()).isZero();
        List<String> lines = lines(file);
        assertThat(lines).hasSize(500);
        Set<String> langs = new HashSet<>();
        for (String line : lines) {
            Image img = ImageJson.parse(line.getBytes(StandardCharsets.UTF_8));
            for (ImageText t : img.texts()) {
                langs.add(t.lang());
            }
        }
        assertThat(langs).contains("en", "de", "").doesNotContain("zh");
        assertThat(out.toString()).contains("wrote 500 images").contains(file.toAbsolutePath().normalize().toString());
        assertThat(out.toString().strip().lines()).hasSize(1);
    }

    @Test
    void sameArgumentsWriteTheSameBytesAndAnotherSeedOthers() throws Exception {
        Path meta = metadata();
        Path a = tmp.resolve("a.jsonl");
        Path b = tmp.resolve("b.jsonl");
        Path c = tmp.resolve("c.jsonl");
        assertThat(run("generate", "--metadata", meta.toString(), "--images", "300", "--out", a.toString(), "--seed", "9"))
                .isZero();
        assertThat(run("generate", "--metadata", meta.toString(), "--images", "300", "--out", b.toString(), "--seed", "9"))
                .isZero();
        assertThat(run("generate", "--metadata", meta.toString(), "--images", "300", "--out", c.toString(), "--seed", "10"))
                .isZero();
        assertThat(Files.mismatch(a, b)).isEqualTo(-1L);
        assertThat(Files.mismatch(a, c)).isNotEqualTo(-1L);
        assertThat(lines(a)).hasSize(300);
    }

    @Test
    void defaultLanguagesAreThoseWithMetadata() throws Exception {
        Path file = tmp.resolve("d.jsonl");
        assertThat(run("generate", "--metadata", metadata().toString(), "--images", "2000", "--out", file.toString()))
                .as(err.toString()).isZero();
        Set<String> langs = new HashSet<>();
        for (String line : lines(file)) {
            ImageJson.parse(line.getBytes(StandardCharsets.UTF_8)).texts().forEach(t -> langs.add(t.lang()));
        }
        langs.removeAll(Set.of("", "xx", "tlh", "zxx"));
        assertThat(langs).containsExactlyInAnyOrder("en", "de", "zh");
        assertThat(out.toString()).contains("in 3 languages");
    }

    @Test
    void aLanguageWithoutMetadataIsAnError() throws Exception {
        int code = run("generate", "--metadata", metadata().toString(), "--images", "10",
                "--out", tmp.resolve("x.jsonl").toString(), "--languages", "en,xx");
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("no metadata file xx.json");
    }

    @Test
    void badArgumentsAreUsageErrors() throws Exception {
        assertThat(run("generate", "--metadata", metadata().toString(), "--images", "-3",
                "--out", tmp.resolve("y.jsonl").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--images must be >= 0");
        assertThat(run("generate", "--images", "3")).isEqualTo(2);
        assertThat(err.toString()).contains("--out");
    }
}

package io.worldcurate.cli.metadata;

import io.worldcurate.cli.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class MetadataCompileCommandTest {

    @TempDir
    Path tmp;

    @Test
    void compilesEveryLanguageThenBatchReadsTheCache() throws Exception {
        Path md = Files.createDirectory(tmp.resolve("metadata"));
        Files.writeString(md.resolve("en.json"), "[\"dog\", \"hot dog\", \"cat\"]");
        Files.writeString(md.resolve("zh.json"), "[\"汽车\"]");
        Path cache = tmp.resolve("cache");

        Cli.Result cold = Cli.run("metadata", "compile", "--metadata", md.toString(), "--cache-dir", cache.toString());
        assertThat(cold.exit()).as(cold.err()).isZero();
        assertThat(cold.out()).contains("2 languages ready").contains("2 built and cached");
        try (Stream<Path> files = Files.list(cache)) {
            assertThat(files.map(p -> p.getFileName().toString())).hasSize(2).allMatch(n -> n.endsWith(".acda"));
        }
        Cli.Result warm = Cli.run("metadata", "compile", "--metadata", md.toString(), "--cache-dir", cache.toString());
        assertThat(warm.out()).contains("2 from the compiled cache");

        Path input = Files.writeString(tmp.resolve("in.jsonl"),
                "{\"url\": \"https://x/1.jpg\", \"texts\": [[\"alt\", \"a hot dog\", \"en\"], [\"alt\", \"红色汽车\", \"zh\"]]}\n");
        Cli.Result batch = Cli.run("batch", "--input", input.toString(), "--out", tmp.resolve("out").toString(),
                "--metadata", md.toString(), "--cache-dir", cache.toString());
        assertThat(batch.exit()).as(batch.err()).isZero();
        assertThat(Files.readString(tmp.resolve("out/index.jsonl"))).contains("\"entries\":[0,1]").contains("\"entries\":[0]");

        Cli.Result noCache = Cli.run("batch", "--input", input.toString(), "--out", tmp.resolve("out2").toString(),
                "--metadata", md.toString(), "--no-cache");
        assertThat(noCache.exit()).as(noCache.err()).isZero();
        assertThat(Files.readString(tmp.resolve("out2/index.jsonl"))).isEqualTo(Files.readString(tmp.resolve("out/index.jsonl")));
    }
}

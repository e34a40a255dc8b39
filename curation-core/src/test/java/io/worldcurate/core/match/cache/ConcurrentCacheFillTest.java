package io.worldcurate.core.match.cache;

import io.worldcurate.core.match.DoubleArrayAutomaton;
import io.worldcurate.core.match.LanguageMatchers;
import io.worldcurate.core.metadata.MetadataDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Two processes fill one cold cache at the same time: both match correctly and the files left are whole. */
class ConcurrentCacheFillTest {

    @TempDir
    Path tmp;

    @Test
    void twoProcessesFillOneCacheConcurrently() throws Exception {
        Path md = Files.createDirectory(tmp.resolve("metadata"));
        for (int l = 0; l < 8; l++) {
            List<String> e = AutomatonCacheTest.entries(20_000, 100 + l);
            String json = e.stream().map(s -> "\"" + s + "\"").collect(Collectors.joining(",", "[", "]"));
            Files.writeString(md.resolve("l" + l + ".json"), json, StandardCharsets.UTF_8);
        }
        Path cache = tmp.resolve("cache");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> children = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            children.add(new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                    CacheFillMain.class.getName(), md.toString(), cache.toString())
                    .redirectErrorStream(true).start());
        }
        List<String> want = new ArrayList<>();
        MetadataDirectory metadata = new MetadataDirectory(md);
        LanguageMatchers inMemory = new LanguageMatchers(metadata);
        for (String lang : metadata.languages()) {
            StringBuilder sb = new StringBuilder("MATCH ").append(lang);
            for (String p : AutomatonCacheTest.PROBES) {
                sb.append(' ').append(Arrays.toString(inMemory.match(lang, p)));
            }
            want.add(sb.toString());
        }
        for (Process p : children) {
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("child JVM finished").isTrue();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(out).isZero();
            List<String> lines = out.lines().toList();
            assertThat(lines).as(out).noneMatch(s -> s.startsWith("WARN"));
            assertThat(lines.stream().filter(s -> s.startsWith("MATCH")).toList()).as(out).isEqualTo(want);
        }
        try (Stream<Path> files = Files.list(cache)) {
            // besides the automata, at most the metadata digest memo (written once the files are 2 s old)
            List<Path> left = files.filter(f -> !f.getFileName().toString().matches("digests-[0-9a-f]{16}\\.txt")).toList();
            assertThat(left).as("one whole file per language, no temporary files").hasSize(8)
                    .allSatisfy(f -> assertThat(f.toString()).endsWith(".acda"));
        }
        for (String lang : metadata.languages()) {
            CacheKey k = CacheKey.of(lang, metadata.sha256(lang));
            DoubleArrayAutomaton read = AutomatonFile.read(cache.resolve(k.fileName()), k);
            AutomatonCacheTest.assertSameMatches(read, DoubleArrayAutomaton.build(metadata.get(lang).entries()));
        }
    }
}

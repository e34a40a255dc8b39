package io.worldcurate.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code ./curate} launcher's JVM options per command and input size, read with {@code CURATE_DRY_RUN=1}. */
class CurateLauncherTest {

    private static final Path LAUNCHER = Path.of("..", "curate");
    private static final String C1_ONLY = "-XX:TieredStopAtLevel=1";
    private static final String HUGE_PAGES = "-XX:+UseTransparentHugePages";
    private static final String SERIAL_GC = "-XX:+UseSerialGC";
    private static final String PARALLEL_GC = "-XX:+UseParallelGC";

    @TempDir
    Path tmp;

    @Test
    void runUsesC1OnlyForSmallInputs() throws Exception {
        assertThat(options(null, "run", "--input", file("small.jsonl", 1024).toString(), "--out", "x")).contains(C1_ONLY);
        // 40 MiB of JSONL: past the ~120k images where C2's faster code pays for its compiling
        assertThat(options(null, "run", "--input", file("big.jsonl", 40 << 20).toString(), "--out", "x"))
                .contains("-Xmx6g").doesNotContain(C1_ONLY);
        // gzipped input counts at about its uncompressed size: 12 MiB gzipped is ~36 MiB of JSONL
        assertThat(options(null, "run", "--input", file("big.jsonl.gz", 12 << 20).toString(), "--out", "x")).doesNotContain(C1_ONLY);
        // several inputs add up
        assertThat(options(null, "run", "--input", file("a.jsonl", 20 << 20).toString(), file("b.jsonl", 20 << 20).toString(),
                "--out", "x")).doesNotContain(C1_ONLY);
    }

    @Test
    void batchUsesC1OnlyAndASmallYoungGenerationUnderOneGib() throws Exception {
        assertThat(options(null, "batch", "--input", file("big.jsonl", 40 << 20).toString(), "--out", "x"))
                .contains(C1_ONLY).contains("-Xmn24m");
    }

    @Test
    void batchRunAndBenchAskForHugePagesOnlyWhereTheKernelGivesThemOnRequest() throws Exception {
        String input = file("small.jsonl", 1024).toString();
        List<List<String>> commands = List.of(List.of("batch", "--input", input, "--out", "x"),
                List.of("run", "--input", input, "--out", "x"), List.of("bench"));
        for (List<String> command : commands) {
            String[] args = command.toArray(String[]::new);
            for (String offered : List.of("always [madvise] never", "[always] madvise never")) {
                assertThat(options(null, Files.writeString(tmp.resolve("thp"), offered + "\n"), args)).as(offered).contains(HUGE_PAGES);
            }
            assertThat(options(null, Files.writeString(tmp.resolve("thp"), "always madvise [never]\n"), args)).doesNotContain(HUGE_PAGES);
            assertThat(options(null, tmp.resolve("no-such-file"), args)).doesNotContain(HUGE_PAGES);
        }
        assertThat(options(null, tmp.resolve("no-such-file"), "batch", "--input", input, "--out", "x")).contains(C1_ONLY);
        Path offered = Files.writeString(tmp.resolve("thp"), "always [madvise] never\n");
        // past 1 GiB of input batch keeps the launcher's defaults, as for the young generation
        assertThat(options(null, offered, "batch", "--input", file("huge.jsonl", (1L << 30) + 1).toString(), "--out", "x"))
                .doesNotContain(HUGE_PAGES).doesNotContain(C1_ONLY);
        // run past ~120k images: C2, still in huge pages
        assertThat(options(null, offered, "run", "--input", file("big.jsonl", 40 << 20).toString(), "--out", "x"))
                .contains(HUGE_PAGES).doesNotContain(C1_ONLY);
        assertThat(options(null, offered, "generate", "--images", "10")).doesNotContain(HUGE_PAGES);
        assertThat(options("-Xmx1g", offered, "run", "--input", input, "--out", "x")).isEqualTo("java options: -Xmx1g");
    }

    @Test
    void runAndBenchUseTheSerialCollectorOnTwoCoresOrFewer() throws Exception {
        String input = file("small.jsonl", 1024).toString();
        for (String cpus : List.of("1", "2")) {
            assertThat(onCpus(cpus, "run", "--input", input, "--out", "x")).contains(SERIAL_GC).doesNotContain(PARALLEL_GC);
            assertThat(onCpus(cpus, "bench")).contains(SERIAL_GC).doesNotContain(PARALLEL_GC);
            // batch's young collections are parallel still: no gain measured there
            assertThat(onCpus(cpus, "batch", "--input", input, "--out", "x")).contains(PARALLEL_GC).doesNotContain(SERIAL_GC);
        }
        assertThat(onCpus("4", "run", "--input", input, "--out", "x")).contains(PARALLEL_GC).doesNotContain(SERIAL_GC);
        assertThat(onCpus("4", "bench")).contains(PARALLEL_GC).doesNotContain(SERIAL_GC);
    }

    @Test
    void curateJavaOptsReplaceTheChoice() throws Exception {
        assertThat(options("-Xmx1g", "run", "--input", file("small.jsonl", 1024).toString(), "--out", "x"))
                .isEqualTo("java options: -Xmx1g");
        assertThat(options(null, "generate", "--images", "10")).isEqualTo("java options: -Xmx6g -XX:+UseParallelGC");
    }

    private Path file(String name, long bytes) throws IOException {
        Path f = tmp.resolve(name);
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(bytes); // sparse: the launcher only reads the size
        }
        return f;
    }

    private static String options(String javaOpts, String... args) throws Exception {
        return options(javaOpts, null, args);
    }

    private static String options(String javaOpts, Path thpSetting, String... args) throws Exception {
        return launch(javaOpts, thpSetting, null, args);
    }

    private static String onCpus(String cpus, String... args) throws Exception {
        return launch(null, null, cpus, args);
    }

    /**
     * @param thpSetting the file read in place of the kernel's transparent_hugepage/enabled (null: the real one)
     * @param cpus       the CPU count the launcher sees (null: the machine's)
     */
    private static String launch(String javaOpts, Path thpSetting, String cpus, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", LAUNCHER.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("CURATE_DRY_RUN", "1");
        pb.environment().remove("CURATE_JAVA_OPTS");
        if (thpSetting != null) {
            pb.environment().put("CURATE_THP_SETTING", thpSetting.toString());
        }
        pb.environment().remove("CURATE_CPUS");
        if (cpus != null) {
            pb.environment().put("CURATE_CPUS", cpus);
        }
        if (javaOpts != null) {
            pb.environment().put("CURATE_JAVA_OPTS", javaOpts);
        }
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}

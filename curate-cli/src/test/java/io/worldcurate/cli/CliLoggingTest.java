package io.worldcurate.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CLI's logging in child JVMs (slf4j-simple reads its levels once per process): one line per event,
 * java.util.logging included; warnings and errors by default, info with {@code --verbose}.
 */
class CliLoggingTest {

    /** slf4j-simple's line as simplelogger.properties shapes it: time, level, short name, message. */
    static final Pattern LOG_LINE = Pattern.compile("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} (TRACE|DEBUG|INFO|WARN|ERROR) \\S+ - .+$");
    /** java.util.logging's default two-line form: a dated header with the source, then "LEVEL: message". */
    static final Pattern JUL_HEADER = Pattern.compile("^[A-Z][a-z]{2} \\d{1,2}, \\d{4} \\d{1,2}:\\d\\d:\\d\\d [AP]M .+");
    static final Pattern JUL_BODY = Pattern.compile("^(SEVERE|WARNING|INFO|CONFIG|FINE|FINER|FINEST): .*");

    @TempDir
    Path tmp;

    record Child(int exit, List<String> out, List<String> err) {
        List<String> logLines(String level) {
            return err.stream().filter(l -> LOG_LINE.matcher(l).matches() && l.contains(" " + level + " ")).toList();
        }
    }

    @Test
    void verboseIsFoundBeforeTheEndOfOptions() {
        assertThat(CliLogging.verboseRequested(new String[] {"run", "--verbose", "--input", "x"})).isTrue();
        assertThat(CliLogging.verboseRequested(new String[] {"--verbose", "batch"})).isTrue();
        assertThat(CliLogging.verboseRequested(new String[] {"run", "--input", "x"})).isFalse();
        assertThat(CliLogging.verboseRequested(new String[] {"ingest", "--", "--verbose"})).isFalse();
        assertThat(CliLogging.julLevel("info")).isEqualTo(Level.INFO);
        assertThat(CliLogging.julLevel("WARN")).isEqualTo(Level.WARNING);
        assertThat(CliLogging.julLevel("debug")).isEqualTo(Level.FINE);
    }

    @Test
    void verboseIsAGlobalOptionOfEveryCommand() {
        assertThat(Cli.run("--help").out()).contains("--verbose");
        assertThat(Cli.run("batch", "--help").out()).contains("--verbose");
        assertThat(Cli.run("--verbose", "run", "--help").exit()).isZero();
        assertThat(Cli.run("run", "--verbose", "--help").exit()).isZero();
    }

    @Test
    void warningsAndErrorsByDefaultEachOnOneLine() throws Exception {
        Child c = java(List.of(), LoggingProbe.class.getName());
        assertThat(c.exit()).as(String.join("\n", c.err())).isZero();
        assertOneLinePerEvent(c);
        assertThat(c.logLines("WARN")).hasSize(3)
                .anySatisfy(l -> assertThat(l).endsWith(" WARN Jul - jul warning event"))
                .anySatisfy(l -> assertThat(l).endsWith(" WARN SystemLogger - system logger warning event"))
                .anySatisfy(l -> assertThat(l).endsWith(" WARN Slf4j - slf4j warning event"));
        assertThat(c.logLines("ERROR")).singleElement().satisfies(l -> assertThat(l).endsWith(" ERROR Jul - jul severe event"));
        assertThat(c.logLines("INFO")).isEmpty();
        assertThat(c.err()).noneMatch(l -> l.contains("info event") || l.contains("fine event"))
                .noneMatch(l -> l.contains("no longer assigned"));
    }

    @Test
    void verboseAddsInfoButNotDebug() throws Exception {
        Child c = java(List.of(), LoggingProbe.class.getName(), "--verbose");
        assertThat(c.exit()).as(String.join("\n", c.err())).isZero();
        assertOneLinePerEvent(c);
        assertThat(c.logLines("INFO")).hasSize(3)
                .anySatisfy(l -> assertThat(l).endsWith(" INFO Jul - jul info event"))
                .anySatisfy(l -> assertThat(l).endsWith(" INFO SystemLogger - system logger info event"))
                .anySatisfy(l -> assertThat(l).endsWith(" INFO Slf4j - slf4j info event"));
        assertThat(c.logLines("WARN")).hasSize(3);
        assertThat(c.err()).noneMatch(l -> l.contains("fine event"));
    }

    @Test
    void anExplicitLevelPropertyWins() throws Exception {
        Child c = java(List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=error"), LoggingProbe.class.getName(), "--verbose");
        assertThat(c.logLines("INFO")).isEmpty();
        assertThat(c.logLines("WARN")).isEmpty();
        assertThat(c.logLines("ERROR")).hasSize(1);
    }

    /** {@code curate run} reports its automata (every language loaded at start) through System.Logger, so JUL. */
    @Test
    void curateRunIsQuietByDefaultAndTellsMoreWithVerbose() throws Exception {
        Path input = tmp.resolve("small.jsonl");
        Files.writeString(input, "{\"url\": \"https://x/1.jpg\", \"texts\": [[\"alt\", \"a dog on the beach\", \"en\"]]}\n");
        String[] run = {"run", "--metadata", RunCommandTest.METADATA, "--input", input.toString()};

        Child quiet = java(List.of(), CurateCommand.class.getName(), concat(run, "--out", tmp.resolve("quiet").toString()));
        assertThat(quiet.exit()).as(String.join("\n", quiet.err())).isZero();
        assertOneLinePerEvent(quiet);
        assertThat(quiet.logLines("INFO")).isEmpty();
        assertThat(quiet.err()).noneMatch(l -> l.contains("automat"));

        Child verbose = java(List.of(), CurateCommand.class.getName(), concat(run, "--out", tmp.resolve("verbose").toString(), "--verbose"));
        assertThat(verbose.exit()).as(String.join("\n", verbose.err())).isZero();
        assertOneLinePerEvent(verbose);
        assertThat(verbose.err()).filteredOn(l -> l.contains("automat")).singleElement()
                .satisfies(l -> assertThat(l).matches(LOG_LINE).contains(" INFO RunCommand - automata: ").contains("languages ready in"));
        assertThat(Files.readAllLines(tmp.resolve("verbose/curated.jsonl"))).hasSize(1);
    }

    private static void assertOneLinePerEvent(Child c) {
        assertThat(c.err()).as("java.util.logging's two-line records").noneMatch(l -> JUL_HEADER.matcher(l).matches())
                .noneMatch(l -> JUL_BODY.matcher(l).matches());
    }

    private Child java(List<String> jvmOptions, String mainClass, String... args) throws IOException, InterruptedException {
        // Surefire runs tests through a manifest-only jar and puts the real class path in its own property
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classPath);
        command.add(mainClass);
        command.addAll(List.of(args));
        File out = tmp.resolve("stdout-" + System.nanoTime()).toFile();
        File err = tmp.resolve("stderr-" + System.nanoTime()).toFile();
        Process p = new ProcessBuilder(command).redirectOutput(out).redirectError(err).start();
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("child JVM did not finish in 3 minutes: " + command);
        }
        return new Child(p.exitValue(), Files.readAllLines(out.toPath(), StandardCharsets.UTF_8),
                Files.readAllLines(err.toPath(), StandardCharsets.UTF_8));
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

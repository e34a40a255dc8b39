package io.worldcurate.benchmarks;

import io.worldcurate.core.metadata.MetadataSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Where the real data lives: the folder named by the system property {@value #PROPERTY}, else the
 * build-time default {@code <project root>/../shared/data}. It must hold {@code metadata/<lang>.json}
 * and {@code captions/captions.tsv} (columns source, language, caption, with a header line).
 *
 * <p>The benchmarks run in JMH's forked JVMs, which see the property only when it is passed on: either
 * start the harness with it ({@code java -Dcuration.data.dir=... -jar benchmarks.jar}: forks inherit the
 * host JVM's options) or hand it over explicitly ({@code -jvmArgsPrepend -Dcuration.data.dir=...}).
 */
public final class BenchData {

    public static final String PROPERTY = "curation.data.dir";

    public record Caption(String source, String language, String caption) {
    }

    private BenchData() {
    }

    /** The data folder; fails with a message saying how to set it when it does not exist. */
    public static Path dataDir() {
        String value = System.getProperty(PROPERTY);
        String origin = "system property -D" + PROPERTY;
        if (value == null || value.isBlank()) {
            value = buildDefault();
            origin = "build-time default <project root>/../shared/data (no -D" + PROPERTY + " given)";
        }
        if (value == null || value.isBlank() || value.contains("${")) {
            throw missing("no data folder configured", origin);
        }
        Path dir = Path.of(value).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw missing("data folder " + dir + " does not exist", origin);
        }
        return dir;
    }

    /** The metadata directory of {@code -Dcuration.metadata.dir} (checked to exist), else the embedded set. */
    public static MetadataSource metadata() {
        String dir = System.getProperty("curation.metadata.dir");
        return MetadataSource.open(dir == null || dir.isBlank() ? null : Path.of(dir), r -> { });
    }

    /** {@code <data>/captions/captions.tsv}, checked to exist. */
    public static Path captionsFile() {
        Path file = dataDir().resolve("captions").resolve("captions.tsv");
        if (!Files.isRegularFile(file)) {
            throw missing("captions file " + file + " does not exist", "data folder " + dataDir());
        }
        return file;
    }

    /** Every caption of captions.tsv, in file order. */
    public static List<Caption> captions() {
        Path file = captionsFile();
        List<Caption> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = r.readLine();
            if (header == null || !header.startsWith("source\tlanguage\tcaption")) {
                throw new IllegalStateException(file + ": expected the header 'source<TAB>language<TAB>caption', got " + header);
            }
            String line;
            while ((line = r.readLine()) != null) {
                String[] cols = line.split("\t", 3);
                if (cols.length == 3) {
                    out.add(new Caption(cols[0], cols[1], cols[2]));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return out;
    }

    /** The captions of one language, in file order; fails when there are none. */
    public static List<String> captionsOf(String language) {
        List<String> out = new ArrayList<>();
        for (Caption c : captions()) {
            if (c.language().equals(language)) {
                out.add(c.caption());
            }
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("no '" + language + "' caption in " + captionsFile());
        }
        return out;
    }

    private static String buildDefault() {
        try (InputStream in = BenchData.class.getResourceAsStream("defaults.properties")) {
            if (in == null) {
                return null;
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty(PROPERTY);
        } catch (IOException e) {
            return null;
        }
    }

    private static IllegalStateException missing(String what, String origin) {
        return new IllegalStateException("benchmark data not found: " + what + " (from " + origin + "). "
                + "Set -D" + PROPERTY + "=<folder holding metadata/<lang>.json and captions/captions.tsv> "
                + "and make sure JMH's forks get it: `java -D" + PROPERTY + "=DIR -jar benchmarks/target/benchmarks.jar` "
                + "(forks inherit the host JVM options) or `... -jvmArgsPrepend -D" + PROPERTY + "=DIR`; "
                + "benchmarks/run.sh does this for you.");
    }
}

package io.worldcurate.core;

import org.junit.jupiter.api.Assumptions;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The shared real data ({@code ../shared/data} beside the project, or the {@code curation.data.dir}
 * property). Tests that need it are skipped with a message where it is absent.
 */
public final class RealData {

    public record Caption(String source, String language, String caption) {
    }

    private RealData() {
    }

    public static Path dataDir() {
        String prop = System.getProperty("curation.data.dir");
        return Path.of(prop != null && !prop.isBlank() ? prop : "../shared/data");
    }

    /** The real metadata folder; skips the calling test when it is absent. */
    public static Path metadataDir() {
        Path dir = dataDir().resolve("metadata");
        Assumptions.assumeTrue(Files.isRegularFile(dir.resolve("en.json")),
                "real data absent: no " + dir.toAbsolutePath() + "/en.json (set -Dcuration.data.dir); skipping");
        return dir;
    }

    /** The real captions (source, language, caption); skips the calling test when they are absent. */
    public static List<Caption> captions() throws IOException {
        Path file = dataDir().resolve("captions/captions.tsv");
        Assumptions.assumeTrue(Files.isRegularFile(file),
                "real data absent: no " + file.toAbsolutePath() + " (set -Dcuration.data.dir); skipping");
        List<Caption> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = r.readLine();
            if (header == null) {
                return out;
            }
            String line;
            while ((line = r.readLine()) != null) {
                String[] cols = line.split("\t", 3);
                if (cols.length == 3) {
                    out.add(new Caption(cols[0], cols[1], cols[2]));
                }
            }
        }
        return out;
    }
}

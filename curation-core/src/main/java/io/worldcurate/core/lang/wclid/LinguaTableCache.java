package io.worldcurate.core.lang.wclid;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the compiled Lingua n-gram table lives. It is built from the models inside Lingua's jar the first
 * time it is needed on a machine (tens of seconds, once) and read back from then on. The directory is
 * {@code -Dworldcurate.lid.cache}, else {@code $WORLDCURATE_LID_CACHE}, else {@code ~/.cache/worldcurate}.
 */
public final class LinguaTableCache {

    /** Bump when the table's form or content changes. */
    static final String FILE_NAME = "wc-lid-lingua-1.2.2-v1.bin";

    private LinguaTableCache() {
    }

    public static Path directory() {
        String dir = System.getProperty("worldcurate.lid.cache");
        if (dir == null || dir.isBlank()) {
            dir = System.getenv("WORLDCURATE_LID_CACHE");
        }
        if (dir == null || dir.isBlank()) {
            return Path.of(System.getProperty("user.home"), ".cache", "worldcurate");
        }
        return Path.of(dir);
    }

    public static Path file() {
        return directory().resolve(FILE_NAME);
    }

    /** The table, read from the cache, or compiled and cached first. */
    public static FusedNgramTable load() {
        Path file = file();
        try {
            if (Files.isRegularFile(file)) {
                return FusedNgramTable.read(file);
            }
            System.err.println("wc-lid: compiling Lingua's n-gram models into " + file + " (once per machine)");
            FusedNgramTable table = LinguaModelCompiler.compile();
            try {
                Files.createDirectories(file.getParent());
                table.write(file);
            } catch (IOException e) {
                System.err.println("wc-lid: could not cache the compiled table at " + file + ": " + e.getMessage());
            }
            return table;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load wc-lid's n-gram table " + file, e);
        }
    }
}

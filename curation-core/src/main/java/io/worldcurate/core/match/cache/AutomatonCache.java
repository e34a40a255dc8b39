package io.worldcurate.core.match.cache;

import io.worldcurate.core.match.DoubleArrayAutomaton;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Compiled automata on disk, one file per {@link CacheKey}: loaded when present and whole, else built
 * from the entries and stored. A corrupt, truncated or stale file is reported, rebuilt and replaced,
 * never used. A cache directory that cannot be written degrades to building in memory, with one
 * warning per process. Independent of where metadata comes from: the caller gives the key and the entries.
 * Safe for concurrent use, by threads and by processes (atomic renames).
 */
public final class AutomatonCache {

    /** Where the automaton came from. */
    public enum Source { CACHE, BUILT_AND_STORED, BUILT }

    public record Loaded(DoubleArrayAutomaton automaton, Source source) {
    }

    private final Path dir;
    private final Consumer<String> warnings;
    private final AtomicBoolean writable = new AtomicBoolean(true);
    private final AtomicBoolean readable = new AtomicBoolean(true);

    private AutomatonCache(Path dir, Consumer<String> warnings) {
        this.dir = dir;
        this.warnings = warnings;
    }

    /** A cache in {@code dir} (created on first write); warnings (corrupt files, unwritable directory) go to {@code warnings}. */
    public static AutomatonCache at(Path dir, Consumer<String> warnings) {
        return new AutomatonCache(dir, warnings);
    }

    /** No cache: every automaton is built in memory ({@code --no-cache}). */
    public static AutomatonCache none() {
        return new AutomatonCache(null, w -> { });
    }

    /** {@code $CURATION_CACHE_DIR}, else {@code ~/.cache/worldcurate}. */
    public static Path defaultDir() {
        String env = System.getenv("CURATION_CACHE_DIR");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "worldcurate");
    }

    public boolean enabled() {
        return dir != null;
    }

    public Path dir() {
        return dir;
    }

    public Path fileOf(CacheKey key) {
        return dir.resolve(key.fileName());
    }

    /** The automaton of {@code key}: from its file when whole, else built from {@code entries} (and stored when possible). */
    public Loaded get(CacheKey key, Supplier<List<String>> entries) {
        if (dir == null) {
            return new Loaded(DoubleArrayAutomaton.build(entries.get()), Source.BUILT);
        }
        Path file = fileOf(key);
        if (Files.isDirectory(dir)) {
            try {
                return new Loaded(AutomatonFile.read(file, key), Source.CACHE);
            } catch (NoSuchFileException e) {
                // cold cache
            } catch (CorruptCacheFileException e) {
                warnings.accept("compiled automaton cache: " + e.getMessage() + "; rebuilding it");
            } catch (IOException e) {
                if (readable.compareAndSet(true, false)) {
                    warnings.accept("compiled automaton cache: cannot read " + file + " (" + e + "); building in memory");
                }
            }
        }
        DoubleArrayAutomaton built = DoubleArrayAutomaton.build(entries.get());
        return new Loaded(built, store(key, built) ? Source.BUILT_AND_STORED : Source.BUILT);
    }

    /** Writes {@code a} under {@code key}; false (with one warning per process) when the directory is not writable. */
    public boolean store(CacheKey key, DoubleArrayAutomaton a) {
        if (dir == null || !writable.get()) {
            return false;
        }
        try {
            Files.createDirectories(dir);
            AutomatonFile.write(fileOf(key), key, a);
            return true;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            if (writable.compareAndSet(true, false)) {
                warnings.accept("compiled automaton cache " + dir + " is not writable (" + e
                        + "); automata are built in memory (set CURATION_CACHE_DIR, or --no-cache)");
            }
            return false;
        }
    }
}

package io.worldcurate.cli;

import io.worldcurate.core.match.cache.AutomatonCache;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.function.Consumer;

/** Where compiled automata are kept ({@code --cache-dir}, {@code --no-cache}); shared by the commands that match. */
public final class CacheOptions {

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "Compiled automata cache (default: $CURATION_CACHE_DIR, else ~/.cache/worldcurate).")
    Path cacheDir;

    @Option(names = "--no-cache", description = "Build every automaton in memory; neither read nor write the cache.")
    boolean noCache;

    public AutomatonCache cache(Consumer<String> warnings) {
        if (noCache) {
            return AutomatonCache.none();
        }
        return AutomatonCache.at(cacheDir != null ? cacheDir : AutomatonCache.defaultDir(), warnings);
    }
}

package io.worldcurate.cli.metadata;

import io.worldcurate.cli.ActiveMetadata;
import io.worldcurate.cli.CacheOptions;
import io.worldcurate.core.match.LanguageMatchers;
import io.worldcurate.core.match.cache.AutomatonCache;
import io.worldcurate.core.metadata.MetadataSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code curate metadata compile}: builds every language's automaton and writes it to the compiled
 * cache, so that batch and the services start by reading files instead of building.
 */
@Command(name = "compile", mixinStandardHelpOptions = true,
        description = {"Compiles every language's Aho-Corasick automaton into the cache ($CURATION_CACHE_DIR, else ~/.cache/worldcurate).",
                "Languages already compiled for the same metadata bytes are only checked (read and checksummed)."})
public final class MetadataCompileCommand implements Callable<Integer> {

    @Option(names = "--metadata", paramLabel = "DIR", description = ActiveMetadata.OPTION_DESCRIPTION)
    Path metadata;

    @Option(names = "--threads", paramLabel = "N", description = "Languages compiled at once (default: every core, ${DEFAULT-VALUE}).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Mixin
    CacheOptions cacheOptions;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        AutomatonCache cache = cacheOptions.cache(w -> {
            synchronized (err) {
                err.println("warning: " + w);
                err.flush();
            }
        });
        if (!cache.enabled()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "compile writes the cache: --no-cache makes no sense here");
        }
        MetadataSource md = ActiveMetadata.open(metadata, r -> { });
        LanguageMatchers.LoadSummary summary = new LanguageMatchers(md, cache, w -> { }).loadAll(threads);
        out.println(summary);
        out.println("cache: " + cache.dir().toAbsolutePath());
        out.flush();
        return summary.count(AutomatonCache.Source.BUILT) > 0 ? 1 : 0;
    }
}

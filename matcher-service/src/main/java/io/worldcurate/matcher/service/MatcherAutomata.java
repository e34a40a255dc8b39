package io.worldcurate.matcher.service;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.worldcurate.core.match.LanguageMatchers;
import io.worldcurate.core.match.cache.AutomatonCache;
import io.worldcurate.core.metadata.MetadataSource;
import io.worldcurate.service.CurationConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The process' automata: every metadata language loaded from the compiled cache (or built and
 * stored) in parallel before the topology exists, so no text waits for a build. Readiness is DOWN
 * until then ({@link AutomataReadiness}); the load time is the gauge {@code curation_matcher_automata_load_seconds}.
 */
@Singleton
public class MatcherAutomata {

    @Inject
    CurationConfig config;

    /** Compiled automata cache; default $CURATION_CACHE_DIR, else ~/.cache/worldcurate. */
    @ConfigProperty(name = "curation.matcher.cache-dir")
    Optional<Path> cacheDir;

    @ConfigProperty(name = "curation.matcher.cache", defaultValue = "true")
    boolean useCache;

    @ConfigProperty(name = "curation.matcher.load-threads", defaultValue = "0")
    int loadThreads;

    private final MeterRegistry registry;
    private final AtomicLong loadNanos = new AtomicLong();
    private final AtomicLong languages = new AtomicLong();
    private volatile LanguageMatchers matchers;
    private volatile LanguageMatchers.LoadSummary summary;

    public MatcherAutomata(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("curation.matcher.automata.load.seconds", loadNanos, n -> n.get() / 1e9)
                .description("Time to load (or build) every language's automaton at start").baseUnit("seconds")
                .strongReference(true).register(registry);
        Gauge.builder("curation.matcher.automata.languages", languages, AtomicLong::get)
                .description("Languages whose automaton is loaded").strongReference(true).register(registry);
    }

    /** Loads every language once; later calls return the same matchers. */
    public synchronized LanguageMatchers load() {
        if (matchers != null) {
            return matchers;
        }
        MetadataSource metadata = MetadataSource.open(config.metadataDir().orElse(null), report -> Log.warnf("metadata %s", report));
        AutomatonCache cache = useCache
                ? AutomatonCache.at(cacheDir.orElseGet(AutomatonCache::defaultDir), w -> Log.warn(w))
                : AutomatonCache.none();
        LanguageMatchers m = new LanguageMatchers(metadata, cache, n -> Log.warn(n));
        int threads = loadThreads > 0 ? loadThreads : Runtime.getRuntime().availableProcessors();
        Log.infof("loading the automata of %d languages from %s (cache: %s)", metadata.languages().size(),
                metadata.description(), cache.enabled() ? cache.dir().toAbsolutePath() : "off");
        LanguageMatchers.LoadSummary s = m.loadAll(threads);
        loadNanos.set(s.millis() * 1_000_000L);
        languages.set(s.languages());
        Log.info("automata: " + s);
        summary = s;
        matchers = m;
        return m;
    }

    public boolean loaded() {
        return summary != null;
    }

    public LanguageMatchers.LoadSummary summary() {
        return summary;
    }
}

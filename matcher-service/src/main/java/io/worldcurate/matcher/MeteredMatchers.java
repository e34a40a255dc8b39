package io.worldcurate.matcher;

import io.worldcurate.core.match.EntryMatcher;
import io.worldcurate.core.match.ImageIndexer;
import io.worldcurate.core.match.LanguageMatchers;
import io.worldcurate.core.model.LangText;
import io.worldcurate.core.model.MatchedImage;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The process' {@link LanguageMatchers}, with the first use of each language timed into
 * {@link MatcherMetrics#automatonBuilt}. Thread-safe: one instance serves every stream thread; the
 * first caller of a language builds its automaton while later callers of that language wait.
 */
public final class MeteredMatchers {

    private static final System.Logger LOG = System.getLogger(MeteredMatchers.class.getName());

    private final LanguageMatchers matchers;
    private final MatcherMetrics metrics;
    /** Languages with metadata only, so the map stays as small as the metadata directory. */
    private final ConcurrentHashMap<String, EntryMatcher> ready = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();

    public MeteredMatchers(LanguageMatchers matchers, MatcherMetrics metrics) {
        this.matchers = matchers;
        this.metrics = metrics;
    }

    public LanguageMatchers matchers() {
        return matchers;
    }

    /**
     * The matcher of {@code language}, built on first call. A language without metadata gets one that
     * matches nothing.
     *
     * @throws RuntimeException when the language's metadata cannot be read; the next call tries again
     */
    public EntryMatcher forLanguage(String language) {
        EntryMatcher m = ready.get(language);
        if (m != null) {
            return m;
        }
        if (!matchers.metadata().has(language)) {
            return matchers.forLanguage(language);
        }
        synchronized (locks.computeIfAbsent(language, l -> new Object())) {
            m = ready.get(language);
            if (m == null) {
                // built already through another wrapper of the same LanguageMatchers: nothing to time
                boolean fresh = !matchers.built().contains(language);
                long t0 = System.nanoTime();
                m = matchers.forLanguage(language);
                long nanos = System.nanoTime() - t0;
                if (fresh) {
                    metrics.automatonBuilt(language, nanos);
                    LOG.log(System.Logger.Level.INFO, () -> String.format("built the %s automaton in %.2f s", language, nanos / 1e9));
                }
                ready.put(language, m);
            }
        }
        return m;
    }

    /**
     * Builds the automata of {@code languages} now rather than on their first text.
     *
     * @throws IllegalArgumentException when one of them has no metadata file
     */
    public void preload(Collection<String> languages) {
        for (String language : languages) {
            if (!matchers.metadata().has(language)) {
                throw new IllegalArgumentException("cannot preload " + language + ": no metadata for it in "
                        + matchers.metadata().description());
            }
        }
        for (String language : languages) {
            forLanguage(language);
        }
    }

    /** The image with only its matched texts, in order, each matched against its own language's metadata. */
    public MatchedImage match(String uuid, String url, String pageUrl, List<LangText> texts) {
        for (LangText t : texts) {
            forLanguage(t.lang());
        }
        return ImageIndexer.match(uuid, url, pageUrl, texts, matchers);
    }
}

package io.worldcurate.core.match;

import io.worldcurate.core.metadata.MetadataSource;

import java.util.concurrent.ConcurrentHashMap;

/**
 * One automaton per metadata language, built on first use and shared by every thread of the process.
 * A language without metadata matches nothing.
 */
public final class LanguageMatchers {

    private final MetadataSource metadata;
    private final ConcurrentHashMap<String, Lazy> matchers = new ConcurrentHashMap<>();

    public LanguageMatchers(MetadataSource metadata) {
        this.metadata = metadata;
    }

    public MetadataSource metadata() {
        return metadata;
    }

    /** The matcher of {@code language}, building it on first call (other callers of that language wait). */
    public EntryMatcher forLanguage(String language) {
        if (!metadata.has(language)) {
            return text -> EntryMatcher.NONE;
        }
        return matchers.computeIfAbsent(language, Lazy::new).get();
    }

    /** Distinct matched entry ids of {@code text} against the metadata of {@code language}, ascending. */
    public int[] match(String language, String text) {
        return forLanguage(language).match(text);
    }

    /** Languages whose automaton has been built so far. */
    public java.util.Set<String> built() {
        java.util.Set<String> out = new java.util.TreeSet<>();
        matchers.forEach((lang, lazy) -> {
            if (lazy.matcher != null) {
                out.add(lang);
            }
        });
        return out;
    }

    private final class Lazy {
        private final String language;
        private volatile AhoCorasickMatcher matcher;

        Lazy(String language) {
            this.language = language;
        }

        AhoCorasickMatcher get() {
            AhoCorasickMatcher m = matcher;
            if (m == null) {
                synchronized (this) {
                    m = matcher;
                    if (m == null) {
                        m = AhoCorasickMatcher.build(metadata.get(language).spacedEntries());
                        matcher = m;
                    }
                }
            }
            return m;
        }
    }
}

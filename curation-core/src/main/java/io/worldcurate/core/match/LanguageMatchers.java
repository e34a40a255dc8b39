package io.worldcurate.core.match;

import io.worldcurate.core.match.cache.AutomatonCache;
import io.worldcurate.core.match.cache.CacheKey;
import io.worldcurate.core.match.cache.DigestMemo;
import io.worldcurate.core.metadata.MetadataDirectory;
import io.worldcurate.core.metadata.MetadataSource;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * One automaton per metadata language, shared by every thread of the process. Services and batch call
 * {@link #loadAll(int)} at start, which loads every language in parallel from the compiled cache (or
 * builds and stores it); a language not loaded by then is built on first use. A language without
 * metadata matches nothing and is reported once.
 */
public final class LanguageMatchers {

    /** What {@link #loadAll} did: languages loaded, by source, and how long it took. */
    public record LoadSummary(int languages, Map<AutomatonCache.Source, Integer> sources, long bytes, long millis) {
        public int count(AutomatonCache.Source s) {
            return sources.getOrDefault(s, 0);
        }

        @Override
        public String toString() {
            return String.format("%d languages ready in %.2f s (%d from the compiled cache, %d built and cached, %d built in memory; %.0f MB)",
                    languages, millis / 1000.0, count(AutomatonCache.Source.CACHE), count(AutomatonCache.Source.BUILT_AND_STORED),
                    count(AutomatonCache.Source.BUILT), bytes / 1e6);
        }
    }

    private static final EntryMatcher NOTHING = text -> EntryMatcher.NONE;

    private final MetadataSource metadata;
    private final AutomatonCache cache;
    private final Consumer<String> notices;
    private final ConcurrentHashMap<String, Lazy> matchers = new ConcurrentHashMap<>();
    private final Set<String> reportedMissing = ConcurrentHashMap.newKeySet();
    /** Metadata digests remembered in the cache directory (a directory source with a cache only), else null. */
    private final DigestMemo digests;

    /** Built in memory, no cache, nothing reported. */
    public LanguageMatchers(MetadataSource metadata) {
        this(metadata, AutomatonCache.none(), n -> { });
    }

    /**
     * @param notices told once per language without metadata (and by the cache: corrupt files, an unwritable directory)
     */
    public LanguageMatchers(MetadataSource metadata, AutomatonCache cache, Consumer<String> notices) {
        this.metadata = metadata;
        this.cache = cache;
        this.notices = notices;
        this.digests = cache.enabled() && metadata instanceof MetadataDirectory dir
                ? DigestMemo.load(cache.dir(), dir.path()) : null;
    }

    public MetadataSource metadata() {
        return metadata;
    }

    public AutomatonCache cache() {
        return cache;
    }

    /** Loads (or builds) every metadata language, {@code threads} at a time. */
    public LoadSummary loadAll(int threads) {
        long t0 = System.nanoTime();
        List<String> languages = new ArrayList<>(metadata.languages());
        // biggest first, so the longest jobs do not start last (sizes taken once: a stat per comparison
        // cost ~1,800 stats, tens of ms of every start)
        Map<String, Long> sizes = new HashMap<>();
        for (String lang : languages) {
            sizes.put(lang, fileSize(lang));
        }
        languages.sort((a, b) -> Long.compare(sizes.get(b), sizes.get(a)));
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "matcher-load");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Lazy>> futures = new ArrayList<>();
            for (String lang : languages) {
                futures.add(pool.submit(() -> {
                    Lazy l = lazy(lang);
                    l.get();
                    return l;
                }));
            }
            Map<AutomatonCache.Source, Integer> sources = new EnumMap<>(AutomatonCache.Source.class);
            long bytes = 0;
            for (Future<Lazy> f : futures) {
                Lazy l = f.get();
                sources.merge(l.source, 1, Integer::sum);
                bytes += l.matcher.bytes();
            }
            if (digests != null) {
                digests.save();
            }
            return new LoadSummary(languages.size(), sources, bytes, (System.nanoTime() - t0) / 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading automata", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(c);
        } finally {
            pool.shutdownNow();
        }
    }

    /** A cheap measure of a language's size: its file's bytes in a directory, its manifest's entry count when embedded. */
    private long fileSize(String lang) {
        if (metadata instanceof MetadataDirectory dir) {
            try {
                return java.nio.file.Files.size(dir.path().resolve(lang + ".json"));
            } catch (java.io.IOException e) {
                return 0;
            }
        }
        return metadata.entries(lang);
    }

    /** The matcher of {@code language}; one not loaded yet is loaded now (other callers of that language wait). */
    public EntryMatcher forLanguage(String language) {
        if (!metadata.has(language)) {
            if (reportedMissing.add(language)) {
                notices.accept("no metadata for language '" + language + "': its texts match nothing");
            }
            return NOTHING;
        }
        return lazy(language).get();
    }

    private Lazy lazy(String language) {
        return matchers.computeIfAbsent(language, Lazy::new);
    }

    /** The size of {@code language}'s count vector (its metadata entries, blanks and repeats included); 0 without metadata. */
    public int entryCount(String language) {
        return metadata.has(language) ? lazy(language).get().entries() : 0;
    }

    /** Distinct matched entry ids of {@code text} against the metadata of {@code language}, ascending. */
    public int[] match(String language, String text) {
        return forLanguage(language).match(text);
    }

    /** {@link #match} of two texts at once (their scans overlap; see {@link DoubleArrayAutomaton#matchTwo}). */
    public int[][] matchTwo(String languageA, String textA, String languageB, String textB) {
        EntryMatcher a = forLanguage(languageA);
        EntryMatcher b = forLanguage(languageB);
        if (a instanceof DoubleArrayAutomaton da && b instanceof DoubleArrayAutomaton db) {
            return DoubleArrayAutomaton.matchTwo(da, textA, db, textB);
        }
        return new int[][] {a.match(textA), b.match(textB)};
    }

    /** Languages whose automaton is loaded so far. */
    public Set<String> built() {
        Set<String> out = new TreeSet<>();
        matchers.forEach((lang, lazy) -> {
            if (lazy.matcher != null) {
                out.add(lang);
            }
        });
        return out;
    }

    /** Languages without metadata that were asked for (each reported once). */
    public Set<String> missing() {
        return new TreeSet<>(reportedMissing);
    }

    /** The metadata file's SHA-256, taken from the digest memo when the file is unchanged since it was hashed. */
    private String sha256(String language) {
        if (digests != null) {
            return digests.sha256(((MetadataDirectory) metadata).path().resolve(language + ".json"), () -> metadata.sha256(language));
        }
        return metadata.sha256(language);
    }

    private final class Lazy {
        private final String language;
        private volatile DoubleArrayAutomaton matcher;
        private AutomatonCache.Source source;

        Lazy(String language) {
            this.language = language;
        }

        DoubleArrayAutomaton get() {
            DoubleArrayAutomaton m = matcher;
            if (m == null) {
                synchronized (this) {
                    m = matcher;
                    if (m == null) {
                        AutomatonCache.Loaded loaded = load();
                        source = loaded.source();
                        m = loaded.automaton();
                        matcher = m;
                    }
                }
            }
            return m;
        }

        private AutomatonCache.Loaded load() {
            if (!cache.enabled()) {
                return new AutomatonCache.Loaded(DoubleArrayAutomaton.build(metadata.get(language).entries()),
                        AutomatonCache.Source.BUILT);
            }
            return cache.get(CacheKey.of(language, sha256(language)), () -> metadata.get(language).entries());
        }
    }
}

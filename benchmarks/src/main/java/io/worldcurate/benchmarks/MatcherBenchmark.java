package io.worldcurate.benchmarks;

import io.worldcurate.core.match.AhoCorasickMatcher;
import io.worldcurate.core.match.DoubleArrayAutomaton;
import io.worldcurate.core.match.EntryMatcher;
import io.worldcurate.core.metadata.LanguageMetadata;
import io.worldcurate.core.metadata.MetadataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Texts per second on one thread: the real captions of a language matched against that language's
 * real metadata ({@code en}: 13,000 captions vs 154k entries; {@code zh}: 17,027 captions vs zh.json)
 * with {@link AhoCorasickMatcher}, spacing of the text included, as matcher-service does per text.
 *
 * <p>One invocation matches ONE caption; the invocations cycle through all captions of the language in
 * file order, so the score (ops/s) is texts/s and every 2 s iteration covers the whole set many times.
 * The automaton is built once per fork.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 2, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Thread)
public class MatcherBenchmark {

    /** Metadata language and caption language. */
    @Param({"en", "zh"})
    public String language;

    /** {@code double-array}: the project's automaton (what LanguageMatchers and the cache use); {@code hankcs}: the reference. */
    @Param({"double-array", "hankcs"})
    public String impl;

    private EntryMatcher matcher;
    private int keys;
    private String[] texts;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        MetadataSource metadata = BenchData.metadata();
        if (!metadata.has(language)) {
            throw new IllegalStateException("no " + language + " in " + metadata.description());
        }
        long t0 = System.nanoTime();
        LanguageMetadata m = metadata.get(language);
        Map<String, Integer> spaced = m.spacedEntries();
        long t1 = System.nanoTime();
        if (impl.equals("hankcs")) {
            AhoCorasickMatcher h = AhoCorasickMatcher.build(spaced);
            matcher = h;
            keys = h.keys();
        } else {
            DoubleArrayAutomaton d = DoubleArrayAutomaton.build(m.entries());
            matcher = d;
            keys = d.keys();
        }
        long t2 = System.nanoTime();
        List<String> captions = BenchData.captionsOf(language);
        texts = captions.toArray(new String[0]);
        next = 0;

        long matched = 0;
        long ids = 0;
        for (String t : texts) {
            int n = matcher.match(t).length;
            ids += n;
            if (n > 0) {
                matched++;
            }
        }
        System.out.printf("%n[matcher %s %s] %,d entries (%,d keys), loaded in %d ms, automaton built in %d ms; "
                        + "%,d captions, %.1f%% with a match, %.2f distinct entries per caption%n",
                impl, language, m.size(), keys, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000,
                texts.length, 100.0 * matched / texts.length, (double) ids / texts.length);
    }

    /** Matches the next caption (cycling); returns its distinct entry ids so nothing is optimised away. */
    @Benchmark
    public int[] matchCaption() {
        int i = next;
        next = i + 1 == texts.length ? 0 : i + 1;
        return matcher.match(texts[i]);
    }
}

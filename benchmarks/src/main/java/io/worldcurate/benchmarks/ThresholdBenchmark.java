package io.worldcurate.benchmarks;

import io.worldcurate.core.count.CountOfCounts;
import io.worldcurate.core.threshold.ThresholdCalculator;
import io.worldcurate.core.threshold.ThresholdParams;
import io.worldcurate.core.threshold.Thresholds;
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

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Time to compute every language's threshold (spec section 6, default parameters: t_en = 170,000)
 * for a synthetic Zipf-like state of 200 languages:
 * <ul>
 *   <li>{@code countOfCounts}: {@link ThresholdCalculator#compute} on per-language {@link CountOfCounts}
 *       (what balancer-service keeps), whose cost grows with the number of distinct counts;</li>
 *   <li>{@code naiveSort}: the reference's numpy method on the full count vectors, zeros included
 *       (sort a copy, cumulative sums, first argmin), whose cost grows with the number of entries.</li>
 * </ul>
 * The state: language k (1..200) has entries proportional to k^-0.75 ({@code en}, k = 1, about 8.6% of
 * them: 159k of 1.85M, close to the real en.json's 154k), and the entry of rank r in it has count
 * floor(3e7 / k^1.5 / r^1.3), assigned to entry ids in a seeded random order. {@code entries} = 18.5M
 * keeps the same counts per rank with 10x the entries (more zero and small counts): the naive cost
 * grows ~10x, the count-of-counts cost hardly moves because the distinct counts hardly do.
 * Setup checks that both methods give the same thresholds.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
@Fork(value = 2, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class ThresholdBenchmark {

    static final int LANGUAGES = 200;
    static final double TOP_EN = 3e7;
    static final double LANGUAGE_SKEW = 0.75;
    static final double TOP_SKEW = 1.5;
    static final double RANK_SKEW = 1.3;

    /** Metadata entries over all languages. */
    @Param({"1850000", "18500000"})
    public long entries;

    private final ThresholdParams params = ThresholdParams.DEFAULT;
    private Map<String, long[]> vectors;
    private Map<String, CountOfCounts> countOfCounts;

    @Setup(Level.Trial)
    public void setUp() {
        double h = 0;
        for (int k = 1; k <= LANGUAGES; k++) {
            h += Math.pow(k, -LANGUAGE_SKEW);
        }
        SplittableRandom random = new SplittableRandom(42);
        vectors = new LinkedHashMap<>();
        countOfCounts = new LinkedHashMap<>();
        long totalEntries = 0;
        long nonZero = 0;
        long distinct = 0;
        for (int k = 1; k <= LANGUAGES; k++) {
            String lang = k == 1 ? ThresholdCalculator.ENGLISH : String.format("l%03d", k);
            int size = (int) Math.max(10, Math.round(entries * Math.pow(k, -LANGUAGE_SKEW) / h));
            double top = TOP_EN / Math.pow(k, TOP_SKEW);
            long[] v = new long[size];
            for (int r = 1; r <= size; r++) {
                v[r - 1] = (long) Math.floor(top / Math.pow(r, RANK_SKEW));
            }
            // entry ids are not in rank order: shuffle (Fisher-Yates)
            for (int i = size - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                long tmp = v[i];
                v[i] = v[j];
                v[j] = tmp;
            }
            vectors.put(lang, v);
            CountOfCounts coc = new CountOfCounts(size);
            Map<Long, Long> hist = new HashMap<>();
            for (long c : v) {
                if (c > 0) {
                    hist.merge(c, 1L, Long::sum);
                }
            }
            hist.forEach(coc::add);
            countOfCounts.put(lang, coc);
            totalEntries += size;
            nonZero += coc.nonZeroEntries();
            distinct += hist.size();
        }

        Thresholds fast = ThresholdCalculator.compute(countOfCounts, params);
        Naive slow = naive(vectors, params);
        if (Double.compare(fast.tailRatio(), slow.tailRatio) != 0 || !fast.byLanguage().equals(slow.byLanguage)) {
            throw new IllegalStateException("count-of-counts and naive thresholds differ: p " + fast.tailRatio()
                    + " vs " + slow.tailRatio + ", " + diff(fast.byLanguage(), slow.byLanguage));
        }
        CountOfCounts en = countOfCounts.get(ThresholdCalculator.ENGLISH);
        System.out.printf("%n[thresholds] %d languages, %,d entries (%,d non-zero), %,d distinct counts in all "
                        + "(en: %,d entries, %,d distinct); p = %.4f, t_l002 = %d, t_l200 = %d%n",
                LANGUAGES, totalEntries, nonZero, distinct, en.metadataEntries(), en.distinctCounts().length,
                fast.tailRatio(), fast.byLanguage().get("l002"), fast.byLanguage().get("l200"));
    }

    @Benchmark
    public Thresholds countOfCounts() {
        return ThresholdCalculator.compute(countOfCounts, params);
    }

    @Benchmark
    public Naive naiveSort() {
        return naive(vectors, params);
    }

    /** The thresholds of the naive method. */
    public record Naive(double tailRatio, Map<String, Long> byLanguage) {
    }

    /**
     * The reference's numpy code on full count vectors: {@code t_to_p} = sum(c[c &lt; t]) / sum(c);
     * {@code p_to_t} = sorted(c)[argmin |cumsum(sorted(c)) / sum - p|]; same branches as
     * {@link ThresholdCalculator#compute}.
     */
    static Naive naive(Map<String, long[]> vectors, ThresholdParams params) {
        Map<String, Long> t = new HashMap<>();
        double p;
        long[] en = vectors.get(ThresholdCalculator.ENGLISH);
        if (params.tailRatio() != null) {
            p = params.tailRatio();
            vectors.forEach((lang, c) -> t.put(lang, naivePToT(c, params.tailRatio())));
        } else if (en != null && sum(en) > 0) {
            p = naiveTToP(en, params.tEn());
            double pEn = p;
            vectors.forEach((lang, c) -> t.put(lang, lang.equals(ThresholdCalculator.ENGLISH) ? params.tEn() : naivePToT(c, pEn)));
        } else {
            p = ThresholdParams.FALLBACK_TAIL_RATIO;
            vectors.forEach((lang, c) -> t.put(lang, naivePToT(c, ThresholdParams.FALLBACK_TAIL_RATIO)));
        }
        t.replaceAll((lang, v) -> Math.max(v, params.minThreshold()));
        return new Naive(p, t);
    }

    static double naiveTToP(long[] counts, long t) {
        long total = 0;
        long below = 0;
        for (long c : counts) {
            total += c;
            if (c < t) {
                below += c;
            }
        }
        return total == 0 ? 0.0 : (double) below / (double) total;
    }

    static long naivePToT(long[] counts, double p) {
        long[] sorted = counts.clone();
        Arrays.sort(sorted);
        long total = sum(sorted);
        if (total == 0) {
            return 0;
        }
        double s = (double) total;
        long prefix = 0;
        long best = 0;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (long c : sorted) {
            prefix += c;
            double distance = Math.abs((double) prefix / s - p);
            if (distance < bestDistance) {
                bestDistance = distance;
                best = c;
            }
        }
        return best;
    }

    private static long sum(long[] v) {
        long s = 0;
        for (long c : v) {
            s += c;
        }
        return s;
    }

    private static String diff(Map<String, Long> a, Map<String, Long> b) {
        StringBuilder sb = new StringBuilder();
        for (String lang : a.keySet()) {
            if (!a.get(lang).equals(b.get(lang))) {
                sb.append(lang).append(": ").append(a.get(lang)).append(" vs ").append(b.get(lang)).append("; ");
                if (sb.length() > 500) {
                    break;
                }
            }
        }
        return sb.toString();
    }
}

package io.worldcurate.core.threshold;

import io.worldcurate.core.count.CountOfCounts;

import java.util.HashMap;
import java.util.Map;

/**
 * t_to_p, p_to_t and the per-language thresholds of spec section 6, computed from count-of-counts.
 * Results equal those of the reference's numpy code on the full count vectors, zeros included.
 */
public final class ThresholdCalculator {

    public static final String ENGLISH = "en";

    private ThresholdCalculator() {
    }

    /** (sum of the counts that are &lt; t) / (sum of all counts); 0 when there are no counts. */
    public static double tToP(CountOfCounts counts, long t) {
        long total = counts.totalCount();
        if (total == 0) {
            return 0.0;
        }
        long below = 0;
        for (long c : counts.distinctCounts()) {
            if (c >= t) {
                break;
            }
            below += c * counts.entriesWithCount(c);
        }
        return (double) below / (double) total;
    }

    /**
     * The count at the first index i of the ascending counts (zeros included) that minimises
     * |S_i / S_last - p|, S_i being running sums; 0 when there are no counts.
     */
    public static long pToT(CountOfCounts counts, double p) {
        long total = counts.totalCount();
        if (total == 0) {
            return 0;
        }
        double sum = (double) total;
        long best = 0;
        double bestDistance = Double.POSITIVE_INFINITY;
        if (counts.zeroEntries() > 0) {
            bestDistance = Math.abs(0.0 / sum - p);
        }
        long prefix = 0;
        for (long c : counts.distinctCounts()) {
            long k = counts.entriesWithCount(c);
            // Within a run of equal counts the portion rises strictly with j, so |portion - p| falls
            // then rises: its first minimum is at the crossing of p or at an end of the run.
            double crossing = (p * sum - prefix) / c;
            long near = (long) Math.floor(Math.max(0, Math.min((double) k, crossing)));
            long[] candidates = {1, near - 1, near, near + 1, near + 2, k};
            java.util.Arrays.sort(candidates);
            long last = -1;
            for (long j : candidates) {
                if (j < 1 || j > k || j == last) {
                    continue;
                }
                last = j;
                double portion = (double) (prefix + c * j) / sum;
                double distance = Math.abs(portion - p);
                if (distance < bestDistance) {
                    bestDistance = distance;
                    best = c;
                }
            }
            prefix += c * k;
        }
        return best;
    }

    /** Thresholds of every language in {@code counts} (those with at least one matched text). */
    public static Thresholds compute(Map<String, CountOfCounts> counts, ThresholdParams params) {
        Map<String, Long> t = new HashMap<>();
        double p;
        CountOfCounts en = counts.get(ENGLISH);
        if (params.tailRatio() != null) {
            p = params.tailRatio();
            counts.forEach((lang, c) -> t.put(lang, pToT(c, params.tailRatio())));
        } else if (en != null && en.totalCount() > 0) {
            p = tToP(en, params.tEn());
            double pEn = p;
            counts.forEach((lang, c) -> t.put(lang, lang.equals(ENGLISH) ? params.tEn() : pToT(c, pEn)));
        } else {
            p = ThresholdParams.FALLBACK_TAIL_RATIO;
            counts.forEach((lang, c) -> t.put(lang, pToT(c, ThresholdParams.FALLBACK_TAIL_RATIO)));
        }
        t.replaceAll((lang, v) -> Math.max(v, params.minThreshold()));
        return new Thresholds(p, t);
    }
}

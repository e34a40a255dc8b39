package io.worldcurate.core.threshold;

import io.worldcurate.core.batch.NaiveCuration;
import io.worldcurate.core.count.CountOfCounts;
import io.worldcurate.core.testing.Gen;
import io.worldcurate.core.testing.Property;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ThresholdCalculatorTest {

    /** The count-of-counts of a full count vector. */
    static CountOfCounts of(long... counts) {
        CountOfCounts c = new CountOfCounts(counts.length);
        for (long n : counts) {
            for (long i = 0; i < n; i++) {
                c.increment(i);
            }
        }
        return c;
    }

    @Test
    void tToPIsPortionOfCountsBelowT() {
        CountOfCounts c = of(1, 1, 2, 4);
        assertThat(ThresholdCalculator.tToP(c, 2)).isEqualTo(0.25);
        assertThat(ThresholdCalculator.tToP(c, 1)).isEqualTo(0.0);
        assertThat(ThresholdCalculator.tToP(c, 3)).isEqualTo(0.5);
        assertThat(ThresholdCalculator.tToP(c, 5)).isEqualTo(1.0);
        assertThat(ThresholdCalculator.tToP(of(0, 0), 5)).isEqualTo(0.0);
    }

    @Test
    void pToTPicksTheCountAtTheClosestRunningPortion() {
        CountOfCounts c = of(4, 1, 2, 1); // sorted 1 1 2 4, portions .125 .25 .5 1
        assertThat(ThresholdCalculator.pToT(c, 0.25)).isEqualTo(1);
        assertThat(ThresholdCalculator.pToT(c, 0.5)).isEqualTo(2);
        assertThat(ThresholdCalculator.pToT(c, 0.9)).isEqualTo(4);
        assertThat(ThresholdCalculator.pToT(c, 0.0)).isEqualTo(1);
    }

    @Test
    void pToTBreaksTiesTowardsTheFirstIndex() {
        // |.25 - .375| == |.5 - .375| == .125 exactly: index 1 (count 1) wins over index 2 (count 2)
        assertThat(ThresholdCalculator.pToT(of(1, 1, 2, 4), 0.375)).isEqualTo(1);
        // |.5 - .75| == |1 - .75|: count 2 (index 2) over count 4
        assertThat(ThresholdCalculator.pToT(of(1, 1, 2, 4), 0.75)).isEqualTo(2);
    }

    @Test
    void zerosTakePartInPToT() {
        // sorted 0 0 0 8: portions 0 0 0 1; p = .06 is closest to 0, so the threshold is 0
        assertThat(ThresholdCalculator.pToT(of(0, 8, 0, 0), 0.06)).isZero();
        // without the zeros the same counts give 8
        assertThat(ThresholdCalculator.pToT(of(8), 0.06)).isEqualTo(8);
        // zeros before a run of equal counts: 0 0 2 2 2 2 (portions 0 0 .25 .5 .75 1)
        assertThat(ThresholdCalculator.pToT(of(0, 2, 0, 2, 2, 2), 0.5)).isEqualTo(2);
        assertThat(ThresholdCalculator.pToT(of(0, 2, 0, 2, 2, 2), 0.1)).isZero();
    }

    @Test
    void pToTOfNoCountsIsZero() {
        assertThat(ThresholdCalculator.pToT(of(0, 0, 0), 0.5)).isZero();
    }

    @Test
    void englishThresholdSetsTheTailRatioOfTheOthers() {
        CountOfCounts en = of(1, 1, 2, 4);  // t_en = 2 -> p = 2/8 = .25
        CountOfCounts de = of(0, 1, 3, 4);  // portions 0 .125 .5 1 -> closest to .25 is .125 -> count 1
        CountOfCounts fr = of(2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 80); // portions .02 .04 ... .20 1: .25 is nearest .20 (count 2)
        Thresholds t = ThresholdCalculator.compute(Map.of("en", en, "de", de, "fr", fr), new ThresholdParams(2, null, 0));
        assertThat(t.tailRatio()).isEqualTo(0.25);
        assertThat(t.byLanguage()).containsExactlyInAnyOrderEntriesOf(Map.of("en", 2L, "de", 1L, "fr", 2L));
    }

    @Test
    void englishKeepsTEnEvenAboveItsLargestCount() {
        Thresholds t = ThresholdCalculator.compute(Map.of("en", of(1, 1, 2, 4), "de", of(0, 1, 3, 4)),
                new ThresholdParams(170_000, null, 1));
        assertThat(t.tailRatio()).isEqualTo(1.0);
        assertThat(t.byLanguage()).containsEntry("en", 170_000L).containsEntry("de", 4L);
    }

    @Test
    void tailRatioAppliesToEveryLanguageEnglishIncluded() {
        Thresholds t = ThresholdCalculator.compute(Map.of("en", of(1, 1, 2, 4), "de", of(0, 1, 3, 4)),
                new ThresholdParams(2, 0.5, 0));
        assertThat(t.tailRatio()).isEqualTo(0.5);
        assertThat(t.byLanguage()).containsExactlyInAnyOrderEntriesOf(Map.of("en", 2L, "de", 3L));
    }

    @Test
    void withoutEnglishTheFallbackTailRatioIsUsed() {
        CountOfCounts fr = of(2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 80); // portions .02 .04 .06 ...: .06 -> count 2
        CountOfCounts de = of(0, 1, 3, 4);                        // .06 closest to 0 -> 0
        Thresholds t = ThresholdCalculator.compute(Map.of("fr", fr, "de", de), new ThresholdParams(170_000, null, 0));
        assertThat(t.tailRatio()).isEqualTo(0.06);
        assertThat(t.byLanguage()).containsExactlyInAnyOrderEntriesOf(Map.of("fr", 2L, "de", 0L));
    }

    @Test
    void minThresholdLiftsSmallThresholdsOnly() {
        CountOfCounts fr = of(2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 80);
        CountOfCounts de = of(0, 1, 3, 4);
        Thresholds t = ThresholdCalculator.compute(Map.of("fr", fr, "de", de), new ThresholdParams(170_000, null, 1));
        assertThat(t.byLanguage()).containsExactlyInAnyOrderEntriesOf(Map.of("fr", 2L, "de", 1L));
        Thresholds t5 = ThresholdCalculator.compute(Map.of("fr", fr, "en", of(1, 1, 2, 4)), new ThresholdParams(1, null, 5));
        assertThat(t5.byLanguage()).containsEntry("en", 5L).containsEntry("fr", 5L);
    }

    @Test
    void englishWithoutCountsIsNoEnglish() {
        Thresholds t = ThresholdCalculator.compute(Map.of("en", of(0, 0), "fr", of(2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 80)),
                new ThresholdParams(100, null, 1));
        assertThat(t.tailRatio()).isEqualTo(0.06);
    }

    @Test
    void paramsAreValidated() {
        assertThatThrownBy(() -> new ThresholdParams(0, null, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ThresholdParams(1, 1.5, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ThresholdParams(1, Double.NaN, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ThresholdParams(1, null, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- the count-of-counts shortcut equals the reference's computation on full sorted vectors (NaiveCuration) ----

    /**
     * Count vectors, never all zero: mostly many zeros, small counts (ties) and a few large ones; and
     * sometimes short vectors of small counts only, where every run of equal counts weighs in the sums.
     */
    static final Gen<long[]> COUNT_VECTORS = Gen.frequency(
                    Gen.weighted(3, Gen.longArrays(Gen.frequency(
                            Gen.weighted(3, Gen.constant(0L)),
                            Gen.weighted(5, Gen.longs(1, 5)),
                            Gen.weighted(2, Gen.longs(1, 1_000)),
                            Gen.weighted(1, Gen.longs(1, 5_000_000))), 1, 300)),
                    Gen.weighted(1, Gen.longArrays(Gen.longs(0, 5), 1, 40)))
            .filter(a -> Arrays.stream(a).sum() > 0);

    /** Any p, and often a small one: large counts dominate the sums, so the small counts' portions sit near 0. */
    static final Gen<Double> TAIL_RATIOS = Gen.frequency(Gen.weighted(3, Gen.doubles(0, 1)), Gen.weighted(1, Gen.doubles(0, 0.05)));

    @Test
    void pToTEqualsReference() {
        Property.forAll("p_to_t equals the reference", 400, Gen.pairs(COUNT_VECTORS, TAIL_RATIOS), c ->
                assertThat(ThresholdCalculator.pToT(fromVector(c.first()), c.second()))
                        .isEqualTo(NaiveCuration.pToT(c.first(), c.second())));
    }

    @Test
    void pToTEqualsReferenceAtRunningPortions() {
        // p placed exactly on, and between, running portions: where ties and rounding bite
        Property.forAll("p_to_t equals the reference at running portions", 200, COUNT_VECTORS, counts -> {
            long[] sorted = counts.clone();
            Arrays.sort(sorted);
            long s = Arrays.stream(sorted).sum();
            CountOfCounts c = fromVector(counts);
            long run = 0;
            for (long v : sorted) {
                double before = (double) run / s;
                run += v;
                double at = (double) run / s;
                for (double p : new double[] {at, (before + at) / 2}) {
                    long got = ThresholdCalculator.pToT(c, p);
                    long want = NaiveCuration.pToT(counts, p);
                    if (got != want) { // AssertJ only on a mismatch: this loop runs ~100k times
                        assertThat(got).as("p=%s", p).isEqualTo(want);
                    }
                }
            }
        });
    }

    @Test
    void tToPEqualsReference() {
        Property.forAll("t_to_p equals the reference", 300, Gen.pairs(COUNT_VECTORS, Gen.longs(0, 2_000)), c ->
                assertThat(ThresholdCalculator.tToP(fromVector(c.first()), c.second()))
                        .isEqualTo(NaiveCuration.tToP(c.first(), c.second())));
    }

    static CountOfCounts fromVector(long[] counts) {
        CountOfCounts c = new CountOfCounts(counts.length);
        java.util.Map<Long, Long> byCount = new java.util.TreeMap<>();
        for (long v : counts) {
            if (v > 0) {
                byCount.merge(v, 1L, Long::sum);
            }
        }
        byCount.forEach(c::add);
        return c;
    }
}

package io.worldcurate.core.threshold;

import io.worldcurate.core.batch.NaiveCuration;
import io.worldcurate.core.count.CountOfCounts;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
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

    @Property(tries = 400)
    void pToTEqualsReference(@ForAll("countVectors") long[] counts, @ForAll @DoubleRange(min = 0, max = 1) double p) {
        CountOfCounts c = fromVector(counts);
        assertThat(ThresholdCalculator.pToT(c, p)).isEqualTo(NaiveCuration.pToT(counts, p));
    }

    @Property(tries = 200)
    void pToTEqualsReferenceAtRunningPortions(@ForAll("countVectors") long[] counts) {
        // p placed exactly on, and between, running portions: where ties and rounding bite
        long[] sorted = counts.clone();
        Arrays.sort(sorted);
        long s = Arrays.stream(sorted).sum();
        CountOfCounts c = fromVector(counts);
        long run = 0;
        for (long v : sorted) {
            double before = (double) run / s;
            run += v;
            double at = (double) run / s;
            for (double p : List.of(at, (before + at) / 2)) {
                assertThat(ThresholdCalculator.pToT(c, p)).as("p=%s", p).isEqualTo(NaiveCuration.pToT(counts, p));
            }
        }
    }

    @Property(tries = 300)
    void tToPEqualsReference(@ForAll("countVectors") long[] counts, @ForAll("thresholds") long t) {
        assertThat(ThresholdCalculator.tToP(fromVector(counts), t)).isEqualTo(NaiveCuration.tToP(counts, t));
    }

    @Provide
    Arbitrary<long[]> countVectors() {
        Arbitrary<Long> count = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.just(0L)),
                net.jqwik.api.Tuple.of(5, Arbitraries.longs().between(1, 5)),
                net.jqwik.api.Tuple.of(2, Arbitraries.longs().between(1, 1_000)),
                net.jqwik.api.Tuple.of(1, Arbitraries.longs().between(1, 5_000_000)));
        return count.array(long[].class).ofMinSize(1).ofMaxSize(300).filter(a -> Arrays.stream(a).sum() > 0);
    }

    @Provide
    Arbitrary<Long> thresholds() {
        return Arbitraries.longs().between(0, 2_000);
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

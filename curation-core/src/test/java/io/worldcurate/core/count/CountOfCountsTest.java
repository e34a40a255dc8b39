package io.worldcurate.core.count;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CountOfCountsTest {

    @Test
    void languageCountsKeepCountOfCountsInStep() {
        LanguageCounts lc = new LanguageCounts(5);
        lc.addMatchedText(new int[] {0, 2});
        lc.addMatchedText(new int[] {2});
        lc.addMatchedText(new int[] {2, 4});
        CountOfCounts c = lc.countOfCounts();
        assertThat(lc.count(2)).isEqualTo(3);
        assertThat(lc.count(1)).isZero();
        assertThat(c.matchedTexts()).isEqualTo(3);
        assertThat(c.totalCount()).isEqualTo(5);
        assertThat(c.nonZeroEntries()).isEqualTo(3);
        assertThat(c.zeroEntries()).isEqualTo(2);
        assertThat(c.distinctCounts()).containsExactly(1, 3);
        assertThat(c.entriesWithCount(1)).isEqualTo(2);
        assertThat(c.entriesWithCount(3)).isEqualTo(1);
        assertThat(c.entriesWithCount(2)).isZero();
    }

    @Test
    void addRestoresTheSameState() {
        CountOfCounts a = new CountOfCounts(10);
        for (int i = 0; i < 3; i++) {
            a.increment(i);
        }
        a.increment(0);
        CountOfCounts b = new CountOfCounts(10);
        b.add(3, 1);
        b.add(1, 1);
        assertThat(b.distinctCounts()).containsExactly(a.distinctCounts());
        assertThat(b.totalCount()).isEqualTo(a.totalCount());
        assertThat(b.nonZeroEntries()).isEqualTo(a.nonZeroEntries());
    }

    @Test
    void cannotCountMoreEntriesThanTheMetadataHas() {
        CountOfCounts c = new CountOfCounts(1);
        c.increment(0);
        assertThatThrownBy(() -> c.increment(0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> c.increment(5)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> c.add(2, 2)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void copyIsIndependent() {
        CountOfCounts a = new CountOfCounts(3);
        a.increment(0);
        CountOfCounts b = a.copy();
        b.increment(1);
        assertThat(a.totalCount()).isEqualTo(1);
        assertThat(b.totalCount()).isEqualTo(2);
    }

    @Test
    void changeByMoreThanOneEqualsThatManyIncrements() {
        CountOfCounts stepped = new CountOfCounts(4);
        CountOfCounts jumped = new CountOfCounts(4);
        long[] n = new long[4];
        long[][] moves = {{0, 3}, {1, 5}, {0, 2}, {1, 1}, {3, 4}};
        for (long[] m : moves) {
            int e = (int) m[0];
            for (int i = 0; i < m[1]; i++) {
                stepped.increment(n[e] + i);
            }
            jumped.change(n[e], n[e] + m[1]);
            n[e] += m[1];
        }
        assertThat(jumped.distinctCounts()).containsExactly(stepped.distinctCounts());
        for (long c : stepped.distinctCounts()) {
            assertThat(jumped.entriesWithCount(c)).isEqualTo(stepped.entriesWithCount(c));
        }
        assertThat(jumped.totalCount()).isEqualTo(stepped.totalCount()).isEqualTo(15);
        assertThat(jumped.nonZeroEntries()).isEqualTo(3);
        jumped.change(5, 0);
        assertThat(jumped.nonZeroEntries()).isEqualTo(2);
        assertThat(jumped.totalCount()).isEqualTo(10);
        assertThatThrownBy(() -> jumped.change(7, 8)).isInstanceOf(IllegalStateException.class);
    }
}

package io.worldcurate.core.count;

/**
 * N[L][e] for one language held in memory (spec section 5), with its count-of-counts kept in step.
 * Used by batch curation; the streaming balancer keeps the same numbers in a state store.
 */
public final class LanguageCounts {

    private final long[] counts;
    private final CountOfCounts countOfCounts;

    public LanguageCounts(int metadataEntries) {
        this.counts = new long[metadataEntries];
        this.countOfCounts = new CountOfCounts(metadataEntries);
    }

    /** Counts one matched text: each of its distinct entries goes up by one. */
    public void addMatchedText(int[] entries) {
        for (int e : entries) {
            countOfCounts.increment(counts[e]++);
        }
        countOfCounts.addMatchedTexts(1);
    }

    public long count(int entry) {
        return counts[entry];
    }

    public int size() {
        return counts.length;
    }

    public CountOfCounts countOfCounts() {
        return countOfCounts;
    }
}

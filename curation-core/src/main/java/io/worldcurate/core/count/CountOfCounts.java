package io.worldcurate.core.count;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The count-of-counts of one language: how many of its metadata entries have each count N[L][e]
 * (zeros implied by the metadata size), and how many matched texts it has. Thresholds are computed
 * from this alone, so their cost grows with the number of distinct counts, not of entries.
 * Not thread-safe.
 */
public final class CountOfCounts {

    private final long metadataEntries;
    private final Map<Long, Long> entriesByCount = new HashMap<>();
    private long nonZeroEntries;
    private long totalCount;
    private long matchedTexts;

    public CountOfCounts(long metadataEntries) {
        if (metadataEntries < 0) {
            throw new IllegalArgumentException("metadata entries must be >= 0");
        }
        this.metadataEntries = metadataEntries;
    }

    /** One entry's count went from {@code oldCount} to {@code oldCount + 1}. */
    public void increment(long oldCount) {
        if (oldCount < 0) {
            throw new IllegalArgumentException("count must be >= 0");
        }
        if (oldCount == 0) {
            if (nonZeroEntries == metadataEntries) {
                throw new IllegalStateException("more entries counted than the " + metadataEntries + " of the metadata");
            }
            nonZeroEntries++;
        } else {
            remove(oldCount, 1);
        }
        entriesByCount.merge(oldCount + 1, 1L, Long::sum);
        totalCount++;
    }

    /**
     * One entry's count went from {@code before} to {@code after} (either may be 0), e.g. when a sum of
     * partial counts changes by more than one at once.
     */
    public void change(long before, long after) {
        if (before < 0 || after < 0) {
            throw new IllegalArgumentException("counts must be >= 0");
        }
        if (before == after) {
            return;
        }
        if (before == 0) {
            if (nonZeroEntries == metadataEntries) {
                throw new IllegalStateException("more entries counted than the " + metadataEntries + " of the metadata");
            }
            nonZeroEntries++;
        } else {
            remove(before, 1);
        }
        if (after == 0) {
            nonZeroEntries--;
        } else {
            entriesByCount.merge(after, 1L, Long::sum);
        }
        totalCount += after - before;
    }

    /** Adds {@code entries} entries that have count {@code count} (> 0), e.g. when restoring from a store. */
    public void add(long count, long entries) {
        if (count <= 0 || entries <= 0) {
            throw new IllegalArgumentException("count and entries must be > 0");
        }
        if (nonZeroEntries + entries > metadataEntries) {
            throw new IllegalStateException("more entries counted than the " + metadataEntries + " of the metadata");
        }
        entriesByCount.merge(count, entries, Long::sum);
        nonZeroEntries += entries;
        totalCount += count * entries;
    }

    private void remove(long count, long entries) {
        Long have = entriesByCount.get(count);
        if (have == null || have < entries) {
            throw new IllegalStateException("no entry has count " + count);
        }
        if (have == entries) {
            entriesByCount.remove(count);
        } else {
            entriesByCount.put(count, have - entries);
        }
    }

    public void addMatchedTexts(long n) {
        matchedTexts += n;
    }

    public long metadataEntries() {
        return metadataEntries;
    }

    /** Entries with N > 0. */
    public long nonZeroEntries() {
        return nonZeroEntries;
    }

    public long zeroEntries() {
        return metadataEntries - nonZeroEntries;
    }

    /** Sum of all counts. */
    public long totalCount() {
        return totalCount;
    }

    public long matchedTexts() {
        return matchedTexts;
    }

    /** The number of entries with this count (> 0). */
    public long entriesWithCount(long count) {
        return entriesByCount.getOrDefault(count, 0L);
    }

    /** The distinct non-zero counts, ascending. */
    public long[] distinctCounts() {
        long[] counts = new long[entriesByCount.size()];
        int i = 0;
        for (long c : entriesByCount.keySet()) {
            counts[i++] = c;
        }
        Arrays.sort(counts);
        return counts;
    }

    public CountOfCounts copy() {
        CountOfCounts c = new CountOfCounts(metadataEntries);
        c.entriesByCount.putAll(entriesByCount);
        c.nonZeroEntries = nonZeroEntries;
        c.totalCount = totalCount;
        c.matchedTexts = matchedTexts;
        return c;
    }

    @Override
    public String toString() {
        return "CountOfCounts{metadataEntries=" + metadataEntries + ", nonZero=" + nonZeroEntries
                + ", total=" + totalCount + ", matchedTexts=" + matchedTexts + ", distinct=" + entriesByCount.size() + "}";
    }
}

package io.worldcurate.core.match;

import io.worldcurate.core.text.Spacing;

import java.util.Arrays;
import java.util.List;

/**
 * An Aho-Corasick automaton over spaced entries held in five flat {@code int} arrays, one slot per
 * double-array cell: {@code base} (children of the node in this slot are at {@code base + char}),
 * {@code check} (the parent of the node in this slot; {@link #FREE} for an empty cell), {@code fail}
 * (failure link), {@code value} (entry id when a spaced entry ends here, else -1) and {@code outLink}
 * (nearest node on the failure chain where an entry ends, else -1). Slot 0 is the root.
 *
 * <p>The same arrays are built in memory ({@link DoubleArrayBuilder}) and bulk-read from the compiled
 * cache ({@code cache.AutomatonFile}): no object graph, so loading costs a read. Read-only once built:
 * safe to share across threads. Matches exactly as {@link AhoCorasickMatcher} (hankcs) does.
 */
public final class DoubleArrayAutomaton implements EntryMatcher {

    public static final int FREE = -1;
    static final int ROOT_PARENT = -2;

    private final int[] base;
    private final int[] check;
    private final int[] fail;
    private final int[] value;
    private final int[] outLink;
    private final int keys;
    private final int entries;

    /**
     * Takes the arrays as they are (no copy); all five have the same length, at least 1.
     *
     * @param entries the metadata's entry count (blanks and repeats included): the size of the language's count vector
     */
    public DoubleArrayAutomaton(int[] base, int[] check, int[] fail, int[] value, int[] outLink, int keys, int entries) {
        int n = base.length;
        if (n < 1 || check.length != n || fail.length != n || value.length != n || outLink.length != n) {
            throw new IllegalArgumentException("automaton arrays must have one and the same non-zero length");
        }
        this.base = base;
        this.check = check;
        this.fail = fail;
        this.value = value;
        this.outLink = outLink;
        this.keys = keys;
        this.entries = entries;
    }

    /** Entries of the metadata it was built from, blanks and repeats included. */
    public int entries() {
        return entries;
    }

    /** Builds the automaton of a language's entries (list index = entry id); see {@link DoubleArrayBuilder}. */
    public static DoubleArrayAutomaton build(List<String> entries) {
        return DoubleArrayBuilder.build(entries);
    }

    /** Distinct spaced entries the automaton holds. */
    public int keys() {
        return keys;
    }

    /** Cells of the double array (each one {@code int} in each of the five arrays). */
    public int slots() {
        return base.length;
    }

    public long bytes() {
        return 5L * 4 * base.length;
    }

    public int[] base() {
        return base;
    }

    public int[] check() {
        return check;
    }

    public int[] fail() {
        return fail;
    }

    public int[] value() {
        return value;
    }

    public int[] outLink() {
        return outLink;
    }

    @Override
    public int[] match(String text) {
        if (keys == 0) {
            return NONE;
        }
        char[] t = Spacing.spacedTextChars(text);
        final int[] base = this.base;
        final int[] check = this.check;
        final int[] fail = this.fail;
        final int[] value = this.value;
        final int[] outLink = this.outLink;
        final int n = base.length;
        int[] hits = null;
        int size = 0;
        int s = 0;
        for (char ch : t) {
            while (true) {
                int p = base[s] + ch;
                if (p < n && check[p] == s) {
                    s = p;
                    break;
                }
                if (s == 0) {
                    break;
                }
                s = fail[s];
            }
            int o = value[s] >= 0 ? s : outLink[s];
            while (o >= 0) {
                if (hits == null) {
                    hits = new int[8];
                } else if (size == hits.length) {
                    hits = Arrays.copyOf(hits, size * 2);
                }
                hits[size++] = value[o];
                o = outLink[o];
            }
        }
        return distinctSorted(hits, size);
    }

    private static int[] distinctSorted(int[] ids, int size) {
        if (size == 0) {
            return NONE;
        }
        Arrays.sort(ids, 0, size);
        int n = 1;
        for (int i = 1; i < size; i++) {
            if (ids[i] != ids[n - 1]) {
                ids[n++] = ids[i];
            }
        }
        return Arrays.copyOf(ids, n);
    }
}

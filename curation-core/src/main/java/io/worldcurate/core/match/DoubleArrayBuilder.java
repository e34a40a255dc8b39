package io.worldcurate.core.match;

import io.worldcurate.core.metadata.LanguageMetadata;
import io.worldcurate.core.text.Spacing;

import java.util.Arrays;
import java.util.List;

/**
 * Builds a {@link DoubleArrayAutomaton} straight from the sorted spaced entries, breadth first: each
 * node's children are the distinct characters at its depth within its range of sorted keys, placed at
 * the first free cells that fit them all (a free list, so a full prefix of the array is never scanned
 * again); failure and output links are set as each child is placed, since every node they refer to is
 * shallower and already placed. No object per key or per node: a few growing {@code int} arrays.
 */
public final class DoubleArrayBuilder {

    /** Failed fits after which a free cell is no longer offered (it stays empty). */
    private static final int MAX_TRIALS = 16;

    private final String[] keys;
    private final int[] ids;
    private final int entries;

    private int[] base;
    private int[] check;
    private int[] fail;
    private int[] value;
    private int[] outLink;
    private int[] nextFree;
    private int[] prevFree;
    private byte[] trials;
    private int capacity;
    private int freeHead = -1;
    private int freeTail = -1;
    private int maxUsed;

    private int[] queue = new int[4 * 1024];
    private int queueHead;
    private int queueTail;

    private DoubleArrayBuilder(String[] keys, int[] ids, int entries) {
        this.keys = keys;
        this.ids = ids;
        this.entries = entries;
    }

    /** The automaton of a language's entries (list index = entry id); blank entries never match, a repeated spaced form keeps its first id. */
    public static DoubleArrayAutomaton build(List<String> entries) {
        int n = entries.size();
        String[] spaced = new String[n];
        int[] order = new int[n];
        int m = 0;
        for (int id = 0; id < n; id++) {
            String e = entries.get(id);
            if (!LanguageMetadata.isBlank(e)) {
                spaced[id] = Spacing.spacedEntry(e);
                order[m++] = id;
            }
        }
        order = Arrays.copyOf(order, m);
        sortStable(order, spaced);
        String[] keys = new String[m];
        int[] ids = new int[m];
        int k = 0;
        for (int i = 0; i < m; i++) {
            String s = spaced[order[i]];
            if (k > 0 && keys[k - 1].equals(s)) {
                continue; // same spaced form: the first (smallest) id wins, the sort being stable
            }
            keys[k] = s;
            ids[k] = order[i];
            k++;
        }
        return new DoubleArrayBuilder(Arrays.copyOf(keys, k), Arrays.copyOf(ids, k), n).build();
    }

    private DoubleArrayAutomaton build() {
        if (keys.length == 0) {
            return new DoubleArrayAutomaton(new int[] {0}, new int[] {DoubleArrayAutomaton.ROOT_PARENT},
                    new int[] {0}, new int[] {-1}, new int[] {-1}, 0, entries);
        }
        long chars = 0;
        for (String key : keys) {
            chars += key.length();
        }
        allocate((int) Math.min(Integer.MAX_VALUE - 16, Math.max(1024, chars / 2 + 0x10000)));
        unlinkFree(0);
        check[0] = DoubleArrayAutomaton.ROOT_PARENT;
        value[0] = -1;
        outLink[0] = -1;
        enqueue(0, 0, keys.length, 0);

        int[] childChars = new int[64];
        int[] childStart = new int[65];
        while (queueHead < queueTail) {
            int node = queue[queueHead++];
            int lo = queue[queueHead++];
            int hi = queue[queueHead++];
            int depth = queue[queueHead++];
            int i = lo;
            if (keys[i].length() == depth) {
                i++; // the entry ending at this node, already recorded when the node was placed
            }
            int n = 0;
            while (i < hi) {
                char c = keys[i].charAt(depth);
                if (n == childChars.length) {
                    childChars = Arrays.copyOf(childChars, n * 2);
                    childStart = Arrays.copyOf(childStart, n * 2 + 1);
                }
                childChars[n] = c;
                childStart[n] = i;
                n++;
                i++;
                while (i < hi && keys[i].charAt(depth) == c) {
                    i++;
                }
            }
            childStart[n] = hi;
            int b = findBase(childChars, n);
            base[node] = b;
            for (int j = 0; j < n; j++) {
                int slot = b + childChars[j];
                unlinkFree(slot);
                check[slot] = node;
                maxUsed = Math.max(maxUsed, slot);
                int first = childStart[j];
                int end = childStart[j + 1];
                boolean terminal = keys[first].length() == depth + 1;
                value[slot] = terminal ? ids[first] : -1;
                int f = failureOf(node, childChars[j]);
                fail[slot] = f;
                outLink[slot] = value[f] >= 0 ? f : outLink[f];
                if (end - first > 1 || !terminal) {
                    enqueue(slot, first, end, depth + 1);
                }
            }
            if (queueHead > queue.length / 2) {
                compactQueue();
            }
        }
        int len = maxUsed + 1;
        return new DoubleArrayAutomaton(Arrays.copyOf(base, len), Arrays.copyOf(check, len), Arrays.copyOf(fail, len),
                Arrays.copyOf(value, len), Arrays.copyOf(outLink, len), keys.length, entries);
    }

    /** The failure target of the child of {@code parent} on {@code c}: the longest proper suffix that is a node. */
    private int failureOf(int parent, int c) {
        if (parent == 0) {
            return 0;
        }
        int f = fail[parent];
        while (true) {
            int p = base[f] + c;
            if (p < capacity && check[p] == f) {
                return p;
            }
            if (f == 0) {
                return 0;
            }
            f = fail[f];
        }
    }

    /** A base (>= 0) such that base + c is free for every child character c (ascending). */
    private int findBase(int[] chars, int n) {
        int c0 = chars[0];
        int last = chars[n - 1];
        int pos = freeHead;
        while (true) {
            if (pos < 0) {
                int old = capacity;
                grow(Math.max(capacity + 1, c0 + 1));
                pos = Math.max(old, c0); // a new cell: free and in the list
            }
            int next = nextFree[pos];
            if (pos >= c0) {
                int b = pos - c0;
                if (b + last >= capacity) {
                    grow(b + last + 1);
                    next = nextFree[pos];
                }
                boolean fits = true;
                for (int j = 1; j < n; j++) {
                    if (check[b + chars[j]] != DoubleArrayAutomaton.FREE) {
                        fits = false;
                        break;
                    }
                }
                if (fits) {
                    return b;
                }
            }
            if (++trials[pos] >= MAX_TRIALS) {
                unlinkFree(pos);
            }
            pos = next;
        }
    }

    private void allocate(int cap) {
        base = new int[cap];
        check = new int[cap];
        fail = new int[cap];
        value = new int[cap];
        outLink = new int[cap];
        nextFree = new int[cap];
        prevFree = new int[cap];
        trials = new byte[cap];
        capacity = 0;
        addFree(0, cap);
    }

    private void grow(int needed) {
        int cap = capacity;
        int newCap = (int) Math.min(Integer.MAX_VALUE - 16, Math.max(needed, cap + (cap >> 1)));
        base = Arrays.copyOf(base, newCap);
        check = Arrays.copyOf(check, newCap);
        fail = Arrays.copyOf(fail, newCap);
        value = Arrays.copyOf(value, newCap);
        outLink = Arrays.copyOf(outLink, newCap);
        nextFree = Arrays.copyOf(nextFree, newCap);
        prevFree = Arrays.copyOf(prevFree, newCap);
        trials = Arrays.copyOf(trials, newCap);
        addFree(cap, newCap);
    }

    /** Appends cells [from, to) to the free list. */
    private void addFree(int from, int to) {
        Arrays.fill(check, from, to, DoubleArrayAutomaton.FREE);
        for (int i = from; i < to; i++) {
            prevFree[i] = i == from ? freeTail : i - 1;
            nextFree[i] = i + 1 < to ? i + 1 : -1;
        }
        if (freeTail >= 0) {
            nextFree[freeTail] = from;
        } else {
            freeHead = from;
        }
        freeTail = to - 1;
        capacity = to;
    }

    private void unlinkFree(int i) {
        if (prevFree[i] == Integer.MIN_VALUE) {
            return; // already out of the list
        }
        int p = prevFree[i];
        int nx = nextFree[i];
        if (p >= 0) {
            nextFree[p] = nx;
        } else {
            freeHead = nx;
        }
        if (nx >= 0) {
            prevFree[nx] = p;
        } else {
            freeTail = p;
        }
        prevFree[i] = Integer.MIN_VALUE;
    }

    private void enqueue(int node, int lo, int hi, int depth) {
        if (queueTail + 4 > queue.length) {
            queue = Arrays.copyOf(queue, queue.length * 2);
        }
        queue[queueTail++] = node;
        queue[queueTail++] = lo;
        queue[queueTail++] = hi;
        queue[queueTail++] = depth;
    }

    private void compactQueue() {
        System.arraycopy(queue, queueHead, queue, 0, queueTail - queueHead);
        queueTail -= queueHead;
        queueHead = 0;
    }

    /** Stable merge sort of ids by their spaced key (UTF-16 order, as the trie walks chars). */
    private static void sortStable(int[] a, String[] key) {
        int n = a.length;
        int[] src = a;
        int[] dst = new int[n];
        for (int width = 1; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(lo + width, n);
                int hi = Math.min(lo + 2 * width, n);
                int i = lo;
                int j = mid;
                int k = lo;
                while (i < mid && j < hi) {
                    dst[k++] = key[src[j]].compareTo(key[src[i]]) < 0 ? src[j++] : src[i++];
                }
                while (i < mid) {
                    dst[k++] = src[i++];
                }
                while (j < hi) {
                    dst[k++] = src[j++];
                }
            }
            int[] t = src;
            src = dst;
            dst = t;
        }
        if (src != a) {
            System.arraycopy(src, 0, a, 0, n);
        }
    }
}

package io.worldcurate.core.match;

import io.worldcurate.core.text.Spacing;

import java.lang.ref.Reference;
import java.lang.reflect.Field;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * An Aho-Corasick automaton over spaced entries held in one flat table of {@code int}s, {@link #CELL_INTS}
 * per double-array cell, interleaved so that one step of the scan touches one cell: {@code base} (children
 * of the node in this cell are at {@code base + char}), {@code check} (the parent of the node in this cell;
 * {@link #FREE} for an empty cell), {@code value} (entry id when a spaced entry ends here, else -1),
 * {@code outLink} (nearest node on the failure chain where an entry ends, else -1) and {@code fail}
 * (failure link). Cell 0 is the root.
 *
 * <p>The table lives outside the heap, in native byte order: a read-only mapping of a compiled cache
 * file ({@code cache.AutomatonFile}), so loading costs neither a copy nor heap, or a direct buffer for
 * an automaton built in memory ({@link DoubleArrayBuilder}). Read-only: safe to share across threads.
 * Matches exactly as {@link AhoCorasickMatcher} (hankcs) does.
 */
public final class DoubleArrayAutomaton implements EntryMatcher {

    public static final int FREE = -1;
    static final int ROOT_PARENT = -2;

    /** Ints per cell, and the offset of each field in a cell. */
    public static final int CELL_INTS = 5;
    private static final int BASE = 0;
    private static final int CHECK = 1;
    private static final int VALUE = 2;
    private static final int OUT_LINK = 3;
    private static final int FAIL = 4;

    /** Byte offsets of the fields in a cell, for the scan. */
    private static final int CELL_BYTES = 4 * CELL_INTS;
    private static final long BASE_AT = 4 * BASE;
    private static final long CHECK_AT = 4 * CHECK;
    private static final long VALUE_AT = 4 * VALUE;
    private static final long OUT_LINK_AT = 4 * OUT_LINK;
    private static final long FAIL_AT = 4 * FAIL;

    /*
     * The scan reads the table with Unsafe at its native address: through IntBuffer.get, every read
     * pays for the buffer's index and scope checks, which C1 (what a short `curate batch` runs) does
     * not remove and C2 only partly (English matched ~30% slower than with int[]; docs/PERFORMANCE.md).
     * Every index the scan follows is checked against the table's size first, so a bad table throws,
     * never reads outside the mapping; reachabilityFence keeps the mapping alive during a scan.
     */
    private static final sun.misc.Unsafe UNSAFE = unsafe();
    private static final long BUFFER_ADDRESS = bufferAddressOffset();

    private final ByteBuffer table;
    private final long address;
    private final IntBuffer cells;
    private final int slots;
    private final int keys;
    private final int entries;

    /**
     * Interleaves the five arrays into a direct buffer; all five have the same length, at least 1.
     *
     * @param entries the metadata's entry count (blanks and repeats included): the size of the language's count vector
     */
    public DoubleArrayAutomaton(int[] base, int[] check, int[] fail, int[] value, int[] outLink, int keys, int entries) {
        this(interleave(base, check, fail, value, outLink), keys, entries);
    }

    /**
     * Takes the cell table as it is (no copy): {@code CELL_INTS * slots} ints in native byte order, from
     * position 0 to the limit. Any byte buffer works; direct ones (mapped files) are the ones used.
     */
    public DoubleArrayAutomaton(ByteBuffer table, int keys, int entries) {
        ByteBuffer b = table.slice().order(ByteOrder.nativeOrder());
        if (!b.isDirect()) {
            b = ByteBuffer.allocateDirect(b.remaining()).order(ByteOrder.nativeOrder()).put(b).flip();
        }
        if (b.remaining() < 4 * CELL_INTS || b.remaining() % (4 * CELL_INTS) != 0) {
            throw new IllegalArgumentException("automaton table of " + b.remaining() + " bytes is not a whole number of cells (at least one)");
        }
        this.table = b.asReadOnlyBuffer().order(ByteOrder.nativeOrder());
        this.cells = this.table.duplicate().order(ByteOrder.nativeOrder()).asIntBuffer();
        this.address = UNSAFE.getLong(b, BUFFER_ADDRESS);
        this.slots = b.remaining() / (4 * CELL_INTS);
        this.keys = keys;
        this.entries = entries;
    }

    private static ByteBuffer interleave(int[] base, int[] check, int[] fail, int[] value, int[] outLink) {
        int n = base.length;
        if (n < 1 || check.length != n || fail.length != n || value.length != n || outLink.length != n) {
            throw new IllegalArgumentException("automaton arrays must have one and the same non-zero length");
        }
        int[] cells = new int[CELL_INTS * n];
        for (int i = 0, o = 0; i < n; i++, o += CELL_INTS) {
            cells[o + BASE] = base[i];
            cells[o + CHECK] = check[i];
            cells[o + VALUE] = value[i];
            cells[o + OUT_LINK] = outLink[i];
            cells[o + FAIL] = fail[i];
        }
        ByteBuffer table = ByteBuffer.allocateDirect(4 * cells.length).order(ByteOrder.nativeOrder());
        table.asIntBuffer().put(cells);
        return table;
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

    /** Cells of the double array. */
    public int slots() {
        return slots;
    }

    public long bytes() {
        return 4L * CELL_INTS * slots;
    }

    /** The cell table, read-only, in native byte order (what the compiled cache file stores). */
    public ByteBuffer table() {
        return table.duplicate().order(ByteOrder.nativeOrder());
    }

    public int[] base() {
        return field(BASE);
    }

    public int[] check() {
        return field(CHECK);
    }

    public int[] fail() {
        return field(FAIL);
    }

    public int[] value() {
        return field(VALUE);
    }

    public int[] outLink() {
        return field(OUT_LINK);
    }

    /** One field of every cell, as a new array. */
    private int[] field(int offset) {
        int[] out = new int[slots];
        for (int i = 0; i < slots; i++) {
            out[i] = cells.get(CELL_INTS * i + offset);
        }
        return out;
    }

    @Override
    public int[] match(String text) {
        if (keys == 0) {
            return NONE;
        }
        char[] t = Spacing.spacedTextChars(text);
        final sun.misc.Unsafe u = UNSAFE;
        final long a = this.address;
        final int n = slots;
        int[] hits = null;
        int size = 0;
        int s = 0;
        for (char ch : t) {
            while (true) {
                int p = u.getInt(a + (long) CELL_BYTES * s + BASE_AT) + ch;
                if (p >= 0 && p < n && u.getInt(a + (long) CELL_BYTES * p + CHECK_AT) == s) {
                    s = p;
                    break;
                }
                if (s == 0) {
                    break;
                }
                s = u.getInt(a + (long) CELL_BYTES * s + FAIL_AT);
                if (s < 0 || s >= n) {
                    throw corrupt();
                }
            }
            int o = u.getInt(a + (long) CELL_BYTES * s + VALUE_AT) >= 0 ? s : u.getInt(a + (long) CELL_BYTES * s + OUT_LINK_AT);
            while (o >= 0) {
                if (o >= n) {
                    throw corrupt();
                }
                if (hits == null) {
                    hits = new int[8];
                } else if (size == hits.length) {
                    hits = Arrays.copyOf(hits, size * 2);
                }
                hits[size++] = u.getInt(a + (long) CELL_BYTES * o + VALUE_AT);
                o = u.getInt(a + (long) CELL_BYTES * o + OUT_LINK_AT);
            }
        }
        Reference.reachabilityFence(table);
        return distinctSorted(hits, size);
    }

    /**
     * {@link #match} of two texts, each against its own automaton, in one loop that alternates a step of
     * each: the scan waits on memory (a cache and TLB miss per step in hundreds of MB of tables), and two
     * independent chains of loads in flight overlap their misses. Same results as two calls.
     */
    public static int[][] matchTwo(DoubleArrayAutomaton x, String textX, DoubleArrayAutomaton y, String textY) {
        if (x.keys == 0 || y.keys == 0) {
            return new int[][] {x.match(textX), y.match(textY)};
        }
        final sun.misc.Unsafe u = UNSAFE;
        final char[] tx = Spacing.spacedTextChars(textX);
        final char[] ty = Spacing.spacedTextChars(textY);
        final long ax = x.address;
        final long ay = y.address;
        final int nx = x.slots;
        final int ny = y.slots;
        int ix = 0;
        int iy = 0;
        int sx = 0;
        int sy = 0;
        int[] hx = null;
        int[] hy = null;
        int cx = 0;
        int cy = 0;
        // one step per lane per round: a goto (next character) or a failure link (same character)
        while (ix < tx.length || iy < ty.length) {
            if (ix < tx.length) {
                int p = u.getInt(ax + (long) CELL_BYTES * sx + BASE_AT) + tx[ix];
                boolean moved = p >= 0 && p < nx && u.getInt(ax + (long) CELL_BYTES * p + CHECK_AT) == sx;
                if (moved || sx == 0) {
                    if (moved) {
                        sx = p;
                    }
                    ix++;
                    int o = u.getInt(ax + (long) CELL_BYTES * sx + VALUE_AT) >= 0 ? sx : u.getInt(ax + (long) CELL_BYTES * sx + OUT_LINK_AT);
                    while (o >= 0) {
                        if (o >= nx) {
                            throw x.corrupt();
                        }
                        if (hx == null) {
                            hx = new int[8];
                        } else if (cx == hx.length) {
                            hx = Arrays.copyOf(hx, cx * 2);
                        }
                        hx[cx++] = u.getInt(ax + (long) CELL_BYTES * o + VALUE_AT);
                        o = u.getInt(ax + (long) CELL_BYTES * o + OUT_LINK_AT);
                    }
                } else {
                    sx = u.getInt(ax + (long) CELL_BYTES * sx + FAIL_AT);
                    if (sx < 0 || sx >= nx) {
                        throw x.corrupt();
                    }
                }
            }
            if (iy < ty.length) {
                int p = u.getInt(ay + (long) CELL_BYTES * sy + BASE_AT) + ty[iy];
                boolean moved = p >= 0 && p < ny && u.getInt(ay + (long) CELL_BYTES * p + CHECK_AT) == sy;
                if (moved || sy == 0) {
                    if (moved) {
                        sy = p;
                    }
                    iy++;
                    int o = u.getInt(ay + (long) CELL_BYTES * sy + VALUE_AT) >= 0 ? sy : u.getInt(ay + (long) CELL_BYTES * sy + OUT_LINK_AT);
                    while (o >= 0) {
                        if (o >= ny) {
                            throw y.corrupt();
                        }
                        if (hy == null) {
                            hy = new int[8];
                        } else if (cy == hy.length) {
                            hy = Arrays.copyOf(hy, cy * 2);
                        }
                        hy[cy++] = u.getInt(ay + (long) CELL_BYTES * o + VALUE_AT);
                        o = u.getInt(ay + (long) CELL_BYTES * o + OUT_LINK_AT);
                    }
                } else {
                    sy = u.getInt(ay + (long) CELL_BYTES * sy + FAIL_AT);
                    if (sy < 0 || sy >= ny) {
                        throw y.corrupt();
                    }
                }
            }
        }
        Reference.reachabilityFence(x.table);
        Reference.reachabilityFence(y.table);
        return new int[][] {distinctSorted(hx, cx), distinctSorted(hy, cy)};
    }

    private IllegalStateException corrupt() {
        return new IllegalStateException("automaton table is corrupt: a link points outside its " + slots + " cells");
    }

    private static sun.misc.Unsafe unsafe() {
        try {
            Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            return (sun.misc.Unsafe) f.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static long bufferAddressOffset() {
        try {
            return UNSAFE.objectFieldOffset(Buffer.class.getDeclaredField("address"));
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ExceptionInInitializerError(e);
        }
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

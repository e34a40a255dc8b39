package io.worldcurate.core.lang.wclid;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Every language's relative frequency of every character n-gram (length 1 to 5) in one open-addressing
 * table, so that one probe finds an n-gram's log-probabilities in all languages at once.
 *
 * <p>A slot holds a 32-bit fingerprint of the n-gram's 64-bit hash (the slot index being another part of
 * the hash) and where its values start and how many there are; the values are a language index (byte)
 * and a quantized negative natural log of the frequency ({@code char}, in units of 1/{@link #SCALE}).
 * Read-only once built; safe to share between threads.
 */
public final class FusedNgramTable {

    /** Quantization of -ln(p): at most 1/(2*SCALE) off, far below any decision margin. */
    public static final float SCALE = 3000f;
    private static final int MAGIC = 0x57434C31; // "WCL1"

    private final int mask;
    private final long[] probe; // fingerprint << 32 | slot info: one cache line per probe
    private final byte[] languages;
    private final char[] negLogProbs;
    private final String[] languageCodes;

    private FusedNgramTable(int[] fingerprints, int[] slots, byte[] languages, char[] negLogProbs, String[] languageCodes) {
        this(new long[fingerprints.length], languages, negLogProbs, languageCodes);
        for (int i = 0; i < probe.length; i++) {
            probe[i] = (long) fingerprints[i] << 32 | (slots[i] & 0xFFFFFFFFL);
        }
    }

    private FusedNgramTable(long[] probe, byte[] languages, char[] negLogProbs, String[] languageCodes) {
        this.mask = probe.length - 1;
        this.probe = probe;
        this.languages = languages;
        this.negLogProbs = negLogProbs;
        this.languageCodes = languageCodes;
    }

    /** The languages, by index, as ISO 639-1 codes. */
    public String[] languageCodes() {
        return languageCodes.clone();
    }

    public int languageCount() {
        return languageCodes.length;
    }

    public int valueCount() {
        return languages.length;
    }

    /** Where this n-gram's values are ({@link #start}, {@link #count}), or {@link #ABSENT}. */
    public int find(long hash) {
        int fp = fingerprint(hash);
        int i = (int) hash & mask;
        while (true) {
            long p = probe[i];
            int f = (int) (p >>> 32);
            if (f == fp) {
                return (int) p;
            }
            if (f == 0) {
                return ABSENT;
            }
            i = (i + 1) & mask;
        }
    }

    /**
     * {@link #find} for the n-grams {@code keys[i * 5 + j]}, {@code j < runs[i]}, of every position {@code i}, into
     * {@code slots} at the same index. The table is far larger than the CPU's caches, so nearly every probe is
     * a cache miss: a first pass only loads each n-gram's home slot (loads that do not depend on each other,
     * so the CPU keeps many in flight), a second resolves them from the cache, and a third touches the first
     * value of each, the line the scoring reads next.
     */
    long findAll(long[] keys, int[] runs, int positions, int[] slots) {
        long acc = 0;
        for (int i = 0; i < positions; i++) {
            for (int j = 0, r = runs[i]; j < r; j++) {
                acc += probe[(int) keys[i * 5 + j] & mask];
            }
        }
        for (int i = 0; i < positions; i++) {
            for (int j = 0, r = runs[i]; j < r; j++) {
                slots[i * 5 + j] = find(keys[i * 5 + j]);
            }
        }
        for (int i = 0; i < positions; i++) {
            for (int j = 0, r = runs[i]; j < r; j++) {
                int slot = slots[i * 5 + j];
                if (slot != ABSENT) {
                    acc += languages[start(slot)] + negLogProbs[start(slot)];
                }
            }
        }
        return acc; // the caller keeps it, so that the JIT cannot drop the loads
    }

    /** What {@link #find} returns for an absent n-gram: no present n-gram has zero values. */
    public static final int ABSENT = 0;

    /** Where the values of the slot info {@code find} returned start. */
    public int start(int slotInfo) {
        return slotInfo >>> 7;
    }

    public int count(int slotInfo) {
        return slotInfo & 0x7F;
    }

    public int language(int value) {
        return languages[value];
    }

    /** The natural log of the language's relative frequency of the n-gram (negative). */
    public float logProb(int value) {
        return -negLogProbs[value] / SCALE;
    }

    static int fingerprint(long hash) {
        int fp = (int) (hash >>> 32);
        return fp == 0 ? 1 : fp;
    }

    static int capacityFor(int keys) {
        int cap = Integer.highestOneBit(Math.max(16, keys)) << 1;
        if (keys > cap * 0.72) {
            cap <<= 1;
        }
        return cap;
    }

    /** Builds a table in two passes over the same n-grams: first the keys and counts, then the values. */
    static final class Builder {
        private final int[] fingerprints;
        private final int[] counts;
        private final int mask;
        private int[] starts;
        private int[] filled;
        private byte[] languages;
        private char[] negLogProbs;
        private int keys;

        Builder(int maxKeys) {
            int cap = capacityFor(maxKeys);
            this.fingerprints = new int[cap];
            this.counts = new int[cap];
            this.mask = cap - 1;
        }

        private int slotFor(long hash, boolean insert) {
            int fp = fingerprint(hash);
            int i = (int) hash & mask;
            while (true) {
                int f = fingerprints[i];
                if (f == fp) {
                    return i;
                }
                if (f == 0) {
                    if (!insert) {
                        throw new IllegalStateException("n-gram not seen in the first pass");
                    }
                    if (++keys > mask * 0.9) {
                        throw new IllegalStateException("fused table over capacity");
                    }
                    fingerprints[i] = fp;
                    return i;
                }
                i = (i + 1) & mask;
            }
        }

        void count(long hash) {
            counts[slotFor(hash, true)]++;
        }

        void allocate() {
            starts = new int[counts.length];
            int total = 0;
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] > 0x7F) {
                    throw new IllegalStateException("an n-gram has more than 127 languages");
                }
                starts[i] = total;
                total += counts[i];
            }
            if (total >= (1 << 25)) {
                throw new IllegalStateException("too many n-gram values: " + total);
            }
            filled = new int[counts.length];
            languages = new byte[total];
            negLogProbs = new char[total];
        }

        void add(long hash, int language, double probability) {
            int slot = slotFor(hash, false);
            int v = starts[slot] + filled[slot]++;
            languages[v] = (byte) language;
            long q = Math.round(-Math.log(probability) * SCALE);
            negLogProbs[v] = (char) Math.max(1, Math.min(0xFFFF, q));
        }

        FusedNgramTable build(String[] languageCodes) {
            int[] slots = new int[counts.length];
            for (int i = 0; i < counts.length; i++) {
                slots[i] = starts[i] << 7 | filled[i];
            }
            return new FusedNgramTable(fingerprints, slots, languages, negLogProbs, languageCodes);
        }
    }

    /** Writes the table in its own binary form (big-endian), which {@link #read} loads in well under a second. */
    public void write(Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream os = Files.newOutputStream(tmp);
             DataOutputStream out = new DataOutputStream(new BufferedOutputStream(os, 1 << 20))) {
            out.writeInt(MAGIC);
            out.writeInt(languageCodes.length);
            for (String c : languageCodes) {
                out.writeUTF(c);
            }
            out.writeInt(probe.length);
            out.writeInt(languages.length);
            ByteBuffer buf = ByteBuffer.allocate(1 << 20).order(ByteOrder.BIG_ENDIAN);
            int[] half = new int[probe.length];
            for (int i = 0; i < probe.length; i++) {
                half[i] = (int) (probe[i] >>> 32);
            }
            writeInts(out, half, buf);
            for (int i = 0; i < probe.length; i++) {
                half[i] = (int) probe[i];
            }
            writeInts(out, half, buf);
            out.write(languages);
            for (int i = 0; i < negLogProbs.length; i += buf.capacity() / 2) {
                buf.clear();
                int n = Math.min(buf.capacity() / 2, negLogProbs.length - i);
                buf.asCharBuffer().put(negLogProbs, i, n);
                out.write(buf.array(), 0, n * 2);
            }
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static void writeInts(DataOutputStream out, int[] a, ByteBuffer buf) throws IOException {
        for (int i = 0; i < a.length; i += buf.capacity() / 4) {
            buf.clear();
            int n = Math.min(buf.capacity() / 4, a.length - i);
            buf.asIntBuffer().put(a, i, n);
            out.write(buf.array(), 0, n * 4);
        }
    }

    public static FusedNgramTable read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            InputStream is = new BufferedInputStream(java.nio.channels.Channels.newInputStream(ch), 1 << 16);
            DataInputStream in = new DataInputStream(is);
            if (in.readInt() != MAGIC) {
                throw new IOException(file + " is not a wc-lid n-gram table");
            }
            String[] codes = new String[in.readInt()];
            for (int i = 0; i < codes.length; i++) {
                codes[i] = in.readUTF();
            }
            int cap = in.readInt();
            int values = in.readInt();
            // the fingerprints, then the slot infos, straight into the probe array's high and low halves
            long[] probe = new long[cap];
            byte[] langs = new byte[values];
            char[] probs = new char[values];
            byte[] raw = new byte[1 << 20];
            readHalves(in, probe, 32, raw);
            readHalves(in, probe, 0, raw);
            in.readFully(langs);
            for (int i = 0; i < values; i += raw.length / 2) {
                int n = Math.min(raw.length / 2, values - i);
                in.readFully(raw, 0, n * 2);
                ByteBuffer.wrap(raw, 0, n * 2).order(ByteOrder.BIG_ENDIAN).asCharBuffer().get(probs, i, n);
            }
            return new FusedNgramTable(probe, langs, probs, codes);
        }
    }

    private static void readHalves(DataInputStream in, long[] a, int shift, byte[] raw) throws IOException {
        for (int i = 0; i < a.length; i += raw.length / 4) {
            int n = Math.min(raw.length / 4, a.length - i);
            in.readFully(raw, 0, n * 4);
            ByteBuffer b = ByteBuffer.wrap(raw, 0, n * 4).order(ByteOrder.BIG_ENDIAN);
            for (int k = 0; k < n; k++) {
                a[i + k] |= (b.getInt(k * 4) & 0xFFFFFFFFL) << shift;
            }
        }
    }
}

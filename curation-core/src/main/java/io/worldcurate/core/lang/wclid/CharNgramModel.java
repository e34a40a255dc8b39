package io.worldcurate.core.lang.wclid;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A multinomial naive Bayes model over hashed character 1-4-grams of each word (padded with spaces) and
 * the words themselves, trained by {@link CharNgramTrainer}. A feature's log-probability in a class is
 * stored as the class's unseen-feature base plus a quantized boost for the classes that saw it, so scoring
 * a text costs one array lookup per feature. Read-only; thread-safe.
 */
public final class CharNgramModel {

    static final int BUCKET_BITS = 22;
    static final int BUCKETS = 1 << BUCKET_BITS;
    static final float BOOST_STEP = 0.05f;
    private static final int MAGIC = 0x57434E42; // "WCNB"

    /** The best class, its score per feature over the runner-up's (the margin), and the runner-up. */
    public record Prediction(String label, int labelIndex, double margin, String runnerUp) {
    }

    /**
     * From this many classes per bucket, a feature's boosts are added as one dense row over all classes (a
     * branch-free loop over 16-bit lanes, 0 for the classes that did not see the feature) instead of class
     * by class. Single characters and common bigrams are such features: about half of a caption's features,
     * and over 90% of the class visits.
     */
    static final int DENSE_MIN = 32;
    private static final int DENSE = 0xFF;

    final String[] labels;
    final float[] base;
    final byte[] classes;
    final byte[] boosts;
    /** Per bucket, one load: {@code start << 8 | size} of its sparse values, or {@code row << 8 | DENSE}. */
    private final int[] info;
    /** The sparse values, {@code class << 8 | boost}: one cache line per feature instead of two. */
    private final short[] values;
    /** Dense rows, four classes per long in 16-bit lanes: a row adds in {@link #lanes} long additions. */
    private final long[] denseRows;
    private final int lanes;
    private final int[] denseStart;
    private final int[] denseSize;

    CharNgramModel(String[] labels, float[] base, int[] offsets, byte[] classes, byte[] boosts) {
        this.labels = labels;
        this.base = base;
        this.classes = classes;
        this.boosts = boosts;
        this.info = new int[BUCKETS];
        this.values = new short[classes.length];
        for (int v = 0; v < classes.length; v++) {
            values[v] = (short) ((classes[v] & 0xFF) << 8 | (boosts[v] & 0xFF));
        }
        int rows = 0;
        for (int b = 0; b < BUCKETS; b++) {
            if (offsets[b + 1] - offsets[b] > DENSE_MIN) {
                rows++;
            }
        }
        int k = labels.length;
        this.lanes = (k + 3) / 4;
        this.denseRows = new long[rows * lanes];
        this.denseStart = new int[rows];
        this.denseSize = new int[rows];
        int row = 0;
        for (int b = 0; b < BUCKETS; b++) {
            int from = offsets[b];
            int size = offsets[b + 1] - from;
            if (size > DENSE_MIN) {
                denseStart[row] = from;
                denseSize[row] = size;
                for (int v = from; v < from + size; v++) {
                    int c = classes[v] & 0xFF;
                    denseRows[row * lanes + (c >>> 2)] |= (long) (boosts[v] & 0xFF) << ((c & 3) * 16);
                }
                info[b] = row << 8 | DENSE;
                row++;
            } else {
                info[b] = from << 8 | size;
            }
        }
    }

    private int size(int bucket) {
        int i = info[bucket];
        return (i & 0xFF) == DENSE ? denseSize[i >>> 8] : i & 0xFF;
    }


    public String[] labels() {
        return labels.clone();
    }

    /** Calls the sink with the bucket of every feature of the text, in order, and returns how many. */
    static int features(String text, java.util.function.IntConsumer sink) {
        int[] count = new int[1];
        int[] buckets = featureBuckets(text, count);
        for (int f = 0; f < count[0]; f++) {
            sink.accept(buckets[f]);
        }
        return count[0];
    }

    static boolean isWordChar(char c) {
        if (Character.isLetter(c)) {
            return true;
        }
        int type = Character.getType(c);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK || Character.isSurrogate(c) && Character.isLetter(c);
    }

    static int bucket(long key) {
        return (int) (key >>> (64 - BUCKET_BITS));
    }

    /** The buckets of a text's features, in order; grows as needed. Per thread. */
    private static final ThreadLocal<int[][]> BUCKETS_SCRATCH = ThreadLocal.withInitial(() -> new int[][] {new int[256]});

    private static int[] featureBuckets(String text, int[] count) {
        int[][] holder = BUCKETS_SCRATCH.get();
        int[] out = holder[0];
        int n = 0;
        String t = text.toLowerCase(java.util.Locale.ROOT);
        int len = t.length();
        // at most 4 n-grams per character plus one word per 2 characters, with each word's two spaces
        int max = 5 * len + 8;
        if (out.length < max) {
            out = new int[max];
            holder[0] = out;
        }
        int i = 0;
        char[] w = new char[66];
        while (i < len) {
            while (i < len && !isWordChar(t.charAt(i))) {
                i++;
            }
            int wl = 0;
            w[wl++] = ' ';
            while (i < len && isWordChar(t.charAt(i))) {
                if (wl < 64) {
                    w[wl++] = t.charAt(i);
                }
                i++;
            }
            if (wl == 1) {
                break;
            }
            w[wl++] = ' ';
            for (int a = 0; a < wl; a++) {
                long state = NgramHash.SEED;
                for (int k = 0; k < 4 && a + k < wl; k++) {
                    state = NgramHash.step(state, w[a + k]);
                    if (k == 0 && w[a] == ' ') {
                        continue;
                    }
                    out[n++] = bucket(NgramHash.key(state, k + 1));
                }
            }
            long state = NgramHash.SEED ^ 0x5DEECE66DL;
            for (int a = 0; a < wl; a++) {
                state = NgramHash.step(state, w[a]);
            }
            out[n++] = bucket(NgramHash.key(state, 100 + wl));
        }
        count[0] = n;
        return out;
    }

    /**
     * Adds every feature's quantized boosts to the classes' sums. The bucket table is far larger than the CPU's
     * caches: a first pass only loads each feature's bucket info (independent loads the CPU overlaps).
     */
    private void addBoosts(int[] buckets, int n, int[] score) {
        int[] infos = new int[n];
        for (int f = 0; f < n; f++) {
            infos[f] = info[buckets[f]];
        }
        long[] rows = denseRows;
        int l = lanes;
        long[] packed = new long[l];
        int inLanes = 0;
        for (int f = 0; f < n; f++) {
            int i = infos[f];
            if ((i & 0xFF) == DENSE) {
                int row = (i >>> 8) * l;
                for (int j = 0; j < l; j++) {
                    packed[j] += rows[row + j];
                }
                if (++inLanes == 256) { // 256 boosts of at most 255 still fit a 16-bit lane
                    unpack(packed, score);
                    inLanes = 0;
                }
            } else {
                for (int v = i >>> 8, end = v + (i & 0xFF); v < end; v++) {
                    int x = values[v];
                    score[x >>> 8 & 0xFF] += x & 0xFF;
                }
            }
        }
        unpack(packed, score);
    }

    private void unpack(long[] packed, int[] score) {
        for (int c = 0; c < labels.length; c++) {
            score[c] += (int) (packed[c >>> 2] >>> ((c & 3) * 16)) & 0xFFFF;
        }
        Arrays.fill(packed, 0L);
    }

    /** Each class's log-probability of the text: its summed quantized boosts (exact integers) and its base. */
    private float[] classScores(int[] buckets, int n) {
        int[] boostSums = new int[labels.length];
        addBoosts(buckets, n, boostSums);
        float[] score = new float[labels.length];
        for (int c = 0; c < labels.length; c++) {
            score[c] = boostSums[c] * BOOST_STEP + n * base[c];
        }
        return score;
    }

    public Prediction predict(String text) {
        int[] count = new int[1];
        int[] buckets = featureBuckets(text, count);
        int n = count[0];
        if (n == 0) {
            return null;
        }
        float[] score = classScores(buckets, n);
        int best = -1;
        int second = -1;
        for (int c = 0; c < labels.length; c++) {
            if (best < 0 || score[c] > score[best]) {
                second = best;
                best = c;
            } else if (second < 0 || score[c] > score[second]) {
                second = c;
            }
        }
        double margin = second < 0 ? Double.POSITIVE_INFINITY : (score[best] - score[second]) / n;
        return new Prediction(labels[best], best, margin, second < 0 ? null : labels[second]);
    }

    /** Scores of every class for the text (for combination rules that restrict the classes). */
    float[] scores(String text) {
        int[] count = new int[1];
        int[] buckets = featureBuckets(text, count);
        int n = count[0];
        return classScores(buckets, n);
    }

    public void write(OutputStream os) throws IOException {
        GZIPOutputStream gz = new GZIPOutputStream(os, 1 << 16);
        DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(gz, 1 << 16));
        out.writeInt(MAGIC);
        out.writeInt(labels.length);
        for (int c = 0; c < labels.length; c++) {
            out.writeUTF(labels[c]);
            out.writeFloat(base[c]);
        }
        out.writeInt(classes.length);
        // sizes per bucket as varints, then the classes and boosts
        for (int b = 0; b < BUCKETS; b++) {
            int size = size(b);
            while (size >= 0x80) {
                out.writeByte(size & 0x7F | 0x80);
                size >>>= 7;
            }
            out.writeByte(size);
        }
        out.write(classes);
        out.write(boosts);
        out.flush();
        gz.finish();
    }

    /** A bucket's size as the model file stores it: 7 bits per byte, low bits first, high bit set while more follow. */
    static int readVarint(DataInputStream in) throws IOException {
        int size = 0;
        int shift = 0;
        int x;
        do {
            x = in.readUnsignedByte();
            size |= (x & 0x7F) << shift;
            shift += 7;
        } while ((x & 0x80) != 0);
        return size;
    }

    public static CharNgramModel read(InputStream is) throws IOException {
        DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(new GZIPInputStream(is, 1 << 16), 1 << 16));
        if (in.readInt() != MAGIC) {
            throw new IOException("not a wc-lid character n-gram model");
        }
        int k = in.readInt();
        String[] labels = new String[k];
        float[] base = new float[k];
        for (int c = 0; c < k; c++) {
            labels[c] = in.readUTF();
            base[c] = in.readFloat();
        }
        int values = in.readInt();
        int[] offsets = new int[BUCKETS + 1];
        for (int b = 0; b < BUCKETS; b++) {
            offsets[b + 1] = offsets[b] + readVarint(in);
        }
        if (offsets[BUCKETS] != values) {
            throw new IOException("corrupt wc-lid character n-gram model");
        }
        byte[] classes = new byte[values];
        byte[] boosts = new byte[values];
        in.readFully(classes);
        in.readFully(boosts);
        return new CharNgramModel(labels, base, offsets, classes, boosts);
    }

    @Override
    public String toString() {
        return "CharNgramModel" + Arrays.toString(labels);
    }
}

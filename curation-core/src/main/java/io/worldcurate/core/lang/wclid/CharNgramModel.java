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

    final String[] labels;
    final float[] base;
    final int[] offsets; // BUCKETS + 1
    final byte[] classes;
    final byte[] boosts;

    CharNgramModel(String[] labels, float[] base, int[] offsets, byte[] classes, byte[] boosts) {
        this.labels = labels;
        this.base = base;
        this.offsets = offsets;
        this.classes = classes;
        this.boosts = boosts;
    }

    public String[] labels() {
        return labels.clone();
    }

    /** Calls the sink with the bucket of every feature of the text. */
    static int features(String text, java.util.function.IntConsumer sink) {
        String t = text.toLowerCase(java.util.Locale.ROOT);
        int count = 0;
        int i = 0;
        int n = t.length();
        char[] w = new char[66];
        while (i < n) {
            while (i < n && !isWordChar(t.charAt(i))) {
                i++;
            }
            int len = 0;
            w[len++] = ' ';
            while (i < n && isWordChar(t.charAt(i))) {
                if (len < 64) {
                    w[len++] = t.charAt(i);
                }
                i++;
            }
            if (len == 1) {
                break;
            }
            w[len++] = ' ';
            for (int a = 0; a < len; a++) {
                long state = NgramHash.SEED;
                for (int k = 0; k < 4 && a + k < len; k++) {
                    state = NgramHash.step(state, w[a + k]);
                    if (k == 0 && w[a] == ' ') {
                        continue; // a lone space says nothing
                    }
                    sink.accept(bucket(NgramHash.key(state, k + 1)));
                    count++;
                }
            }
            long state = NgramHash.SEED ^ 0x5DEECE66DL;
            for (int a = 0; a < len; a++) {
                state = NgramHash.step(state, w[a]);
            }
            sink.accept(bucket(NgramHash.key(state, 100 + len)));
            count++;
        }
        return count;
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

    public Prediction predict(String text) {
        float[] score = new float[labels.length];
        int[] count = {0};
        features(text, b -> {
            count[0]++;
            for (int v = offsets[b]; v < offsets[b + 1]; v++) {
                score[classes[v] & 0xFF] += (boosts[v] & 0xFF) * BOOST_STEP;
            }
        });
        if (count[0] == 0) {
            return null;
        }
        int best = -1;
        int second = -1;
        for (int c = 0; c < labels.length; c++) {
            score[c] += count[0] * base[c];
            if (best < 0 || score[c] > score[best]) {
                second = best;
                best = c;
            } else if (second < 0 || score[c] > score[second]) {
                second = c;
            }
        }
        double margin = second < 0 ? Double.POSITIVE_INFINITY : (score[best] - score[second]) / count[0];
        return new Prediction(labels[best], best, margin, second < 0 ? null : labels[second]);
    }

    /** Scores of every class for the text (for combination rules that restrict the classes). */
    float[] scores(String text) {
        float[] score = new float[labels.length];
        int[] count = {0};
        features(text, b -> {
            count[0]++;
            for (int v = offsets[b]; v < offsets[b + 1]; v++) {
                score[classes[v] & 0xFF] += (boosts[v] & 0xFF) * BOOST_STEP;
            }
        });
        for (int c = 0; c < labels.length; c++) {
            score[c] += count[0] * base[c];
        }
        return score;
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
            int size = offsets[b + 1] - offsets[b];
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
            int size = 0;
            int shift = 0;
            int x;
            do {
                x = in.readUnsignedByte();
                size |= (x & 0x7F) << shift;
                shift += 7;
            } while ((x & 0x80) != 0);
            offsets[b + 1] = offsets[b] + size;
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

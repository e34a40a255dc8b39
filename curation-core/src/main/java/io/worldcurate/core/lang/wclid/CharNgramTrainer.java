package io.worldcurate.core.lang.wclid;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Trains a {@link CharNgramModel} on labelled captions ({@code source, language, caption} TSV; the label is
 * the language column). Naive Bayes with add-{@value #ALPHA} smoothing; a (feature, class) pair seen fewer
 * than {@link #minCount} times is dropped to keep the model small.
 */
public final class CharNgramTrainer {

    static final double ALPHA = 0.1;

    private final int minCount;

    public CharNgramTrainer(int minCount) {
        this.minCount = minCount;
    }

    public CharNgramModel train(List<LabelledCaptions.Row> rows) {
        Map<String, Integer> labelIndex = new TreeMap<>();
        for (LabelledCaptions.Row r : rows) {
            labelIndex.putIfAbsent(r.language(), 0);
        }
        if (labelIndex.size() > 255) {
            throw new IllegalArgumentException("at most 255 labels, got " + labelIndex.size());
        }
        String[] labels = labelIndex.keySet().toArray(new String[0]);
        for (int i = 0; i < labels.length; i++) {
            labelIndex.put(labels[i], i);
        }
        List<Map<Integer, int[]>> counts = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            counts.add(new HashMap<>());
        }
        long[] totals = new long[labels.length];
        boolean[] seen = new boolean[CharNgramModel.BUCKETS];
        for (LabelledCaptions.Row r : rows) {
            int c = labelIndex.get(r.language());
            Map<Integer, int[]> m = counts.get(c);
            totals[c] += CharNgramModel.features(r.caption(), b -> {
                m.computeIfAbsent(b, k -> new int[1])[0]++;
                seen[b] = true;
            });
        }
        int vocabulary = 0;
        for (boolean s : seen) {
            if (s) {
                vocabulary++;
            }
        }
        float[] base = new float[labels.length];
        for (int c = 0; c < labels.length; c++) {
            base[c] = (float) Math.log(ALPHA / (totals[c] + ALPHA * vocabulary));
        }
        int[] sizes = new int[CharNgramModel.BUCKETS];
        for (Map<Integer, int[]> m : counts) {
            for (Map.Entry<Integer, int[]> e : m.entrySet()) {
                if (e.getValue()[0] >= minCount) {
                    sizes[e.getKey()]++;
                }
            }
        }
        int[] offsets = new int[CharNgramModel.BUCKETS + 1];
        for (int b = 0; b < CharNgramModel.BUCKETS; b++) {
            offsets[b + 1] = offsets[b] + sizes[b];
        }
        int[] fill = new int[CharNgramModel.BUCKETS];
        byte[] classes = new byte[offsets[CharNgramModel.BUCKETS]];
        byte[] boosts = new byte[classes.length];
        for (int c = 0; c < labels.length; c++) {
            for (Map.Entry<Integer, int[]> e : new TreeMap<>(counts.get(c)).entrySet()) {
                int n = e.getValue()[0];
                if (n < minCount) {
                    continue;
                }
                int b = e.getKey();
                int v = offsets[b] + fill[b]++;
                classes[v] = (byte) c;
                long q = Math.round(Math.log((n + ALPHA) / ALPHA) / CharNgramModel.BOOST_STEP);
                boosts[v] = (byte) Math.min(255, q);
            }
        }
        return new CharNgramModel(labels, base, offsets, classes, boosts);
    }

    /**
     * {@code CharNgramTrainer --input labelled.tsv --out model.bin.gz [--min-count N] [--first-per-source N]}:
     * the last option keeps only the first N captions of each source (400 for captions_mt_dev.tsv).
     */
    public static void main(String[] args) throws IOException {
        Path input = null;
        Path out = null;
        int minCount = 2;
        int firstPerSource = Integer.MAX_VALUE;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--input" -> input = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--min-count" -> minCount = Integer.parseInt(args[++i]);
                case "--first-per-source" -> firstPerSource = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (input == null || out == null) {
            throw new IllegalArgumentException("usage: --input labelled.tsv --out model [--min-count N] [--first-per-source N]");
        }
        long t0 = System.nanoTime();
        LabelledCaptions data = LabelledCaptions.read(input);
        if (firstPerSource != Integer.MAX_VALUE) {
            data = data.split(firstPerSource).get(0);
        }
        CharNgramModel model = new CharNgramTrainer(minCount).train(data.rows());
        try (OutputStream os = Files.newOutputStream(out)) {
            model.write(os);
        }
        System.out.printf("trained on %d captions, %d labels, %d weights in %.1f s -> %s (%d KB)%n", data.size(),
                model.labels.length, model.classes.length, (System.nanoTime() - t0) / 1e9, out, Files.size(out) >> 10);
    }
}

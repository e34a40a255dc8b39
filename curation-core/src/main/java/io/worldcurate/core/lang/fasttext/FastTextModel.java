package io.worldcurate.core.lang.fasttext;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * A fastText supervised model ({@code .bin}, or quantized {@code .ftz}) read in pure Java, predicting
 * as fastText 0.9.2 does: its tokenizer (ASCII whitespace, an end-of-sentence token {@code </s>} per
 * line), word ids, character n-grams of {@code <word>} hashed with FNV-1a over bytes read as signed
 * chars, word n-grams, buckets and pruned buckets, the averaged hidden vector, and softmax,
 * hierarchical softmax or one-vs-all (and negative sampling) output, in float arithmetic in
 * fastText's order. Immutable and thread-safe: each prediction allocates its own small vectors.
 */
public final class FastTextModel {

    private static final int MAGIC = 793712314;
    private static final int VERSION = 12;
    private static final String EOS = "</s>";
    private static final String LABEL_PREFIX = "__label__";
    private static final int LOSS_HS = 1;
    private static final int LOSS_NS = 2;
    private static final int LOSS_SOFTMAX = 3;
    private static final int LOSS_OVA = 4;
    private static final int MODEL_SUP = 3;
    private static final float LOG_THRESHOLD_ZERO = stdLog(0.0f);

    /** A label (with its prefix, as the model stores it) and fastText's probability for it. */
    public record Prediction(String label, float probability) {
    }

    private final int dim;
    private final int wordNgrams;
    private final int loss;
    private final int bucket;
    private final int minn;
    private final int maxn;
    private final int nwords;
    private final String[] labels;
    /** Vocabulary words as ISO-8859-1 strings of their UTF-8 bytes, so lookups are byte-exact. */
    private final Map<String, Integer> wordIds;
    /** -1 when not pruned; else bucket id to row offset (possibly empty). */
    private final long pruneSize;
    private final Map<Integer, Integer> pruneIndex;
    private final Matrix input;
    private final Matrix output;
    private final HsTree tree;
    private final float[] sigmoidTable;

    private FastTextModel(int dim, int wordNgrams, int loss, int bucket, int minn, int maxn, int nwords, String[] labels,
                          Map<String, Integer> wordIds, long pruneSize, Map<Integer, Integer> pruneIndex, Matrix input,
                          Matrix output, HsTree tree) {
        this.dim = dim;
        this.wordNgrams = wordNgrams;
        this.loss = loss;
        this.bucket = bucket;
        this.minn = minn;
        this.maxn = maxn;
        this.nwords = nwords;
        this.labels = labels;
        this.wordIds = wordIds;
        this.pruneSize = pruneSize;
        this.pruneIndex = pruneIndex;
        this.input = input;
        this.output = output;
        this.tree = tree;
        this.sigmoidTable = loss == LOSS_OVA || loss == LOSS_NS ? sigmoidTable() : null;
    }

    /**
     * Reads a model file.
     *
     * @throws IOException when the file cannot be read or is not a fastText supervised model, with the reason
     */
    public static FastTextModel load(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return read(new LittleEndianInput(ch), file.toString());
        }
    }

    private static FastTextModel read(LittleEndianInput in, String name) throws IOException {
        int magic = in.readInt();
        int version = in.readInt();
        if (magic != MAGIC) {
            throw new IOException(name + " is not a fastText model (bad magic number " + magic + ")");
        }
        if (version > VERSION) {
            throw new IOException(name + " is a fastText model of version " + version + "; this reader knows versions up to " + VERSION);
        }
        int dim = in.readInt();
        in.readInt(); // ws
        in.readInt(); // epoch
        in.readInt(); // minCount
        in.readInt(); // neg
        int wordNgrams = in.readInt();
        int loss = in.readInt();
        int model = in.readInt();
        int bucket = in.readInt();
        int minn = in.readInt();
        int maxn = in.readInt();
        in.readInt(); // lrUpdateRate
        in.readDouble(); // t
        if (model != MODEL_SUP) {
            throw new IOException(name + " is not a supervised fastText model (model type " + model + "): it cannot predict labels");
        }
        if (loss < LOSS_HS || loss > LOSS_OVA) {
            throw new IOException(name + " has an unknown loss " + loss);
        }
        if (version == 11) {
            maxn = 0; // fastText: old supervised models do not use character n-grams
        }

        int size = in.readInt();
        int nwords = in.readInt();
        int nlabels = in.readInt();
        in.readLong(); // ntokens
        long pruneSize = in.readLong();
        if (size < 0 || nwords < 0 || nlabels <= 0 || size != nwords + nlabels) {
            throw new IOException(name + " has a corrupt dictionary (" + size + " entries, " + nwords + " words, " + nlabels + " labels)");
        }
        Map<String, Integer> wordIds = new HashMap<>(nwords * 2);
        String[] labels = new String[nlabels];
        long[] labelCounts = new long[nlabels];
        for (int i = 0; i < size; i++) {
            byte[] word = in.readCString();
            long count = in.readLong();
            byte type = in.readByte();
            if (i < nwords) {
                wordIds.put(new String(word, StandardCharsets.ISO_8859_1), i);
            } else {
                labels[i - nwords] = new String(word, StandardCharsets.UTF_8);
                labelCounts[i - nwords] = count;
            }
            if ((type == 0) != (i < nwords)) {
                throw new IOException(name + ": dictionary entry " + i + " is of type " + type + " where fastText puts "
                        + (i < nwords ? "words" : "labels"));
            }
        }
        Map<Integer, Integer> pruneIndex = new HashMap<>();
        for (long i = 0; i < pruneSize; i++) {
            int first = in.readInt();
            int second = in.readInt();
            pruneIndex.put(first, second);
        }
        boolean quantInput = in.readBool();
        Matrix input = quantInput ? QuantMatrix.read(in) : DenseMatrix.read(in);
        boolean quantOutput = in.readBool();
        Matrix output = quantOutput ? QuantMatrix.read(in) : DenseMatrix.read(in);
        if (input.cols() != dim || output.cols() != dim) {
            throw new IOException(name + ": matrices of " + input.cols() + " and " + output.cols() + " columns for dimension " + dim);
        }
        // hierarchical softmax uses the first nlabels - 1 rows (its inner nodes), of the nlabels that fastText allocates
        if (loss == LOSS_HS ? output.rows() < nlabels - 1 : output.rows() != nlabels) {
            throw new IOException(name + ": output matrix of " + output.rows() + " rows for " + nlabels + " labels");
        }
        return new FastTextModel(dim, wordNgrams, loss, bucket, minn, maxn, nwords, labels, Map.copyOf(wordIds), pruneSize,
                Map.copyOf(pruneIndex), input, output, loss == LOSS_HS ? HsTree.build(labelCounts) : null);
    }

    /** The model's labels, with their prefix (e.g. {@code __label__en}), in its order. */
    public String[] labels() {
        return labels.clone();
    }

    /** The vector dimension. */
    public int dimension() {
        return dim;
    }

    /**
     * The best label of one line of text, as {@code fasttext predict-prob} gives it for that line, or
     * null where fastText gives none (no word, or hierarchical softmax below its threshold).
     * Newlines inside the text count as spaces; the line's end-of-sentence token is added.
     */
    public Prediction predict(String text) {
        int[] ids = inputIds(text);
        if (ids.length == 0) {
            return null;
        }
        float[] hidden = new float[dim];
        for (int id : ids) {
            input.addRowTo(hidden, id);
        }
        float scale = (float) (1.0 / ids.length);
        for (int j = 0; j < dim; j++) {
            hidden[j] *= scale;
        }
        int best;
        float bestLog;
        if (loss == LOSS_HS) {
            HsTree.Best b = tree.best(output, hidden);
            if (b == null) {
                return null;
            }
            best = b.label();
            bestLog = b.score();
        } else {
            float[] out = new float[labels.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = output.dotRow(hidden, i);
            }
            if (loss == LOSS_SOFTMAX) {
                softmax(out);
            } else {
                for (int i = 0; i < out.length; i++) {
                    out[i] = sigmoid(out[i]);
                }
            }
            best = -1;
            bestLog = 0;
            for (int i = 0; i < out.length; i++) {
                float l = stdLog(out[i]);
                if (best < 0 || l >= bestLog) { // fastText's heap of one keeps the later of equal scores
                    best = i;
                    bestLog = l;
                }
            }
        }
        return new Prediction(labels[best], (float) Math.exp(bestLog));
    }

    private static void softmax(float[] out) {
        float max = out[0];
        for (float v : out) {
            max = Math.max(v, max);
        }
        float z = 0.0f;
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) Math.exp(out[i] - max);
            z += out[i];
        }
        for (int i = 0; i < out.length; i++) {
            out[i] /= z;
        }
    }

    static float stdLog(float x) {
        return (float) Math.log(x + 1e-5);
    }

    private static float[] sigmoidTable() {
        float[] t = new float[512 + 1];
        for (int i = 0; i < t.length; i++) {
            float x = (float) (i * 2 * 8) / 512 - 8;
            t[i] = (float) (1.0 / (1.0 + (float) Math.exp(-x)));
        }
        return t;
    }

    private float sigmoid(float x) {
        if (x < -8) {
            return 0.0f;
        } else if (x > 8) {
            return 1.0f;
        }
        int i = (int) ((x + 8) * 512 / 8 / 2);
        return sigmoidTable[i];
    }

    /** The rows of the input matrix for one line: fastText's {@code Dictionary::getLine}. */
    int[] inputIds(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        IntList ids = new IntList(16);
        IntList hashes = new IntList(16);
        int i = 0;
        int n = bytes.length;
        boolean any = false;
        boolean ended = false;
        while (!ended) {
            while (i < n && isSpace(bytes[i])) {
                i++;
            }
            if (i >= n) {
                break;
            }
            int start = i;
            while (i < n && !isSpace(bytes[i])) {
                i++;
            }
            any = true;
            String token = new String(bytes, start, i - start, StandardCharsets.ISO_8859_1);
            addToken(token, ids, hashes);
            ended = token.equals(EOS); // fastText ends the line at a literal </s>
        }
        if (!any) {
            return new int[0];
        }
        if (!ended) {
            addToken(EOS, ids, hashes);
        }
        addWordNgrams(ids, hashes);
        return ids.toArray();
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == 0x0B || c == '\f' || c == 0;
    }

    private void addToken(String token, IntList ids, IntList hashes) {
        if (token.startsWith(LABEL_PREFIX)) {
            return; // fastText reads it as a label, not a word
        }
        Integer wid = wordIds.get(token);
        if (wid == null) {
            if (!token.equals(EOS)) {
                addCharNgrams("<" + token + ">", ids);
            }
        } else {
            ids.add(wid);
            if (maxn > 0 && !token.equals(EOS)) {
                addCharNgrams("<" + token + ">", ids);
            }
        }
        hashes.add(hash(token));
    }

    /** fastText's {@code computeSubwords}: character n-grams (counted in UTF-8 characters) of a byte string. */
    private void addCharNgrams(String word, IntList ids) {
        if (bucket <= 0) {
            return;
        }
        int len = word.length();
        for (int i = 0; i < len; i++) {
            if ((word.charAt(i) & 0xC0) == 0x80) {
                continue;
            }
            int h = (int) 2166136261L;
            int j = i;
            for (int n = 1; j < len && n <= maxn; n++) {
                h = fnv(h, word.charAt(j++));
                while (j < len && (word.charAt(j) & 0xC0) == 0x80) {
                    h = fnv(h, word.charAt(j++));
                }
                if (n >= minn && !(n == 1 && (i == 0 || j == len))) {
                    pushHash(ids, Integer.remainderUnsigned(h, bucket));
                }
            }
        }
    }

    private void addWordNgrams(IntList ids, IntList hashes) {
        if (bucket <= 0) {
            return;
        }
        for (int i = 0; i < hashes.size(); i++) {
            long h = hashes.get(i);
            for (int j = i + 1; j < hashes.size() && j < i + wordNgrams; j++) {
                h = h * 116049371L + hashes.get(j);
                pushHash(ids, (int) Long.remainderUnsigned(h, bucket));
            }
        }
    }

    private void pushHash(IntList ids, int id) {
        if (pruneSize == 0 || id < 0) {
            return;
        }
        if (pruneSize > 0) {
            Integer mapped = pruneIndex.get(id);
            if (mapped == null) {
                return;
            }
            id = mapped;
        }
        ids.add(nwords + id);
    }

    /** FNV-1a over bytes read as signed chars, as fastText's {@code Dictionary::hash}. */
    static int hash(String byteString) {
        int h = (int) 2166136261L;
        for (int i = 0; i < byteString.length(); i++) {
            h = fnv(h, byteString.charAt(i));
        }
        return h;
    }

    private static int fnv(int h, char byteChar) {
        return (h ^ (byte) byteChar) * 16777619;
    }

    /** fastText's Huffman tree over label counts, and its depth-first search for the best leaf. */
    static final class HsTree {

        record Best(int label, float score) {
        }

        private final int osz;
        private final int[] left;
        private final int[] right;

        private HsTree(int osz, int[] left, int[] right) {
            this.osz = osz;
            this.left = left;
            this.right = right;
        }

        static HsTree build(long[] counts) {
            int osz = counts.length;
            int nodes = 2 * osz - 1;
            int[] left = new int[nodes];
            int[] right = new int[nodes];
            long[] count = new long[nodes];
            java.util.Arrays.fill(left, -1);
            java.util.Arrays.fill(right, -1);
            java.util.Arrays.fill(count, (long) 1e15);
            System.arraycopy(counts, 0, count, 0, osz);
            int leaf = osz - 1;
            int node = osz;
            for (int i = osz; i < nodes; i++) {
                int[] mini = new int[2];
                for (int j = 0; j < 2; j++) {
                    if (leaf >= 0 && count[leaf] < count[node]) {
                        mini[j] = leaf--;
                    } else {
                        mini[j] = node++;
                    }
                }
                left[i] = mini[0];
                right[i] = mini[1];
                count[i] = count[mini[0]] + count[mini[1]];
            }
            return new HsTree(osz, left, right);
        }

        Best best(Matrix output, float[] hidden) {
            Best[] best = new Best[1];
            dfs(2 * osz - 2, 0.0f, output, hidden, best);
            return best[0];
        }

        private void dfs(int node, float score, Matrix output, float[] hidden, Best[] best) {
            if (score < LOG_THRESHOLD_ZERO) {
                return;
            }
            if (best[0] != null && score < best[0].score()) {
                return;
            }
            if (left[node] == -1 && right[node] == -1) {
                best[0] = new Best(node, score); // a leaf not below the best replaces it, as fastText's heap of one does
                return;
            }
            float f = output.dotRow(hidden, node - osz);
            f = (float) (1.0 / (1 + (float) Math.exp(-f)));
            dfs(left[node], score + stdLog((float) (1.0 - f)), output, hidden, best);
            dfs(right[node], score + stdLog(f), output, hidden, best);
        }
    }

    /** A growable int array, to keep the per-text work free of boxing. */
    private static final class IntList {
        private int[] a;
        private int size;

        IntList(int capacity) {
            a = new int[capacity];
        }

        void add(int v) {
            if (size == a.length) {
                a = java.util.Arrays.copyOf(a, size * 2);
            }
            a[size++] = v;
        }

        int get(int i) {
            return a[i];
        }

        int size() {
            return size;
        }

        int[] toArray() {
            return java.util.Arrays.copyOf(a, size);
        }
    }
}

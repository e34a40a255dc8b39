package io.worldcurate.core.lang.fasttext;

import java.io.IOException;

/** fastText's {@code ProductQuantizer}: nsubq sub-vectors of dsub floats (the last of lastdsub), 256 centroids each. */
final class ProductQuantizer {

    private static final int KSUB = 256;

    private final int nsubq;
    private final int dsub;
    private final int lastdsub;
    private final float[] centroids;

    private ProductQuantizer(int nsubq, int dsub, int lastdsub, float[] centroids) {
        this.nsubq = nsubq;
        this.dsub = dsub;
        this.lastdsub = lastdsub;
        this.centroids = centroids;
    }

    static ProductQuantizer read(LittleEndianInput in) throws IOException {
        int dim = in.readInt();
        int nsubq = in.readInt();
        int dsub = in.readInt();
        int lastdsub = in.readInt();
        if (dim <= 0 || nsubq <= 0 || dsub <= 0 || lastdsub <= 0 || (long) dim * KSUB > Integer.MAX_VALUE) {
            throw new IOException("corrupt product quantizer: dim " + dim + ", nsubq " + nsubq + ", dsub " + dsub + ", lastdsub " + lastdsub);
        }
        float[] c = new float[dim * KSUB];
        in.readFloats(c, 0, c.length);
        return new ProductQuantizer(nsubq, dsub, lastdsub, c);
    }

    int nsubq() {
        return nsubq;
    }

    private int centroid(int m, int code) {
        return m == nsubq - 1 ? m * KSUB * dsub + code * lastdsub : (m * KSUB + code) * dsub;
    }

    /** The first float of centroid {@code code} of sub-quantizer 0 (the norm quantizer's value). */
    float first(int code) {
        return centroids[centroid(0, code)];
    }

    void addCode(float[] x, byte[] codes, int t, float alpha) {
        int d = dsub;
        int base = nsubq * t;
        for (int m = 0; m < nsubq; m++) {
            int c = centroid(m, codes[base + m] & 0xFF);
            if (m == nsubq - 1) {
                d = lastdsub;
            }
            for (int n = 0; n < d; n++) {
                x[m * dsub + n] += alpha * centroids[c + n];
            }
        }
    }

    float mulCode(float[] x, byte[] codes, int t, float alpha) {
        float res = 0.0f;
        int d = dsub;
        int base = nsubq * t;
        for (int m = 0; m < nsubq; m++) {
            int c = centroid(m, codes[base + m] & 0xFF);
            if (m == nsubq - 1) {
                d = lastdsub;
            }
            for (int n = 0; n < d; n++) {
                res += x[m * dsub + n] * centroids[c + n];
            }
        }
        return res * alpha;
    }
}

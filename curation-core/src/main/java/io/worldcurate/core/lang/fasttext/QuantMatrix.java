package io.worldcurate.core.lang.fasttext;

import java.io.IOException;

/** fastText's {@code QuantMatrix} (in .ftz files): product-quantized rows, optionally with quantized norms (qnorm). */
final class QuantMatrix implements Matrix {

    private final boolean qnorm;
    private final long rows;
    private final int cols;
    private final byte[] codes;
    private final ProductQuantizer pq;
    private final byte[] normCodes;
    private final ProductQuantizer npq;

    private QuantMatrix(boolean qnorm, long rows, int cols, byte[] codes, ProductQuantizer pq, byte[] normCodes, ProductQuantizer npq) {
        this.qnorm = qnorm;
        this.rows = rows;
        this.cols = cols;
        this.codes = codes;
        this.pq = pq;
        this.normCodes = normCodes;
        this.npq = npq;
    }

    static QuantMatrix read(LittleEndianInput in) throws IOException {
        boolean qnorm = in.readBool();
        long m = in.readLong();
        long n = in.readLong();
        int codesize = in.readInt();
        if (m < 0 || n <= 0 || n > 1 << 16 || codesize < 0 || m > Integer.MAX_VALUE) {
            throw new IOException("corrupt quantized matrix: " + m + " x " + n + ", " + codesize + " codes");
        }
        byte[] codes = new byte[codesize];
        in.readBytes(codes);
        ProductQuantizer pq = ProductQuantizer.read(in);
        if ((long) pq.nsubq() * m != codesize) {
            throw new IOException("corrupt quantized matrix: " + codesize + " codes for " + m + " rows of " + pq.nsubq() + " sub-vectors");
        }
        byte[] normCodes = null;
        ProductQuantizer npq = null;
        if (qnorm) {
            normCodes = new byte[(int) m];
            in.readBytes(normCodes);
            npq = ProductQuantizer.read(in);
        }
        return new QuantMatrix(qnorm, m, (int) n, codes, pq, normCodes, npq);
    }

    @Override
    public long rows() {
        return rows;
    }

    @Override
    public int cols() {
        return cols;
    }

    private float norm(int i) {
        return qnorm ? npq.first(normCodes[i] & 0xFF) : 1.0f;
    }

    @Override
    public void addRowTo(float[] x, int i) {
        pq.addCode(x, codes, i, norm(i));
    }

    @Override
    public float dotRow(float[] x, int i) {
        return pq.mulCode(x, codes, i, norm(i));
    }
}

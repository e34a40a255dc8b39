package io.worldcurate.core.lang.fasttext;

import java.io.IOException;

/** fastText's {@code DenseMatrix}: int64 rows, int64 cols, then rows x cols floats. */
final class DenseMatrix implements Matrix {

    private final int rows;
    private final int cols;
    private final float[] data;

    private DenseMatrix(int rows, int cols, float[] data) {
        this.rows = rows;
        this.cols = cols;
        this.data = data;
    }

    static DenseMatrix read(LittleEndianInput in) throws IOException {
        long m = in.readLong();
        long n = in.readLong();
        if (m < 0 || n <= 0 || n > 1 << 16 || m * n > Integer.MAX_VALUE - 16) {
            throw new IOException("unsupported matrix of " + m + " x " + n + " floats (at most 2^31 floats in one matrix)");
        }
        float[] data = new float[(int) (m * n)];
        in.readFloats(data, 0, data.length);
        return new DenseMatrix((int) m, (int) n, data);
    }

    @Override
    public long rows() {
        return rows;
    }

    @Override
    public int cols() {
        return cols;
    }

    @Override
    public void addRowTo(float[] x, int i) {
        int base = i * cols;
        for (int j = 0; j < cols; j++) {
            x[j] += data[base + j];
        }
    }

    @Override
    public float dotRow(float[] x, int i) {
        int base = i * cols;
        float d = 0.0f;
        for (int j = 0; j < cols; j++) {
            d += data[base + j] * x[j];
        }
        return d;
    }
}

package io.worldcurate.core.lang.fasttext;

/** A fastText matrix as prediction uses it, with fastText's float arithmetic in its order. */
interface Matrix {

    long rows();

    int cols();

    /** x += row i. */
    void addRowTo(float[] x, int i);

    /** The dot product of row i with x. */
    float dotRow(float[] x, int i);
}

package io.worldcurate.core.threshold;

/**
 * Parameters of the threshold computation (spec section 6).
 *
 * @param tEn          English's threshold t_en (default 170000)
 * @param tailRatio    when set, every language (English included) gets p_to_t(N[L], tailRatio)
 * @param minThreshold the least threshold any language gets (default 1)
 */
public record ThresholdParams(long tEn, Double tailRatio, long minThreshold) {

    public static final long DEFAULT_T_EN = 170_000;
    /** The paper's invariant tail ratio, used when there is neither a tail ratio nor English. */
    public static final double FALLBACK_TAIL_RATIO = 0.06;
    public static final ThresholdParams DEFAULT = new ThresholdParams(DEFAULT_T_EN, null, 1);

    public ThresholdParams {
        if (tEn < 1) {
            throw new IllegalArgumentException("t_en must be >= 1, got " + tEn);
        }
        if (tailRatio != null && !(tailRatio >= 0.0 && tailRatio <= 1.0)) {
            throw new IllegalArgumentException("tail ratio must be within 0 and 1, got " + tailRatio);
        }
        if (minThreshold < 0) {
            throw new IllegalArgumentException("min threshold must be >= 0, got " + minThreshold);
        }
    }
}

package io.worldcurate.core.decide;

/**
 * The decision rule of spec section 7, for a given seed: which matched text an image keeps, and
 * whether the image is admitted given the counts and threshold of that text's language.
 */
public final class Decider {

    private final String seed;

    public Decider(String seed) {
        if (seed == null) {
            throw new IllegalArgumentException("seed must not be null");
        }
        this.seed = seed;
    }

    public String seed() {
        return seed;
    }

    /** The index, among an image's {@code matchedTexts} matched texts in input order, of the chosen one. */
    public int chosenIndex(String uuid, int matchedTexts) {
        if (matchedTexts < 1) {
            throw new IllegalArgumentException("an image needs at least one matched text");
        }
        long h = CurationHash.h64(seed + "|" + uuid + "|text");
        return (int) Long.remainderUnsigned(h, matchedTexts);
    }

    /** u(e): the uniform draw of entry {@code entry} of language {@code language} for this image. */
    public double uniform(String uuid, String language, int entry) {
        return CurationHash.uniform(seed + "|" + uuid + "|" + language + "|" + entry);
    }

    /** P[L][e]: 1 below the threshold, t / N at or above it. */
    public static double entryProbability(long count, long threshold) {
        return count < threshold ? 1.0 : (double) threshold / (double) count;
    }

    /**
     * Decides an image on its chosen text.
     *
     * @param entries the chosen text's matched entries, ascending
     * @param counts  N[L][e] of each entry, in the same order
     */
    public Decision decide(String uuid, String language, int[] entries, long[] counts, long threshold) {
        if (entries.length != counts.length) {
            throw new IllegalArgumentException("one count per entry expected");
        }
        boolean admitted = false;
        double none = 1.0;
        for (int i = 0; i < entries.length; i++) {
            double p = entryProbability(counts[i], threshold);
            none *= 1.0 - p;
            if (!admitted && (p >= 1.0 || uniform(uuid, language, entries[i]) < p)) { // u < 1: no draw needed at p = 1
                admitted = true;
            }
        }
        return new Decision(admitted, 1.0 - none);
    }
}

package io.worldcurate.core.lang.wclid;

/**
 * 64-bit hashes of character n-grams built incrementally, so that the hashes of all prefixes of an n-gram
 * (Lingua's back-off order) come out of one pass over its characters.
 */
final class NgramHash {

    static final long SEED = 0x2545F4914F6CDD1DL;
    private static final long PRIME = 0x100000001B3L * 0x9E3779B97F4A7C15L | 1L;

    private NgramHash() {
    }

    static long step(long state, char c) {
        return (state ^ c) * PRIME;
    }

    /** The key of the n-gram whose running state (after its {@code length} characters) is {@code state}. */
    static long key(long state, int length) {
        long h = state + length;
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB93FE1A85EC5L;
        h ^= h >>> 33;
        return h;
    }

    static long of(CharSequence s, int from, int to) {
        long state = SEED;
        for (int i = from; i < to; i++) {
            state = step(state, s.charAt(i));
        }
        return key(state, to - from);
    }
}

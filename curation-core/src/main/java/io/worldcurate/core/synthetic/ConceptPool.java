package io.worldcurate.core.synthetic;

import io.worldcurate.core.input.ImageValidator;
import io.worldcurate.core.metadata.LanguageMetadata;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The concepts of one language that can be placed in a text, in Zipf rank order, with a sampler.
 *
 * <p>The rank order is a deterministic shuffle of the usable entries that depends only on the language
 * code and the metadata, not on the crawl's seed: crawls written with different seeds look like
 * successive crawls of the same web (the same head concepts), as warm-started counts expect.
 */
final class ConceptPool {

    /** Characters that the text spacing splits off (spec section 4): an entry containing one never matches. */
    private static final String NEVER_MATCHING = ",.;:?!`";

    private final String language;
    private final String[] concepts;
    private final int[] ids;
    /** cdf[r] = sum over ranks 0..r of (rank + 1)^-s. */
    private final double[] cdf;

    private ConceptPool(String language, String[] concepts, int[] ids, double[] cdf) {
        this.language = language;
        this.concepts = concepts;
        this.ids = ids;
        this.cdf = cdf;
    }

    /**
     * True when the spec's matching can find {@code entry} in a text that contains it verbatim between
     * spaces: not blank, none of {@code , . ; : ? ! `} (the text spacing splits those off), no tab, LF or
     * CR (the text spacing turns those into spaces), no unpaired surrogate (records with one are rejected).
     */
    static boolean usable(String entry) {
        if (entry == null || entry.isEmpty() || LanguageMetadata.isBlank(entry)) {
            return false;
        }
        for (int i = 0; i < entry.length(); i++) {
            char c = entry.charAt(i);
            if (c == '\t' || c == '\n' || c == '\r' || NEVER_MATCHING.indexOf(c) >= 0) {
                return false;
            }
        }
        return ImageValidator.unpairedSurrogate(entry) < 0;
    }

    static ConceptPool build(LanguageMetadata metadata, double exponent) {
        List<String> entries = metadata.entries();
        String[] concepts = new String[entries.size()];
        int[] ids = new int[entries.size()];
        Set<String> seen = new HashSet<>(entries.size() * 2);
        int n = 0;
        for (int id = 0; id < entries.size(); id++) {
            String e = entries.get(id);
            if (usable(e) && seen.add(e)) { // a repeated string matches under its first id only
                concepts[n] = e;
                ids[n] = id;
                n++;
            }
        }
        concepts = Arrays.copyOf(concepts, n);
        ids = Arrays.copyOf(ids, n);
        SplittableRandom shuffle = new SplittableRandom(0x5EEDC0DEL * 31 + metadata.language().hashCode());
        for (int i = n - 1; i > 0; i--) {
            int j = shuffle.nextInt(i + 1);
            String c = concepts[i];
            concepts[i] = concepts[j];
            concepts[j] = c;
            int t = ids[i];
            ids[i] = ids[j];
            ids[j] = t;
        }
        double[] cdf = new double[n];
        double sum = 0;
        for (int r = 0; r < n; r++) {
            sum += exponent == 0 ? 1.0 : StrictMath.pow(r + 1, -exponent);
            cdf[r] = sum;
        }
        return new ConceptPool(metadata.language(), concepts, ids, cdf);
    }

    String language() {
        return language;
    }

    int size() {
        return concepts.length;
    }

    String concept(int rank) {
        return concepts[rank];
    }

    int entryId(int rank) {
        return ids[rank];
    }

    /** A rank drawn from the Zipf distribution (inverse transform on the cumulative weights). */
    int sample(SplittableRandom rng) {
        double u = rng.nextDouble() * cdf[cdf.length - 1];
        int lo = 0;
        int hi = cdf.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cdf[mid] > u) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }
}

package io.worldcurate.core.lang;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * How language identification is set up.
 *
 * @param accuracy             Lingua's high accuracy mode (about 1.4 GB of models for all languages) or low (about 70 MB, weaker on short texts)
 * @param languages            ISO 639-1 codes to choose among; empty for every language Lingua knows
 * @param minRelativeDistance  Lingua's minimum relative distance (0.0 to 0.99): a text whose best language is closer than this
 *                             to the runner-up gets no language, and so {@code other}; 0 always answers
 */
public record LidSettings(Accuracy accuracy, Set<String> languages, double minRelativeDistance) {

    public enum Accuracy { HIGH, LOW;

        public static Accuracy parse(String s) {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        }
    }

    public static final LidSettings DEFAULT = new LidSettings(Accuracy.HIGH, Set.of(), 0.0);

    public LidSettings {
        if (minRelativeDistance < 0.0 || minRelativeDistance > 0.99) {
            throw new IllegalArgumentException("minimum relative distance must be within 0.0 and 0.99, got " + minRelativeDistance);
        }
        TreeSet<String> codes = new TreeSet<>();
        for (String l : languages) {
            codes.add(l.trim().toLowerCase(Locale.ROOT));
        }
        languages = Set.copyOf(codes);
    }

    public LidSettings withAccuracy(Accuracy a) {
        return new LidSettings(a, languages, minRelativeDistance);
    }
}

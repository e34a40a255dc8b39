package io.worldcurate.core.lang;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * How language identification is set up.
 *
 * @param engine               the engine's name as {@link LidEngines} takes it (e.g. {@code lingua-high}, {@code lingua-low},
 *                             {@code fasttext:PATH}); normalised, so {@code high} becomes {@code lingua-high}
 * @param languages            for Lingua: ISO 639-1 codes to choose among; empty for every language Lingua knows
 * @param minRelativeDistance  for Lingua: its minimum relative distance (0.0 to 0.99): a text whose best language is closer
 *                             than this to the runner-up gets no language, and so {@code other}; 0 always answers
 */
public record LidSettings(String engine, Set<String> languages, double minRelativeDistance) {

    /** Lingua's two modes: high accuracy (about 1.4 GB of models for all languages) or low (about 70 MB, weaker on short texts). */
    public enum Accuracy { HIGH, LOW;

        public static Accuracy parse(String s) {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        }

        /** The engine's name: {@code lingua-high} or {@code lingua-low}. */
        public String engineName() {
            return "lingua-" + name().toLowerCase(Locale.ROOT);
        }
    }

    public static final LidSettings DEFAULT = new LidSettings(LidEngines.DEFAULT, Set.of(), 0.0);

    public LidSettings {
        engine = LidEngines.normalise(engine);
        if (minRelativeDistance < 0.0 || minRelativeDistance > 0.99) {
            throw new IllegalArgumentException("minimum relative distance must be within 0.0 and 0.99, got " + minRelativeDistance);
        }
        TreeSet<String> codes = new TreeSet<>();
        for (String l : languages) {
            codes.add(l.trim().toLowerCase(Locale.ROOT));
        }
        languages = Set.copyOf(codes);
    }

    public LidSettings(Accuracy accuracy, Set<String> languages, double minRelativeDistance) {
        this(accuracy.engineName(), languages, minRelativeDistance);
    }

    /** Lingua's mode when the engine is Lingua's, else null. */
    public Accuracy accuracy() {
        return switch (engine) {
            case "lingua-high" -> Accuracy.HIGH;
            case "lingua-low" -> Accuracy.LOW;
            default -> null;
        };
    }

    public LidSettings withAccuracy(Accuracy a) {
        return new LidSettings(a, languages, minRelativeDistance);
    }

    public LidSettings withEngine(String e) {
        return new LidSettings(e, languages, minRelativeDistance);
    }
}

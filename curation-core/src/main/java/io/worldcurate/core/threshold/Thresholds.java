package io.worldcurate.core.threshold;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The thresholds t_L of every counted language and the tail ratio p they came from.
 */
public record Thresholds(double tailRatio, Map<String, Long> byLanguage) {

    public Thresholds {
        byLanguage = Collections.unmodifiableMap(new TreeMap<>(byLanguage));
    }

    /** t_L, or empty when the language has no threshold (it has no matched text yet). */
    public java.util.OptionalLong of(String language) {
        Long t = byLanguage.get(language);
        return t == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(t);
    }
}

package io.worldcurate.core.synthetic;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A metadata language of a synthetic crawl and its relative weight (the share of images written in it,
 * before normalisation over every language of the mix).
 */
public record LanguageWeight(String language, double weight) {

    public LanguageWeight {
        if (language == null || language.isBlank()) {
            throw new IllegalArgumentException("empty language code");
        }
        if (!(weight > 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("weight of " + language + " must be a positive number, got " + weight);
        }
    }

    /** Zipf weights (exponent 1) over the given order: the first language weighs 1, the second 1/2, the third 1/3, ... */
    public static List<LanguageWeight> zipf(List<String> languages) {
        List<LanguageWeight> out = new ArrayList<>(languages.size());
        for (int i = 0; i < languages.size(); i++) {
            out.add(new LanguageWeight(languages.get(i).trim(), 1.0 / (i + 1)));
        }
        return checkDistinct(out);
    }

    /**
     * Parses {@code --languages} items: {@code code} or {@code code:weight} (also {@code code=weight}).
     * When no item has a weight, the result is {@link #zipf(List)} over the given order; when some have,
     * items without one weigh 1. An empty list stays empty (meaning: the default mix).
     *
     * @throws IllegalArgumentException on a malformed item, a non-positive weight or a repeated language
     */
    public static List<LanguageWeight> parse(List<String> items) {
        if (items == null || items.isEmpty()) {
            return List.of();
        }
        List<String> codes = new ArrayList<>(items.size());
        List<Double> weights = new ArrayList<>(items.size());
        boolean anyWeight = false;
        for (String raw : items) {
            String item = raw.trim();
            if (item.isEmpty()) {
                continue;
            }
            int sep = Math.max(item.indexOf(':'), item.indexOf('='));
            if (sep < 0) {
                codes.add(item);
                weights.add(null);
                continue;
            }
            String code = item.substring(0, sep).trim();
            String w = item.substring(sep + 1).trim();
            try {
                weights.add(Double.parseDouble(w));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad language weight '" + item + "': expected code or code:weight");
            }
            codes.add(code);
            anyWeight = true;
        }
        if (!anyWeight) {
            return zipf(codes);
        }
        List<LanguageWeight> out = new ArrayList<>(codes.size());
        for (int i = 0; i < codes.size(); i++) {
            Double w = weights.get(i);
            out.add(new LanguageWeight(codes.get(i), w == null ? 1.0 : w));
        }
        return checkDistinct(out);
    }

    private static List<LanguageWeight> checkDistinct(List<LanguageWeight> list) {
        Set<String> seen = new HashSet<>();
        for (LanguageWeight w : list) {
            if (!seen.add(w.language())) {
                throw new IllegalArgumentException("language " + w.language() + " is listed twice");
            }
        }
        return List.copyOf(list);
    }
}

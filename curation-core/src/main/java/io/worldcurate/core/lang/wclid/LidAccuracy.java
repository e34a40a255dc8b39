package io.worldcurate.core.lang.wclid;

import io.worldcurate.core.lang.LanguageCodes;
import io.worldcurate.core.lang.LanguageIdentifier;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Accuracy of language identification engines on labelled captions, as metadata codes (the engine's answer
 * mapped with {@link LanguageCodes}, unsure answers being {@code other}): overall, on the languages Lingua
 * knows and on the others, per language, and the main confusions. Only captions whose gold language has
 * metadata count.
 */
public final class LidAccuracy {

    /** One engine's answers on one data set. */
    public record Result(String engine, List<String> gold, List<String> predicted, Set<String> linguaLanguages) {

        public double accuracy() {
            return accuracy(g -> true);
        }

        public double accuracyOnLingua() {
            return accuracy(linguaLanguages::contains);
        }

        public double accuracyOnOthers() {
            return accuracy(g -> !linguaLanguages.contains(g));
        }

        public long count(Predicate<String> goldFilter) {
            return gold.stream().filter(goldFilter).count();
        }

        public double accuracy(Predicate<String> goldFilter) {
            long n = 0;
            long right = 0;
            for (int i = 0; i < gold.size(); i++) {
                if (goldFilter.test(gold.get(i))) {
                    n++;
                    if (gold.get(i).equals(predicted.get(i))) {
                        right++;
                    }
                }
            }
            return n == 0 ? Double.NaN : (double) right / n;
        }

        /** gold -> predicted -> count, wrong answers only. */
        public Map<String, Map<String, Integer>> confusions() {
            Map<String, Map<String, Integer>> m = new TreeMap<>();
            for (int i = 0; i < gold.size(); i++) {
                if (!gold.get(i).equals(predicted.get(i))) {
                    m.computeIfAbsent(gold.get(i), k -> new TreeMap<>()).merge(predicted.get(i), 1, Integer::sum);
                }
            }
            return m;
        }
    }

    private final Predicate<String> hasMetadata;
    private final Set<String> linguaLanguages;

    public LidAccuracy(Predicate<String> hasMetadata) {
        this.hasMetadata = hasMetadata;
        Set<String> lingua = new TreeSet<>();
        for (String code : LinguaModelCompiler.linguaLanguageCodes()) {
            String m = LanguageCodes.toMetadataCode(code, hasMetadata);
            if (!LanguageCodes.OTHER.equals(m)) {
                lingua.add(m);
            }
        }
        this.linguaLanguages = Set.copyOf(lingua);
    }

    public Set<String> linguaLanguages() {
        return linguaLanguages;
    }

    /** Runs the engine over the captions whose gold language has metadata. */
    public Result evaluate(String engine, LanguageIdentifier lid, LabelledCaptions data) {
        List<String> gold = new ArrayList<>();
        List<String> predicted = new ArrayList<>();
        for (LabelledCaptions.Row row : data.rows()) {
            if (!hasMetadata.test(row.language())) {
                continue;
            }
            gold.add(row.language());
            predicted.add(LanguageCodes.toMetadataCode(lid.identify(row.caption()), hasMetadata));
        }
        return new Result(engine, List.copyOf(gold), List.copyOf(predicted), linguaLanguages);
    }

    /** A Markdown report: the summary table, per-language accuracy, and each engine's main confusions. */
    public static String report(String title, List<Result> results, int topConfusions) {
        StringBuilder sb = new StringBuilder();
        Result first = results.get(0);
        Set<String> lingua = first.linguaLanguages();
        sb.append("### ").append(title).append("\n\n");
        sb.append(String.format("%d captions (%d in Lingua's languages, %d in others)%n%n", first.gold().size(),
                first.count(lingua::contains), first.count(g -> !lingua.contains(g))));
        sb.append("| engine | overall | Lingua's languages | others |\n| --- | ---: | ---: | ---: |\n");
        for (Result r : results) {
            sb.append(String.format("| %s | %s | %s | %s |%n", r.engine(), pct(r.accuracy()), pct(r.accuracyOnLingua()),
                    pct(r.accuracyOnOthers())));
        }
        sb.append("\nPer language (n = captions; * = a language Lingua knows):\n\n| language | n |");
        for (Result r : results) {
            sb.append(' ').append(r.engine()).append(" |");
        }
        sb.append("\n| --- | ---: |");
        sb.append(" ---: |".repeat(results.size())).append('\n');
        Map<String, Long> perLanguage = new TreeMap<>();
        for (String g : first.gold()) {
            perLanguage.merge(g, 1L, Long::sum);
        }
        for (Map.Entry<String, Long> e : perLanguage.entrySet()) {
            String lang = e.getKey();
            sb.append("| ").append(lang).append(lingua.contains(lang) ? "*" : "").append(" | ").append(e.getValue()).append(" |");
            for (Result r : results) {
                sb.append(' ').append(pct(r.accuracy(lang::equals))).append(" |");
            }
            sb.append('\n');
        }
        for (Result r : results) {
            sb.append("\nMain confusions of ").append(r.engine()).append(" (gold → answer: count): ");
            List<Map.Entry<String, Integer>> all = new ArrayList<>();
            for (Map.Entry<String, Map<String, Integer>> g : r.confusions().entrySet()) {
                for (Map.Entry<String, Integer> p : g.getValue().entrySet()) {
                    all.add(Map.entry(g.getKey() + " → " + p.getKey(), p.getValue()));
                }
            }
            all.sort(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()));
            List<String> top = new ArrayList<>();
            for (Map.Entry<String, Integer> e : all.subList(0, Math.min(topConfusions, all.size()))) {
                top.add(e.getKey() + ": " + e.getValue());
            }
            sb.append(String.join(", ", top)).append('\n');
        }
        return sb.toString();
    }

    /** Agreement of two engines' raw answers (null = unsure counts as an answer). */
    public static double agreement(LanguageIdentifier a, LanguageIdentifier b, List<String> texts) {
        int same = 0;
        for (String t : texts) {
            if (java.util.Objects.equals(a.identify(t), b.identify(t))) {
                same++;
            }
        }
        return texts.isEmpty() ? Double.NaN : (double) same / texts.size();
    }

    static String pct(double v) {
        return Double.isNaN(v) ? "–" : String.format("%.2f%%", 100 * v);
    }

    static Map<String, Integer> countBy(List<String> xs) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (String x : xs) {
            m.merge(x, 1, Integer::sum);
        }
        return new HashMap<>(m);
    }
}

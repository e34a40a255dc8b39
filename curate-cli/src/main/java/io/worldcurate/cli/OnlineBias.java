package io.worldcurate.cli;

import io.worldcurate.balancer.CountsSnapshot;
import io.worldcurate.core.threshold.Thresholds;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The online bias of spec section 8, measured: for head entries (final N >= t), the images admitted
 * online against those admitted on replay (which equals batch), beside the spec's expectation that
 * online admits about t(1 + ln(N/t)) where batch admits t. An image counts for every entry of its
 * chosen text.
 */
record OnlineBias(Map<String, Figures> byLanguage, Figures all) {

    /** Sums over a set of head entries. */
    record Figures(long entries, long online, long replay, double expectedOnline, double expectedReplay) {
        Figures plus(Figures o) {
            return new Figures(entries + o.entries, online + o.online, replay + o.replay, expectedOnline + o.expectedOnline,
                    expectedReplay + o.expectedReplay);
        }

        /** Online admitted per replay admitted. */
        double ratio() {
            return replay == 0 ? Double.NaN : (double) online / replay;
        }

        /** The ratio the spec predicts: sum of t(1 + ln(N/t)) over sum of t. */
        double expectedRatio() {
            return expectedReplay == 0 ? Double.NaN : expectedOnline / expectedReplay;
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("head_entries", entries);
            m.put("admitted_online", online);
            m.put("admitted_replay", replay);
            m.put("ratio", round(ratio()));
            m.put("expected_ratio", round(expectedRatio()));
            return m;
        }
    }

    static OnlineBias of(Map<String, Map<Integer, Long>> online, Map<String, Map<Integer, Long>> replay, CountsSnapshot counts,
                         Thresholds thresholds) {
        Map<String, Figures> byLanguage = new TreeMap<>();
        Figures all = new Figures(0, 0, 0, 0, 0);
        for (Map.Entry<String, Long> t : thresholds.byLanguage().entrySet()) {
            String lang = t.getKey();
            long threshold = t.getValue();
            Figures f = new Figures(0, 0, 0, 0, 0);
            Map<Integer, Long> on = online.getOrDefault(lang, Map.of());
            Map<Integer, Long> re = replay.getOrDefault(lang, Map.of());
            java.util.Set<Integer> seen = new java.util.HashSet<>(on.keySet());
            seen.addAll(re.keySet());
            for (int e : seen) {
                long n = counts.count(lang, e);
                if (n < threshold || threshold <= 0) {
                    continue;
                }
                f = f.plus(new Figures(1, on.getOrDefault(e, 0L), re.getOrDefault(e, 0L),
                        threshold * (1 + Math.log((double) n / threshold)), threshold));
            }
            if (f.entries() > 0) {
                byLanguage.put(lang, f);
                all = all.plus(f);
            }
        }
        return new OnlineBias(byLanguage, all);
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("all", all.toMap());
        Map<String, Object> langs = new LinkedHashMap<>();
        byLanguage.forEach((l, f) -> langs.put(l, f.toMap()));
        m.put("languages", langs);
        return m;
    }

    String summary() {
        return String.format(Locale.ROOT, "online bias on %d head entries (N >= t): admitted online %d vs replay %d, ratio %.2f; "
                        + "the spec's t(1+ln(N/t)) over t predicts %.2f", all.entries(), all.online(), all.replay(), all.ratio(),
                all.expectedRatio());
    }

    private static double round(double v) {
        return Double.isNaN(v) ? v : Math.round(v * 1000) / 1000.0;
    }
}

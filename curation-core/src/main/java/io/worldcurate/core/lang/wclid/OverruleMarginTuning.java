package io.worldcurate.core.lang.wclid;

import io.worldcurate.core.lang.LanguageCodes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * How {@link WcLid#DEFAULT_OVERRULE_MARGIN} and {@link WcLid#DEFAULT_ACCEPT_MARGIN} were chosen, on training
 * text only: a model trained on the first 300 captions of each XTD-200 source is combined with Lingua on
 * captions 301-400, for a grid of overruling margins (model answers for languages Lingua lacks), then, with the
 * default overruling margin, for a grid of accepting margins (model answers for Lingua's languages without
 * asking Lingua). {@code OverruleMarginTuning DATA_DIR [N]}: with N, also prints accuracy on every N-th caption
 * of captions.tsv, which is not tuned on.
 */
public final class OverruleMarginTuning {

    private OverruleMarginTuning() {
    }

    public static void main(String[] args) throws IOException {
        Path data = Path.of(args.length > 0 ? args[0] : "../shared/data");
        Set<String> metadata;
        try (Stream<Path> files = Files.list(data.resolve("metadata"))) {
            metadata = files.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".json"))
                    .map(f -> f.substring(0, f.length() - 5)).collect(Collectors.toSet());
        }
        List<LabelledCaptions> parts = LabelledCaptions.read(data.resolve("captions/captions_mt_dev.tsv"))
                .split(LidAccuracyCommand.TRAIN_PER_SOURCE).get(0).split(300);
        CharNgramModel model = new CharNgramTrainer(2).train(parts.get(0).rows());
        FusedNgramTable table = LinguaTableCache.load();
        double[] margins = {0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1.0, 1.5, 2.0, 1e9};
        LidAccuracy acc = new LidAccuracy(metadata::contains);
        LabelledCaptions real = null;
        if (args.length > 1) {
            // optional: the real captions, to see that a margin does not hurt them (they are not tuned on)
            List<LabelledCaptions.Row> rows = new ArrayList<>();
            List<LabelledCaptions.Row> all = LabelledCaptions.read(data.resolve("captions/captions.tsv")).rows();
            for (int i = 0; i < all.size(); i += Integer.parseInt(args[1])) {
                rows.add(all.get(i));
            }
            real = new LabelledCaptions(rows);
        }
        for (double m : margins) {
            WcLid lid = new WcLid(table, model, m, Double.POSITIVE_INFINITY);
            LidAccuracy.Result r = acc.evaluate("wc-lid", lid, parts.get(1));
            System.out.printf("margin %.1f: overall %s, Lingua's %s, others %s", m, LidAccuracy.pct(r.accuracy()),
                    LidAccuracy.pct(r.accuracyOnLingua()), LidAccuracy.pct(r.accuracyOnOthers()));
            if (real != null) {
                System.out.printf("; captions.tsv %s", LidAccuracy.pct(acc.evaluate("wc-lid", lid, real).accuracy()));
            }
            System.out.println();
        }
        for (double m : new double[] {0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 1.0, Double.POSITIVE_INFINITY}) {
            WcLid lid = new WcLid(table, model, WcLid.DEFAULT_OVERRULE_MARGIN, m);
            LidAccuracy.Result r = acc.evaluate("wc-lid", lid, parts.get(1));
            long asked = parts.get(1).rows().stream().map(row -> model.predict(row.caption()))
                    .filter(p -> p == null || !(p.margin() >= m)).count();
            System.out.printf("overrule %.1f, accept %.2f: overall %s, Lingua's %s, others %s, model below the accepting margin on %.1f%%",
                    WcLid.DEFAULT_OVERRULE_MARGIN, m, LidAccuracy.pct(r.accuracy()), LidAccuracy.pct(r.accuracyOnLingua()),
                    LidAccuracy.pct(r.accuracyOnOthers()), 100.0 * asked / parts.get(1).size());
            if (real != null) {
                System.out.printf("; captions.tsv %s", LidAccuracy.pct(acc.evaluate("wc-lid", lid, real).accuracy()));
            }
            System.out.println();
        }
    }
}

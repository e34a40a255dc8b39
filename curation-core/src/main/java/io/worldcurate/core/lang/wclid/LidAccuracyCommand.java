package io.worldcurate.core.lang.wclid;

import io.worldcurate.core.lang.LanguageIdentifier;
import io.worldcurate.core.lang.LidSettings;
import io.worldcurate.core.lang.LinguaIdentifier;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Prints the accuracy report of docs/LID_ACCURACY.md:
 * {@code LidAccuracyCommand DATA_DIR [ENGINES] [EVERY]} with engines among {@code wc-lid,lingua-high,lingua-low}
 * (default all three) and every EVERY-th caption of captions.tsv (default 1: all). On captions_mt_dev.tsv only
 * the last 100 captions of each source are used: the first 400 are wc-lid's training text.
 */
public final class LidAccuracyCommand {

    public static final int TRAIN_PER_SOURCE = 400;

    private LidAccuracyCommand() {
    }

    public static void main(String[] args) throws IOException {
        Path data = Path.of(args.length > 0 ? args[0] : "../shared/data");
        List<String> engines = List.of((args.length > 1 ? args[1] : "wc-lid,lingua-high,lingua-low").split(","));
        int every = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        Set<String> metadata;
        try (Stream<Path> files = Files.list(data.resolve("metadata"))) {
            metadata = files.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".json"))
                    .map(f -> f.substring(0, f.length() - 5)).collect(Collectors.toSet());
        }
        LidAccuracy acc = new LidAccuracy(metadata::contains);
        LabelledCaptions captions = LabelledCaptions.read(data.resolve("captions/captions.tsv"));
        if (every > 1) {
            List<LabelledCaptions.Row> rows = new ArrayList<>();
            for (int i = 0; i < captions.rows().size(); i += every) {
                rows.add(captions.rows().get(i));
            }
            captions = new LabelledCaptions(rows);
        }
        LabelledCaptions heldOut = LabelledCaptions.read(data.resolve("captions/captions_mt_dev.tsv")).split(TRAIN_PER_SOURCE).get(1);
        Map<String, LanguageIdentifier> lids = new LinkedHashMap<>();
        for (String e : engines) {
            lids.put(e, switch (e) {
                case "wc-lid" -> WcLid.shared();
                case "wc-lid-lingua" -> WcLid.shared()::identifyAsLingua;
                case "lingua-high" -> labels(LinguaIdentifier.shared(LidSettings.DEFAULT.withAccuracy(LidSettings.Accuracy.HIGH)));
                case "lingua-low" -> labels(LinguaIdentifier.shared(LidSettings.DEFAULT.withAccuracy(LidSettings.Accuracy.LOW)));
                default -> throw new IllegalArgumentException("unknown engine " + e);
            });
        }
        for (Map.Entry<String, LabelledCaptions> set : Map.of("captions.tsv (13 languages, real captions)", captions,
                "captions_mt_dev.tsv, held-out part (last 100 of each source)", heldOut).entrySet()) {
            List<LidAccuracy.Result> results = new ArrayList<>();
            for (Map.Entry<String, LanguageIdentifier> e : lids.entrySet()) {
                long t0 = System.nanoTime();
                results.add(acc.evaluate(e.getKey(), e.getValue(), set.getValue()));
                System.err.printf("%s on %s: %.1f s%n", e.getKey(), set.getKey(), (System.nanoTime() - t0) / 1e9);
            }
            System.out.println(LidAccuracy.report(set.getKey(), results, 15));
        }
        if (lids.containsKey("lingua-high")) {
            List<String> texts = captions.rows().stream().map(LabelledCaptions.Row::caption).toList();
            System.out.printf("Agreement of wc-lid's Lingua part with Lingua high on captions.tsv: %s%n",
                    LidAccuracy.pct(LidAccuracy.agreement(WcLid.shared()::identifyAsLingua, lids.get("lingua-high"), texts)));
        }
    }

    private static LanguageIdentifier labels(io.worldcurate.core.lang.LidEngine engine) {
        return text -> engine.identify(text).label();
    }
}

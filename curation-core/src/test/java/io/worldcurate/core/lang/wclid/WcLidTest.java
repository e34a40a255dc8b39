package io.worldcurate.core.lang.wclid;

import io.worldcurate.core.RealData;
import io.worldcurate.core.lang.LidSettings;
import io.worldcurate.core.lang.LinguaIdentifier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wc-lid engine on the real dev data (skipped without it). Floors sit a little under what was measured
 * (docs/LID_ACCURACY.md); XTD-200 accuracy is only ever measured on the held-out last 100 captions of each
 * source.
 */
class WcLidTest {

    private static LidAccuracy accuracy() throws Exception {
        Path metadata = RealData.metadataDir();
        Set<String> codes;
        try (Stream<Path> files = Files.list(metadata)) {
            codes = files.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".json"))
                    .map(f -> f.substring(0, f.length() - 5)).collect(Collectors.toSet());
        }
        return new LidAccuracy(codes::contains);
    }

    private static LabelledCaptions every(int step) throws Exception {
        List<RealData.Caption> all = RealData.captions();
        List<LabelledCaptions.Row> rows = new ArrayList<>();
        for (int i = 0; i < all.size(); i += step) {
            RealData.Caption c = all.get(i);
            rows.add(new LabelledCaptions.Row(c.source(), c.language(), c.caption()));
        }
        return new LabelledCaptions(rows);
    }

    private static LabelledCaptions heldOut() throws Exception {
        Path file = RealData.dataDir().resolve("captions/captions_mt_dev.tsv");
        Assumptions.assumeTrue(Files.isRegularFile(file), "real data absent: no " + file.toAbsolutePath() + "; skipping");
        return LabelledCaptions.read(file).split(LidAccuracyCommand.TRAIN_PER_SOURCE).get(1);
    }

    @Test
    void accuracyOnRealCaptionsStaysAbove99Percent() throws Exception {
        LidAccuracy.Result r = accuracy().evaluate("wc-lid", WcLid.shared(), every(4));
        assertThat(r.accuracy()).isGreaterThanOrEqualTo(0.990);
    }

    @Test
    void accuracyOnHeldOutMachineTranslationsStaysAboveTheFloors() throws Exception {
        LidAccuracy.Result r = accuracy().evaluate("wc-lid", WcLid.shared(), heldOut());
        assertThat(r.accuracy()).isGreaterThanOrEqualTo(0.93);
        assertThat(r.accuracyOnLingua()).isGreaterThanOrEqualTo(0.955);
        assertThat(r.accuracyOnOthers()).isGreaterThanOrEqualTo(0.90);
    }

    @Test
    void itsLinguaPartAgreesWithLinguaHighOnASample() throws Exception {
        List<String> texts = new ArrayList<>();
        for (LabelledCaptions.Row row : every(400).rows()) {
            texts.add(row.caption());
        }
        List<LabelledCaptions.Row> mt = heldOut().rows();
        for (int i = 0; i < mt.size(); i += 120) {
            texts.add(mt.get(i).caption());
        }
        LinguaIdentifier high = LinguaIdentifier.shared(new LidSettings("lingua-high", Set.of(), 0.0));
        double agreement = LidAccuracy.agreement(WcLid.shared()::identifyAsLingua, t -> high.identify(t).label(), texts);
        assertThat(agreement).as("agreement with Lingua high on %d texts", texts.size()).isGreaterThanOrEqualTo(0.99);
    }

    /** The cascade: the trained model answers when its margin reaches the accepting margin, Lingua otherwise. */
    @Test
    void theModelAnswersWhenSureAndLinguaDecidesWhenNot() throws Exception {
        CharNgramModel model = WcLid.bundledModel();
        WcLid cascade = new WcLid(LinguaTableCache.load(), model, WcLid.DEFAULT_OVERRULE_MARGIN, 0.5);
        int byModel = 0;
        int byLingua = 0;
        for (LabelledCaptions.Row row : every(200).rows()) {
            CharNgramModel.Prediction p = model.predict(row.caption());
            String answer = cascade.identify(row.caption());
            if (p != null && p.margin() >= 0.5) {
                assertThat(answer).as(row.caption()).isEqualTo(p.label());
                byModel++;
            } else if (p != null && p.margin() < WcLid.DEFAULT_OVERRULE_MARGIN && cascade.identifyAsLingua(row.caption()) != null) {
                assertThat(answer).as(row.caption()).isEqualTo(cascade.identifyAsLingua(row.caption()));
                byLingua++;
            }
        }
        assertThat(byModel).isPositive();
        assertThat(byLingua).isPositive();
    }

    @Test
    void manyThreadsGetTheSameAnswersAsOne() throws Exception {
        List<String> texts = new ArrayList<>();
        for (LabelledCaptions.Row row : every(50).rows()) {
            texts.add(row.caption());
        }
        WcLid lid = WcLid.shared();
        List<WcLid.Detection> expected = texts.stream().map(lid::detect).toList();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<WcLid.Detection>>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int offset = t;
                futures.add(pool.submit(() -> {
                    List<WcLid.Detection> out = new ArrayList<>(java.util.Collections.nCopies(texts.size(), null));
                    for (int k = 0; k < texts.size(); k++) {
                        int i = (k + offset * 37) % texts.size();
                        out.set(i, lid.detect(texts.get(i)));
                    }
                    return out;
                }));
            }
            for (Future<List<WcLid.Detection>> f : futures) {
                assertThat(f.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void textsWithoutLettersGetNoLanguage() throws Exception {
        RealData.metadataDir();
        WcLid lid = WcLid.shared();
        assertThat(lid.detect("")).isEqualTo(WcLid.Detection.NONE);
        assertThat(lid.detect("  12 345 !!! ")).isEqualTo(WcLid.Detection.NONE);
        assertThat(lid.identify(null)).isNull();
        assertThat(lid.identify("Ein Hund läuft über die Wiese am Morgen")).isEqualTo("de");
        assertThat(lid.detect("Ein Hund läuft über die Wiese am Morgen").confidence()).isBetween(0.0, 1.0);
    }
}

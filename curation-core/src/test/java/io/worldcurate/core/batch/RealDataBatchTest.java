package io.worldcurate.core.batch;

import io.worldcurate.core.RealData;
import io.worldcurate.core.threshold.ThresholdParams;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Batch curation of every real caption against the real metadata. */
class RealDataBatchTest {

    @TempDir
    static Path dir;
    static Path input;
    static Path metadata;

    /** Each caption becomes an image with one text in its trusted language. */
    @BeforeAll
    static void writeInput() throws IOException {
        metadata = RealData.metadataDir();
        List<RealData.Caption> captions = RealData.captions();
        input = dir.resolve("captions.jsonl");
        try (BufferedWriter w = Files.newBufferedWriter(input, StandardCharsets.UTF_8)) {
            int i = 0;
            for (RealData.Caption c : captions) {
                w.write(io.worldcurate.core.output.CurationJson.line(Map.of(
                        "url", "https://img.example/" + c.source() + "/" + (i++) + ".jpg",
                        "texts", List.of(List.of("alt", c.caption(), c.language())))));
                w.write('\n');
            }
        }
    }

    @Test
    void repeatableByteForByte() throws IOException {
        BatchOptions o = BatchOptions.defaults(List.of(input), metadata, dir.resolve("a")).withThresholds(new ThresholdParams(200, null, 1));
        BatchResult a = BatchCurator.run(o, BatchProgress.NONE);
        BatchCurator.run(o.withOutDir(dir.resolve("b")).withThreads(1), BatchProgress.NONE);
        for (String f : BatchCuratorTest.OUTPUTS) {
            assertThat(dir.resolve("b").resolve(f)).as(f).hasSameBinaryContentAs(dir.resolve("a").resolve(f));
        }
        assertThat(a.stats().imagesRead()).isGreaterThan(50_000);
        assertThat(a.stats().languages()).containsKeys("en", "zh", "de", "fr", "ja", "ko", "ru");
    }

    @Test
    void equalsTheNaiveReference() throws IOException {
        ThresholdParams params = new ThresholdParams(100, null, 1);
        Path out = dir.resolve("naive-check");
        BatchResult r = BatchCurator.run(BatchOptions.defaults(List.of(input), metadata, out).withThresholds(params), BatchProgress.NONE);
        List<NaiveCuration.Curated> expected = new NaiveCuration(metadata).curate(List.of(input), 100, null, 1, "0");
        assertThat(NaiveCuration.read(out.resolve(BatchResult.CURATED))).containsExactlyElementsOf(expected);
        assertThat(r.stats().imagesAdmitted()).isLessThan(r.stats().imagesMatched());
    }
}

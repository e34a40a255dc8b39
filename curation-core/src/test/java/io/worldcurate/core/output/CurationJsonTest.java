package io.worldcurate.core.output;

import io.worldcurate.core.model.CuratedImage;
import io.worldcurate.core.model.MatchedImage;
import io.worldcurate.core.model.MatchedText;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** The line forms, exactly: each call gives one whole line, whatever that thread wrote before. */
class CurationJsonTest {

    private static final MatchedImage INDEXED = new MatchedImage("u1", "http://x/1.jpg", null,
            List.of(new MatchedText("alt", "a \"red\" dog", "en", new int[] {3, 17})));
    private static final String INDEX_LINE =
            "{\"uuid\":\"u1\",\"url\":\"http://x/1.jpg\",\"texts\":[{\"attr\":\"alt\",\"text\":\"a \\\"red\\\" dog\",\"lang\":\"en\",\"entries\":[3,17]}]}";
    private static final CuratedImage CURATED = new CuratedImage("u2", "http://x/2.jpg", "chien", "fr", new int[] {5}, 0.25);
    private static final String CURATED_LINE =
            "{\"uuid\":\"u2\",\"url\":\"http://x/2.jpg\",\"text\":\"chien\",\"lang\":\"fr\",\"entries\":[5],\"probability\":0.25}";

    @Test
    void linesWrittenOneAfterAnotherAreEachExactlyOneValue() {
        for (int i = 0; i < 3; i++) {
            assertThat(CurationJson.indexLine(INDEXED)).isEqualTo(INDEX_LINE);
            assertThat(CurationJson.curatedLine(CURATED)).isEqualTo(CURATED_LINE);
        }
        assertThat(CurationJson.readIndexLine(CurationJson.indexLine(INDEXED))).isEqualTo(INDEXED);
    }

    @Test
    void aPrettyDocumentBetweenLinesLeavesThemAlone() {
        assertThat(CurationJson.indexLine(INDEXED)).isEqualTo(INDEX_LINE);
        assertThat(CurationJson.pretty(java.util.Map.of("a", 1))).contains("\n");
        assertThat(CurationJson.curatedLine(CURATED)).isEqualTo(CURATED_LINE);
    }

    @Test
    void threadsWriteTheirOwnLines() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> all = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                all.add(pool.submit(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        if (!CurationJson.indexLine(INDEXED).equals(INDEX_LINE) || !CurationJson.curatedLine(CURATED).equals(CURATED_LINE)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : all) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}

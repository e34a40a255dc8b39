package io.worldcurate.core.synthetic;

import io.worldcurate.core.match.LanguageMatchers;
import io.worldcurate.core.metadata.MetadataDirectory;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The generator on the real metadata of the 13 default languages; skipped when the shared data is absent. */
class SyntheticRealDataTest {

    @Test
    void placedConceptsAreMatchedInTheRealMetadata() {
        String dataDir = System.getProperty("curation.data.dir");
        Path metadata = dataDir == null ? null : Path.of(dataDir, "metadata");
        assumeTrue(metadata != null && Files.isDirectory(metadata),
                "skipped: no real metadata folder (system property curation.data.dir=" + dataDir
                        + " has no metadata/ folder)");
        MetadataDirectory md = new MetadataDirectory(metadata);
        CrawlGenerator g = new CrawlGenerator(md, CrawlSettings.defaults(20_000, 2024));
        assertThat(g.languageMix()).extracting(LanguageWeight::language)
                .containsExactly("en", "de", "ru", "zh", "ja", "es", "fr", "it", "pl", "nl", "cs", "tr", "ko");
        LanguageMatchers matchers = new LanguageMatchers(md);
        Map<TextKind, Integer> kinds = new HashMap<>();
        g.images().forEachRemaining(img -> {
            for (GeneratedText t : img.texts()) {
                kinds.merge(t.kind(), 1, Integer::sum);
                if (t.conceptLanguage() != null) {
                    assertThat(matchers.match(t.conceptLanguage(), t.text())).as(t.toString()).contains(t.entryIds());
                } else if (t.kind() == TextKind.NO_CONCEPT) {
                    assertThat(matchers.match(t.lang(), t.text())).as(t.toString()).isEmpty();
                }
            }
        });
        assertThat(kinds.keySet()).containsExactlyInAnyOrder(TextKind.values());
        assertThat(List.of(kinds.get(TextKind.LABELLED), kinds.get(TextKind.UNLABELLED)))
                .allSatisfy(n -> assertThat(n).isGreaterThan(1000));
    }
}

package io.worldcurate.core.match;

import io.worldcurate.core.RealData;
import io.worldcurate.core.metadata.MetadataDirectory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every real caption, matched against its language's real metadata by both matchers. */
class RealDataMatcherTest {

    @Test
    void automatonEqualsSubstringMatcherOnEveryCaption() throws IOException {
        MetadataDirectory metadata = new MetadataDirectory(RealData.metadataDir());
        LanguageMatchers automata = new LanguageMatchers(metadata);
        Map<String, SubstringMatcher> naive = new HashMap<>();
        List<RealData.Caption> captions = RealData.captions();
        long matchedTexts = 0;
        long mismatches = 0;
        StringBuilder firstMismatches = new StringBuilder();
        for (RealData.Caption c : captions) {
            if (!metadata.has(c.language())) {
                continue;
            }
            int[] a = automata.match(c.language(), c.caption());
            int[] b = naive.computeIfAbsent(c.language(), l -> new SubstringMatcher(metadata.get(l).entries())).match(c.caption());
            if (!java.util.Arrays.equals(a, b)) {
                if (mismatches++ < 5) {
                    firstMismatches.append(c).append('\n');
                }
            }
            if (a.length > 0) {
                matchedTexts++;
            }
        }
        assertThat(mismatches).as("captions where the matchers differ:\n%s", firstMismatches).isZero();
        assertThat(captions).hasSizeGreaterThan(50_000);
        assertThat(matchedTexts).as("most captions match some concept").isGreaterThan(captions.size() * 9L / 10);
    }
}

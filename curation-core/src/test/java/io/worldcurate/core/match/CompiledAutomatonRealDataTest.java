package io.worldcurate.core.match;

import io.worldcurate.core.RealData;
import io.worldcurate.core.match.cache.AutomatonCache;
import io.worldcurate.core.match.cache.CacheKey;
import io.worldcurate.core.metadata.LanguageMetadata;
import io.worldcurate.core.metadata.MetadataDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On every real caption: the automaton read back from the compiled cache, the one freshly built, and
 * hankcs' (the reference) give the same entries. Skipped without {@code ../shared/data}.
 */
class CompiledAutomatonRealDataTest {

    @TempDir
    Path cacheDir;

    @Test
    void loadedEqualsFreshlyBuiltEqualsHankcsOnEveryCaption() throws IOException {
        MetadataDirectory metadata = new MetadataDirectory(RealData.metadataDir());
        Map<String, List<String>> byLanguage = new TreeMap<>();
        for (RealData.Caption c : RealData.captions()) {
            if (metadata.has(c.language())) {
                byLanguage.computeIfAbsent(c.language(), l -> new ArrayList<>()).add(c.caption());
            }
        }
        AutomatonCache cache = AutomatonCache.at(cacheDir, w -> {
            throw new AssertionError(w);
        });
        long compared = 0;
        long matched = 0;
        for (Map.Entry<String, List<String>> e : byLanguage.entrySet()) {
            String lang = e.getKey();
            LanguageMetadata md = metadata.get(lang);
            CacheKey key = CacheKey.of(lang, metadata.sha256(lang));
            DoubleArrayAutomaton fresh = DoubleArrayAutomaton.build(md.entries());
            assertThat(cache.store(key, fresh)).isTrue();
            AutomatonCache.Loaded loaded = cache.get(key, () -> {
                throw new AssertionError("must load from the cache");
            });
            assertThat(loaded.source()).isEqualTo(AutomatonCache.Source.CACHE);
            DoubleArrayAutomaton read = loaded.automaton();
            AhoCorasickMatcher hankcs = AhoCorasickMatcher.build(md.spacedEntries());
            assertThat(read.keys()).isEqualTo(hankcs.keys());
            for (String caption : e.getValue()) {
                int[] want = hankcs.match(caption);
                int[] got = read.match(caption);
                if (!Arrays.equals(want, got) || !Arrays.equals(want, fresh.match(caption))) {
                    throw new AssertionError(lang + ": '" + caption + "': hankcs " + Arrays.toString(want)
                            + ", loaded " + Arrays.toString(got) + ", fresh " + Arrays.toString(fresh.match(caption)));
                }
                compared++;
                if (want.length > 0) {
                    matched++;
                }
            }
        }
        assertThat(compared).isGreaterThan(50_000);
        assertThat(matched).as("most captions match some concept").isGreaterThan(compared * 9 / 10);
    }
}

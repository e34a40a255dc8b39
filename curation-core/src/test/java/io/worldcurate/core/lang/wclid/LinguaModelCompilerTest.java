package io.worldcurate.core.lang.wclid;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LinguaModelCompilerTest {

    @Test
    void parsesLinguasFractionsAndSpaceSeparatedNgrams() throws Exception {
        String json = "{\"language\":\"ENGLISH\",\"ngrams\":{\"1/4\":\"ab cd\",\"3/8\":\"\\u00e9f\"}}";
        Map<Long, Double> seen = new HashMap<>();
        LinguaModelCompiler.parse(json, seen::put);
        assertThat(seen).hasSize(3);
        assertThat(seen.get(NgramHash.of("ab", 0, 2))).isEqualTo(0.25);
        assertThat(seen.get(NgramHash.of("cd", 0, 2))).isEqualTo(0.25);
        assertThat(seen.get(NgramHash.of("éf", 0, 2))).isEqualTo(0.375);
    }

    @Test
    void aFusedTableFindsEveryLanguagesValueInOneProbe() {
        FusedNgramTable.Builder b = new FusedNgramTable.Builder(10);
        long ab = NgramHash.of("ab", 0, 2);
        long cd = NgramHash.of("cd", 0, 2);
        b.count(ab);
        b.count(ab);
        b.count(cd);
        b.allocate();
        b.add(ab, 0, 0.5);
        b.add(ab, 1, 0.25);
        b.add(cd, 1, 0.125);
        FusedNgramTable t = b.build(new String[]{"en", "de"});
        int slot = t.find(ab);
        assertThat(t.count(slot)).isEqualTo(2);
        assertThat(t.language(t.start(slot))).isEqualTo(0);
        assertThat((double) t.logProb(t.start(slot))).isCloseTo(Math.log(0.5), within(1e-3));
        assertThat((double) t.logProb(t.start(slot) + 1)).isCloseTo(Math.log(0.25), within(1e-3));
        assertThat(t.find(NgramHash.of("zz", 0, 2))).isEqualTo(FusedNgramTable.ABSENT);
    }
}

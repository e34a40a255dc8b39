package io.worldcurate.core.testing;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PropertyTest {

    @Test
    void runsEveryCaseAndTheSameSeedGivesTheSameCases() {
        List<Long> first = new ArrayList<>();
        List<Long> second = new ArrayList<>();
        Property.run("collect", 7, 50, null, Gen.longs(0, 1_000_000), first::add);
        Property.run("collect", 7, 50, null, Gen.longs(0, 1_000_000), second::add);
        assertThat(first).hasSize(50).isEqualTo(second);
        assertThat(first.stream().distinct().count()).isGreaterThan(40);
        List<Long> other = new ArrayList<>();
        Property.run("collect", 8, 50, null, Gen.longs(0, 1_000_000), other::add);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void aSingleCaseReplaysAlone() {
        List<Long> all = new ArrayList<>();
        Property.run("collect", 7, 50, null, Gen.longs(0, 1_000_000), all::add);
        List<Long> one = new ArrayList<>();
        Property.run("collect", 7, 50, 17, Gen.longs(0, 1_000_000), one::add);
        assertThat(one).containsExactly(all.get(17));
    }

    @Test
    void failureNamesSeedCaseAndTheShrunkCase() {
        assertThatThrownBy(() -> Property.run("below 100", 42, 300, null, Gen.longs(0, 1_000_000),
                v -> assertThat(v).isLessThan(100)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("property 'below 100' failed at case ")
                .hasMessageContaining("(seed 42)")
                .hasMessageContaining("-Dproperty.seed=42 -Dproperty.case=")
                .hasMessageContaining("failing case: ")
                .hasMessageMatching("(?s).*shrunk \\(\\d+ steps, \\d+ tried\\): 100\n.*");
    }

    @Test
    void listsShrinkToTheSmallestFailingList() {
        assertThatThrownBy(() -> Property.run("no 7", 1, 300, null, Gen.lists(Gen.longs(0, 9), 0, 30),
                l -> assertThat(l).doesNotContain(7L)))
                .hasMessageContaining("shrunk (")
                .hasMessageContaining("): [7]\n");
        assertThatThrownBy(() -> Property.run("short", 1, 300, null, Gen.strings(List.of("a", "汽", "\u00a0"), 0, 30),
                s -> assertThat(s.codePointCount(0, s.length())).isLessThan(3)))
                .hasMessageContaining("): \"aaa\"\n");
    }

    @Test
    void shrinkingKeepsFiltersAndPairs() {
        Gen<Gen.Pair<long[], Double>> gen = Gen.pairs(
                Gen.longArrays(Gen.longs(0, 50), 1, 20).filter(a -> a.length % 2 == 1),
                Gen.doubles(0, 1));
        assertThatThrownBy(() -> Property.run("pair", 3, 300, null, gen,
                p -> assertThat(p.first().length + p.second()).isLessThan(3)))
                .hasMessageContaining("): ([0, 0, 0], 0.0)\n");
    }

    @Test
    void generatorsReachTheirBoundariesAndStayInRange() {
        SplittableRandom r = new SplittableRandom(5);
        Gen<Long> longs = Gen.longs(-3, 3);
        Gen<Double> doubles = Gen.doubles(0, 1);
        Gen<List<Long>> lists = Gen.lists(Gen.constant(1L), 2, 5);
        boolean min = false, max = false, zero = false, one = false;
        for (int i = 0; i < 2_000; i++) {
            long l = longs.generate(r);
            assertThat(l).isBetween(-3L, 3L);
            min |= l == -3;
            max |= l == 3;
            double d = doubles.generate(r);
            assertThat(d).isBetween(0.0, 1.0);
            zero |= d == 0.0;
            one |= d == 1.0;
            assertThat(lists.generate(r)).hasSizeBetween(2, 5);
        }
        assertThat(min && max && zero && one).isTrue();
    }

    @Test
    void describeShowsInvisibleCharactersAndArrays() {
        assertThat(Property.describe("a\tb\u00a0c 汽" + new String(Character.toChars(0x20000))))
                .isEqualTo("\"a\\tb\\u00a0c 汽" + new String(Character.toChars(0x20000)) + "\"");
        assertThat(Property.describe(new long[] {1, 2})).isEqualTo("[1, 2]");
        assertThat(Property.describe(List.of("x", new int[] {3}))).isEqualTo("[\"x\", [3]]");
        record Case(List<String> entries, long[] counts) {
        }
        assertThat(Property.describe(new Case(List.of(","), new long[] {0}))).isEqualTo("Case[entries=[\",\"], counts=[0]]");
    }
}

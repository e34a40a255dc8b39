package io.worldcurate.core.match;

import io.worldcurate.core.metadata.LanguageMetadata;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The double-array automaton against hankcs' (the reference) and the plain substring matcher: fixed
 * examples, then seeded random metadata and texts mixing scripts, punctuation, CJK and surrogate pairs.
 */
class DoubleArrayAutomatonTest {

    private static final String[] ALPHABET = {
            "a", "b", "c", "A", " ", " ", ",", ".", ":", "!", "`", "(", ")", "-", "'", "\t", "\n",
            "一", "二", "汽", "ก", "ข", "ລ", "က", "ក", "ཀ", "，", "。", "「", "ー", "é", "ß", "д",
            new String(Character.toChars(0x20000)), new String(Character.toChars(0x2A700)),
            new String(Character.toChars(0x1F600)), "\u00a0", "\u0000", "\ufffe"};
    private static final String[] SEPARATORS = {" ", "", ", ", ".", "\t"};

    private static DoubleArrayAutomaton automaton(String... entries) {
        return DoubleArrayAutomaton.build(List.of(entries));
    }

    @Test
    void matchesLikeTheSpecExamples() {
        DoubleArrayAutomaton m = automaton("cat", "dog", "hot dog", "category", "汽车", "红色", "  ", "dog");
        assertThat(m.match("a hot dog and a cat")).containsExactly(0, 1, 2);
        assertThat(m.match("concatenate dogma")).isEmpty();
        assertThat(m.match("一辆红色汽车停在路边")).containsExactly(4, 5);
        assertThat(m.match("dog, cat.")).containsExactly(0, 1);
        assertThat(m.keys()).isEqualTo(6);
    }

    @Test
    void theLastCharacterValueWorks() {
        // hankcs' transition reads past its arrays on U+FFFF (ArrayIndexOutOfBoundsException): not compared here
        DoubleArrayAutomaton m = automaton("\uffff", "a\uffffb", "\uffff\uffff");
        assertThat(m.match("x\uffffy a\uffffb \uffff\uffff")).containsExactly(new SubstringMatcher(
                List.of("\uffff", "a\uffffb", "\uffff\uffff")).match("x\uffffy a\uffffb \uffff\uffff"));
        assertThat(m.match("x \uffff y")).containsExactly(0);
    }

    @Test
    void emptyAndBlankMetadataMatchNothing() {
        assertThat(automaton().match("anything")).isEmpty();
        assertThat(automaton("", " ", "\u00a0").match("anything at all")).isEmpty();
    }

    @Test
    void equalsHankcsAndSubstringMatcherOnRandomMetadata() {
        Random random = new Random(20261202L);
        for (int trial = 0; trial < 600; trial++) {
            List<String> entries = new ArrayList<>();
            int n = 1 + random.nextInt(trial % 10 == 0 ? 400 : 40);
            for (int i = 0; i < n; i++) {
                entries.add(word(random));
            }
            DoubleArrayAutomaton da = DoubleArrayAutomaton.build(entries);
            EntryMatcher hankcs = AhoCorasickMatcher.build(new LanguageMetadata("xx", entries, Path.of("xx.json")).spacedEntries());
            EntryMatcher naive = new SubstringMatcher(entries);
            for (int t = 0; t < 8; t++) {
                String text = t % 2 == 0 ? randomText(random) : textFromEntries(random, entries);
                int[] want = naive.match(text);
                assertThat(hankcs.match(text)).as("hankcs vs naive, trial %d, text '%s', entries %s", trial, text, entries)
                        .containsExactly(want);
                assertThat(da.match(text)).as("double array vs hankcs, trial %d, text '%s', entries %s", trial, text, entries)
                        .containsExactly(want);
            }
        }
    }

    @Test
    void matchTwoEqualsTwoMatchesWhateverTheTextsAndAutomata() {
        Random random = new Random(4242L);
        for (int trial = 0; trial < 300; trial++) {
            List<List<String>> metadata = new ArrayList<>();
            for (int m = 0; m < 2; m++) {
                List<String> entries = new ArrayList<>();
                int n = trial % 7 == 0 && m == 1 ? 0 : 1 + random.nextInt(trial % 10 == 0 ? 400 : 40);
                for (int i = 0; i < n; i++) {
                    entries.add(word(random));
                }
                metadata.add(entries);
            }
            DoubleArrayAutomaton x = DoubleArrayAutomaton.build(metadata.get(0));
            // the same automaton on both lanes too, and an empty one (no keys) now and then
            DoubleArrayAutomaton y = trial % 5 == 0 ? x : DoubleArrayAutomaton.build(metadata.get(1));
            for (int t = 0; t < 8; t++) {
                // texts of very different lengths, so one lane runs on alone
                String a = t % 2 == 0 ? randomText(random) : textFromEntries(random, metadata.get(0));
                String b = t % 3 == 0 ? "" : metadata.get(1).isEmpty() || t % 2 == 1 ? randomText(random) + randomText(random)
                        : textFromEntries(random, metadata.get(1));
                int[][] two = DoubleArrayAutomaton.matchTwo(x, a, y, b);
                assertThat(two[0]).as("lane x, trial %d, text '%s'", trial, a).containsExactly(x.match(a));
                assertThat(two[1]).as("lane y, trial %d, text '%s'", trial, b).containsExactly(y.match(b));
            }
        }
    }

    static String word(Random random) {
        StringBuilder sb = new StringBuilder();
        int len = 1 + random.nextInt(4);
        for (int i = 0; i < len; i++) {
            sb.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return sb.toString();
    }

    static String randomText(Random random) {
        StringBuilder sb = new StringBuilder();
        int pieces = random.nextInt(13);
        for (int i = 0; i < pieces; i++) {
            sb.append(word(random)).append(SEPARATORS[random.nextInt(SEPARATORS.length)]);
        }
        return sb.toString();
    }

    static String textFromEntries(Random random, List<String> entries) {
        StringBuilder sb = new StringBuilder();
        int pieces = 1 + random.nextInt(8);
        for (int i = 0; i < pieces; i++) {
            sb.append(entries.get(random.nextInt(entries.size()))).append(SEPARATORS[random.nextInt(SEPARATORS.length)]);
        }
        return sb.toString();
    }
}

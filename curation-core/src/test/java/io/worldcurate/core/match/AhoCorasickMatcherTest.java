package io.worldcurate.core.match;

import io.worldcurate.core.metadata.LanguageMetadata;
import io.worldcurate.core.testing.Gen;
import io.worldcurate.core.testing.Property;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class AhoCorasickMatcherTest {

    static EntryMatcher matcher(String... entries) {
        return AhoCorasickMatcher.build(new LanguageMetadata("xx", List.of(entries), Path.of("xx.json")).spacedEntries());
    }

    @Test
    void matchesWholeWordsOnly() {
        EntryMatcher m = matcher("cat", "dog", "hot dog", "category");
        assertThat(m.match("a hot dog and a cat")).containsExactly(0, 1, 2);
        assertThat(m.match("category")).containsExactly(3);
        assertThat(m.match("concatenate dogma")).isEmpty();
    }

    @Test
    void punctuationInTheTextSeparatesWords() {
        EntryMatcher m = matcher("dog", "car");
        assertThat(m.match("dog, car.")).containsExactly(0, 1);
        assertThat(m.match("(dog)")).isEmpty(); // parentheses are not wrapped in the text
        assertThat(m.match("dog\tcar\n")).containsExactly(0, 1);
    }

    @Test
    void cjkEntriesMatchInsideRunningText() {
        EntryMatcher m = matcher("汽车", "红色", "東京");
        assertThat(m.match("一辆红色汽车停在路边")).containsExactly(0, 1);
        assertThat(m.match("東京タワー")).containsExactly(2);
    }

    @Test
    void entriesWithSplitPunctuationNeverMatch() {
        // spacing splits ", . ; : ? ! `" off in the text but not in the entry (the reference's behaviour)
        EntryMatcher m = matcher("St. Louis", "hello, world");
        assertThat(m.match("St. Louis")).isEmpty();
        assertThat(m.match("hello, world")).isEmpty();
    }

    @Test
    void blankEntriesNeverMatchAndRepeatsKeepTheFirstId() {
        EntryMatcher m = matcher("  ", "", "dog", "\u00a0", "dog", "cat");
        assertThat(m.match("dog  cat    ")).containsExactly(2, 5);
    }

    @Test
    void overlappingAndNestedEntriesAllMatch() {
        EntryMatcher m = matcher("new york", "york", "new york city", "city");
        assertThat(m.match("new york city")).containsExactly(0, 1, 2, 3);
    }

    @Test
    void caseSensitiveAndNoNormalisation() {
        EntryMatcher m = matcher("Dog", "café");
        assertThat(m.match("dog")).isEmpty();
        assertThat(m.match("Dog")).containsExactly(0);
        assertThat(m.match("cafe\u0301")).isEmpty(); // decomposed form is another string
        assertThat(m.match("café")).containsExactly(1);
    }

    @Test
    void supplementaryCharacters() {
        String extB = new String(Character.toChars(0x20000));
        String emoji = new String(Character.toChars(0x1F600));
        EntryMatcher m = matcher(extB, emoji, "a" + emoji);
        assertThat(m.match("x" + extB + "y")).containsExactly(0);
        assertThat(m.match("so " + emoji + " happy")).containsExactly(1);
        assertThat(m.match("so" + emoji + " happy")).isEmpty();
    }

    @Test
    void emptyMetadataMatchesNothing() {
        assertThat(matcher().match("anything")).isEmpty();
        assertThat(matcher("", " ").match("anything at all")).isEmpty();
    }

    @Test
    void sharedAcrossThreads() throws Exception {
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            entries.add("w" + i);
        }
        EntryMatcher m = AhoCorasickMatcher.build(new LanguageMetadata("xx", entries, Path.of("xx.json")).spacedEntries());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int offset = t;
                results.add(pool.submit(() -> {
                    for (int i = offset; i < 2000; i += 4) {
                        int[] got = m.match("x w" + i + " w" + (1999 - i) + " y");
                        int a = Math.min(i, 1999 - i);
                        int b = Math.max(i, 1999 - i);
                        int[] want = a == b ? new int[] {a} : new int[] {a, b};
                        if (!java.util.Arrays.equals(got, want)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : results) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            pool.shutdown();
        }
    }

    // ---- property: the automaton equals the straightforward substring matcher ----

    private static final List<String> ALPHABET = List.of(
            "a", "b", "c", "A", " ", " ", ",", ".", ":", "!", "`", "(", ")", "-", "'", "\t", "\n",
            "一", "二", "汽", "ก", "ข", "ລ", "က", "ក", "ཀ", "，", "。", "「", "ー", "é", "ß", "д",
            new String(Character.toChars(0x20000)), new String(Character.toChars(0x2A700)),
            new String(Character.toChars(0x1F600)), "\u00a0");

    /** Words of 1 to 4 symbols of mixed scripts, spaces and punctuation. */
    static final Gen<String> WORD = Gen.strings(ALPHABET, 1, 4);
    static final Gen<List<String>> ENTRIES = Gen.lists(WORD, 1, 40);
    /** A text as pieces: a word and what follows it. */
    static final Gen<List<Gen.Pair<String, String>>> TEXT_PIECES =
            Gen.lists(Gen.pairs(WORD, Gen.oneOf("", " ", ", ", ".", "\t")), 0, 12);

    @Test
    void automatonEqualsSubstringMatcher() {
        Property.forAll("automaton equals substring matcher", 500, Gen.pairs(ENTRIES, TEXT_PIECES), c -> {
            List<String> entries = c.first();
            LanguageMetadata md = new LanguageMetadata("xx", entries, Path.of("xx.json"));
            EntryMatcher automaton = AhoCorasickMatcher.build(md.spacedEntries());
            EntryMatcher naive = new SubstringMatcher(entries);
            // texts built from random characters and from the entries themselves, so that matches happen
            StringBuilder random = new StringBuilder();
            c.second().forEach(piece -> random.append(piece.first()).append(piece.second()));
            String text = random.toString();
            assertThat(automaton.match(text)).as("text %s", Property.describe(text)).containsExactly(naive.match(text));
            StringBuilder fromEntries = new StringBuilder();
            for (int i = 0; i < entries.size(); i += 2) {
                fromEntries.append(entries.get(i)).append(i % 3 == 0 ? " " : i % 3 == 1 ? ", " : "");
            }
            String t2 = fromEntries.toString();
            assertThat(automaton.match(t2)).as("text %s", Property.describe(t2)).containsExactly(naive.match(t2));
        });
    }
}

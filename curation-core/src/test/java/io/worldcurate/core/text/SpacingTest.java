package io.worldcurate.core.text;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpacingTest {

    @Test
    void specVectorForText() {
        assertThat(Spacing.spacedText("a photo: red car,\tParis!")).isEqualTo(" a photo :  red car ,  Paris !  ");
    }

    @Test
    void specVectorsForEntries() {
        assertThat(Spacing.spacedEntry("C++")).isEqualTo(" C++");
        assertThat(Spacing.spacedEntry("红色汽车")).isEqualTo("红色汽车");
        assertThat(Spacing.spacedEntry("(test)")).isEqualTo("(test)");
    }

    @Test
    void plainWordGetsBothSpaces() {
        assertThat(Spacing.spacedEntry("dog")).isEqualTo(" dog ");
        assertThat(Spacing.spacedEntry("a")).isEqualTo(" a ");
    }

    @Test
    void textKeepsDoubleSpacesAndOtherCharacters() {
        assertThat(Spacing.spacedText("two  spaces")).isEqualTo(" two  spaces ");
        assertThat(Spacing.spacedText("")).isEqualTo("  ");
        assertThat(Spacing.spacedText("a\u00a0b")).isEqualTo(" a\u00a0b ");
        assertThat(Spacing.spacedText("x-y (z)")).isEqualTo(" x-y (z) ");
    }

    @Test
    void everyWrappedPunctuationIsWrapped() {
        assertThat(Spacing.spacedText("a,b.c;d:e?f!g`h")).isEqualTo(" a , b . c ; d : e ? f ! g ` h ");
    }

    @Test
    void lineBreaksAndTabsBecomeSpaces() {
        assertThat(Spacing.spacedText("a\tb\nc\r\nd")).isEqualTo(" a b c  d ");
    }

    @ParameterizedTest(name = "U+{0} is unpadded")
    @ValueSource(strings = {"4E00", "9FFF", "3400", "4DBF", "20000", "2A6DF", "2A700", "2B73F", "2B740", "2B81F", "2B820",
            "2CEAF", "2CEB0", "2EBEF", "F900", "FAFF", "2E80", "2EFF", "2F00", "2FDF", "2FF0", "2FFF",
            "0E00", "0E7F", "0E80", "0EFF", "1000", "109F", "1780", "17FF", "0F00", "0FFF"})
    void rangeBoundariesAreUnpadded(String hex) {
        assertThat(Spacing.isUnpadded(Integer.parseInt(hex, 16))).isTrue();
    }

    @ParameterizedTest(name = "U+{0} is padded")
    @ValueSource(strings = {"4DFF", "A000", "33FF", "4DC0", "1FFFF", "2A6E0", "2A6FF", "2EBF0", "F8FF", "FB00", "2E7F",
            "2FE0", "3000", "0DFF", "0F00A", "10A0", "177F", "1800", "0EFF0", "1F600", "0041", "00E9", "0020", "3001A"})
    void justOutsideRangesIsPadded(String hex) {
        int cp = Integer.parseInt(hex, 16);
        assertThat(Spacing.isUnpadded(cp)).as("U+%s", hex).isFalse();
    }

    @Test
    void asciiPunctuationIsUnpaddedButLettersDigitsAndSpaceAreNot() {
        for (char c : "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~".toCharArray()) {
            assertThat(Spacing.isUnpadded(c)).as("%s", c).isTrue();
        }
        for (char c : "aZ09 \t".toCharArray()) {
            assertThat(Spacing.isUnpadded(c)).as("%s", c).isFalse();
        }
    }

    @Test
    void fullWidthPunctuationListIsUnpadded() {
        "，。、；：？！“”‘’（）【】《》〈〉「」『』～—".codePoints()
                .forEach(cp -> assertThat(Spacing.isUnpadded(cp)).as("U+%04X", cp).isTrue());
        // similar-looking characters not on the list stay padded
        assertThat(Spacing.isUnpadded('–')).isFalse(); // en dash
        assertThat(Spacing.isUnpadded('…')).isFalse();
        assertThat(Spacing.isUnpadded('«')).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "สวัสดี|สวัสดี",          // Thai
            "ສະບາຍດີ|ສະບາຍດີ",        // Lao
            "မြန်မာ|မြန်မာ",          // Myanmar
            "ខ្មែរ|ខ្មែរ",              // Khmer
            "བོད|བོད",              // Tibetan
            "東京タワー|'東京タワー '",   // starts CJK but ends in Katakana (padded)
            "タワー東京|' タワー東京'",   // Katakana first (padded), CJK last
            "dog.|' dog.'",
            "'.dog'|'.dog '",
    })
    void boundariesOfUnspacedScripts(String entry, String spaced) {
        assertThat(Spacing.spacedEntry(entry)).isEqualTo(spaced.replace("'", ""));
    }

    @Test
    void supplementaryPlaneCharactersAreCodePoints() {
        String extB = new String(Character.toChars(0x20000)) + "x" + new String(Character.toChars(0x2A6DF));
        assertThat(Spacing.spacedEntry(extB)).isEqualTo(extB);
        String emoji = new String(Character.toChars(0x1F600));
        assertThat(Spacing.spacedEntry(emoji)).isEqualTo(" " + emoji + " ");
        String mixed = "a" + new String(Character.toChars(0x20001));
        assertThat(Spacing.spacedEntry(mixed)).isEqualTo(" " + mixed);
    }

    @Test
    void emptyEntryHasNoSpacedForm() {
        assertThatThrownBy(() -> Spacing.spacedEntry("")).isInstanceOf(IllegalArgumentException.class);
    }
}

package io.worldcurate.core.lang;

import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

class LanguageCodesTest {

    private final Predicate<String> has = Set.of("en", "no", "nn", "he", "zh", "pt", "ang", "fil", "tl", "de", "yue")::contains;

    @Test
    void codeNamingAMetadataFileIsUsedAsIs() {
        assertThat(LanguageCodes.toMetadataCode("en", has)).isEqualTo("en");
        assertThat(LanguageCodes.toMetadataCode("ang", has)).isEqualTo("ang");
        assertThat(LanguageCodes.toMetadataCode("fil", has)).isEqualTo("fil");
        assertThat(LanguageCodes.toMetadataCode("yue", has)).isEqualTo("yue");
    }

    @Test
    void isoCodesMapToWikipediaCodes() {
        assertThat(LanguageCodes.toMetadataCode("nb", has)).isEqualTo("no");
        assertThat(LanguageCodes.toMetadataCode("iw", has)).isEqualTo("he");
        assertThat(LanguageCodes.toMetadataCode("nn", has)).isEqualTo("nn");
    }

    @Test
    void regionsScriptsAndCaseAreDropped() {
        assertThat(LanguageCodes.toMetadataCode("zh-TW", has)).isEqualTo("zh");
        assertThat(LanguageCodes.toMetadataCode("pt_BR", has)).isEqualTo("pt");
        assertThat(LanguageCodes.toMetadataCode("EN", has)).isEqualTo("en");
        assertThat(LanguageCodes.toMetadataCode(" de ", has)).isEqualTo("de");
        assertThat(LanguageCodes.toMetadataCode("nb-NO", has)).isEqualTo("no");
    }

    @Test
    void threeLetterCodesMapToTwoLetterOnes() {
        assertThat(LanguageCodes.toMetadataCode("eng", has)).isEqualTo("en");
        assertThat(LanguageCodes.toMetadataCode("deu", has)).isEqualTo("de");
        assertThat(LanguageCodes.toMetadataCode("ger", has)).isEqualTo("de");
        assertThat(LanguageCodes.toMetadataCode("nob", has)).isEqualTo("no");
    }

    @Test
    void unknownMissingOrMetadataLessCodesAreOther() {
        assertThat(LanguageCodes.toMetadataCode(null, has)).isEqualTo("other");
        assertThat(LanguageCodes.toMetadataCode("", has)).isEqualTo("other");
        assertThat(LanguageCodes.toMetadataCode("xx", has)).isEqualTo("other");
        assertThat(LanguageCodes.toMetadataCode("fr", has)).isEqualTo("other"); // real code, no metadata here
        assertThat(LanguageCodes.toMetadataCode("klingon!", has)).isEqualTo("other");
        assertThat(LanguageCodes.toMetadataCode("other", has)).isEqualTo("other");
    }
}

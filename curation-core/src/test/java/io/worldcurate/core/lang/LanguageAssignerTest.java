package io.worldcurate.core.lang;

import io.worldcurate.core.metadata.MetadataDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LanguageAssignerTest {

    @TempDir
    Path dir;

    private MetadataDirectory metadata() throws IOException {
        for (String l : new String[] {"en", "de", "no", "fr"}) {
            Files.writeString(dir.resolve(l + ".json"), "[\"x\"]");
        }
        return new MetadataDirectory(dir);
    }

    @Test
    void trustedLanguageSkipsIdentificationWhichIsNeverBuilt() throws IOException {
        AtomicInteger built = new AtomicInteger();
        LanguageAssigner a = new LanguageAssigner(metadata(), () -> {
            built.incrementAndGet();
            return LidEngine.of("test", text -> "de");
        });
        assertThat(a.assign("a dog", "en")).isEqualTo(new LanguageAssigner.Assignment("en", false));
        assertThat(a.assign("ein Hund", "nb")).isEqualTo(new LanguageAssigner.Assignment("no", false));
        assertThat(a.assign("ein Hund", "xx-unknown")).isEqualTo(new LanguageAssigner.Assignment("other", false));
        assertThat(built).hasValue(0);
        assertThat(a.assign("ein Hund", "")).isEqualTo(new LanguageAssigner.Assignment("de", true));
        assertThat(a.assign("ein Hund", null)).isEqualTo(new LanguageAssigner.Assignment("de", true));
        assertThat(built).hasValue(1);
    }

    @Test
    void undetectedOrMetadataLessDetectionsAreOther() throws IOException {
        MetadataDirectory md = metadata();
        assertThat(new LanguageAssigner(md, () -> LidEngine.of("test", text -> null)).assign("???", "")).isEqualTo(new LanguageAssigner.Assignment("other", true));
        assertThat(new LanguageAssigner(md, () -> LidEngine.of("test", text -> "sw")).assign("habari", "")).isEqualTo(new LanguageAssigner.Assignment("other", true));
        assertThat(new LanguageAssigner(md, () -> LidEngine.of("test", text -> "nb")).assign("en hund", "")).isEqualTo(new LanguageAssigner.Assignment("no", true));
    }

    @Test
    void linguaIdentifiesRealTextsAndIsLoadedOnlyOnUse() throws IOException {
        LidSettings settings = new LidSettings(LidSettings.Accuracy.LOW, Set.of("en", "de", "fr", "nb"), 0.0);
        LinguaIdentifier lingua = LinguaIdentifier.shared(settings);
        assertThat(LinguaIdentifier.shared(settings)).isSameAs(lingua);
        assertThat(lingua.isLoaded()).isFalse();
        LanguageAssigner a = new LanguageAssigner(metadata(), () -> lingua);
        a.assign("the dog", "en");
        assertThat(lingua.isLoaded()).isFalse();
        assertThat(a.assign("Der schnelle braune Fuchs springt über den faulen Hund", "").language()).isEqualTo("de");
        assertThat(lingua.isLoaded()).isTrue();
        assertThat(a.assign("Le renard brun rapide saute par-dessus le chien paresseux", "").language()).isEqualTo("fr");
        assertThat(a.assign("Den raske brune reven hopper over den late hunden og spiser", "").language()).isEqualTo("no");
        assertThat(lingua.identify("12345 !!!")).isEqualTo(LidEngine.Identification.NONE);
        assertThat(lingua.identify("Der schnelle braune Fuchs springt über den faulen Hund").confidence()).isBetween(0.5, 1.0);
    }

    @Test
    void linguaMinimumDistanceMakesUnsureTextsOther() {
        LinguaIdentifier strict = LinguaIdentifier.shared(new LidSettings(LidSettings.Accuracy.LOW, Set.of("en", "de", "nl"), 0.9));
        assertThat(strict.identify("Hand")).isEqualTo(LidEngine.Identification.NONE);
    }

    @Test
    void settingsAreValidated() {
        assertThatThrownBy(() -> new LidSettings(LidSettings.Accuracy.LOW, Set.of(), 1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LinguaIdentifier.shared(new LidSettings(LidSettings.Accuracy.LOW, Set.of("en", "zz"), 0)).identify("x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("zz");
        assertThat(LidSettings.Accuracy.parse("High")).isEqualTo(LidSettings.Accuracy.HIGH);
    }
}

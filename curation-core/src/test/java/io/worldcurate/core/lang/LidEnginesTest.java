package io.worldcurate.core.lang;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LidEnginesTest {

    @Test
    void namesAreNormalisedWithTheOldAliases() {
        assertThat(LidEngines.normalise("high")).isEqualTo("lingua-high");
        assertThat(LidEngines.normalise("LOW")).isEqualTo("lingua-low");
        assertThat(LidEngines.normalise(" Lingua-High ")).isEqualTo("lingua-high");
        assertThat(LidEngines.normalise(null)).isEqualTo(LidEngines.DEFAULT);
        assertThat(LidEngines.normalise("fasttext:/m/Lid.176.ftz")).isEqualTo("fasttext:/m/Lid.176.ftz");
        assertThat(LidEngines.normalise("FastText:rel/model.bin")).isEqualTo("fasttext:rel/model.bin");
        assertThat(new LidSettings("high", Set.of(), 0).accuracy()).isEqualTo(LidSettings.Accuracy.HIGH);
        assertThat(new LidSettings(LidSettings.Accuracy.LOW, Set.of(), 0).engine()).isEqualTo("lingua-low");
        assertThat(new LidSettings("fasttext:x.bin", Set.of(), 0).accuracy()).isNull();
    }

    @Test
    void wcLidIsRegisteredAndAnswersAsItsOwnDetection() {
        assertThat(LidEngines.normalise("WC-LID")).isEqualTo("wc-lid");
        assertThatThrownBy(() -> LidEngines.normalise("wc-lid:x")).isInstanceOf(IllegalArgumentException.class);
        LidEngine e = LidEngines.shared(new LidSettings("wc-lid", Set.of(), 0));
        assertThat(e.name()).isEqualTo("wc-lid");
        io.worldcurate.core.lang.wclid.WcLid lid = io.worldcurate.core.lang.wclid.WcLid.shared();
        for (String t : new String[]{"a red car parked in front of the house", "ein rotes Auto vor dem Haus", "", "12345",
                "ቀይ መኪና በቤቱ ፊት ቆሟል", "una macchina rossa davanti alla casa"}) {
            io.worldcurate.core.lang.wclid.WcLid.Detection d = lid.detect(t);
            assertThat(e.identify(t).label()).as(t).isEqualTo(d.language());
        }
        assertThat(e.identify("a red car parked in front of the house").label()).isEqualTo("en");
        assertThat(e.identify("").label()).isNull();
    }

    @Test
    void unknownNamesAreClearErrors() {
        for (String bad : new String[]{"medium", "fasttext", "fasttext:", "lingua-high:x", "cld3"}) {
            assertThatThrownBy(() -> LidEngines.normalise(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("unknown language identification engine").hasMessageContaining("fasttext:PATH");
        }
    }

    @Test
    void aMissingFastTextModelIsAClearErrorAndLinguaIsSharedByName() {
        assertThatThrownBy(() -> LidEngines.create(new LidSettings("fasttext:/nonexistent/lid.176.ftz", Set.of(), 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/nonexistent/lid.176.ftz");
        LidSettings low = new LidSettings("low", Set.of("en", "de"), 0);
        LidEngine e = LidEngines.shared(low);
        assertThat(e).isSameAs(LidEngines.shared(new LidSettings("lingua-low", Set.of("de", "en"), 0)));
        assertThat(e.name()).isEqualTo("lingua-low");
    }

    /** Lingua's own decision, detectLanguageOf, against the engine's re-application of its rule to the confidence values. */
    @Test
    void linguaEngineDecidesExactlyAsDetectLanguageOf() {
        LidSettings s = new LidSettings("lingua-low", Set.of("en", "de", "fr", "nl", "it"), 0.1);
        LinguaIdentifier engine = LinguaIdentifier.shared(s);
        com.github.pemistahl.lingua.api.LanguageDetector detector = com.github.pemistahl.lingua.api.LanguageDetectorBuilder
                .fromIsoCodes639_1(com.github.pemistahl.lingua.api.IsoCode639_1.EN, com.github.pemistahl.lingua.api.IsoCode639_1.DE,
                        com.github.pemistahl.lingua.api.IsoCode639_1.FR, com.github.pemistahl.lingua.api.IsoCode639_1.NL,
                        com.github.pemistahl.lingua.api.IsoCode639_1.IT)
                .withLowAccuracyMode().withMinimumRelativeDistance(0.1).build();
        String[] texts = {"Hand", "the dog", "der Hund", "de hond", "le chien", "il cane", "Hund hond", "12345", "", "bank",
                "a red car in Paris", "ein rotes Auto in Paris", "une voiture rouge à Paris", "una macchina rossa a Parigi",
                "een rode auto in Parijs", "Paris", "Amsterdam Berlin", "OK", "ciao", "merci"};
        for (String t : texts) {
            com.github.pemistahl.lingua.api.Language l = detector.detectLanguageOf(t);
            String expected = l == com.github.pemistahl.lingua.api.Language.UNKNOWN ? null
                    : l.getIsoCode639_1().name().toLowerCase(java.util.Locale.ROOT);
            assertThat(engine.identify(t).label()).as(t).isEqualTo(expected);
        }
    }
}

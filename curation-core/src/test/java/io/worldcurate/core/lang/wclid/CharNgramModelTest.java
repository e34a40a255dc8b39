package io.worldcurate.core.lang.wclid;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CharNgramModelTest {

    private static List<LabelledCaptions.Row> rows() {
        List<LabelledCaptions.Row> rows = new ArrayList<>();
        String[] en = {"a dog runs on the beach", "the red car in the street", "a man with a hat", "two children play in the park"};
        String[] de = {"ein hund läuft am strand", "das rote auto auf der straße", "ein mann mit einem hut", "zwei kinder spielen im park"};
        String[] am = {"ውሻ በባህር ዳርቻ ላይ ይሮጣል", "በመንገድ ላይ ያለው ቀይ መኪና", "ኮፍያ ያደረገ ሰው", "ሁለት ልጆች በፓርኩ ውስጥ ይጫወታሉ"};
        for (int i = 0; i < en.length; i++) {
            rows.add(new LabelledCaptions.Row("s_en", "en", en[i]));
            rows.add(new LabelledCaptions.Row("s_de", "de", de[i]));
            rows.add(new LabelledCaptions.Row("s_am", "am", am[i]));
        }
        return rows;
    }

    @Test
    void learnsTheLanguagesOfItsTrainingText() {
        CharNgramModel model = new CharNgramTrainer(1).train(rows());
        assertThat(model.labels()).containsExactly("am", "de", "en");
        assertThat(model.predict("the dog in the park").label()).isEqualTo("en");
        assertThat(model.predict("der hund im park").label()).isEqualTo("de");
        assertThat(model.predict("ቀይ መኪና").label()).isEqualTo("am");
        assertThat(model.predict("  123 !!! ")).isNull();
    }

    @Test
    void writtenAndReadBackPredictsTheSame() throws Exception {
        CharNgramModel model = new CharNgramTrainer(1).train(rows());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        model.write(bytes);
        CharNgramModel read = CharNgramModel.read(new ByteArrayInputStream(bytes.toByteArray()));
        for (String text : List.of("the dog in the park", "der hund im park", "ቀይ መኪና", "a mann mit hut in the street")) {
            assertThat(read.predict(text)).isEqualTo(model.predict(text));
        }
    }

    @Test
    void theBundledModelLoadsAndKnowsManyLanguages() {
        CharNgramModel model = WcLid.bundledModel();
        assertThat(model.labels().length).isGreaterThan(150);
        assertThat(model.predict("ውሻ በባህር ዳርቻ ላይ ይሮጣል").label()).isIn("am", "ti");
    }
}

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

    /**
     * The scorer packs buckets (dense byte rows for features most classes saw, sparse class/boost pairs for the
     * others): its scores must equal the plain sum over the model file's per-bucket lists.
     */
    @Test
    void packedScoresEqualThePlainSumOverTheModelFile() throws Exception {
        CharNgramModel model = WcLid.bundledModel();
        int[] offsets;
        byte[] classes;
        byte[] boosts;
        float[] base;
        try (java.io.DataInputStream in = new java.io.DataInputStream(new java.io.BufferedInputStream(
                new java.util.zip.GZIPInputStream(WcLid.class.getResourceAsStream(WcLid.MODEL_RESOURCE))))) {
            in.readInt();
            base = new float[in.readInt()];
            for (int c = 0; c < base.length; c++) {
                in.readUTF();
                base[c] = in.readFloat();
            }
            classes = new byte[in.readInt()];
            boosts = new byte[classes.length];
            offsets = new int[CharNgramModel.BUCKETS + 1];
            for (int b = 0; b < CharNgramModel.BUCKETS; b++) {
                offsets[b + 1] = offsets[b] + CharNgramModel.readVarint(in);
            }
            in.readFully(classes);
            in.readFully(boosts);
        }
        int dense = 0;
        for (String text : List.of("the dog in the park", "Ein Hund läuft über die Wiese", "ውሻ በባህር ዳርቻ ላይ ይሮጣል",
                "猫がソファで寝ている", "una casa blanca junto al mar, con árboles", "Кошка спит на диване")) {
            double[] expected = new double[base.length];
            int n = CharNgramModel.features(text, b -> {
                for (int v = offsets[b]; v < offsets[b + 1]; v++) {
                    expected[classes[v] & 0xFF] += (boosts[v] & 0xFF) * (double) CharNgramModel.BOOST_STEP;
                }
            });
            float[] scores = model.scores(text);
            for (int c = 0; c < base.length; c++) {
                assertThat((double) scores[c]).as("class %d of '%s'", c, text).isCloseTo(expected[c] + n * base[c],
                        org.assertj.core.data.Offset.offset(1e-3 * Math.max(1, Math.abs(expected[c] + n * base[c]))));
            }
            int[] denseHere = {0};
            CharNgramModel.features(text, b -> {
                if (offsets[b + 1] - offsets[b] > CharNgramModel.DENSE_MIN) {
                    denseHere[0]++;
                }
            });
            dense += denseHere[0];
        }
        assertThat(dense).as("features scored through dense rows").isPositive();
    }

    @Test
    void theBundledModelLoadsAndKnowsManyLanguages() {
        CharNgramModel model = WcLid.bundledModel();
        assertThat(model.labels().length).isGreaterThan(150);
        assertThat(model.predict("ውሻ በባህር ዳርቻ ላይ ይሮጣል").label()).isIn("am", "ti");
    }
}

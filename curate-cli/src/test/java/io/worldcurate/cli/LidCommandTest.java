package io.worldcurate.cli;

import io.worldcurate.core.lang.LanguageAssigner;
import io.worldcurate.core.lang.LidEngines;
import io.worldcurate.core.lang.LidSettings;
import io.worldcurate.core.metadata.MetadataDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class LidCommandTest {

    @TempDir
    Path dir;

    @Test
    void oneLinePerInputLineInOrderAsBatchAssignsAndBadLinesReported() throws Exception {
        List<String> texts = List.of("Der schnelle braune Fuchs springt über den faulen Hund", "the quick brown fox jumps over the lazy dog",
                "", "Le renard brun rapide saute par-dessus le chien paresseux", "   ", "ein Hund und eine Katze im Garten");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (String t : texts) {
            bytes.write(t.getBytes(StandardCharsets.UTF_8));
            bytes.write('\n');
        }
        bytes.write(new byte[]{'a', ' ', (byte) 0xC3, '(', '\n'}); // line 7: invalid UTF-8
        bytes.write(new byte[]{'x', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '\r', '\n'}); // line 8: a lone surrogate
        bytes.write("a".repeat(LidCommand.MAX_LINE_BYTES + 10).getBytes(StandardCharsets.UTF_8)); // line 9: over 1 MiB
        bytes.write('\n');
        bytes.write("the last line has no newline but is a dog in English".getBytes(StandardCharsets.UTF_8)); // line 10
        Path in = dir.resolve("texts.txt");
        Files.write(in, bytes.toByteArray());
        Path out = dir.resolve("langs.tsv");

        Cli.Result r = Cli.run("lid", "--input", in.toString(), "--out", out.toString(), "--metadata", RunCommandTest.METADATA,
                "--lid", "low", "--lid-languages", "en,de,fr,it", "--threads", "2");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("texts/s").contains("10 texts").contains("lingua-low");
        assertThat(r.err()).contains("line 7: invalid UTF-8").contains("line 8: a lone surrogate").contains("line 9: longer than 1 MiB");

        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(10);
        LanguageAssigner batch = new LanguageAssigner(new MetadataDirectory(Path.of(RunCommandTest.METADATA)),
                () -> LidEngines.shared(new LidSettings("lingua-low", Set.of("en", "de", "fr", "it"), 0)));
        for (int i = 0; i < texts.size(); i++) {
            String expected = texts.get(i).isBlank() ? "other" : batch.assign(texts.get(i), "").language();
            assertThat(lines.get(i)).as("line %d", i + 1).startsWith(expected + "\t");
        }
        assertThat(lines.subList(0, 2)).extracting(l -> l.split("\t")[0]).containsExactly("de", "en");
        assertThat(lines.get(2)).isEqualTo("other\t0");
        assertThat(lines.subList(6, 9)).containsOnly("other\t0");
        assertThat(lines.get(9)).startsWith("en\t");
        double confidence = Double.parseDouble(lines.get(0).split("\t")[1]);
        assertThat(confidence).isBetween(0.0, 1.0).isPositive();
        // Italian has no metadata here: counted as a label without metadata
        Files.writeString(in, "Il gatto dorme sul divano della nonna tutto il giorno\n");
        r = Cli.run("lid", "--input", in.toString(), "--out", out.toString(), "--metadata", RunCommandTest.METADATA,
                "--lid", "low", "--lid-languages", "en,de,fr,it", "--threads", "1");
        assertThat(Files.readAllLines(out)).hasSize(1).allMatch(l -> l.startsWith("other\t"));
        assertThat(r.out()).contains("labels without metadata, written as other: {it=1}");
    }

    @Test
    void anUnknownEngineIsAClearError() throws Exception {
        Path in = dir.resolve("t.txt");
        Files.writeString(in, "x\n");
        Cli.Result r = Cli.run("lid", "--input", in.toString(), "--out", dir.resolve("o").toString(), "--metadata", RunCommandTest.METADATA,
                "--lid", "nonsense");
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("unknown language identification engine 'nonsense'").contains("fasttext:PATH");
    }

    @Test
    void trainWritesAModelThatTellsItsLanguagesApart() throws Exception {
        StringBuilder tsv = new StringBuilder("source\tlanguage\tcaption\n");
        String[] en = {"a dog on the beach", "the red car in the street", "two children playing in the park", "a cat on the sofa",
                "a man riding a bicycle", "the house with a green door"};
        String[] de = {"ein Hund am Strand", "das rote Auto auf der Straße", "zwei Kinder spielen im Park", "eine Katze auf dem Sofa",
                "ein Mann fährt Fahrrad", "das Haus mit einer grünen Tür"};
        for (int i = 0; i < en.length; i++) {
            tsv.append("xtd200_eng_Latn\ten\t").append(en[i]).append('\n');
            tsv.append("xtd200_deu_Latn\tde\t").append(de[i]).append('\n');
        }
        tsv.append("xtd200_fra_Latn\tfr\tun chien sur la plage\n");
        Path in = dir.resolve("labelled.tsv");
        Files.writeString(in, tsv.toString());
        Path model = dir.resolve("model.bin.gz");
        Cli.Result r = Cli.run("lid", "train", "--input", in.toString(), "--out", model.toString(), "--min-count", "1",
                "--first-per-source", "5");
        assertThat(r.exit()).as(r.err()).isZero();
        io.worldcurate.core.lang.wclid.CharNgramModel m;
        try (var is = Files.newInputStream(model)) {
            m = io.worldcurate.core.lang.wclid.CharNgramModel.read(is);
        }
        assertThat(m.labels()).containsExactlyInAnyOrder("en", "de", "fr");
        assertThat(m.predict("a dog in the park").label()).isEqualTo("en");
        assertThat(m.predict("ein Hund im Park").label()).isEqualTo("de");

        Cli.Result missing = Cli.run("lid", "train", "--input", dir.resolve("absent.tsv").toString(), "--out", model.toString());
        assertThat(missing.exit()).isNotZero();
        assertThat(missing.err()).contains("absent.tsv");
        Cli.Result noInput = Cli.run("lid", "--out", dir.resolve("o").toString());
        assertThat(noInput.exit()).isNotZero();
        assertThat(noInput.err()).contains("--input FILE and --out FILE");
    }

    @Test
    void wcLidIsTheDefaultEngineNamedInHelp() {
        for (String command : new String[] {"lid", "batch", "run"}) {
            Cli.Result help = Cli.run(command, "--help");
            assertThat(help.out().replaceAll("\\s+", " ")).as(command).contains("(default: wc-lid)");
        }
    }
}

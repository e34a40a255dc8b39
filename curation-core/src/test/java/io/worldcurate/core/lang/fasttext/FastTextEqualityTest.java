package io.worldcurate.core.lang.fasttext;

import io.worldcurate.core.RealData;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link FastTextModel} against Debian's {@code fasttext} (0.9.2) itself: small supervised models are
 * trained here with character n-grams and word n-grams, with softmax, hierarchical softmax and
 * one-vs-all losses, saved as {@code .bin} and quantized to {@code .ftz} (with and without qnorm,
 * qout and a cutoff that prunes buckets), and every line's label from {@code fasttext predict-prob}
 * must be ours, with a close probability. Skipped with a message where {@code fasttext} is absent.
 */
class FastTextEqualityTest {

    @TempDir
    static Path dir;
    static Path fasttext;
    static Path train;
    static Path test;
    static List<String> testLines;
    /** 300 made-up labels: quantizing the output matrix (-qout) needs at least 256 rows. */
    static Path wideTrain;
    static Path wideTest;
    static List<String> wideTestLines;

    @BeforeAll
    static void corpus() throws IOException {
        fasttext = findFasttext();
        Assumptions.assumeTrue(fasttext != null,
                "Debian's fasttext binary is absent (apt-get install fasttext): skipping the fastText equality test");
        List<String[]> labelled = realCorpus();
        if (labelled.size() < 1000) {
            labelled = generatedCorpus();
        }
        List<String> trainLines = new ArrayList<>();
        testLines = new ArrayList<>();
        for (int i = 0; i < labelled.size(); i++) {
            String[] lt = labelled.get(i);
            if (i % 4 == 0) {
                testLines.add(lt[1]);
            } else {
                trainLines.add("__label__" + lt[0] + " " + lt[1]);
            }
        }
        // what tokenization must get right: every ASCII separator, labels in the text, scripts, emoji, lone bytes
        testLines.addAll(List.of("  leading and trailing spaces  ", "tabs\tand\u000bvertical\ftabs\rand returns",
                "__label__en is a label, not a word", "a\u0000nul", "ẞ straße ǅ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 😀🚀 ज़", "x", "中文字符", "Ελληνικά και English mixed",
                "a a a a a a a a a a a a a a a", "ünïcödé wörds"));
        List<String> wide = new ArrayList<>();
        wideTestLines = new ArrayList<>();
        Random rnd = new Random(11);
        for (int i = 0; i < 3000; i++) {
            int label = i % 300;
            String line = "w" + label + " " + Integer.toString(label * 7919 % 1000, 36) + " " + Integer.toString(rnd.nextInt(5000), 36)
                    + "é" + " ок" + (label % 17);
            if (i % 7 == 0) { // 7 is prime to 300: every label keeps training lines
                wideTestLines.add(line);
            } else {
                wide.add("__label__l" + label + " " + line);
            }
        }
        wideTrain = dir.resolve("wide-train.txt");
        wideTest = dir.resolve("wide-test.txt");
        Files.write(wideTrain, wide, StandardCharsets.UTF_8);
        Files.write(wideTest, wideTestLines, StandardCharsets.UTF_8);
        train = dir.resolve("train.txt");
        test = dir.resolve("test.txt");
        Files.write(train, trainLines, StandardCharsets.UTF_8);
        Files.write(test, testLines, StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0} loss, minn {1} maxn {2}, wordNgrams {3}, quantized: {4}, {5} corpus")
    @CsvSource({
            "softmax, 2, 4, 2, '',                         real",
            "softmax, 2, 4, 2, -qnorm -cutoff 3000,        real",
            "hs,      1, 3, 3, '',                         real",
            "hs,      1, 3, 3, -qnorm -cutoff 2000,        real",
            "ova,     3, 5, 2, '',                         real",
            "softmax, 0, 0, 1, '',                         real",
            "softmax, 2, 3, 2, -qnorm -qout,               wide",
            "hs,      2, 3, 2, -qout -cutoff 1000,         wide",
    })
    void predictsWhatFastTextPredicts(String loss, int minn, int maxn, int wordNgrams, String quantize, String corpus) throws Exception {
        boolean wide = corpus.equals("wide");
        Path train = wide ? wideTrain : FastTextEqualityTest.train;
        Path test = wide ? wideTest : FastTextEqualityTest.test;
        List<String> testLines = wide ? wideTestLines : FastTextEqualityTest.testLines;
        String name = corpus + loss + minn + maxn + wordNgrams + quantize.replaceAll("[^a-z0-9]", "");
        Path prefix = dir.resolve(name);
        run(fasttext.toString(), "supervised", "-input", train.toString(), "-output", prefix.toString(), "-dim", "16", "-epoch", loss.equals("ova") || wide ? "1" : "3",
                "-lr", "0.5", "-minn", "" + minn, "-maxn", "" + maxn, "-wordNgrams", "" + wordNgrams, "-bucket", "50000",
                "-loss", loss, "-thread", "1", "-verbose", "0");
        Path model = Path.of(prefix + ".bin");
        if (!quantize.isEmpty()) {
            List<String> cmd = new ArrayList<>(List.of(fasttext.toString(), "quantize", "-input", train.toString(), "-output",
                    prefix.toString(), "-dsub", "2", "-verbose", "0"));
            cmd.addAll(List.of(quantize.split(" ")));
            run(cmd.toArray(new String[0]));
            model = Path.of(prefix + ".ftz");
        }
        List<String> expected = run(fasttext.toString(), "predict-prob", model.toString(), test.toString(), "1");
        assertThat(expected).hasSize(testLines.size());

        FastTextModel ours = FastTextModel.load(model);
        int checked = 0;
        for (int i = 0; i < testLines.size(); i++) {
            String line = testLines.get(i);
            FastTextModel.Prediction p = ours.predict(line);
            String want = expected.get(i).strip();
            if (want.isEmpty()) {
                assertThat(p).as("line %d: %s", i + 1, line).isNull();
                continue;
            }
            String[] f = want.split(" ");
            assertThat(p).as("line %d: %s", i + 1, line).isNotNull();
            assertThat(p.label()).as("line %d: %s", i + 1, line).isEqualTo(f[0]);
            float prob = Float.parseFloat(f[1]);
            assertThat((double) p.probability()).as("line %d: %s", i + 1, line).isCloseTo(prob, org.assertj.core.data.Offset.offset(2e-5 + 1e-4 * prob));
            checked++;
        }
        assertThat(checked).isGreaterThan(testLines.size() * 9 / 10);
        // thread-safe with no lock: the same predictions from two threads at once
        FastTextEngine engine = new FastTextEngine("fasttext:" + model, ours);
        List<String> sequential = testLines.stream().map(t -> String.valueOf(engine.identify(t))).toList();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var a = pool.submit(() -> testLines.stream().map(t -> String.valueOf(engine.identify(t))).toList());
            var b = pool.submit(() -> testLines.stream().map(t -> String.valueOf(engine.identify(t))).toList());
            assertThat(a.get()).isEqualTo(sequential);
            assertThat(b.get()).isEqualTo(sequential);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void blankTextsGiveNoPrediction() throws Exception {
        Path prefix = dir.resolve("blank");
        run(fasttext.toString(), "supervised", "-input", wideTrain.toString(), "-output", prefix.toString(), "-dim", "4", "-epoch", "1",
                "-thread", "1", "-verbose", "0");
        FastTextModel m = FastTextModel.load(Path.of(prefix + ".bin"));
        assertThat(m.predict("")).isNull();
        assertThat(m.predict(" \t ")).isNull();
        assertThat(m.labels()).allMatch(l -> l.startsWith("__label__"));
    }

    @Test
    void aFileThatIsNoModelGetsAClearError() throws IOException {
        Path bogus = dir.resolve("bogus.bin");
        Files.writeString(bogus, "not a model at all");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> FastTextModel.load(bogus))
                .isInstanceOf(IOException.class).hasMessageContaining("not a fastText model");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> FastTextEngine.load(dir.resolve("missing.ftz").toString()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not exist");
    }

    private static List<String[]> realCorpus() throws IOException {
        List<String[]> out = new ArrayList<>();
        Path captions = RealData.dataDir().resolve("captions/captions.tsv");
        Path mt = RealData.dataDir().resolve("captions/captions_mt_dev.tsv");
        every(captions, 40, out);
        every(mt, 100, out);
        return out;
    }

    private static void every(Path file, int n, List<String[]> out) throws IOException {
        if (!Files.isRegularFile(file)) {
            return;
        }
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            r.readLine();
            int i = 0;
            for (String line; (line = r.readLine()) != null; i++) {
                String[] c = line.split("\t", 3);
                if (i % n == 0 && c.length == 3 && !c[2].isBlank()) {
                    out.add(new String[]{c[1], c[2]});
                }
            }
        }
    }

    /** Three made-up languages with their own syllables, some in non-Latin scripts. */
    private static List<String[]> generatedCorpus() {
        String[][] syllables = {{"ka", "lo", "mi", "ta", "ren"}, {"зо", "ла", "ник", "ров", "ту"}, {"άλ", "κο", "μη", "ρί", "σα"}};
        String[] langs = {"aa", "bb", "cc"};
        Random rnd = new Random(7);
        List<String[]> out = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            int l = rnd.nextInt(3);
            StringBuilder sb = new StringBuilder();
            for (int w = 0; w < 3 + rnd.nextInt(8); w++) {
                for (int s = 0; s < 1 + rnd.nextInt(3); s++) {
                    sb.append(syllables[rnd.nextInt(10) == 0 ? rnd.nextInt(3) : l][rnd.nextInt(5)]);
                }
                sb.append(' ');
            }
            out.add(new String[]{langs[l], sb.toString().strip()});
        }
        return out;
    }

    private static Path findFasttext() {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            Path p = Path.of(d, "fasttext");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    private static List<String> run(String... cmd) throws Exception {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("%s finished", String.join(" ", cmd)).isTrue();
        assertThat(p.exitValue()).as("exit code of %s", String.join(" ", cmd)).isZero();
        return Files.readAllLines(out, StandardCharsets.UTF_8);
    }
}

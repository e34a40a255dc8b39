package io.worldcurate.benchmarks;

import io.worldcurate.core.lang.LidEngine;
import io.worldcurate.core.lang.LidSettings;
import io.worldcurate.core.lang.LinguaIdentifier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Detections per second from ONE caller thread with Lingua over all its languages, through
 * {@link LinguaIdentifier} as lid-service uses it, on short real captions of every language of
 * captions.tsv, mixed.
 *
 * <p>The sample: for each language, {@value #PER_LANGUAGE} captions shorter than {@value #MAX_CHARS}
 * characters (the range where high accuracy still uses every n-gram order), drawn with a fixed seed,
 * then shuffled together with a fixed seed. One invocation identifies ONE caption, cycling through the
 * sample, so the score (ops/s) is detections/s. Models are preloaded in setup (not measured). Lingua
 * fans each detection out to {@code ForkJoinPool.commonPool()}: "one caller thread" still uses the
 * pool's worker (parallelism = cores - 1).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
// high accuracy holds ~1.4 GB of models for all languages
@Fork(value = 2, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
// 4 s iterations: at a few hundred detections/s an iteration then covers the whole mixed sample at least once
@Warmup(iterations = 3, time = 4)
@Measurement(iterations = 5, time = 4)
@State(Scope.Thread)
public class LinguaBenchmark {

    static final int PER_LANGUAGE = 100;
    static final int MAX_CHARS = 120;
    private static final long SEED = 20250101L;

    @Param({"HIGH", "LOW"})
    public String accuracy;

    private LinguaIdentifier lid;
    private String[] texts;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        // group the short captions by labelled language (TreeMap: stable order for the seeded draw)
        Map<String, List<String>> byLanguage = new TreeMap<>();
        for (BenchData.Caption c : BenchData.captions()) {
            if (c.caption().length() < MAX_CHARS) {
                byLanguage.computeIfAbsent(c.language(), k -> new ArrayList<>()).add(c.language() + "\t" + c.caption());
            }
        }
        Random random = new Random(SEED);
        List<String> sample = new ArrayList<>();
        for (List<String> captions : byLanguage.values()) {
            Collections.shuffle(captions, random);
            sample.addAll(captions.subList(0, Math.min(PER_LANGUAGE, captions.size())));
        }
        Collections.shuffle(sample, random);
        String[] labels = new String[sample.size()];
        texts = new String[sample.size()];
        for (int i = 0; i < texts.length; i++) {
            String[] lt = sample.get(i).split("\t", 2);
            labels[i] = lt[0];
            texts[i] = lt[1];
        }
        next = 0;

        long t0 = System.nanoTime();
        lid = LinguaIdentifier.shared(new LidSettings(LidSettings.Accuracy.parse(accuracy), Set.of(), 0.0));
        lid.preload();
        long t1 = System.nanoTime();

        // one pass over the sample: agreement with the labels (and a first warm-up)
        int agree = 0;
        for (int i = 0; i < texts.length; i++) {
            if (Objects.equals(lid.identify(texts[i]).label(), labels[i])) {
                agree++;
            }
        }
        long t2 = System.nanoTime();
        Runtime rt = Runtime.getRuntime();
        System.gc();
        long usedMb = (rt.totalMemory() - rt.freeMemory()) >> 20;
        System.out.printf("%n[lingua %s] %d captions from %d languages (< %d chars); models preloaded in %d ms, "
                        + "heap used after GC %d MB; first pass %.0f detections/s, %.1f%% agree with the label%n",
                accuracy, texts.length, byLanguage.size(), MAX_CHARS, (t1 - t0) / 1_000_000, usedMb,
                texts.length / ((t2 - t1) / 1e9), 100.0 * agree / texts.length);
    }

    /** Identifies the next caption (cycling); returns the ISO 639-1 code (null when none) and confidence. */
    @Benchmark
    public LidEngine.Identification identifyCaption() {
        int i = next;
        next = i + 1 == texts.length ? 0 : i + 1;
        return lid.identify(texts[i]);
    }
}

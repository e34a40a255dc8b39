package io.worldcurate.benchmarks;

import io.worldcurate.core.lang.LidEngine;
import io.worldcurate.core.lang.LidEngines;
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
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Texts per second of each language identification engine ({@code --lid} names, e.g. {@code lingua-high}
 * and {@code fasttext:PATH}) on the same short real captions as {@link LinguaBenchmark}, one shared
 * engine called from as many threads as JMH's {@code -t} gives (the engines are thread-safe with no
 * global lock, as lid-service's stream threads share them). Run with {@code -t 1} and {@code -t 2}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
@Warmup(iterations = 2, time = 4)
@Measurement(iterations = 3, time = 4)
public class LidEngineBenchmark {

    /** The engine and the sample, shared by every benchmark thread. */
    @State(Scope.Benchmark)
    public static class Engine {

        @Param({"lingua-high"})
        public String engine;

        LidEngine lid;
        String[] texts;

        @Setup(Level.Trial)
        public void setUp() {
            List<String> sample = new ArrayList<>();
            for (BenchData.Caption c : BenchData.captions()) {
                if (c.caption().length() < LinguaBenchmark.MAX_CHARS) {
                    sample.add(c.caption());
                }
            }
            Collections.shuffle(sample, new Random(20250101L));
            texts = sample.subList(0, Math.min(5000, sample.size())).toArray(new String[0]);
            long t0 = System.nanoTime();
            lid = LidEngines.shared(new LidSettings(engine, Set.of(), 0.0));
            if (lid instanceof LinguaIdentifier lingua) {
                lingua.preload();
            }
            long t1 = System.nanoTime();
            Runtime rt = Runtime.getRuntime();
            System.gc();
            System.out.printf("%n[%s] loaded in %d ms, heap used after GC %d MB, %d captions%n", engine, (t1 - t0) / 1_000_000,
                    (rt.totalMemory() - rt.freeMemory()) >> 20, texts.length);
        }
    }

    /** Each benchmark thread's place in the sample. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;

        @Setup(Level.Trial)
        public void setUp() {
            next = (int) (Thread.currentThread().getId() * 7919 % 5000);
        }
    }

    @Benchmark
    public LidEngine.Identification identify(Engine e, Cursor c) {
        int i = c.next % e.texts.length;
        c.next = i + 1;
        return e.lid.identify(e.texts[i]);
    }
}

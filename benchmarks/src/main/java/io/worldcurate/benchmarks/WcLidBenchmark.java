package io.worldcurate.benchmarks;

import io.worldcurate.core.lang.LanguageIdentifier;
import io.worldcurate.core.lang.LidSettings;
import io.worldcurate.core.lang.LinguaIdentifier;
import io.worldcurate.core.lang.wclid.WcLid;
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
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * wc-lid side by side with Lingua high, in the same run, on the same sample as {@link LinguaBenchmark}
 * (short real captions of every language of captions.tsv, mixed), from 1 and from 2 caller threads. The
 * score (ops/s) is detections/s over all threads. Engines are loaded in setup (not measured); the setup
 * prints wc-lid's load time and heap.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
@Warmup(iterations = 2, time = 4)
@Measurement(iterations = 3, time = 4)
public class WcLidBenchmark {

    @State(Scope.Benchmark)
    public static class Engine {
        @Param({"wc-lid", "lingua-high"})
        public String engine;

        LanguageIdentifier lid;
        String[] texts;

        @Setup(Level.Trial)
        public void setUp() {
            Map<String, List<String>> byLanguage = new TreeMap<>();
            for (BenchData.Caption c : BenchData.captions()) {
                if (c.caption().length() < LinguaBenchmark.MAX_CHARS) {
                    byLanguage.computeIfAbsent(c.language(), k -> new ArrayList<>()).add(c.caption());
                }
            }
            Random random = new Random(20250101L);
            List<String> sample = new ArrayList<>();
            for (List<String> captions : byLanguage.values()) {
                Collections.shuffle(captions, random);
                sample.addAll(captions.subList(0, Math.min(LinguaBenchmark.PER_LANGUAGE, captions.size())));
            }
            Collections.shuffle(sample, random);
            texts = sample.toArray(new String[0]);
            long t0 = System.nanoTime();
            if (engine.equals("wc-lid")) {
                lid = WcLid.shared();
            } else {
                LinguaIdentifier l = LinguaIdentifier.shared(LidSettings.DEFAULT);
                l.preload();
                lid = l;
            }
            long t1 = System.nanoTime();
            Runtime rt = Runtime.getRuntime();
            System.gc();
            System.out.printf("%n[%s] %d captions; loaded in %d ms; heap used after GC %d MB%n", engine, texts.length,
                    (t1 - t0) / 1_000_000, (rt.totalMemory() - rt.freeMemory()) >> 20);
        }
    }

    @State(Scope.Thread)
    public static class Cursor {
        int next;

        @Setup(Level.Trial)
        public void setUp() {
            next = (int) (Thread.currentThread().getId() * 7919 % 1000);
        }
    }

    private static String identify(Engine e, Cursor c) {
        int i = c.next % e.texts.length;
        c.next = i + 1;
        return e.lid.identify(e.texts[i]);
    }

    @Benchmark
    @Threads(1)
    public String oneThread(Engine e, Cursor c) {
        return identify(e, c);
    }

    @Benchmark
    @Threads(2)
    public String twoThreads(Engine e, Cursor c) {
        return identify(e, c);
    }
}

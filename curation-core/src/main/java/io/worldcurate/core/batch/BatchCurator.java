package io.worldcurate.core.batch;

import io.worldcurate.core.count.CountOfCounts;
import io.worldcurate.core.count.LanguageCounts;
import io.worldcurate.core.decide.Decider;
import io.worldcurate.core.decide.Decision;
import io.worldcurate.core.input.ImageJson;
import io.worldcurate.core.input.InvalidRecordException;
import io.worldcurate.core.input.LineReader;
import io.worldcurate.core.lang.LanguageAssigner;
import io.worldcurate.core.lang.LidEngines;
import io.worldcurate.core.match.ImageIndexer;
import io.worldcurate.core.match.LanguageMatchers;
import io.worldcurate.core.match.cache.AutomatonCache;
import io.worldcurate.core.metadata.MetadataSource;
import io.worldcurate.core.model.CuratedImage;
import io.worldcurate.core.model.LangText;
import io.worldcurate.core.model.MatchedImage;
import io.worldcurate.core.model.MatchedText;
import io.worldcurate.core.output.CurationJson;
import io.worldcurate.core.threshold.ThresholdCalculator;
import io.worldcurate.core.threshold.Thresholds;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Batch curation (spec section 8, batch mode): the reference every other mode is checked against.
 *
 * <p>Pass 1 reads the inputs in order; workers parse, identify and match chunks of lines in
 * parallel, and one writer takes the chunks back in input order to deduplicate by uuid (first
 * record wins), count, and write {@code index.jsonl} and {@code rejects.jsonl}. Thresholds follow
 * from the counts. Pass 2 re-reads the index and decides each image. Memory holds the metadata,
 * the counts and a bounded number of chunks in flight, never the input.
 */
public final class BatchCurator {

    private static final int CHUNK_LINES = 256;

    private final BatchOptions options;
    private final BatchProgress progress;
    private final AutomatonCache cache;

    /** Builds the automata in memory (no compiled cache). */
    public BatchCurator(BatchOptions options, BatchProgress progress) {
        this(options, progress, AutomatonCache.none());
    }

    /** Loads every language's automaton from {@code cache} (building and storing the missing ones) before reading input. */
    public BatchCurator(BatchOptions options, BatchProgress progress, AutomatonCache cache) {
        this.options = options;
        this.progress = progress;
        this.cache = cache;
    }

    public static BatchResult run(BatchOptions options, BatchProgress progress) throws IOException {
        return new BatchCurator(options, progress).run();
    }

    public static BatchResult run(BatchOptions options, BatchProgress progress, AutomatonCache cache) throws IOException {
        return new BatchCurator(options, progress, cache).run();
    }

    /** One line's outcome: a reject reason, or the indexed image. */
    private record Outcome(Path file, long line, String rejectReason, ImageIndexer.Indexed indexed) {
    }

    private record Chunk(Path file, List<LineReader.Line> lines) {
    }

    public BatchResult run() throws IOException {
        long started = System.nanoTime();
        for (Path in : options.inputs()) {
            if (!Files.isRegularFile(in)) {
                throw new IOException("input file " + in + " does not exist or is not a file");
            }
        }
        MetadataSource metadata = MetadataSource.open(options.metadataDir(), r -> progress.warning(r.toString()));
        LanguageMatchers matchers = new LanguageMatchers(metadata, cache, message -> {
            synchronized (progress) {
                progress.warning(message);
            }
        });
        progress.matchersLoaded(matchers.loadAll(options.threads()));
        LanguageAssigner assigner = new LanguageAssigner(metadata, () -> LidEngines.shared(options.lid()));
        ImageIndexer indexer = new ImageIndexer(assigner, matchers);
        Files.createDirectories(options.outDir());
        Path out = options.outDir();

        CurationStats stats = new CurationStats();
        Map<String, LanguageCounts> counts = new TreeMap<>();
        index(indexer, matchers, stats, counts, out);
        stats.lidLabelsWithoutMetadata(assigner.unmappedLabels());

        Map<String, CountOfCounts> countOfCounts = new TreeMap<>();
        counts.forEach((lang, c) -> countOfCounts.put(lang, c.countOfCounts()));
        Thresholds thresholds = ThresholdCalculator.compute(countOfCounts, options.thresholds());

        decide(out, counts, thresholds, stats);

        Files.writeString(out.resolve(BatchResult.THRESHOLDS), CurationJson.thresholdsDocument(thresholds, countOfCounts) + "\n");
        Files.writeString(out.resolve(BatchResult.STATS), CurationJson.pretty(stats.toMap()) + "\n");
        BatchResult result = new BatchResult(stats, thresholds, countOfCounts, out, (System.nanoTime() - started) / 1_000_000);
        progress.finished(result);
        return result;
    }

    private void index(ImageIndexer indexer, LanguageMatchers metadata, CurationStats stats,
                       Map<String, LanguageCounts> counts, Path out) throws IOException {
        AtomicInteger workerIds = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(options.threads(), r -> {
            Thread t = new Thread(r, "curate-worker-" + workerIds.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        BlockingQueue<Future<List<Outcome>>> inFlight = new ArrayBlockingQueue<>(options.threads() * 4);
        Future<List<Outcome>> endOfInput = CompletableFuture.completedFuture(List.of());
        long totalBytes = 0;
        for (Path p : options.inputs()) {
            totalBytes += Files.size(p);
        }
        long allBytes = totalBytes;
        AtomicLong bytesNow = new AtomicLong();

        Thread reader = new Thread(() -> {
            try {
                long bytesBefore = 0;
                for (Path file : options.inputs()) {
                    try (LineReader lines = LineReader.open(file, options.maxRecordBytes())) {
                        List<LineReader.Line> chunk = new ArrayList<>(CHUNK_LINES);
                        LineReader.Line line;
                        while ((line = lines.next()) != null) {
                            if (!line.oversized() && isBlank(line.bytes())) {
                                continue;
                            }
                            chunk.add(line);
                            if (chunk.size() == CHUNK_LINES) {
                                submit(workers, inFlight, new Chunk(file, chunk), indexer);
                                chunk = new ArrayList<>(CHUNK_LINES);
                                bytesNow.set(bytesBefore + lines.fileBytesRead());
                            }
                        }
                        if (!chunk.isEmpty()) {
                            submit(workers, inFlight, new Chunk(file, chunk), indexer);
                        }
                    }
                    bytesBefore += Files.size(file);
                    bytesNow.set(bytesBefore);
                }
            } catch (IOException e) {
                inFlight.offer(CompletableFuture.failedFuture(e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                try {
                    inFlight.put(endOfInput);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "curate-reader");
        reader.setDaemon(true);
        reader.start();

        try (UuidSet seen = new UuidSet(out.resolve(".uuids.tmp"));
             Writer index = writer(out.resolve(BatchResult.INDEX));
             Writer rejects = writer(out.resolve(BatchResult.REJECTS))) {
            while (true) {
                Future<List<Outcome>> next = inFlight.take();
                if (next == endOfInput) {
                    break;
                }
                for (Outcome o : next.get()) {
                    record(o, seen, stats, counts, metadata, index, rejects);
                }
                progress.indexing(stats.recordsRead, bytesNow.get(), allBytes);
            }
            progress.indexing(stats.recordsRead, allBytes, allBytes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(cause);
        } finally {
            reader.interrupt();
            workers.shutdownNow();
        }
    }

    private static void submit(ExecutorService workers, BlockingQueue<Future<List<Outcome>>> inFlight, Chunk chunk,
                               ImageIndexer indexer) throws InterruptedException {
        inFlight.put(workers.submit(() -> {
            List<Outcome> out = new ArrayList<>(chunk.lines().size());
            for (LineReader.Line line : chunk.lines()) {
                out.add(process(chunk.file(), line, indexer));
            }
            return out;
        }));
    }

    private static Outcome process(Path file, LineReader.Line line, ImageIndexer indexer) {
        if (line.oversized()) {
            return new Outcome(file, line.number(), "oversized: record of " + line.length() + " bytes exceeds the limit", null);
        }
        try {
            return new Outcome(file, line.number(), null, indexer.index(ImageJson.parse(line.bytes())));
        } catch (InvalidRecordException e) {
            return new Outcome(file, line.number(), e.reason(), null);
        }
    }

    private static void record(Outcome o, UuidSet seen, CurationStats stats, Map<String, LanguageCounts> counts,
                               LanguageMatchers metadata, Writer index, Writer rejects) throws IOException {
        stats.recordsRead++;
        if (o.rejectReason() != null) {
            stats.reject(o.rejectReason());
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("file", o.file().toString());
            r.put("line", o.line());
            r.put("reason", o.rejectReason());
            rejects.write(CurationJson.line(r));
            rejects.write('\n');
            return;
        }
        stats.imagesRead++;
        ImageIndexer.Indexed indexed = o.indexed();
        if (!seen.add(indexed.image().uuid())) {
            stats.repeatedUuids++;
            return;
        }
        for (LangText t : indexed.texts()) {
            CurationStats.LanguageStats ls = stats.language(t.lang());
            ls.texts++;
            if (t.detected()) {
                ls.textsDetected++;
            }
        }
        if (!indexed.hasMatch()) {
            stats.imagesWithoutMatch++;
            return;
        }
        stats.imagesMatched++;
        for (MatchedText t : indexed.matched().texts()) {
            counts.computeIfAbsent(t.lang(), l -> new LanguageCounts(metadata.entryCount(l))).addMatchedText(t.entries());
            stats.language(t.lang()).matchedTexts++;
        }
        index.write(CurationJson.indexLine(indexed.matched()));
        index.write('\n');
    }

    private void decide(Path out, Map<String, LanguageCounts> counts, Thresholds thresholds, CurationStats stats)
            throws IOException {
        Decider decider = new Decider(options.seed());
        long decided = 0;
        try (BufferedReader index = Files.newBufferedReader(out.resolve(BatchResult.INDEX), StandardCharsets.UTF_8);
             Writer curated = writer(out.resolve(BatchResult.CURATED))) {
            String line;
            while ((line = index.readLine()) != null) {
                MatchedImage image = CurationJson.readIndexLine(line);
                MatchedText chosen = image.texts().get(decider.chosenIndex(image.uuid(), image.texts().size()));
                LanguageCounts n = counts.get(chosen.lang());
                long[] entryCounts = new long[chosen.entries().length];
                for (int i = 0; i < entryCounts.length; i++) {
                    entryCounts[i] = n.count(chosen.entries()[i]);
                }
                long t = thresholds.byLanguage().get(chosen.lang());
                Decision d = decider.decide(image.uuid(), chosen.lang(), chosen.entries(), entryCounts, t);
                CurationStats.LanguageStats ls = stats.language(chosen.lang());
                ls.imagesChosen++;
                if (d.admitted()) {
                    ls.imagesAdmitted++;
                    stats.imagesAdmitted++;
                    curated.write(CurationJson.curatedLine(new CuratedImage(image.uuid(), image.url(), chosen.text(),
                            chosen.lang(), chosen.entries(), d.probability())));
                    curated.write('\n');
                }
                if (++decided % 10_000 == 0) {
                    progress.deciding(decided, stats.imagesMatched);
                }
            }
            progress.deciding(decided, stats.imagesMatched);
        }
    }

    private static boolean isBlank(byte[] line) {
        for (byte b : line) {
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    private static Writer writer(Path p) throws IOException {
        return new BufferedWriter(Files.newBufferedWriter(p, StandardCharsets.UTF_8), 1 << 16);
    }
}

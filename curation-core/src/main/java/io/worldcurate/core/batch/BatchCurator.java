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
import io.worldcurate.core.model.Image;
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
 * from the counts. Pass 2 decides each indexed image: from the images kept in memory during pass 1
 * when they fit in {@link #heldIndexBudget} (the usual case; no re-parsing), else by re-reading
 * {@code index.jsonl}. Memory holds the metadata, the counts, a bounded number of chunks in flight and
 * at most that budget of matched images, never the whole input.
 */
public final class BatchCurator {

    private static final int CHUNK_LINES = 256;
    /** The first chunks are smaller, so that a small input is spread over every worker too. */
    private static final int FIRST_CHUNK_LINES = 16;

    private final BatchOptions options;
    private final BatchProgress progress;
    private final AutomatonCache cache;
    /**
     * Pass 1 keeps the matched images for pass 2 while their index lines total at most this many
     * characters (objects take ~2-3x that in heap); past it they are dropped and pass 2 reads the index file.
     */
    private long heldIndexBudget = Runtime.getRuntime().maxMemory() / 16;

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

    /** Sets the in-memory budget of pass 1's matched images, in index-line characters (0: always re-read the index). */
    BatchCurator heldIndexBudget(long chars) {
        this.heldIndexBudget = chars;
        return this;
    }

    public static BatchResult run(BatchOptions options, BatchProgress progress) throws IOException {
        return new BatchCurator(options, progress).run();
    }

    public static BatchResult run(BatchOptions options, BatchProgress progress, AutomatonCache cache) throws IOException {
        return new BatchCurator(options, progress, cache).run();
    }

    /** One line's outcome: a reject reason, or the indexed image (and its index line when it has a match, made by the worker). */
    private record Outcome(Path file, long line, String rejectReason, ImageIndexer.Indexed indexed, String indexLine) {
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
        HeldImages held = new HeldImages(heldIndexBudget);
        index(indexer, matchers, stats, counts, out, held);
        stats.lidLabelsWithoutMetadata(assigner.unmappedLabels());

        Map<String, CountOfCounts> countOfCounts = new TreeMap<>();
        counts.forEach((lang, c) -> countOfCounts.put(lang, c.countOfCounts()));
        Thresholds thresholds = ThresholdCalculator.compute(countOfCounts, options.thresholds());

        decide(out, counts, thresholds, stats, held.images());

        Files.writeString(out.resolve(BatchResult.THRESHOLDS), CurationJson.thresholdsDocument(thresholds, countOfCounts) + "\n");
        Files.writeString(out.resolve(BatchResult.STATS), CurationJson.pretty(stats.toMap()) + "\n");
        BatchResult result = new BatchResult(stats, thresholds, countOfCounts, out, (System.nanoTime() - started) / 1_000_000);
        progress.finished(result);
        return result;
    }

    private void index(ImageIndexer indexer, LanguageMatchers metadata, CurationStats stats,
                       Map<String, LanguageCounts> counts, Path out, HeldImages held) throws IOException {
        ExecutorService workers = workers("curate-worker");
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
                        int chunkLines = FIRST_CHUNK_LINES;
                        List<LineReader.Line> chunk = new ArrayList<>(chunkLines);
                        LineReader.Line line;
                        while ((line = lines.next()) != null) {
                            if (!line.oversized() && isBlank(line.bytes())) {
                                continue;
                            }
                            chunk.add(line);
                            if (chunk.size() == chunkLines) {
                                submit(workers, inFlight, new Chunk(file, chunk), indexer);
                                chunkLines = Math.min(CHUNK_LINES, 2 * chunkLines);
                                chunk = new ArrayList<>(chunkLines);
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
                putQuietly(inFlight, CompletableFuture.failedFuture(e));
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
                    record(o, seen, stats, counts, metadata, index, rejects, held);
                }
                progress.indexing(stats.recordsRead, bytesNow.get(), allBytes);
            }
            progress.indexing(stats.recordsRead, allBytes, allBytes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            throw rethrown(e);
        } finally {
            reader.interrupt();
            workers.shutdownNow();
        }
    }

    private static IOException rethrown(ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof IOException io) {
            return io;
        }
        if (cause instanceof RuntimeException re) {
            throw re;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        return new IOException(cause);
    }

    /** Puts the failure where the writer will take it (waiting for room: it must not be dropped), unless interrupted. */
    private static <T> void putQuietly(BlockingQueue<Future<T>> queue, Future<T> failure) {
        try {
            queue.put(failure);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }

    private ExecutorService workers(String name) {
        AtomicInteger ids = new AtomicInteger();
        return Executors.newFixedThreadPool(options.threads(), r -> {
            Thread t = new Thread(r, name + "-" + ids.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    private static void submit(ExecutorService workers, BlockingQueue<Future<List<Outcome>>> inFlight, Chunk chunk,
                               ImageIndexer indexer) throws InterruptedException {
        inFlight.put(workers.submit(() -> process(chunk, indexer)));
    }

    /** Parses every line of a chunk, then indexes its valid images together ({@link ImageIndexer#indexAll}). */
    private static List<Outcome> process(Chunk chunk, ImageIndexer indexer) {
        List<LineReader.Line> lines = chunk.lines();
        Image[] parsed = new Image[lines.size()];
        String[] rejected = new String[lines.size()];
        List<Image> valid = new ArrayList<>(lines.size());
        for (int i = 0; i < parsed.length; i++) {
            LineReader.Line line = lines.get(i);
            if (line.oversized()) {
                rejected[i] = "oversized: record of " + line.length() + " bytes exceeds the limit";
                continue;
            }
            try {
                parsed[i] = ImageJson.parse(line.bytes());
                valid.add(parsed[i]);
            } catch (InvalidRecordException e) {
                rejected[i] = e.reason();
            }
        }
        List<ImageIndexer.Indexed> indexed = indexer.indexAll(valid);
        List<Outcome> out = new ArrayList<>(parsed.length);
        for (int i = 0, k = 0; i < parsed.length; i++) {
            long number = lines.get(i).number();
            if (parsed[i] == null) {
                out.add(new Outcome(chunk.file(), number, rejected[i], null, null));
            } else {
                ImageIndexer.Indexed x = indexed.get(k++);
                out.add(new Outcome(chunk.file(), number, null, x, x.hasMatch() ? CurationJson.indexLine(x.matched()) : null));
            }
        }
        return out;
    }

    private static void record(Outcome o, UuidSet seen, CurationStats stats, Map<String, LanguageCounts> counts,
                               LanguageMatchers metadata, Writer index, Writer rejects, HeldImages held) throws IOException {
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
        index.write(o.indexLine());
        index.write('\n');
        held.add(indexed.matched(), o.indexLine());
    }

    /** One chosen text's decision: its language, and its curated line when admitted (else null). */
    private record Decided(String lang, String curatedLine) {
    }

    /**
     * Pass 2: a reader thread takes the indexed images in chunks (from {@code held}, else re-reading the
     * index file), workers decide them (Decider is a pure function of uuid, entries, counts and
     * thresholds; the counts are final), and this thread writes the curated lines and counts in index order.
     */
    private void decide(Path out, Map<String, LanguageCounts> counts, Thresholds thresholds, CurationStats stats,
                        List<MatchedImage> held) throws IOException {
        Decider decider = new Decider(options.seed());
        ExecutorService workers = workers("curate-decider");
        BlockingQueue<Future<List<Decided>>> inFlight = new ArrayBlockingQueue<>(options.threads() * 4);
        Future<List<Decided>> endOfIndex = CompletableFuture.completedFuture(List.of());
        Thread reader = new Thread(held != null ? () -> {
            try {
                int chunkLines = FIRST_CHUNK_LINES;
                for (int from = 0; from < held.size(); ) {
                    List<MatchedImage> images = held.subList(from, Math.min(held.size(), from + chunkLines));
                    inFlight.put(workers.submit(() -> decideImages(images, decider, counts, thresholds)));
                    from += images.size();
                    chunkLines = Math.min(CHUNK_LINES, 2 * chunkLines);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                putQuietly(inFlight, endOfIndex);
            }
        } : () -> {
            try (BufferedReader index = Files.newBufferedReader(out.resolve(BatchResult.INDEX), StandardCharsets.UTF_8)) {
                int chunkLines = FIRST_CHUNK_LINES;
                List<String> chunk = new ArrayList<>(chunkLines);
                String line;
                while ((line = index.readLine()) != null) {
                    chunk.add(line);
                    if (chunk.size() == chunkLines) {
                        List<String> lines = chunk;
                        inFlight.put(workers.submit(() -> decideAll(lines, decider, counts, thresholds)));
                        chunkLines = Math.min(CHUNK_LINES, 2 * chunkLines);
                        chunk = new ArrayList<>(chunkLines);
                    }
                }
                if (!chunk.isEmpty()) {
                    List<String> lines = chunk;
                    inFlight.put(workers.submit(() -> decideAll(lines, decider, counts, thresholds)));
                }
            } catch (IOException e) {
                putQuietly(inFlight, CompletableFuture.failedFuture(e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                putQuietly(inFlight, endOfIndex);
            }
        }, "curate-index-reader");
        reader.setDaemon(true);
        reader.start();

        long decided = 0;
        try (Writer curated = writer(out.resolve(BatchResult.CURATED))) {
            while (true) {
                Future<List<Decided>> next = inFlight.take();
                if (next == endOfIndex) {
                    break;
                }
                for (Decided d : next.get()) {
                    CurationStats.LanguageStats ls = stats.language(d.lang());
                    ls.imagesChosen++;
                    if (d.curatedLine() != null) {
                        ls.imagesAdmitted++;
                        stats.imagesAdmitted++;
                        curated.write(d.curatedLine());
                        curated.write('\n');
                    }
                    if (++decided % 10_000 == 0) {
                        progress.deciding(decided, stats.imagesMatched);
                    }
                }
            }
            progress.deciding(decided, stats.imagesMatched);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            throw rethrown(e);
        } finally {
            reader.interrupt();
            workers.shutdownNow();
        }
    }

    private static List<Decided> decideAll(List<String> lines, Decider decider, Map<String, LanguageCounts> counts,
                                           Thresholds thresholds) {
        List<MatchedImage> images = new ArrayList<>(lines.size());
        for (String line : lines) {
            images.add(CurationJson.readIndexLine(line));
        }
        return decideImages(images, decider, counts, thresholds);
    }

    private static List<Decided> decideImages(List<MatchedImage> images, Decider decider, Map<String, LanguageCounts> counts,
                                              Thresholds thresholds) {
        List<Decided> out = new ArrayList<>(images.size());
        for (MatchedImage image : images) {
            MatchedText chosen = image.texts().get(decider.chosenIndex(image.uuid(), image.texts().size()));
            LanguageCounts n = counts.get(chosen.lang());
            long[] entryCounts = new long[chosen.entries().length];
            for (int i = 0; i < entryCounts.length; i++) {
                entryCounts[i] = n.count(chosen.entries()[i]);
            }
            long t = thresholds.byLanguage().get(chosen.lang());
            Decision d = decider.decide(image.uuid(), chosen.lang(), chosen.entries(), entryCounts, t);
            out.add(new Decided(chosen.lang(), d.admitted()
                    ? CurationJson.curatedLine(new CuratedImage(image.uuid(), image.url(), chosen.text(), chosen.lang(),
                            chosen.entries(), d.probability()))
                    : null));
        }
        return out;
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

package io.worldcurate.cli;

import io.worldcurate.ingest.DirectoryWatcher;
import io.worldcurate.ingest.HttpFiles;
import io.worldcurate.ingest.JsonlImageWriter;
import io.worldcurate.ingest.RejectLog;
import io.worldcurate.ingest.Stoppable;
import io.worldcurate.ingest.RetryPolicy;
import io.worldcurate.ingest.WatIngest;
import io.worldcurate.ingest.WatListing;
import io.worldcurate.ingest.WatSource;
import io.worldcurate.ingest.WatchState;
import io.worldcurate.core.input.ImageValidator;
import io.worldcurate.core.model.Image;
import io.worldcurate.schemas.AvroSerde;
import io.worldcurate.schemas.Topic;
import io.worldcurate.schemas.Topics;
import io.worldcurate.streams.TopicAdmin;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code curate ingest}: files of crawled images onto the input topic of the streaming pipeline. */
@Command(name = "ingest", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Reads crawled images from files and produces each valid one to a Kafka topic as a CrawledImage "
                + "(Avro), keyed by its uuid, with an idempotent producer (acks=all, lz4).",
                "ingest_seq is the image's 0-based position among the valid images of this run, over all files in the "
                        + "order given. Malformed or oversized lines never stop the run: they are counted and, with "
                        + "--rejects, written as {\"file\", \"line\", \"reason\"} lines like batch's rejects.jsonl. "
                        + "Blank lines are skipped. Exits with 1 when Kafka cannot be reached within --timeout or when "
                        + "any record cannot be produced.",
                "--format wat reads Common Crawl WAT files (*.warc.wat.gz) and takes the images MetaCLIP's parse_wat.py "
                        + "takes: each <img src> link with an alt, title or data-image-title text, its url resolved "
                        + "against the page's WARC-Target-URI (RFC 3986), uuid = SHA-224 of the url. A bad WARC record "
                        + "is rejected as {\"file\", \"offset\", \"reason\"} (offset: its byte position in the file). "
                        + "With --out FILE.jsonl the images are written in MetaCLIP's JSONL form instead of produced.",
                "With --format wat, FILE may also be an http(s):// URL, streamed (nothing is written to disk), or a "
                        + "listing of WAT files such as Common Crawl's wat.paths.gz (*.paths[.gz], local or a URL), whose "
                        + "paths are relative to --prefix. A transfer fault (connection reset or cut, 5xx, a body shorter "
                        + "than its length) is tried again with exponential backoff, resuming at the first gzip member "
                        + "not yet ingested (HTTP Range); a 404 or other 4xx fails that file, the others go on, and the "
                        + "exit code is 1 at the end. To Kafka each WAT file is one transaction, committed when the file "
                        + "was read to its end and aborted otherwise. --state FILE records finished files (a rerun skips "
                        + "them).",
                "--watch DIR ingests each new file of DIR once, until Ctrl-C (which lets the current file finish): a file "
                        + "is taken once its size and time stayed unchanged for --settle seconds, and recorded in "
                        + "DIR/.curate-ingested once Kafka acknowledged all its records, so a restart neither skips nor "
                        + "repeats a file; ingest_seq goes on from the last recorded file."},
        footer = {"", "Examples:",
                "  curate ingest --format jsonl crawl-*.jsonl.gz --bootstrap-servers localhost:9092 \\",
                "      --create-topics --rejects rejects.jsonl",
                "  curate ingest --format wat CC-MAIN-*.warc.wat.gz --out images.jsonl.gz --rejects rejects.jsonl",
                "  curate ingest --format wat https://data.commoncrawl.org/crawl-data/CC-MAIN-2024-51/wat.paths.gz \\",
                "      --bootstrap-servers localhost:9092 --state ingested.tsv",
                "  curate ingest --format wat --watch wat-inbox/ --bootstrap-servers localhost:9092"})
final class IngestCommand implements Callable<Integer>, Stoppable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "FILE", description = "Input files, gzipped or not (told by their first bytes), "
            + "read in the order given. None with --watch. With --format wat also http(s):// URLs and listings "
            + "(*.paths.gz, e.g. Common Crawl's wat.paths.gz), local or remote.")
    List<String> inputs;

    /** The local files of {@link #inputs} (all of them for jsonl). */
    List<Path> files;

    @Option(names = "--prefix", paramLabel = "URL", description = "With --format wat: what the paths of a listing are "
            + "relative to, a base URL or a local folder (default: ${DEFAULT-VALUE}, Common Crawl's public HTTPS endpoint).")
    String prefix = WatListing.COMMON_CRAWL;

    @Option(names = "--state", paramLabel = "FILE", description = "With --format wat: skip the files recorded as finished "
            + "in FILE, and record each file there once it is finished (the format of --watch's .curate-ingested; remote "
            + "files by URL); ingest_seq goes on from the last one recorded. Default: none.")
    Path state;

    @Option(names = "--retries", paramLabel = "N", description = "With --format wat: transfer faults in a row (without "
            + "getting further) tolerated per remote file before it fails (default: ${DEFAULT-VALUE}).")
    int retries = RetryPolicy.DEFAULT.retries();

    @Option(names = "--retry-backoff", paramLabel = "SECONDS", description = "With --format wat: the wait after the first "
            + "fault, doubled after each next one up to 60 s, times a random 0.5-1 (default: ${DEFAULT-VALUE}).")
    double retryBackoffSeconds = 1;

    @Option(names = "--format", paramLabel = "FORMAT", converter = InputFormat.Converter.class,
            completionCandidates = InputFormat.Names.class,
            description = "Input format, one of: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). jsonl: one image per line "
                    + "in MetaCLIP's form, {\"uuid\", \"url\", \"page_url\", \"texts\": [[attr, text, lang], ...]}. wat: Common "
                    + "Crawl WAT files, one gzip member per WARC record (an uncompressed WAT is read too).")
    InputFormat format = InputFormat.JSONL;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers, comma-separated, e.g. localhost:9092 (what 'curate broker' prints). "
                    + "Exactly one of --bootstrap-servers and --out is required.")
    String bootstrapServers;

    @Option(names = "--out", paramLabel = "FILE.jsonl", description = "With --format wat: write the images to FILE as JSON "
            + "lines in MetaCLIP's form ({\"uuid\", \"url\", \"page_url\", \"texts\": [[attr, text, \"\"], ...]}) instead of "
            + "producing them; gzipped when FILE ends in .gz; written as FILE.tmp and renamed when complete.")
    Path out;

    @Option(names = "--watch", paramLabel = "DIR", description = "Continuous mode: ingest each new file of DIR once "
            + "(*.warc.wat.gz for wat; *.jsonl and *.jsonl.gz for jsonl; not subfolders, not names starting with '.'), "
            + "until Ctrl-C. Finished files are recorded in DIR/" + WatchState.FILE_NAME + " with their size and time.")
    Path watch;

    @Option(names = "--poll-interval", paramLabel = "SECONDS", description = "With --watch: how often DIR is listed "
            + "(default: ${DEFAULT-VALUE}).")
    double pollSeconds = 5;

    @Option(names = "--settle", paramLabel = "SECONDS", description = "With --watch: a file is taken once its size and "
            + "modification time stayed the same this long; 0 takes a file as soon as it is seen, for writers that only "
            + "ever rename complete files into DIR (default: ${DEFAULT-VALUE}).")
    double settleSeconds = 2;

    @Option(names = "--topic", paramLabel = "TOPIC", description = "Topic to produce to (default: ${DEFAULT-VALUE}).")
    String topic = Topics.CRAWL_IMAGES;

    @Option(names = "--create-topics", description = "Create the topic when it is missing, with the broker's default "
            + "replication and --partitions partitions (default: off; a missing topic is an error).")
    boolean createTopics;

    @Option(names = "--partitions", paramLabel = "P", description = "Partitions of a topic that --create-topics creates "
            + "(default: the broker's num.partitions).")
    Integer partitions;

    @Option(names = "--rejects", paramLabel = "FILE", description = "Write each rejected line as {\"file\", \"line\", "
            + "\"reason\"} (a WAT record as {\"file\", \"offset\", \"reason\"}) to FILE, replacing it; with --watch, "
            + "appending to it (default: none; only a summary of the reasons on stderr).")
    Path rejects;

    @Option(names = "--max-record-bytes", paramLabel = "N", description = "Longer lines are rejected as oversized "
            + "without being held in memory (default: ${DEFAULT-VALUE}). For wat it bounds a metadata record's JSON "
            + "payload instead, and defaults to " + WatIngest.DEFAULT_MAX_PAYLOAD_BYTES + ".")
    int maxRecordBytes = ImageValidator.DEFAULT_MAX_RECORD_BYTES;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "How long to wait for Kafka to answer at the "
            + "start, and for a full send buffer, before failing (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds = 30;

    @Option(names = "--client-property", paramLabel = "KEY=VALUE", description = "Extra Kafka client setting for the "
            + "producer and the admin client (e.g. security.protocol=SSL); repeatable. Overrides the ones above.")
    Map<String, String> clientProperties = new LinkedHashMap<>();

    @picocli.CommandLine.Mixin
    ClientConfigOption clientConfig;

    /** How long a shutdown hook waits for the file being ingested to finish before the JVM exits anyway. */
    private static final Duration STOP_WAIT = Duration.ofMinutes(15);

    private volatile boolean stopRequested;
    private volatile DirectoryWatcher watcher;

    @Override
    public Integer call() throws Exception {
        validate();
        clientProperties = clientConfig.with(clientProperties);
        if (watch != null) {
            return watch();
        }
        if (out != null) {
            return writeWatJsonl();
        }
        if (format == InputFormat.WAT) {
            return produceWat();
        }
        long started = System.nanoTime();
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        Properties base = KafkaClients.base(bootstrapServers, "curate-ingest", clientProperties);
        try (Admin admin = KafkaClients.connect(base, timeout)) {
            prepareTopic(admin, timeout);
        }
        TerminalProgress progress = TerminalProgress.onStderr();
        try (Writer rejectsOut = rejects == null ? null : Files.newBufferedWriter(rejects, StandardCharsets.UTF_8);
             Ingester ingester = new Ingester(base, topic, timeout, rejectsOut, progress)) {
            try {
                ingester.ingestJsonl(files, maxRecordBytes);
            } finally {
                ingester.flush();
            }
            report(ingester, (System.nanoTime() - started) / 1e9);
            ingester.checkSent();
        }
        return 0;
    }

    /** {@code --format wat --out FILE}: the images as MetaCLIP JSONL, no Kafka. */
    private Integer writeWatJsonl() throws IOException {
        long started = System.nanoTime();
        TerminalProgress progress = TerminalProgress.onStderr();
        List<WatSource> sources = watSources();
        WatIngest.Totals totals;
        try (Writer rejectsOut = rejects == null ? null : Files.newBufferedWriter(rejects, StandardCharsets.UTF_8);
             JsonlImageWriter writer = new JsonlImageWriter(out)) {
            RejectLog log = new RejectLog(rejectsOut);
            try {
                totals = WatIngest.run(sources, watOptions(sources, null), new WatIngest.ImageSink() {
                    @Override
                    public boolean accept(Image image, String file, long offset) throws IOException {
                        writer.write(image);
                        return true;
                    }

                    @Override
                    public void reject(String file, long offset, String reason) throws IOException {
                        log.reject(file, offset, reason);
                    }

                    @Override
                    public void beginFile(WatSource source) throws IOException {
                        writer.beginFile();
                    }

                    @Override
                    public long commitFile(WatSource source) throws IOException {
                        writer.commitFile();
                        return writer.written();
                    }

                    @Override
                    public void abortFile(WatSource source) throws IOException {
                        writer.abortFile();
                    }

                    @Override
                    public void progress(WatIngest.Progress p) {
                        progress.line("ingest: " + p.line());
                    }
                });
            } finally {
                progress.end();
            }
            writer.commit();
            reportWat(totals, sources.size(), "wrote " + writer.written() + " to " + out, log.count(), log.byKind(),
                    log.examples(), (System.nanoTime() - started) / 1e9);
        }
        return totalsExit(totals);
    }

    /** 0, or 1 after naming the files that failed on stderr. */
    private int totalsExit(WatIngest.Totals t) {
        if (t == null || t.failed().isEmpty()) {
            return 0;
        }
        PrintWriter err = spec.commandLine().getErr();
        err.println("curate: " + t.failed().size() + " file" + (t.failed().size() == 1 ? "" : "s") + " failed (not recorded "
                + "as finished; a rerun with the same --state tries them again):");
        t.failed().forEach(f -> err.println("  " + f));
        err.flush();
        return 1;
    }

    /** The WAT files to read: the arguments in order, each listing replaced by the files it lists. */
    private List<WatSource> watSources() throws IOException {
        List<WatSource> sources = new ArrayList<>();
        for (String in : inputs) {
            if (WatSource.isListing(in)) {
                List<WatSource> listed = WatListing.read(in, prefix, http(), retryPolicy(), this::log);
                log("listing " + in + ": " + listed.size() + " WAT file" + (listed.size() == 1 ? "" : "s"));
                sources.addAll(listed);
            } else {
                sources.add(WatSource.of(in));
            }
        }
        return sources;
    }

    private HttpFiles http;

    private HttpFiles http() {
        if (http == null) {
            http = new HttpFiles();
        }
        return http;
    }

    private RetryPolicy retryPolicy() {
        Duration first = seconds(retryBackoffSeconds);
        return new RetryPolicy(retries, first, first.compareTo(Duration.ofSeconds(60)) > 0 ? first : Duration.ofSeconds(60));
    }

    private void log(String line) {
        PrintWriter err = spec.commandLine().getErr();
        err.println(line);
        err.flush();
    }

    /** Remote files and listings say what happens to each file on stderr; local files alone stay quiet, as before. */
    private WatIngest.Options watOptions(List<WatSource> sources, WatchState st) {
        boolean chatty = st != null || inputs.stream().anyMatch(i -> WatSource.isUrl(i) || WatSource.isListing(i));
        return new WatIngest.Options().maxPayloadBytes(maxPayloadBytes()).http(http()).retry(retryPolicy()).state(st)
                .log(chatty ? this::log : line -> {
                });
    }

    /**
     * {@code --format wat} to Kafka: each file one transaction (transactional.id from the topic and the
     * state file, or the inputs, so that a rerun fences the transaction an interrupted run left open).
     */
    private Integer produceWat() throws IOException {
        long started = System.nanoTime();
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        Properties base = KafkaClients.base(bootstrapServers, "curate-ingest", clientProperties);
        try (Admin admin = KafkaClients.connect(base, timeout)) {
            prepareTopic(admin, timeout);
        }
        List<WatSource> sources = watSources();
        base.putIfAbsent(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId());
        TerminalProgress progress = TerminalProgress.onStderr();
        try (WatchState st = state == null ? null : WatchState.openFile(state);
             Writer rejectsOut = rejects == null ? null : Files.newBufferedWriter(rejects, StandardCharsets.UTF_8);
             Ingester ingester = new Ingester(base, topic, timeout, rejectsOut, progress)) {
            if (st != null) {
                ingester.nextSeq = st.nextSeq();
            }
            long[] produced = new long[1];
            WatIngest.Totals totals;
            try {
                totals = WatIngest.run(sources, watOptions(sources, st), new TransactionalSink(ingester, progress, produced));
            } finally {
                progress.end();
            }
            if (st != null && totals.skipped() > 0) {
                log("skipped " + totals.skipped() + " file" + (totals.skipped() == 1 ? "" : "s") + " finished before (in "
                        + state + ")");
            }
            String where = "produced " + produced[0] + " to " + topic + " at " + bootstrapServers;
            reportWat(totals, sources.size(), where, ingester.rejected, ingester.rejectedByReason, ingester.examples,
                    (System.nanoTime() - started) / 1e9);
            ingester.checkSent();
            return totalsExit(totals);
        }
    }

    /** {@code curate-ingest-} and 16 hex digits of SHA-256 over the topic and the state file (else the inputs). */
    private String transactionalId() {
        String what = topic + "\n" + (state != null ? state.toAbsolutePath().normalize().toString() : String.join("\n", inputs));
        try {
            byte[] h = java.security.MessageDigest.getInstance("SHA-256").digest(what.getBytes(StandardCharsets.UTF_8));
            return "curate-ingest-" + HexFormat.of().formatHex(h, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Each WAT file one Kafka transaction; {@code produced[0]} counts the images of committed files. */
    private static final class TransactionalSink implements WatIngest.ImageSink {
        private final Ingester ingester;
        private final TerminalProgress progress;
        private final long[] produced;
        private long seqAtBegin;

        TransactionalSink(Ingester ingester, TerminalProgress progress, long[] produced) {
            this.ingester = ingester;
            this.progress = progress;
            this.produced = produced;
        }

        @Override
        public boolean accept(Image image, String file, long offset) throws IOException {
            return ingester.failure.get() == null && ingester.send(image, file, "offset", offset);
        }

        @Override
        public void reject(String file, long offset, String reason) throws IOException {
            ingester.reject(file, "offset", offset, reason);
        }

        @Override
        public void beginFile(WatSource source) {
            seqAtBegin = ingester.nextSeq;
            ingester.beginTransaction();
        }

        @Override
        public long commitFile(WatSource source) {
            ingester.commitTransaction();
            ingester.checkSent();
            produced[0] += ingester.nextSeq - seqAtBegin;
            return ingester.nextSeq;
        }

        @Override
        public void abortFile(WatSource source) {
            try {
                ingester.abortTransaction();
            } catch (KafkaException e) {
                ingester.failure.compareAndSet(null, e);
            }
            ingester.nextSeq = seqAtBegin;
        }

        @Override
        public void progress(WatIngest.Progress p) {
            progress.line("ingest: " + p.line());
        }
    }

    /** The Kafka side of a WAT ingest: each image produced by the ingester, rejects in its rejects. */
    private static WatIngest.ImageSink kafkaSink(Ingester ingester, TerminalProgress progress) {
        return new WatIngest.ImageSink() {
            @Override
            public boolean accept(Image image, String file, long offset) throws IOException {
                return ingester.failure.get() == null && ingester.send(image, file, "offset", offset);
            }

            @Override
            public void reject(String file, long offset, String reason) throws IOException {
                ingester.reject(file, "offset", offset, reason);
            }

            @Override
            public void progress(WatIngest.Progress p) {
                progress.line("ingest: " + p.line());
            }
        };
    }

    /** {@code --watch DIR}: each new file once, until stopped. */
    private Integer watch() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            requestStop();
            try {
                if (!finished.await(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    System.err.println("curate: the file being ingested did not finish within " + STOP_WAIT.toMinutes()
                            + " min; exiting anyway (it is read again at the next start)");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "curate-ingest-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        long started = System.nanoTime();
        try (WatchState state = WatchState.open(watch)) {
            Duration timeout = Duration.ofSeconds(timeoutSeconds);
            Properties base = KafkaClients.base(bootstrapServers, "curate-ingest", clientProperties);
            try (Admin admin = KafkaClients.connect(base, timeout)) {
                prepareTopic(admin, timeout);
            }
            TerminalProgress progress = TerminalProgress.onStderr();
            long[] totals = new long[3]; // records, produced, rejected
            try (Writer rejectsOut = rejects == null ? null : Files.newBufferedWriter(rejects, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                 Ingester ingester = new Ingester(base, topic, timeout, rejectsOut, progress)) {
                ingester.nextSeq = state.nextSeq();
                DirectoryWatcher w = new DirectoryWatcher(watch, format::watches, seconds(pollSeconds), seconds(settleSeconds),
                        state, file -> {
                            long[] one = ingestOne(file, ingester, rejectsOut, stdout);
                            for (int i = 0; i < 3; i++) {
                                totals[i] += one[i];
                            }
                            return ingester.nextSeq;
                        });
                watcher = w;
                if (stopRequested) {
                    w.requestStop();
                }
                err.println(String.format(Locale.ROOT, "watching %s for %s (%d finished before; listed every %s s, a file "
                                + "is taken once unchanged for %s s); producing to %s at %s from ingest_seq %d; Ctrl-C stops",
                        watch, format.watchedNames(), state.finishedFiles(), plain(pollSeconds), plain(settleSeconds), topic,
                        bootstrapServers, ingester.nextSeq));
                err.flush();
                w.run();
                stdout.println(String.format(Locale.ROOT, "stopped watching %s: ingested %d file%s, read %d records, produced "
                                + "%d to %s, rejected %d%s; next ingest_seq %d; %.1f s", watch, w.filesIngested(),
                        w.filesIngested() == 1 ? "" : "s", totals[0], totals[1], topic, totals[2],
                        rejects != null && totals[2] > 0 ? " (in " + rejects + ")" : "", ingester.nextSeq,
                        (System.nanoTime() - started) / 1e9));
                stdout.flush();
            }
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it waits for finished, counted down above
            }
        }
        return 0;
    }

    /**
     * Ingests one file of the watched folder completely and waits until Kafka acknowledged all its
     * records; throws when any could not be produced (then the file is not recorded as finished).
     * Returns {records read, produced, rejected}.
     */
    private long[] ingestOne(Path file, Ingester ingester, Writer rejectsOut, PrintWriter stdout)
            throws IOException {
        long t0 = System.nanoTime();
        long seq0 = ingester.nextSeq;
        long acked0 = ingester.acked.get();
        long rejected0 = ingester.rejected;
        long records;
        try {
            if (format == InputFormat.WAT) {
                // a bar of its own per file, so that its rate is this file's
                TerminalProgress bar = TerminalProgress.onStderr();
                try {
                    records = WatIngest.run(List.of(file), maxPayloadBytes(), kafkaSink(ingester, bar)).records();
                } finally {
                    bar.end();
                }
            } else {
                long read0 = ingester.read;
                ingester.ingestJsonl(List.of(file), maxRecordBytes);
                records = ingester.read - read0;
            }
        } finally {
            ingester.flush();
            if (rejectsOut != null) {
                rejectsOut.flush();
            }
        }
        ingester.checkSent();
        long produced = ingester.acked.get() - acked0;
        long rejected = ingester.rejected - rejected0;
        stdout.println(String.format(Locale.ROOT, "ingested %s: %d records, produced %d%s, rejected %d; %.1f s",
                file.getFileName(), records, produced, produced == 0 ? "" : " (ingest_seq " + seq0 + ".." + (ingester.nextSeq - 1) + ")",
                rejected, (System.nanoTime() - t0) / 1e9));
        stdout.flush();
        return new long[] {records, produced, rejected};
    }

    /** Ctrl-C, or a test: with --watch, lets the file being ingested finish, then ends {@link #call()}. */
    @Override
    public void requestStop() {
        stopRequested = true;
        DirectoryWatcher w = watcher;
        if (w != null) {
            w.requestStop();
        }
    }

    private int maxPayloadBytes() {
        return spec.commandLine().getParseResult().hasMatchedOption("--max-record-bytes")
                ? maxRecordBytes : WatIngest.DEFAULT_MAX_PAYLOAD_BYTES;
    }

    private static Duration seconds(double s) {
        return Duration.ofNanos(Math.round(s * 1e9));
    }

    private static String plain(double s) {
        return s == Math.rint(s) ? String.valueOf((long) s) : String.valueOf(s);
    }

    private void validate() {
        CommandLine cl = spec.commandLine();
        if (inputs == null) {
            inputs = List.of();
        }
        files = new ArrayList<>();
        for (String in : inputs) {
            if (WatSource.isUrl(in) || WatSource.isListing(in)) {
                if (format != InputFormat.WAT) {
                    throw new CommandLine.ParameterException(cl, "http(s) URLs and listings (*.paths.gz) are for --format "
                            + "wat, got " + in);
                }
                if (!WatSource.isUrl(in)) {
                    files.add(Path.of(in));
                }
                continue;
            }
            files.add(Path.of(in));
        }
        if (retries < 0) {
            throw new CommandLine.ParameterException(cl, "--retries must be at least 0, got " + retries);
        }
        if (!(retryBackoffSeconds >= 0) || retryBackoffSeconds > 3600) {
            throw new CommandLine.ParameterException(cl, "--retry-backoff must be 0 to 3600 seconds, got "
                    + plain(retryBackoffSeconds));
        }
        if (state != null && (format != InputFormat.WAT || watch != null || out != null)) {
            throw new CommandLine.ParameterException(cl, "--state is for --format wat to Kafka without --watch (--watch "
                    + "keeps its state in DIR/" + WatchState.FILE_NAME + "; --out rewrites its file on every run)");
        }
        if (maxRecordBytes < 1) {
            throw new CommandLine.ParameterException(cl, "--max-record-bytes must be at least 1, got " + maxRecordBytes);
        }
        if (timeoutSeconds < 1) {
            throw new CommandLine.ParameterException(cl, "--timeout must be at least 1 second, got " + timeoutSeconds);
        }
        if (partitions != null && partitions < 1) {
            throw new CommandLine.ParameterException(cl, "--partitions must be at least 1, got " + partitions);
        }
        if (topic.isBlank()) {
            throw new CommandLine.ParameterException(cl, "--topic must not be blank");
        }
        if (out == null) {
            Topics.byName(topic).filter(t -> t.valueSerde() != Topics.CRAWLED_IMAGE_SERDE).ifPresent(t -> {
                String type = t.valueSerde() instanceof AvroSerde<?> a ? a.type().getSimpleName() : t.valueSerde().toString();
                throw new CommandLine.ParameterException(cl, "topic " + topic + " holds " + type
                        + " records, but ingest writes CrawledImage records");
            });
        }
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                throw new CommandLine.ParameterException(cl, "no such file: " + f);
            }
            if (!Files.isReadable(f)) {
                throw new CommandLine.ParameterException(cl, "cannot read " + f);
            }
        }
        validateOutput(cl);
        if (watch != null) {
            validateWatch(cl);
        } else if (inputs.isEmpty()) {
            throw new CommandLine.ParameterException(cl, "give at least one FILE to ingest, or --watch DIR");
        }
    }

    private void validateOutput(CommandLine cl) {
        if (out != null && bootstrapServers != null) {
            throw new CommandLine.ParameterException(cl, "give either --out or --bootstrap-servers, not both");
        }
        if (out == null && bootstrapServers == null) {
            throw new CommandLine.ParameterException(cl, "missing output: give --bootstrap-servers HOST:PORT (or, with "
                    + "--format wat, --out FILE.jsonl)");
        }
        if (out == null) {
            return;
        }
        if (format != InputFormat.WAT) {
            throw new CommandLine.ParameterException(cl, "--out is for --format wat (a " + format + " input is already in "
                    + "MetaCLIP's JSONL form); give --bootstrap-servers");
        }
        if (watch != null) {
            throw new CommandLine.ParameterException(cl, "--watch produces to Kafka: give --bootstrap-servers, not --out");
        }
        for (String kafkaOnly : List.of("--topic", "--create-topics", "--partitions", "--timeout", "--client-property", "--client-config")) {
            if (cl.getParseResult().hasMatchedOption(kafkaOnly)) {
                throw new CommandLine.ParameterException(cl, kafkaOnly + " is for producing to Kafka (--bootstrap-servers), "
                        + "not for --out");
            }
        }
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new CommandLine.ParameterException(cl, "no such directory for --out: " + parent);
        }
    }

    private void validateWatch(CommandLine cl) {
        if (!inputs.isEmpty()) {
            throw new CommandLine.ParameterException(cl, "--watch DIR takes no FILE arguments (got " + inputs.size() + ")");
        }
        if (!Files.isDirectory(watch)) {
            throw new CommandLine.ParameterException(cl, "--watch: no such directory: " + watch);
        }
        if (!Files.isWritable(watch)) {
            throw new CommandLine.ParameterException(cl, "--watch: cannot write " + WatchState.FILE_NAME + " in " + watch);
        }
        if (!(pollSeconds > 0) || pollSeconds > 86_400) {
            throw new CommandLine.ParameterException(cl, "--poll-interval must be more than 0 and at most 86400 seconds, got "
                    + plain(pollSeconds));
        }
        if (!(settleSeconds >= 0) || settleSeconds > 86_400) {
            throw new CommandLine.ParameterException(cl, "--settle must be 0 to 86400 seconds, got " + plain(settleSeconds));
        }
    }

    private void prepareTopic(Admin admin, Duration timeout) {
        if (KafkaClients.exists(admin, topic, timeout)) {
            return;
        }
        if (!createTopics) {
            throw new IllegalStateException("topic " + topic + " does not exist at " + bootstrapServers
                    + "; create it (curate broker --create-topics, or pass --create-topics here)");
        }
        // a known topic name has the CrawledImage serde (validate() checked it): take its configs
        Topic<?, ?> t = Topics.byName(topic).orElseGet(() -> new Topic<>(topic, Topics.KEY_SERDE, Topics.CRAWLED_IMAGE_SERDE));
        List<String> created = TopicAdmin.ensureTopics(bootstrapServers, List.of(t), partitions == null ? -1 : partitions,
                (short) -1, clientProperties == null ? Map.of() : clientProperties);
        if (!created.isEmpty()) {
            spec.commandLine().getErr().println("created topic " + topic + (partitions == null ? "" : " with " + partitions
                    + " partitions"));
        }
    }

    private void report(Ingester run, double seconds) {
        PrintWriter out = spec.commandLine().getOut();
        out.println(String.format(Locale.ROOT,
                "read %d records from %d file%s: produced %d to %s at %s, rejected %d%s; %.1f s, %.0f records/s",
                run.read, files.size(), files.size() == 1 ? "" : "s", run.acked.get(), topic, bootstrapServers,
                run.rejected, rejects != null && run.rejected > 0 ? " (in " + rejects + ")" : "", seconds,
                run.read / Math.max(1e-9, seconds)));
        out.flush();
        if (run.rejected > 0 && rejects == null) {
            PrintWriter err = spec.commandLine().getErr();
            StringBuilder s = new StringBuilder("rejected ").append(run.rejected).append(" record(s):");
            run.rejectedByReason.forEach((reason, n) -> s.append(' ').append(reason).append(" ").append(n).append(','));
            s.setLength(s.length() - 1);
            err.println(s.append("; pass --rejects FILE for every file and line"));
            run.examples.forEach(e -> err.println("  " + e));
            err.flush();
        }
    }
    /** The summary of a WAT ingest; {@code where} says where the images went. */
    private void reportWat(WatIngest.Totals t, int fileCount, String where, long rejected, Map<String, Long> byKind,
                           List<String> examples, double seconds) {
        PrintWriter stdout = spec.commandLine().getOut();
        String files = fileCount + " file" + (fileCount == 1 ? "" : "s")
                + (t.skipped() > 0 ? " (" + t.skipped() + " skipped as finished before)" : "")
                + (t.failed().isEmpty() ? "" : " (" + t.failed().size() + " failed)");
        stdout.println(String.format(Locale.ROOT,
                "read %d WARC records from %s: %d images, %s, rejected %d%s; %.1f s, %.0f records/s",
                t.records(), files, t.images(), where, rejected,
                rejects != null && rejected > 0 ? " (in " + rejects + ")" : "", seconds, t.records() / Math.max(1e-9, seconds)));
        stdout.flush();
        if (rejected > 0 && rejects == null) {
            PrintWriter err = spec.commandLine().getErr();
            StringBuilder s = new StringBuilder("rejected ").append(rejected).append(" record(s):");
            byKind.forEach((reason, n) -> s.append(' ').append(reason).append(" ").append(n).append(','));
            s.setLength(s.length() - 1);
            err.println(s.append("; pass --rejects FILE for every file and offset"));
            examples.forEach(e -> err.println("  " + e));
            err.flush();
        }
    }
}

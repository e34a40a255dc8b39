package io.worldcurate.ingest;

import io.worldcurate.core.model.Image;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Reads WAT files (local, or http(s) URLs streamed) in order and hands their images and rejects to a
 * sink: {@code curate ingest --format wat}.
 *
 * <p>Each file is one unit: {@link ImageSink#beginFile}, its images, then {@link ImageSink#commitFile}
 * once it was read to its end, or {@link ImageSink#abortFile} when it failed, so a sink that makes a
 * file's images visible only on commit (a Kafka transaction, a side file) never shows part of a file.
 * A finished file is recorded in the {@link WatchState} (when there is one), and a file recorded there
 * is skipped.
 *
 * <p>A remote file is read as a stream. A transfer fault (connection refused or reset, a 5xx, 408 or
 * 429, a body that ends before its Content-Length, or inside a gzip member when the length is unknown)
 * is retried with exponential backoff ({@link RetryPolicy}), resuming at the first gzip member not
 * yet handed to the sink: a {@code Range} request from that member's offset, or, when the server
 * ignores Range, the whole body again with the bytes before that offset dropped unread. Every member
 * before that offset gave its images once, and the member it starts at was not handed over at all, so
 * no image is given twice and none is lost. The retry count starts again whenever a try got further.
 * Any other status (404, 403, ...), or too many faults in a row, fails the file: it is reported, its
 * images are aborted, and the next file goes on.
 */
public final class WatIngest {

    /** Where the images go: a Kafka producer or a JSONL file. */
    public interface ImageSink {
        /** One image of the record at {@code offset} of {@code source}; false when the sink has failed and reading must stop. */
        boolean accept(Image image, String source, long offset) throws IOException;

        /** A record of {@code source} at {@code offset} that yields nothing. */
        void reject(String source, long offset, String reason) throws IOException;

        /** A file starts. */
        default void beginFile(WatSource source) throws IOException {
        }

        /**
         * The file was read to its end: make its images durable (and wait until they are); returns the
         * ingest_seq the next image takes, recorded in the state with the file.
         */
        default long commitFile(WatSource source) throws IOException {
            return 0;
        }

        /** The file failed: drop whatever of it was accepted. */
        default void abortFile(WatSource source) throws IOException {
        }

        /** Progress over all files, after each record. */
        default void progress(Progress progress) {
        }
    }

    /** Files done (finished, skipped or failed) of all, bytes of the files read, WARC records and images, seconds. */
    public record Progress(int filesDone, int filesTotal, long bytes, long records, long images, double seconds) {
        public double megabytesPerSecond() {
            return bytes / 1e6 / Math.max(1e-9, seconds);
        }

        public double imagesPerSecond() {
            return images / Math.max(1e-9, seconds);
        }

        /** {@code files 3/10, 245.1 MB, 12.3 MB/s, 4512 images/s}. */
        public String line() {
            return String.format(Locale.ROOT, "files %d/%d, %.1f MB, %.1f MB/s, %d images, %.0f images/s", filesDone,
                    filesTotal, bytes / 1e6, megabytesPerSecond(), images, imagesPerSecond());
        }
    }

    /**
     * Totals over the files: WARC records read, images found (in failed files too), rejects reported by
     * the reader; files finished, skipped as finished before, and failed (each with why); stopped when
     * the sink failed.
     */
    public record Totals(long records, long images, long rejected, boolean stopped, int finished, int skipped,
                         List<String> failed) {
    }

    /** How to read: the payload bound, HTTP and its retries, the state, where to say what happens. */
    public static final class Options {
        int maxPayloadBytes = DEFAULT_MAX_PAYLOAD_BYTES;
        HttpFiles http;
        RetryPolicy retry = RetryPolicy.DEFAULT;
        WatchState state;
        Consumer<String> log = line -> {
        };

        public Options maxPayloadBytes(int n) {
            this.maxPayloadBytes = n;
            return this;
        }

        public Options http(HttpFiles h) {
            this.http = h;
            return this;
        }

        public Options retry(RetryPolicy r) {
            this.retry = r;
            return this;
        }

        /** Skip the files finished in it, and record each finished file. */
        public Options state(WatchState s) {
            this.state = s;
            return this;
        }

        /** One line per retry, failed file and finished file (stderr in the CLI). */
        public Options log(Consumer<String> l) {
            this.log = l;
            return this;
        }
    }

    /** The default bound on a metadata record's payload when {@code --max-record-bytes} is not given. */
    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 16 << 20;

    /** A file that failed for good: reported, and the others go on. */
    private static final class FileFailed extends Exception {
        FileFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final List<WatSource> sources;
    private final Options o;
    private final ImageSink sink;
    private final long started = System.nanoTime();
    private long records;
    private long images;
    private long rejected;
    private long bytesBefore;
    private int filesDone;

    private WatIngest(List<WatSource> sources, Options o, ImageSink sink) {
        this.sources = sources;
        this.o = o;
        this.sink = sink;
    }

    /** Local files, no state, no retries: the files of {@code curate ingest --watch}. */
    public static Totals run(List<Path> files, int maxPayloadBytes, ImageSink sink) throws IOException {
        return run(files.stream().map(WatSource::local).toList(), new Options().maxPayloadBytes(maxPayloadBytes), sink);
    }

    public static Totals run(List<WatSource> sources, Options options, ImageSink sink) throws IOException {
        return new WatIngest(sources, options, sink).run();
    }

    private Totals run() throws IOException {
        int finished = 0;
        int skipped = 0;
        List<String> failed = new ArrayList<>();
        for (WatSource src : sources) {
            if (o.state != null && isDone(src)) {
                skipped++;
                filesDone++;
                continue;
            }
            long t0 = System.nanoTime();
            long records0 = records;
            long images0 = images;
            sink.beginFile(src);
            FileRead r;
            try {
                r = src.remote() ? readRemote(src) : readLocal(src);
            } catch (FileFailed e) {
                sink.abortFile(src);
                failed.add(src.name() + ": " + e.getMessage());
                filesDone++;
                o.log.accept("failed " + src.name() + ": " + e.getMessage() + "; going on with the next file");
                continue;
            } catch (IOException | RuntimeException e) {
                try {
                    sink.abortFile(src);
                } catch (IOException | RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
            if (r.stopped) {
                sink.abortFile(src);
                return new Totals(records, images, rejected, true, finished, skipped, failed);
            }
            long nextSeq = sink.commitFile(src);
            if (o.state != null) {
                if (src.remote()) {
                    o.state.recordDone(src.name(), r.bytes, nextSeq);
                } else {
                    o.state.recordDone(src.name(), r.bytes, Files.getLastModifiedTime(src.path()), nextSeq);
                }
            }
            finished++;
            filesDone++;
            bytesBefore += r.bytes;
            double secs = Math.max(1e-9, (System.nanoTime() - t0) / 1e9);
            o.log.accept(String.format(Locale.ROOT, "finished %d/%d %s: %d records, %d images, %.1f MB in %.1f s (%.1f MB/s, "
                    + "%.0f images/s)", filesDone, sources.size(), src.name(), records - records0, images - images0,
                    r.bytes / 1e6, secs, r.bytes / 1e6 / secs, (images - images0) / secs));
            progress(0);
        }
        return new Totals(records, images, rejected, false, finished, skipped, failed);
    }

    private boolean isDone(WatSource src) throws IOException {
        if (!src.remote() && !Files.isRegularFile(src.path())) {
            return false; // it fails below, with the reason
        }
        return o.state.isDone(src);
    }

    private record FileRead(long bytes, boolean stopped) {
    }

    private void progress(long bytesOfThisFile) {
        sink.progress(new Progress(filesDone, sources.size(), bytesBefore + bytesOfThisFile, records, images,
                (System.nanoTime() - started) / 1e9));
    }

    private FileRead readLocal(WatSource src) throws IOException, FileFailed {
        Path file = src.path();
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException | AccessDeniedException e) {
            throw new FileFailed((e instanceof NoSuchFileException ? "no such file: " : "cannot read: ") + file, e);
        }
        WatReader.Result r = WatReader.read(file, o.maxPayloadBytes, handler(src));
        add(r);
        return new FileRead(size, r.stopped());
    }

    private FileRead readRemote(WatSource src) throws IOException, FileFailed {
        if (o.http == null) {
            o.http = new HttpFiles();
        }
        WatReader.Resume at = WatReader.Resume.START;
        int failures = 0;
        while (true) {
            TransferException fault;
            try (HttpFiles.Body body = o.http.open(src.uri(), at.offset())) {
                WatReader.Result r = WatReader.readStream(body, at, !body.lengthKnown(), o.maxPayloadBytes, handler(src));
                add(r);
                return new FileRead(body.position(), r.stopped());
            } catch (WatReader.TransferFault f) {
                add(f.partial());
                if (f.resume().offset() > at.offset()) {
                    failures = 0; // it got further: the count is of faults in a row at one place
                }
                at = f.resume();
                fault = (TransferException) f.getCause();
            } catch (TransferException e) {
                fault = e;
            } catch (HttpFiles.HttpStatusException e) {
                throw new FileFailed(e.getMessage(), e);
            }
            failures++;
            if (failures > o.retry.retries()) {
                throw new FileFailed("gave up after " + failures + " faults in a row at byte " + at.offset() + ", the last: "
                        + fault.getMessage(), fault);
            }
            Duration wait = o.retry.delay(failures);
            o.log.accept(String.format(Locale.ROOT, "%s; trying again from byte %d in %.1f s (fault %d of at most %d in a row)",
                    fault.getMessage(), at.offset(), wait.toNanos() / 1e9, failures, o.retry.retries() + 1));
            HttpFiles.sleep(wait);
        }
    }

    private void add(WatReader.Result r) {
        records += r.records();
        images += r.images();
        rejected += r.rejected();
    }

    /** Hands the images and rejects of one try at a file to the sink. */
    private WatReader.Handler handler(WatSource src) {
        String name = src.name();
        long recordsBase = records;
        long imagesBase = images;
        return new WatReader.Handler() {
            private long imagesHere;

            @Override
            public boolean images(List<Image> found, long offset) throws IOException {
                imagesHere += found.size();
                for (Image image : found) {
                    if (!sink.accept(image, name, offset)) {
                        return false;
                    }
                }
                return true;
            }

            @Override
            public void reject(long offset, String reason) throws IOException {
                sink.reject(name, offset, reason);
            }

            @Override
            public void progress(long bytesRead, long recordsRead) {
                sink.progress(new Progress(filesDone, sources.size(), bytesBefore + bytesRead, recordsBase + recordsRead,
                        imagesBase + imagesHere, (System.nanoTime() - started) / 1e9));
            }
        };
    }
}

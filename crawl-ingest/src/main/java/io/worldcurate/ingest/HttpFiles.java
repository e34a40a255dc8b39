package io.worldcurate.ingest;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Files fetched over HTTP(S) as streams (java.net.http, nothing written to disk), from any byte
 * offset: with a {@code Range} request, or, when the server ignores it (200 instead of 206), by
 * reading and dropping the bytes before the offset. Every fault worth another try (an I/O error, a
 * body shorter or longer than its {@code Content-Length}, a 5xx, 408 or 429) is a
 * {@link TransferException}; any other status is an {@link HttpStatusException}, which another try
 * would not change.
 */
public final class HttpFiles {

    public static final String USER_AGENT = "worldcurate-crawl-ingest/0.1 (java.net.http)";

    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)");

    /** A status another try would not change (404, 403, 410, ...): the file fails. */
    public static final class HttpStatusException extends IOException {
        private final int status;

        HttpStatusException(int status, URI uri) {
            super("HTTP " + status + " for " + uri);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final HttpClient client;
    private final Duration headersTimeout;

    public HttpFiles(Duration connectTimeout, Duration headersTimeout) {
        this.client = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        this.headersTimeout = headersTimeout;
    }

    public HttpFiles() {
        this(Duration.ofSeconds(30), Duration.ofSeconds(60));
    }

    /** The body of {@code uri} from byte {@code from} on. */
    public Body open(URI uri, long from) throws IOException {
        HttpRequest.Builder req = HttpRequest.newBuilder(uri).GET().header("User-Agent", USER_AGENT).timeout(headersTimeout);
        if (from > 0) {
            req.header("Range", "bytes=" + from + "-");
        }
        HttpResponse<InputStream> r;
        try {
            r = client.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while fetching " + uri);
        } catch (IOException e) {
            throw new TransferException("cannot fetch " + uri + ": " + message(e), e);
        }
        int status = r.statusCode();
        OptionalLong length = r.headers().firstValueAsLong("Content-Length");
        if (status == 206 && from > 0) {
            String range = r.headers().firstValue("Content-Range").orElse("");
            Matcher m = CONTENT_RANGE.matcher(range);
            if (!m.matches() || Long.parseLong(m.group(1)) != from) {
                r.body().close();
                throw new TransferException("asked " + uri + " for bytes " + from + "- and got Content-Range '" + range + "'");
            }
            return new Body(uri, r.body(), from, length.isPresent() ? from + length.getAsLong() : Long.parseLong(m.group(2)) + 1);
        }
        if (status == 200 || status == 206) {
            Body b = new Body(uri, r.body(), 0, length.isPresent() ? length.getAsLong() : -1);
            b.skipTo(from);
            return b;
        }
        r.body().close();
        if (status == 416 && from > 0) {
            throw new TransferException("HTTP 416 for bytes " + from + "- of " + uri + " (the file is shorter than before?)");
        }
        if (status >= 500 || status == 408 || status == 429) {
            throw new TransferException("HTTP " + status + " for " + uri);
        }
        throw new HttpStatusException(status, uri);
    }

    /** The whole body of a small file (a listing), with up to {@code retry.retries()} tries again. */
    public byte[] readAll(URI uri, RetryPolicy retry, java.util.function.Consumer<String> log) throws IOException {
        for (int failure = 1; ; failure++) {
            try (Body b = open(uri, 0)) {
                return b.in.readAllBytes();
            } catch (TransferException e) {
                if (failure > retry.retries()) {
                    throw new IOException("cannot fetch " + uri + " after " + failure + " tries: " + e.getMessage(), e);
                }
                Duration d = retry.delay(failure);
                log.accept("fetching " + uri + " failed (" + e.getMessage() + "); trying again in "
                        + String.format(java.util.Locale.ROOT, "%.1f", d.toNanos() / 1e9) + " s");
                sleep(d);
            } catch (IOException e) {
                if (e instanceof HttpStatusException || e instanceof InterruptedIOException) {
                    throw e;
                }
                throw new TransferException("reading " + uri + ": " + message(e), e);
            }
        }
    }

    static void sleep(Duration d) throws InterruptedIOException {
        try {
            Thread.sleep(d.toMillis(), (int) (d.toNanos() % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to try again");
        }
    }

    static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + m;
    }

    /**
     * A body as a channel positioned at a byte offset of its file. Any failure to read is a
     * {@link TransferException}, and so is an end before the length the server announced (or after it).
     */
    public static final class Body implements ReadableByteChannel {
        private final URI uri;
        private final InputStream in;
        private final long end;
        private final byte[] chunk = new byte[1 << 16];
        private long position;
        private boolean open = true;

        Body(URI uri, InputStream in, long position, long end) {
            this.uri = uri;
            this.in = in;
            this.position = position;
            this.end = end;
        }

        /** Whether the server announced where the body ends (Content-Length): then an early end is detected here. */
        public boolean lengthKnown() {
            return end >= 0;
        }

        /** The byte of the file the next read returns. */
        public long position() {
            return position;
        }

        void skipTo(long target) throws TransferException {
            try {
                while (position < target) {
                    long n = in.skip(target - position);
                    if (n <= 0) {
                        if (in.read() < 0) {
                            throw new EOFException("the body ended at byte " + position);
                        }
                        n = 1;
                    }
                    position += n;
                }
            } catch (IOException e) {
                throw new TransferException("reading " + uri + " up to byte " + target + " (the server ignored the Range "
                        + "header): " + message(e), e);
            }
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            int n;
            try {
                n = in.read(chunk, 0, Math.min(chunk.length, dst.remaining()));
            } catch (IOException e) {
                throw new TransferException("the transfer of " + uri + " broke at byte " + position + ": " + message(e), e);
            }
            if (n < 0) {
                if (end >= 0 && position < end) {
                    throw new TransferException("the body of " + uri + " ended at byte " + position + " of " + end);
                }
                return -1;
            }
            position += n;
            if (end >= 0 && position > end) {
                throw new TransferException("the body of " + uri + " went on past its length of " + end + " bytes");
            }
            dst.put(chunk, 0, n);
            return n;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() throws IOException {
            if (open) {
                open = false;
                in.close();
            }
        }
    }
}

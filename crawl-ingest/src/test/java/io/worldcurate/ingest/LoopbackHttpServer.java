package io.worldcurate.ingest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP server on 127.0.0.1 for tests: serves files from memory, honours {@code Range: bytes=N-}
 * (206) unless told to ignore it, and plays faults queued per path, one per request: a status, a
 * connection cut after some bytes of the body (with its full Content-Length announced, or chunked), or
 * a stall after some bytes until released.
 */
public final class LoopbackHttpServer implements AutoCloseable {

    /** What one request of a path gets instead of the file. */
    public sealed interface Fault {
    }

    /** A status with an empty body. */
    public record Status(int code) implements Fault {
    }

    /** The file (from the range asked) cut after {@code bytes} bytes of the body; {@code chunked}: no Content-Length. */
    public record Cut(long bytes, boolean chunked) implements Fault {
    }

    /** The file sent up to {@code bytes} bytes, then nothing until {@code release} (the connection stays open). */
    public record Stall(long bytes, CountDownLatch release) implements Fault {
    }

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    private final HttpServer server;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, Deque<Fault>> faults = new ConcurrentHashMap<>();
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean ignoreRange;

    public LoopbackHttpServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "loopback-http");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** The base URL, ending with {@code /}. */
    public String base() {
        return uri("/").toString();
    }

    public LoopbackHttpServer file(String path, byte[] content) {
        files.put(path, content);
        return this;
    }

    /** Queues faults for the next requests of {@code path}, in order. */
    public LoopbackHttpServer faults(String path, Fault... fs) {
        Deque<Fault> q = faults.computeIfAbsent(path, p -> new ArrayDeque<>());
        synchronized (q) {
            Collections.addAll(q, fs);
        }
        return this;
    }

    /** Answers 200 with the whole file to a Range request, as some servers do. */
    public LoopbackHttpServer ignoreRange(boolean ignore) {
        this.ignoreRange = ignore;
        return this;
    }

    /** Each request so far as {@code path} or {@code path bytes=N-}. */
    public List<String> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String range = ex.getRequestHeaders().getFirst("Range");
        requests.add(range == null ? path : path + " " + range);
        Fault fault = null;
        Deque<Fault> q = faults.get(path);
        if (q != null) {
            synchronized (q) {
                fault = q.poll();
            }
        }
        try (ex) {
            if (fault instanceof Status s) {
                ex.sendResponseHeaders(s.code(), -1);
                return;
            }
            byte[] content = files.get(path);
            if (content == null) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            long from = 0;
            Matcher m = range == null ? null : RANGE.matcher(range);
            if (m != null && m.matches() && !ignoreRange) {
                from = Long.parseLong(m.group(1));
            }
            int start = (int) Math.min(from, content.length);
            int length = content.length - start;
            boolean chunked = fault instanceof Cut c && c.chunked();
            if (from > 0) {
                ex.getResponseHeaders().add("Content-Range", "bytes " + start + "-" + (content.length - 1) + "/" + content.length);
            }
            ex.sendResponseHeaders(from > 0 ? 206 : 200, chunked ? 0 : length);
            OutputStream body = ex.getResponseBody();
            if (fault instanceof Cut c) {
                body.write(content, start, (int) Math.min(length, c.bytes()));
                body.flush();
                // leave without the rest: the server closes the connection short of the announced length
                throw new IOException("cut on purpose");
            }
            if (fault instanceof Stall st) {
                body.write(content, start, (int) Math.min(length, st.bytes()));
                body.flush();
                try {
                    st.release().await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new IOException("stalled on purpose");
            }
            body.write(content, start, length);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}

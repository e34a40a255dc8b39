package io.worldcurate.core.input;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Reads a JSONL file line by line as raw bytes, gzipped or not (told by its magic bytes), never
 * holding more than {@code maxLineBytes} of one line: a longer line is skipped to its end and
 * reported as oversized, so one huge record cannot exhaust memory.
 */
public final class LineReader implements Closeable {

    /** One line: {@code bytes} is null when the line was longer than the limit. */
    public record Line(long number, byte[] bytes, long length) {
        public boolean oversized() {
            return bytes == null;
        }
    }

    private final InputStream in;
    private final CountingInputStream raw;
    private final int maxLineBytes;
    private byte[] buf = new byte[256];
    private final byte[] block = new byte[1 << 16];
    private int pos;
    private int limit;
    private long lineNumber;
    private boolean eof;

    public LineReader(InputStream in, int maxLineBytes) {
        this(in, null, maxLineBytes);
    }

    private LineReader(InputStream in, CountingInputStream raw, int maxLineBytes) {
        this.in = in;
        this.raw = raw;
        this.maxLineBytes = maxLineBytes;
    }

    /** Opens a file, decompressing it when it starts with the gzip magic bytes. */
    public static LineReader open(Path file, int maxLineBytes) throws IOException {
        CountingInputStream counted = new CountingInputStream(Files.newInputStream(file));
        InputStream raw = new BufferedInputStream(counted, 1 << 16);
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        InputStream in = (b0 == 0x1f && b1 == 0x8b)
                ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16)
                : raw;
        return new LineReader(in, counted, maxLineBytes);
    }

    /** Bytes read so far from the file itself (compressed bytes for a gzipped file), for progress. */
    public long fileBytesRead() {
        return raw == null ? 0 : raw.count;
    }

    /** The next line without its line terminator (LF or CRLF), or null at the end. */
    public Line next() throws IOException {
        if (eof) {
            return null;
        }
        int size = 0;
        long length = 0;
        boolean ended = false;
        // whole runs of bytes up to the next LF, copied out of the block (reading a byte at a time was
        // the reader thread's main cost: a synchronized call per byte)
        while (!ended) {
            if (pos == limit) {
                int n = in.read(block, 0, block.length);
                if (n < 0) {
                    eof = true;
                    break;
                }
                pos = 0;
                limit = n;
                continue;
            }
            int end = pos;
            while (end < limit && block[end] != '\n') {
                end++;
            }
            int run = end - pos;
            if (length < maxLineBytes + 1L) {
                int keep = (int) Math.min(run, maxLineBytes + 1L - length);
                if (size + keep > buf.length) {
                    buf = Arrays.copyOf(buf, (int) Math.min(Math.max(size + keep, Math.max(size * 2, 256)), maxLineBytes + 1L));
                }
                System.arraycopy(block, pos, buf, size, keep);
                size += keep;
            }
            length += run;
            ended = end < limit;
            pos = ended ? end + 1 : end;
        }
        if (eof && length == 0) {
            return null;
        }
        lineNumber++;
        if (length > maxLineBytes) {
            return new Line(lineNumber, null, length);
        }
        if (size > 0 && buf[size - 1] == '\r') {
            size--;
        }
        return new Line(lineNumber, Arrays.copyOf(buf, size), size);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private static final class CountingInputStream extends java.io.FilterInputStream {
        volatile long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}

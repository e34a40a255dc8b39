package io.worldcurate.ingest;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/**
 * A file read as a series of gzip members (RFC 1952), each inflated on its own, with the byte
 * position where it starts. A WARC file compressed "per record" (Common Crawl's {@code .warc.gz} and
 * {@code .warc.wat.gz}) has one member per record, so a member's position is its record's offset,
 * and a member that is corrupt can be skipped: {@link #seekNextMember()} scans for the next gzip
 * header ({@code 1f 8b 08}) from any position.
 *
 * <p>It reads a file, or a stream (an HTTP body) that starts at a known offset of its file. A stream
 * cannot seek back, so while a member is inflated its bytes are kept (the buffer grows, up to
 * {@link #MAX_RETAINED} bytes), for {@link #seek} to one byte past its start when it turns out bad.
 *
 * <p>{@link java.util.zip.GZIPInputStream} is no use for this: it hides where members start, reads
 * ahead past them, and silently stops at the first bytes after a member that are not a gzip header,
 * treating the rest of the file as absent.
 */
public final class GzipMembers implements Closeable {

    /** One inflated member: {@code data} is null when it inflated to more than the limit. */
    public record Member(long offset, long compressedLength, long inflatedLength, byte[] data) {
        public boolean oversized() {
            return data == null;
        }
    }

    /** A gzip header that is not valid: after a bad member, the sign of a false magic rather than a member. */
    public static final class BadHeaderException extends ZipException {
        BadHeaderException(String message) {
            super(message);
        }
    }

    private static final int FHCRC = 0x02;
    private static final int FEXTRA = 0x04;
    private static final int FNAME = 0x08;
    private static final int FCOMMENT = 0x10;
    private static final int RESERVED = 0xE0;

    /** How many bytes of one member a stream keeps for a seek back; past that the member start is let go. */
    static final int MAX_RETAINED = 64 << 20;

    private final ReadableByteChannel channel;
    /** The channel when it is a file, which can seek; null for a stream. */
    private final FileChannel file;
    private final long size;
    private ByteBuffer buf = ByteBuffer.allocate(1 << 16);
    /** File position of {@code buf}'s index 0. */
    private long bufStart;
    /** For a stream: file position of the member being inflated, kept in the buffer; -1 when none. */
    private long mark = -1;
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private final byte[] chunk = new byte[1 << 16];

    public GzipMembers(Path file) throws IOException {
        this.file = FileChannel.open(file, StandardOpenOption.READ);
        this.channel = this.file;
        this.size = this.file.size();
        buf.flip();
    }

    /** A stream whose first byte is at {@code startOffset} of its file, e.g. an HTTP body from a Range request. */
    public GzipMembers(ReadableByteChannel stream, long startOffset) {
        this.file = null;
        this.channel = stream;
        this.size = -1;
        this.bufStart = startOffset;
        buf.flip();
    }

    /** The size of the file when it was opened; -1 for a stream. */
    public long size() {
        return size;
    }

    /** File position of the next byte to read. */
    public long position() {
        return bufStart + buf.position();
    }

    /** Moves to {@code pos}, e.g. one byte past a corrupt member's start, to scan on from there. */
    public void seek(long pos) throws IOException {
        if (pos >= bufStart && pos <= bufStart + buf.limit()) {
            buf.position((int) (pos - bufStart));
            return;
        }
        if (file == null) {
            if (pos > bufStart + buf.limit()) {
                throw new IllegalArgumentException("a stream cannot seek forward past what it has read");
            }
            // before the bytes kept (a member longer than MAX_RETAINED): go on from the earliest one kept
            buf.position(0);
            return;
        }
        file.position(pos);
        bufStart = pos;
        buf.clear().flip();
    }

    /**
     * Skips to the next position holding the start of a gzip header ({@code 1f 8b 08}) and returns
     * it, or -1 when there is none before the end of the file (the position is then the end).
     * Whatever lies between the position before the call and the returned one was skipped.
     */
    public long seekNextMember() throws IOException {
        while (true) {
            if (buf.remaining() < 3 && !fill(3)) {
                // fewer than 3 bytes left: no header can start here
                buf.position(buf.limit());
                return -1;
            }
            byte[] a = buf.array();
            int p = buf.position();
            int lim = buf.limit() - 2;
            for (; p < lim; p++) {
                if (a[p] == 0x1f && a[p + 1] == (byte) 0x8b && a[p + 2] == 8) {
                    buf.position(p);
                    return position();
                }
            }
            buf.position(p);
        }
    }

    /**
     * Inflates the member that starts at the current position (as {@link #seekNextMember()} left it)
     * and checks its CRC-32 and length; the position is then just after it. Inflated content longer
     * than {@code maxBytes} is not kept ({@link Member#oversized()}), but the member is still read to
     * its end.
     *
     * @throws ZipException when the header, the deflate data or the trailer is invalid
     * @throws EOFException when the file ends inside the member
     */
    public Member inflateMember(int maxBytes) throws IOException {
        long offset = position();
        if (file == null) {
            mark = offset;
        }
        try {
            return inflate(offset, maxBytes);
        } finally {
            mark = -1;
        }
    }

    private Member inflate(long offset, int maxBytes) throws IOException {
        readHeader();
        inflater.reset();
        crc.reset();
        byte[] out = new byte[Math.min(Math.max(maxBytes, 0), 1 << 16)];
        long total = 0;
        boolean oversized = false;
        while (!inflater.finished()) {
            if (inflater.needsInput()) {
                if (!buf.hasRemaining() && !fill(1)) {
                    throw new EOFException("the file ends inside a gzip member");
                }
                inflater.setInput(buf.array(), buf.position(), buf.remaining());
            }
            int given = inflater.getRemaining();
            int n;
            try {
                n = inflater.inflate(chunk);
            } catch (DataFormatException e) {
                throw new ZipException("invalid deflate data: " + e.getMessage());
            }
            buf.position(buf.position() + (given - inflater.getRemaining()));
            if (n == 0 && inflater.needsDictionary()) {
                throw new ZipException("invalid deflate data: a preset dictionary is required");
            }
            crc.update(chunk, 0, n);
            if (!oversized && total + n > maxBytes) {
                oversized = true;
                out = null;
            }
            if (!oversized) {
                if (total + n > out.length) {
                    out = Arrays.copyOf(out, (int) Math.min(maxBytes, Math.max(total + n, 2L * out.length)));
                }
                System.arraycopy(chunk, 0, out, (int) total, n);
            }
            total += n;
        }
        long storedCrc = readIntLe();
        long storedSize = readIntLe();
        if (storedCrc != crc.getValue()) {
            throw new ZipException("CRC-32 mismatch (the member is corrupt)");
        }
        if (storedSize != (total & 0xFFFFFFFFL)) {
            throw new ZipException("length mismatch (the member is corrupt)");
        }
        byte[] data = oversized ? null : (out.length == total ? out : Arrays.copyOf(out, (int) total));
        return new Member(offset, position() - offset, total, data);
    }

    private void readHeader() throws IOException {
        if (readByte() != 0x1f || readByte() != 0x8b) {
            throw new BadHeaderException("not a gzip header");
        }
        if (readByte() != 8) {
            throw new BadHeaderException("invalid gzip header: unsupported compression method");
        }
        int flags = readByte();
        if ((flags & RESERVED) != 0) {
            throw new BadHeaderException("invalid gzip header: reserved flags set");
        }
        skip(6); // MTIME, XFL, OS
        if ((flags & FEXTRA) != 0) {
            int xlen = readByte() | (readByte() << 8);
            skip(xlen);
        }
        if ((flags & FNAME) != 0) {
            while (readByte() != 0) {
                // the original file name
            }
        }
        if ((flags & FCOMMENT) != 0) {
            while (readByte() != 0) {
                // the comment
            }
        }
        if ((flags & FHCRC) != 0) {
            skip(2);
        }
    }

    private long readIntLe() throws IOException {
        long v = 0;
        for (int i = 0; i < 4; i++) {
            v |= ((long) readByte()) << (8 * i);
        }
        return v;
    }

    private int readByte() throws IOException {
        if (!buf.hasRemaining() && !fill(1)) {
            throw new EOFException("the file ends inside a gzip member");
        }
        return buf.get() & 0xFF;
    }

    private void skip(int n) throws IOException {
        for (int i = 0; i < n; i++) {
            readByte();
        }
    }

    /**
     * Reads more of the file, keeping the unread bytes (and, for a stream, those of the member being
     * inflated); false when fewer than {@code min} are left.
     */
    private boolean fill(int min) throws IOException {
        while (buf.remaining() < min) {
            int keepFrom = buf.position();
            if (mark >= bufStart) {
                keepFrom = (int) Math.min(keepFrom, mark - bufStart);
                if (keepFrom == 0 && buf.limit() == buf.capacity()) {
                    if (buf.capacity() >= MAX_RETAINED) {
                        mark = -1; // too long to keep: a seek back goes to the earliest byte kept
                        keepFrom = buf.position();
                    } else {
                        ByteBuffer grown = ByteBuffer.allocate(Math.min(MAX_RETAINED, buf.capacity() * 2));
                        grown.put(buf.array(), 0, buf.limit()).flip();
                        grown.position(buf.position());
                        buf = grown;
                    }
                }
            }
            int pos = buf.position();
            int end = buf.limit();
            int keep = end - keepFrom;
            System.arraycopy(buf.array(), keepFrom, buf.array(), 0, keep);
            bufStart += keepFrom;
            buf.limit(buf.capacity()).position(keep);
            int n = channel.read(buf);
            buf.limit(buf.position()).position(pos - keepFrom);
            if (n < 0) {
                return buf.remaining() >= min;
            }
            if (n == 0 && buf.limit() == keep && buf.limit() == buf.capacity()) {
                throw new IllegalStateException("buffer too small");
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        inflater.end();
        channel.close();
    }
}

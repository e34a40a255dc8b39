package io.worldcurate.core.match.cache;

import io.worldcurate.core.match.DoubleArrayAutomaton;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * One compiled automaton on disk: primitive arrays, bulk-read, no Java serialization.
 *
 * <pre>
 * int   magic 'WCAC'              (all little-endian)
 * int   format version
 * int   key length, then the key's UTF-8 bytes ({@link CacheKey#text()})
 * int   keys, int entries, int slots
 * int[] base, check, fail, value, outLink   (slots each)
 * int   CRC32C of every byte before it
 * </pre>
 *
 * Written to a temporary file in the same directory and renamed over the target, so a reader sees
 * either no file or a whole one, and two writers of the same key just replace each other's equal file.
 */
public final class AutomatonFile {

    public static final int MAGIC = 0x43414357; // "WCAC" read as little-endian bytes
    /** Bump when the layout or the builder's arrays change. */
    public static final int FORMAT_VERSION = 1;

    private static final int CHUNK = 1 << 20;
    private static final int MAX_KEY_BYTES = 1024;

    /** Per thread: reads go straight into it (no intermediate copy) and bulk-copy out into the int arrays. */
    private static final ThreadLocal<ByteBuffer> READ_BUFFER =
            ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(CHUNK).order(ByteOrder.LITTLE_ENDIAN));

    private AutomatonFile() {
    }

    public static void write(Path target, CacheKey key, DoubleArrayAutomaton a) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString() + ".", ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                CRC32C crc = new CRC32C();
                ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
                byte[] keyBytes = key.text().getBytes(StandardCharsets.UTF_8);
                buf.putInt(MAGIC).putInt(key.formatVersion()).putInt(keyBytes.length).put(keyBytes)
                        .putInt(a.keys()).putInt(a.entries()).putInt(a.slots());
                for (int[] array : new int[][] {a.base(), a.check(), a.fail(), a.value(), a.outLink()}) {
                    int i = 0;
                    while (i < array.length) {
                        if (buf.remaining() < 4) {
                            flush(ch, buf, crc);
                        }
                        int n = Math.min(array.length - i, buf.remaining() / 4);
                        buf.asIntBuffer().put(array, i, n);
                        buf.position(buf.position() + 4 * n);
                        i += n;
                    }
                }
                flush(ch, buf, crc);
                buf.putInt((int) crc.getValue());
                buf.flip();
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void flush(FileChannel ch, ByteBuffer buf, CRC32C crc) throws IOException {
        buf.flip();
        crc.update(buf.duplicate());
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
        buf.clear();
    }

    /**
     * Reads the automaton stored under {@code expected}.
     *
     * @throws CorruptCacheFileException when the file is truncated, fails its checksum or holds another key
     */
    public static DoubleArrayAutomaton read(Path file, CacheKey expected) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            CRC32C crc = new CRC32C();
            ByteBuffer head = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, head, file);
            crc.update(head.array(), 0, 12);
            int magic = head.getInt(0);
            int version = head.getInt(4);
            int keyLength = head.getInt(8);
            if (magic != MAGIC) {
                throw new CorruptCacheFileException(file + ": not a compiled automaton (bad magic number)");
            }
            if (version != expected.formatVersion()) {
                throw new CorruptCacheFileException(file + ": format version " + version + ", expected " + expected.formatVersion());
            }
            if (keyLength < 0 || keyLength > MAX_KEY_BYTES) {
                throw new CorruptCacheFileException(file + ": bad header (key length " + keyLength + ")");
            }
            ByteBuffer rest = ByteBuffer.allocate(keyLength + 12).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, rest, file);
            crc.update(rest.array(), 0, rest.capacity());
            String key = new String(rest.array(), 0, keyLength, StandardCharsets.UTF_8);
            int keys = rest.getInt(keyLength);
            int entries = rest.getInt(keyLength + 4);
            int slots = rest.getInt(keyLength + 8);
            long expectedSize = 12L + keyLength + 12 + 5L * 4 * slots + 4;
            if (slots < 1 || keys < 0 || entries < keys || size != expectedSize) {
                throw new CorruptCacheFileException(file + ": " + size + " bytes where the header implies " + expectedSize
                        + " (truncated or corrupt)");
            }
            if (!key.equals(expected.text())) {
                throw new CorruptCacheFileException(file + ": stale, built for '" + key + "', expected '" + expected.text() + "'");
            }
            int[][] arrays = new int[5][slots];
            ByteBuffer buf = READ_BUFFER.get();
            for (int[] array : arrays) {
                int i = 0;
                while (i < array.length) {
                    int n = Math.min(array.length - i, CHUNK / 4);
                    buf.clear().limit(4 * n);
                    readFully(ch, buf, file);
                    crc.update(buf.duplicate());
                    IntBuffer ints = buf.asIntBuffer();
                    ints.get(array, i, n);
                    i += n;
                }
            }
            ByteBuffer tail = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, tail, file);
            if (tail.getInt(0) != (int) crc.getValue()) {
                throw new CorruptCacheFileException(file + ": checksum mismatch (corrupt)");
            }
            try {
                return new DoubleArrayAutomaton(arrays[0], arrays[1], arrays[2], arrays[3], arrays[4], keys, entries);
            } catch (IllegalArgumentException e) {
                throw new CorruptCacheFileException(file + ": " + e.getMessage());
            }
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, Path file) throws IOException {
        while (buf.hasRemaining()) {
            if (ch.read(buf) < 0) {
                throw new CorruptCacheFileException(file + ": truncated");
            }
        }
        buf.flip();
    }
}

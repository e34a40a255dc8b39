package io.worldcurate.core.match.cache;

import io.worldcurate.core.match.DoubleArrayAutomaton;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * One compiled automaton on disk: the automaton's cell table as it is used, memory-mapped on load (no
 * copy, no heap; pages are read on first touch and shared with other processes through the page cache).
 * The whole file's CRC32C is checked before it is mapped, through reads, not the mapping.
 * No Java serialization.
 *
 * <pre>
 * int   magic 'WCAC'              (all little-endian)
 * int   format version
 * int   key length, then the key's UTF-8 bytes ({@link CacheKey#text()})
 * int   keys, int entries, int slots
 * zero bytes up to the next multiple of 64
 * int[] cells: {@value DoubleArrayAutomaton#CELL_INTS} ints per slot (base, check, value, outLink, fail)
 * int   CRC32C of every byte before it
 * </pre>
 *
 * Written to a temporary file in the same directory and renamed over the target, so a reader sees
 * either no file or a whole one, and two writers of the same key just replace each other's equal file
 * (a process that mapped the old file keeps reading the old, unlinked inode).
 */
public final class AutomatonFile {

    public static final int MAGIC = 0x43414357; // "WCAC" read as little-endian bytes
    /** Bump when the layout or the builder's arrays change. 2: interleaved cells, mapped. */
    public static final int FORMAT_VERSION = 2;

    private static final int ALIGN = 64;
    private static final int MAX_KEY_BYTES = 1024;
    /** Bytes read per step when checking a file's CRC32C. */
    static final int CHECK_BLOCK_BYTES = 256 * 1024;
    private static final ThreadLocal<ByteBuffer> CHECK_BUFFER = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(CHECK_BLOCK_BYTES));

    private AutomatonFile() {
    }

    public static void write(Path target, CacheKey key, DoubleArrayAutomaton a) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString() + ".", ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                CRC32C crc = new CRC32C();
                ByteBuffer head = header(key, a);
                crc.update(head.duplicate());
                writeFully(ch, head);
                ByteBuffer cells = littleEndian(a.table());
                crc.update(cells.duplicate());
                writeFully(ch, cells);
                ByteBuffer tail = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, (int) crc.getValue());
                writeFully(ch, tail);
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

    private static ByteBuffer header(CacheKey key, DoubleArrayAutomaton a) {
        byte[] keyBytes = key.text().getBytes(StandardCharsets.UTF_8);
        int length = headerLength(keyBytes.length);
        ByteBuffer head = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        head.putInt(MAGIC).putInt(key.formatVersion()).putInt(keyBytes.length).put(keyBytes)
                .putInt(a.keys()).putInt(a.entries()).putInt(a.slots());
        return head.clear();
    }

    private static int headerLength(int keyBytes) {
        int unpadded = 12 + keyBytes + 12;
        return (unpadded + ALIGN - 1) / ALIGN * ALIGN;
    }

    /** The table in little-endian order (the file's), a copy only on a big-endian machine. */
    private static ByteBuffer littleEndian(ByteBuffer nativeTable) {
        if (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN) {
            return nativeTable;
        }
        ByteBuffer out = ByteBuffer.allocateDirect(nativeTable.remaining());
        out.order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().put(nativeTable.order(ByteOrder.BIG_ENDIAN).asIntBuffer());
        return out;
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    /**
     * Maps the automaton stored under {@code expected}, after checking its header, size and CRC32C.
     *
     * @throws CorruptCacheFileException when the file is truncated, fails its checksum or holds another key
     */
    public static DoubleArrayAutomaton read(Path file, CacheKey expected) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 12) {
                throw new CorruptCacheFileException(file + ": truncated");
            }
            ByteBuffer head = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, head, file);
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
            int headerLength = headerLength(keyLength);
            if (size < headerLength + 4L) {
                throw new CorruptCacheFileException(file + ": truncated");
            }
            ByteBuffer rest = ByteBuffer.allocate(keyLength + 12).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, rest, file);
            String key = new String(rest.array(), 0, keyLength, StandardCharsets.UTF_8);
            int keys = rest.getInt(keyLength);
            int entries = rest.getInt(keyLength + 4);
            int slots = rest.getInt(keyLength + 8);
            long expectedSize = headerLength + 4L * DoubleArrayAutomaton.CELL_INTS * slots + 4;
            if (slots < 1 || keys < 0 || entries < keys || size != expectedSize || expectedSize > Integer.MAX_VALUE) {
                throw new CorruptCacheFileException(file + ": " + size + " bytes where the header implies " + expectedSize
                        + " (truncated or corrupt)");
            }
            if (!key.equals(expected.text())) {
                throw new CorruptCacheFileException(file + ": stale, built for '" + key + "', expected '" + expected.text() + "'");
            }
            if (crc32c(ch, size - 4, file) != storedChecksum(ch, size, file)) {
                throw new CorruptCacheFileException(file + ": checksum mismatch (corrupt)");
            }
            // mapped from the channel just checked: the same inode (cache files are replaced by rename, never rewritten)
            MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
            ByteBuffer cells = map.duplicate().position(headerLength).limit((int) size - 4);
            try {
                return new DoubleArrayAutomaton(nativeOrder(cells), keys, entries);
            } catch (IllegalArgumentException e) {
                throw new CorruptCacheFileException(file + ": " + e.getMessage());
            }
        }
    }

    /**
     * CRC32C of the file's first {@code length} bytes, read through a small buffer rather than the mapping:
     * touching every page of a mapping costs a page fault per few pages (~170 ms for all 254 MB of the
     * real metadata's automata), where a scan later touches only the pages its texts lead to.
     */
    private static int crc32c(FileChannel ch, long length, Path file) throws IOException {
        ByteBuffer block = CHECK_BUFFER.get();
        CRC32C crc = new CRC32C();
        for (long at = 0; at < length; ) {
            block.clear().limit((int) Math.min(block.capacity(), length - at));
            while (block.hasRemaining()) {
                if (ch.read(block, at + block.position()) < 0) {
                    throw new CorruptCacheFileException(file + ": truncated");
                }
            }
            at += block.flip().remaining();
            crc.update(block);
        }
        return (int) crc.getValue();
    }

    private static int storedChecksum(FileChannel ch, long size, Path file) throws IOException {
        ByteBuffer tail = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        while (tail.hasRemaining()) {
            if (ch.read(tail, size - 4 + tail.position()) < 0) {
                throw new CorruptCacheFileException(file + ": truncated");
            }
        }
        return tail.getInt(0);
    }

    /** The file's little-endian cells as the automaton wants them (native order): the mapping itself on x86 and ARM. */
    private static ByteBuffer nativeOrder(ByteBuffer littleEndianCells) {
        ByteBuffer cells = littleEndianCells.slice();
        if (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN) {
            return cells;
        }
        ByteBuffer out = ByteBuffer.allocateDirect(cells.remaining()).order(ByteOrder.nativeOrder());
        out.asIntBuffer().put(cells.order(ByteOrder.LITTLE_ENDIAN).asIntBuffer());
        return out;
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

package io.worldcurate.core.match.cache;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The SHA-256 of each metadata file of one directory, remembered in the cache directory with the file's
 * size, modification and change times and inode, so that a warm start stats the files instead of hashing
 * 32 MB of JSON (the trust rule of make, rsync and git's index). Any difference in those recomputes the
 * digest. A file changed less than {@link #SETTLE_NANOS} before it was hashed is not remembered: a second
 * change within the file system's timestamp granularity could otherwise keep the same times ("racy git").
 *
 * <p>One memo file per metadata directory, {@code digests-<sha256 of the directory path>.txt}, replaced
 * atomically; a missing, unreadable or malformed one only costs hashing. Thread-safe.
 */
public final class DigestMemo {

    static final long SETTLE_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final String HEADER = "worldcurate metadata digests v1";
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /** What a file's digest is trusted by. */
    record Stamp(long size, long modifiedNanos, long changedNanos, long inode) {
        String text() {
            return size + " " + modifiedNanos + " " + changedNanos + " " + inode;
        }

        // Written out: a record's generated equals/hashCode bootstrap java.lang.runtime.ObjectMethods on first
        // call, ~0.1 s of method-handle spinning at every batch start (docs/PERFORMANCE.md, issue 10).
        @Override
        public boolean equals(Object o) {
            return o instanceof Stamp s && size == s.size && modifiedNanos == s.modifiedNanos
                    && changedNanos == s.changedNanos && inode == s.inode;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(size) * 31 * 31 * 31 + Long.hashCode(modifiedNanos) * 31 * 31
                    + Long.hashCode(changedNanos) * 31 + Long.hashCode(inode);
        }
    }

    private record Entry(Stamp stamp, String sha256) {
    }

    private final Path memoFile;
    private final long settleNanos;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private volatile boolean changed;

    private DigestMemo(Path memoFile, long settleNanos) {
        this.memoFile = memoFile;
        this.settleNanos = settleNanos;
    }

    /** The memo of {@code metadataDir}'s files kept in {@code cacheDir} (read now when present). */
    public static DigestMemo load(Path cacheDir, Path metadataDir) {
        return load(cacheDir, metadataDir, SETTLE_NANOS);
    }

    static DigestMemo load(Path cacheDir, Path metadataDir, long settleNanos) {
        String dirName = metadataDir.toAbsolutePath().normalize().toString();
        DigestMemo memo = new DigestMemo(cacheDir.resolve("digests-" + sha256(dirName.getBytes(StandardCharsets.UTF_8)).substring(0, 16) + ".txt"),
                settleNanos);
        memo.read();
        return memo;
    }

    public Path file() {
        return memoFile;
    }

    /** The remembered digest of {@code file} when its stamp is unchanged, else {@code compute}'s (remembered if settled). */
    public String sha256(Path file, Supplier<String> compute) {
        String name = file.getFileName().toString();
        Stamp before = stamp(file);
        Entry e = entries.get(name);
        if (before != null && e != null && e.stamp().equals(before)) {
            return e.sha256();
        }
        String sha = compute.get();
        Stamp after = stamp(file);
        if (before != null && before.equals(after) && settled(after)) {
            entries.put(name, new Entry(after, sha));
            changed = true;
        } else {
            entries.remove(name);
        }
        return sha;
    }

    private boolean settled(Stamp s) {
        long now = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());
        return now - Math.max(s.modifiedNanos(), s.changedNanos()) >= settleNanos;
    }

    /** Writes the memo when it learnt something; false when the cache directory cannot be written. */
    public boolean save() {
        if (!changed) {
            return true;
        }
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        new TreeMap<>(entries).forEach((name, e) -> sb.append(e.sha256()).append(' ').append(e.stamp().text())
                .append(' ').append(name).append('\n'));
        try {
            Files.createDirectories(memoFile.getParent());
            Path tmp = Files.createTempFile(memoFile.getParent(), memoFile.getFileName().toString() + ".", ".tmp");
            try {
                Files.writeString(tmp, sb, StandardCharsets.UTF_8);
                try {
                    Files.move(tmp, memoFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, memoFile, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            changed = false;
            return true;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    private void read() {
        String text;
        try {
            text = Files.readString(memoFile, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException | RuntimeException e) {
            return; // unreadable or not UTF-8: hash everything, the next save replaces it
        }
        String[] lines = text.split("\n");
        if (lines.length == 0 || !lines[0].equals(HEADER)) {
            return;
        }
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split(" ", 6);
            if (f.length != 6 || !SHA256.matcher(f[0]).matches() || f[5].isEmpty()) {
                continue;
            }
            try {
                Stamp s = new Stamp(Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4]));
                entries.put(f[5], new Entry(s, f[0]));
            } catch (NumberFormatException e) {
                // skip the line
            }
        }
    }

    /** The file's stamp; null when it cannot be read (then nothing is trusted or remembered). */
    static Stamp stamp(Path file) {
        try {
            Map<String, Object> a = Files.readAttributes(file, "unix:size,lastModifiedTime,ctime,ino");
            return new Stamp((Long) a.get("size"), nanos((FileTime) a.get("lastModifiedTime")),
                    nanos((FileTime) a.get("ctime")), (Long) a.get("ino"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return null;
        }
    }

    private static long nanos(FileTime t) {
        return t.to(TimeUnit.NANOSECONDS);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.worldcurate.ingest;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The files of a watched folder that {@code curate ingest --watch} has finished, in
 * {@code DIR/.curate-ingested}: one line per finished file, appended (and synced to disk) only once
 * every record of the file was acknowledged by Kafka:
 *
 * <pre>
 * # curate ingest --watch: finished files (size, mtime, next ingest_seq, name), one per line
 * 48213	2026-05-01T12:00:00.123456789Z	1450	CC-MAIN-...-00000.warc.wat.gz
 * </pre>
 *
 * A file counts as finished when a line has its name, size and modification time; a file replaced
 * by another of the same name (another size or time) is new. The third field is the ingest_seq the
 * next image takes, so that a restarted watcher goes on numbering where the last finished file ended.
 * A last line without its newline (the process died while appending it) is dropped when the state is
 * opened: that file is read again. The state file is locked while a watcher has it open, so two
 * watchers never share a folder.
 *
 * <p>{@code curate ingest --state FILE} keeps the same file for the files it is given: a local file is
 * recorded under its path as given, with its size and time; a remote one under its URL only (the
 * size field is the bytes it had, the time field when it was finished), and is done whatever its size.
 */
public final class WatchState implements Closeable {

    public static final String FILE_NAME = ".curate-ingested";
    private static final String HEADER = "# curate ingest --watch: finished files (size, mtime, next ingest_seq, name), one per line\n";

    private record Key(String name, long size, FileTime mtime) {
    }

    private final Path path;
    private final FileChannel channel;
    private final FileLock lock;
    private final Map<Key, Long> done = new HashMap<>();
    private final Set<String> doneUrls = new HashSet<>();
    private long nextSeq;

    private WatchState(Path path, FileChannel channel, FileLock lock) {
        this.path = path;
        this.channel = channel;
        this.lock = lock;
    }

    /** Opens (or creates) the state of {@code dir} and locks it; fails when another watcher holds it. */
    public static WatchState open(Path dir) throws IOException {
        return open(dir.resolve(FILE_NAME), "another curate ingest --watch is running on " + dir);
    }

    /** Opens (or creates) a state file of {@code curate ingest --state FILE} and locks it. */
    public static WatchState openFile(Path file) throws IOException {
        return open(file, "another curate ingest is using the state file " + file);
    }

    private static WatchState open(Path path, String whenLocked) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        if (lock == null) {
            ch.close();
            throw new IllegalStateException(whenLocked + " (it holds the lock on " + path + ")");
        }
        WatchState s = new WatchState(path, ch, lock);
        try {
            s.load();
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    private void load() throws IOException {
        long size = channel.size();
        if (size > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException(path + " is too large (" + size + " bytes)");
        }
        ByteBuffer b = ByteBuffer.allocate((int) size);
        while (b.hasRemaining() && channel.read(b, b.position()) >= 0) {
            // read it all
        }
        String text = new String(b.array(), 0, b.position(), StandardCharsets.UTF_8);
        int complete = text.lastIndexOf('\n') + 1;
        if (complete < text.length()) {
            // the last line was being appended when the process stopped: its file is not finished
            channel.truncate(text.substring(0, complete).getBytes(StandardCharsets.UTF_8).length);
            channel.force(true);
        }
        String[] lines = text.substring(0, complete).split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", 4);
            try {
                if (f.length != 4) {
                    throw new IllegalArgumentException("expected 4 tab-separated fields");
                }
                long fileSize = Long.parseLong(f[0]);
                FileTime mtime = FileTime.from(Instant.parse(f[1]));
                long seq = Long.parseLong(f[2]);
                String name = unescape(f[3]);
                done.put(new Key(name, fileSize, mtime), seq);
                if (WatSource.isUrl(name)) {
                    doneUrls.add(name);
                }
                nextSeq = Math.max(nextSeq, seq);
            } catch (IllegalArgumentException | DateTimeParseException e) {
                throw new IllegalStateException("cannot read " + path + " line " + (i + 1) + " (" + e.getMessage()
                        + "): fix or remove the line; every file it does not list is ingested again", e);
            }
        }
        if (channel.size() == 0) {
            append(HEADER);
        }
    }

    /** Whether the file of that name, size and modification time was finished. */
    public boolean isDone(String name, long size, FileTime mtime) {
        return done.containsKey(new Key(name, size, mtime));
    }

    /** Whether the remote file of that URL was finished. */
    public boolean isDone(String url) {
        return doneUrls.contains(url);
    }

    /** Whether the source was finished: a URL by its name, a local file by its name, size and time. */
    public boolean isDone(WatSource source) throws IOException {
        if (source.remote()) {
            return isDone(source.name());
        }
        return isDone(source.name(), java.nio.file.Files.size(source.path()),
                java.nio.file.Files.getLastModifiedTime(source.path()));
    }

    /** Records a finished remote file ({@code bytes}: its length), on disk before it returns. */
    public void recordDone(String url, long bytes, long nextSeqAfter) throws IOException {
        recordDone(url, bytes, FileTime.from(Instant.now()), nextSeqAfter);
        doneUrls.add(url);
    }

    /** The ingest_seq of the next image: where the last finished file left off (0 for a new folder). */
    public long nextSeq() {
        return nextSeq;
    }

    /** Finished files recorded. */
    public int finishedFiles() {
        return done.size();
    }

    public Path path() {
        return path;
    }

    /** Records a finished file, on disk before it returns. */
    public void recordDone(String name, long size, FileTime mtime, long nextSeqAfter) throws IOException {
        FileTime exact = FileTime.from(mtime.toInstant());
        append(size + "\t" + exact.toInstant() + "\t" + nextSeqAfter + "\t" + escape(name) + "\n");
        done.put(new Key(name, size, exact), nextSeqAfter);
        nextSeq = Math.max(nextSeq, nextSeqAfter);
    }

    private void append(String line) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
        long pos = channel.size();
        while (b.hasRemaining()) {
            pos += channel.write(b, pos);
        }
        channel.force(true);
    }

    /** A name on one line: {@code %}, tab, LF and CR percent-encoded. */
    static String escape(String name) {
        return name.replace("%", "%25").replace("\t", "%09").replace("\n", "%0A").replace("\r", "%0D");
    }

    static String unescape(String s) {
        return s.replace("%09", "\t").replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%");
    }

    @Override
    public void close() throws IOException {
        try {
            if (lock.isValid()) {
                lock.release();
            }
        } finally {
            channel.close();
        }
    }
}

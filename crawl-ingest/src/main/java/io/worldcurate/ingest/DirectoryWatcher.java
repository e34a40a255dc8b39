package io.worldcurate.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Ingests each new file of a folder once, until stopped: {@code curate ingest --watch}.
 *
 * <p>Every poll lists the folder (not its subfolders) and takes the regular files whose name the
 * filter accepts, that do not start with {@code .}, that are not empty, and that are not recorded in
 * the {@link WatchState} with their current size and modification time. Such a file is taken only
 * once its size and modification time have stayed the same for the settle time, as seen by this
 * process: a file still being written grows, and is left alone until it stops growing. (A writer that
 * pauses longer than the settle time would have its file taken half-written: write under a name the
 * filter does not accept, e.g. {@code x.warc.wat.gz.part}, and rename it when complete, which is
 * atomic within a file system.) Ready files are ingested one at a time in name order; a file is recorded
 * as finished only when the ingestor returned, i.e. after all its records were acknowledged.
 *
 * <p>{@link #requestStop()} lets the file being ingested finish (read to its end, flushed, recorded)
 * and then ends {@link #run()}; it wakes a watcher that is waiting for the next poll at once.
 */
public final class DirectoryWatcher implements Stoppable {

    /** Ingests one file completely; returns the ingest_seq of the next image; throws when the file is not finished. */
    @FunctionalInterface
    public interface FileIngestor {
        long ingest(Path file) throws Exception;
    }

    private record Seen(long size, FileTime mtime, long sinceNanos) {
    }

    private record Ready(Path file, long size, FileTime mtime) {
    }

    private final Path dir;
    private final Predicate<String> names;
    private final Duration poll;
    private final Duration settle;
    private final WatchState state;
    private final FileIngestor ingestor;
    private final LongSupplier nanoTime;
    private final Map<String, Seen> seen = new HashMap<>();
    private final CountDownLatch stop = new CountDownLatch(1);
    private long filesIngested;

    public DirectoryWatcher(Path dir, Predicate<String> names, Duration poll, Duration settle, WatchState state,
                            FileIngestor ingestor) {
        this(dir, names, poll, settle, state, ingestor, System::nanoTime);
    }

    DirectoryWatcher(Path dir, Predicate<String> names, Duration poll, Duration settle, WatchState state,
                     FileIngestor ingestor, LongSupplier nanoTime) {
        this.dir = dir;
        this.names = names;
        this.poll = poll;
        this.settle = settle;
        this.state = state;
        this.ingestor = ingestor;
        this.nanoTime = nanoTime;
    }

    @Override
    public void requestStop() {
        stop.countDown();
    }

    public boolean stopRequested() {
        return stop.getCount() == 0;
    }

    /** Files ingested by this watcher so far. */
    public long filesIngested() {
        return filesIngested;
    }

    /** Polls until {@link #requestStop()}; an ingestor's failure ends it with that exception. */
    public void run() throws Exception {
        while (!stopRequested()) {
            long wait = pollOnce();
            if (stop.await(Math.max(wait, 10_000_000L), TimeUnit.NANOSECONDS)) {
                return;
            }
        }
    }

    /** One poll: takes the files that are ready; returns how long to wait before the next poll, in ns. */
    long pollOnce() throws Exception {
        long now = nanoTime.getAsLong();
        List<Ready> ready = new ArrayList<>();
        List<String> present = new ArrayList<>();
        long wait = poll.toNanos();
        for (Path f : candidates()) {
            String name = f.getFileName().toString();
            BasicFileAttributes a;
            try {
                a = Files.readAttributes(f, BasicFileAttributes.class);
            } catch (NoSuchFileException gone) {
                continue;
            }
            if (!a.isRegularFile() || a.size() == 0) {
                continue;
            }
            present.add(name);
            long size = a.size();
            FileTime mtime = a.lastModifiedTime();
            if (state.isDone(name, size, mtime)) {
                continue;
            }
            Seen s = seen.get(name);
            if (s == null || s.size() != size || !s.mtime().equals(mtime)) {
                s = new Seen(size, mtime, now);
                seen.put(name, s);
            }
            long stableFor = now - s.sinceNanos();
            if (stableFor >= settle.toNanos()) {
                ready.add(new Ready(f, size, mtime));
            } else {
                wait = Math.min(wait, settle.toNanos() - stableFor);
            }
        }
        seen.keySet().retainAll(present);
        for (Ready r : ready) {
            if (stopRequested()) {
                break;
            }
            long next = ingestor.ingest(r.file());
            state.recordDone(r.file().getFileName().toString(), r.size(), r.mtime(), next);
            seen.remove(r.file().getFileName().toString());
            filesIngested++;
        }
        return ready.isEmpty() ? wait : 0;
    }

    private List<Path> candidates() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> {
                String n = p.getFileName().toString();
                return !n.startsWith(".") && names.test(n);
            }).sorted().toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}

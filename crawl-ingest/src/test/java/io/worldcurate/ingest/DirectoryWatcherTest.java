package io.worldcurate.ingest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The watcher's rules on a fake clock, with an ingestor that only records what it was given. */
class DirectoryWatcherTest {

    @TempDir
    Path dir;

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final List<String> ingested = new ArrayList<>();
    private long seq;

    private DirectoryWatcher watcher(WatchState state, Duration settle) {
        return new DirectoryWatcher(dir, n -> n.endsWith(".warc.wat.gz"), Duration.ofSeconds(5), settle, state, f -> {
            ingested.add(f.getFileName().toString() + ":" + Files.size(f));
            return seq += 10;
        }, clock::get);
    }

    private void advance(Duration d) {
        clock.addAndGet(d.toNanos());
    }

    private Path write(String name, String content) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, content);
        // a distinct, fixed time per write: a same-size rewrite is still a change
        Files.setLastModifiedTime(f, FileTime.from(Instant.ofEpochSecond(1_700_000_000L + clock.get() / 1_000_000)));
        return f;
    }

    @Test
    void aFileIsTakenOnlyOnceItStayedUnchangedForTheSettleTime() throws Exception {
        try (WatchState state = WatchState.open(dir)) {
            DirectoryWatcher w = watcher(state, Duration.ofSeconds(2));
            write("a.warc.wat.gz", "12345");

            long wait = w.pollOnce();
            assertThat(ingested).isEmpty();
            assertThat(wait).isEqualTo(Duration.ofSeconds(2).toNanos());

            advance(Duration.ofMillis(1500));
            Files.writeString(dir.resolve("a.warc.wat.gz"), "67890", StandardOpenOption.APPEND); // still growing
            w.pollOnce();
            advance(Duration.ofMillis(1500));
            w.pollOnce();
            assertThat(ingested).as("1.5 s after it last grew").isEmpty();

            advance(Duration.ofMillis(600));
            w.pollOnce();
            assertThat(ingested).containsExactly("a.warc.wat.gz:10");
            assertThat(state.isDone("a.warc.wat.gz", 10, Files.getLastModifiedTime(dir.resolve("a.warc.wat.gz")))).isTrue();
            assertThat(state.nextSeq()).isEqualTo(10);

            advance(Duration.ofSeconds(10));
            w.pollOnce();
            assertThat(ingested).as("never twice").hasSize(1);
        }
    }

    @Test
    void onlyNonEmptyRegularFilesOfTheFormatAreTakenInNameOrderAndAChangedOneAgain() throws Exception {
        try (WatchState state = WatchState.open(dir)) {
            DirectoryWatcher w = watcher(state, Duration.ZERO);
            write("b.warc.wat.gz", "bb");
            write("a.warc.wat.gz", "a");
            write("empty.warc.wat.gz", "");
            write(".hidden.warc.wat.gz", "h");
            write("c.warc.wat.gz.part", "partial");
            write("d.jsonl", "{}");
            Files.createDirectory(dir.resolve("sub.warc.wat.gz"));

            w.pollOnce();
            assertThat(ingested).containsExactly("a.warc.wat.gz:1", "b.warc.wat.gz:2");

            Files.move(dir.resolve("c.warc.wat.gz.part"), dir.resolve("c.warc.wat.gz"));
            advance(Duration.ofSeconds(1));
            write("a.warc.wat.gz", "a2");
            w.pollOnce();
            assertThat(ingested).containsExactly("a.warc.wat.gz:1", "b.warc.wat.gz:2", "a.warc.wat.gz:2", "c.warc.wat.gz:7");
            assertThat(w.filesIngested()).isEqualTo(4);
        }
    }

    @Test
    void aFileWhoseIngestFailedIsNotRecorded() throws Exception {
        write("a.warc.wat.gz", "a");
        try (WatchState state = WatchState.open(dir)) {
            DirectoryWatcher w = new DirectoryWatcher(dir, n -> true, Duration.ofSeconds(1), Duration.ZERO, state, f -> {
                throw new IllegalStateException("1 record(s) could not be produced");
            }, clock::get);

            assertThatThrownBy(w::run).hasMessageContaining("could not be produced");
            assertThat(state.finishedFiles()).isZero();
        }
        assertThat(Files.readAllLines(dir.resolve(WatchState.FILE_NAME))).allMatch(l -> l.startsWith("#"));
    }

    @Test
    void aStopLetsTheCurrentFileFinishAndTakesNoOther() throws Exception {
        write("a.warc.wat.gz", "a");
        write("b.warc.wat.gz", "b");
        CountDownLatch inFirst = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (WatchState state = WatchState.open(dir)) {
            DirectoryWatcher[] w = new DirectoryWatcher[1];
            w[0] = new DirectoryWatcher(dir, n -> true, Duration.ofMillis(50), Duration.ZERO, state, f -> {
                ingested.add(f.getFileName().toString());
                inFirst.countDown();
                assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
                return 1;
            });
            CompletableFuture<Void> running = CompletableFuture.runAsync(() -> {
                try {
                    w[0].run();
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            assertThat(inFirst.await(10, TimeUnit.SECONDS)).isTrue();
            w[0].requestStop();
            release.countDown();
            running.get(10, TimeUnit.SECONDS);

            assertThat(ingested).containsExactly("a.warc.wat.gz");
            assertThat(state.finishedFiles()).isEqualTo(1);
        }
    }

    @Test
    void aWaitingWatcherStopsAtOnce() throws Exception {
        try (WatchState state = WatchState.open(dir)) {
            DirectoryWatcher w = new DirectoryWatcher(dir, n -> true, Duration.ofHours(1), Duration.ZERO, state, f -> 0);
            CompletableFuture<Void> running = CompletableFuture.runAsync(() -> {
                try {
                    w.run();
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            Thread.sleep(200);
            long t0 = System.nanoTime();
            w.requestStop();
            running.get(10, TimeUnit.SECONDS);
            assertThat((System.nanoTime() - t0) / 1e9).isLessThan(2);
        }
    }
}

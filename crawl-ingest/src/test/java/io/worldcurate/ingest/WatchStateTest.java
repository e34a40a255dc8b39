package io.worldcurate.ingest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WatchStateTest {

    @TempDir
    Path dir;

    private static final FileTime T1 = FileTime.from(Instant.parse("2026-05-01T12:00:00.123456789Z"));
    private static final FileTime T2 = FileTime.from(Instant.parse("2026-05-01T12:00:01Z"));

    @Test
    void finishedFilesAndTheNextSeqSurviveAReopen() throws Exception {
        try (WatchState s = WatchState.open(dir)) {
            assertThat(s.nextSeq()).isZero();
            s.recordDone("a.warc.wat.gz", 100, T1, 7);
            s.recordDone("b\tc\n%d.warc.wat.gz", 200, T2, 19);
            assertThat(s.isDone("a.warc.wat.gz", 100, T1)).isTrue();
        }

        try (WatchState s = WatchState.open(dir)) {
            assertThat(s.nextSeq()).isEqualTo(19);
            assertThat(s.finishedFiles()).isEqualTo(2);
            assertThat(s.isDone("a.warc.wat.gz", 100, T1)).isTrue();
            assertThat(s.isDone("b\tc\n%d.warc.wat.gz", 200, T2)).isTrue();
            // same name, other size or time: another file
            assertThat(s.isDone("a.warc.wat.gz", 101, T1)).isFalse();
            assertThat(s.isDone("a.warc.wat.gz", 100, T2)).isFalse();
            // the same instant in another unit is the same time
            assertThat(s.isDone("a.warc.wat.gz", 100, FileTime.from(T1.toInstant()))).isTrue();
        }
        List<String> lines = Files.readAllLines(dir.resolve(WatchState.FILE_NAME));
        assertThat(lines).containsExactly(
                "# curate ingest --watch: finished files (size, mtime, next ingest_seq, name), one per line",
                "100\t2026-05-01T12:00:00.123456789Z\t7\ta.warc.wat.gz",
                "200\t2026-05-01T12:00:01Z\t19\tb%09c%0A%25d.warc.wat.gz");
    }

    @Test
    void aLastLineWithoutItsNewlineWasNotFinishedAndIsDropped() throws Exception {
        Path state = dir.resolve(WatchState.FILE_NAME);
        Files.writeString(state, "100\t2026-05-01T12:00:01Z\t7\ta.warc.wat.gz\n200\t2026-05-01T12:00:01Z\t1", StandardCharsets.UTF_8);

        try (WatchState s = WatchState.open(dir)) {
            assertThat(s.finishedFiles()).isEqualTo(1);
            assertThat(s.nextSeq()).isEqualTo(7);
            s.recordDone("b.warc.wat.gz", 200, T2, 9);
        }

        assertThat(Files.readString(state)).isEqualTo("100\t2026-05-01T12:00:01Z\t7\ta.warc.wat.gz\n"
                + "200\t2026-05-01T12:00:01Z\t9\tb.warc.wat.gz\n");
    }

    @Test
    void anUnreadableLineIsAnErrorNotASilentReingest() throws Exception {
        Files.writeString(dir.resolve(WatchState.FILE_NAME), "# header\nnot a state line\n");

        assertThatThrownBy(() -> WatchState.open(dir)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(".curate-ingested line 2");
    }

    @Test
    void onlyOneWatcherAtATimeHoldsAFolder() throws Exception {
        try (WatchState first = WatchState.open(dir)) {
            assertThatThrownBy(() -> WatchState.open(dir)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("another curate ingest --watch is running on " + dir);
        }
        try (WatchState again = WatchState.open(dir)) {
            assertThat(again.finishedFiles()).isZero();
        }
    }
}

package io.worldcurate.core.input;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

class LineReaderTest {

    @TempDir
    Path dir;

    static List<LineReader.Line> all(LineReader r) throws IOException {
        List<LineReader.Line> out = new ArrayList<>();
        LineReader.Line l;
        while ((l = r.next()) != null) {
            out.add(l);
        }
        return out;
    }

    @Test
    void splitsOnLfAndCrLfAndNumbersLines() throws IOException {
        byte[] in = "one\r\ntwo\n\nlast".getBytes(StandardCharsets.UTF_8);
        List<LineReader.Line> lines = all(new LineReader(new ByteArrayInputStream(in), 100));
        assertThat(lines).extracting(l -> new String(l.bytes(), StandardCharsets.UTF_8)).containsExactly("one", "two", "", "last");
        assertThat(lines).extracting(LineReader.Line::number).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void longLinesAreSkippedAndReportedWithoutBeingHeld() throws IOException {
        String big = "x".repeat(5_000_000);
        byte[] in = ("a\n" + big + "\nb\n").getBytes(StandardCharsets.UTF_8);
        List<LineReader.Line> lines = all(new LineReader(new ByteArrayInputStream(in), 1 << 20));
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1).oversized()).isTrue();
        assertThat(lines.get(1).length()).isEqualTo(5_000_000);
        assertThat(lines.get(1).number()).isEqualTo(2);
        assertThat(new String(lines.get(2).bytes(), StandardCharsets.UTF_8)).isEqualTo("b");
    }

    @Test
    void linesAcrossReadBoundariesAndAtTheLimitAreWhole() throws IOException {
        // lines of every length around the limit and around the 64 KiB read block, from a stream that
        // hands out a few bytes at a time, so that lines start and end anywhere within a read
        int limit = 70_000;
        List<String> expected = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int[] lengths = {0, 1, 65_535, 65_536, 65_537, limit - 1, limit, limit + 1, 3, 131_072, 2};
        for (int i = 0; i < lengths.length; i++) {
            String line = String.valueOf((char) ('a' + i)).repeat(lengths[i]);
            expected.add(line);
            text.append(line).append(i % 2 == 0 ? "\n" : "\r\n");
        }
        byte[] in = text.toString().getBytes(StandardCharsets.UTF_8);
        ByteArrayInputStream trickle = new ByteArrayInputStream(in) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 7_777));
            }
        };
        List<LineReader.Line> lines = all(new LineReader(trickle, limit));
        assertThat(lines).hasSize(lengths.length);
        for (int i = 0; i < lengths.length; i++) {
            LineReader.Line l = lines.get(i);
            assertThat(l.number()).isEqualTo(i + 1);
            // a CRLF line's length counts its CR, as the limit does
            long counted = lengths[i] + (i % 2 == 0 ? 0 : 1);
            if (counted > limit) {
                assertThat(l.oversized()).as("line %d", i + 1).isTrue();
                assertThat(l.length()).isEqualTo(counted);
            } else {
                assertThat(new String(l.bytes(), StandardCharsets.UTF_8)).as("line %d", i + 1).isEqualTo(expected.get(i));
            }
        }
    }

    @Test
    void gzipIsDetectedByItsMagicBytesWhateverTheName() throws IOException {
        Path gz = dir.resolve("images.jsonl"); // no .gz suffix on purpose
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write("first\nsecond\n".getBytes(StandardCharsets.UTF_8));
        }
        try (LineReader r = LineReader.open(gz, 100)) {
            assertThat(all(r)).extracting(l -> new String(l.bytes(), StandardCharsets.UTF_8)).containsExactly("first", "second");
            assertThat(r.fileBytesRead()).isEqualTo(Files.size(gz));
        }
    }

    @Test
    void concatenatedGzipMembersAreAllRead() throws IOException {
        Path gz = dir.resolve("multi.jsonl.gz");
        try (OutputStream file = Files.newOutputStream(gz)) {
            for (String part : new String[] {"a\n", "b\n"}) {
                GZIPOutputStream member = new GZIPOutputStream(file) {
                    @Override
                    public void close() throws IOException {
                        finish();
                    }
                };
                member.write(part.getBytes(StandardCharsets.UTF_8));
                member.close();
            }
        }
        try (LineReader r = LineReader.open(gz, 100)) {
            assertThat(all(r)).hasSize(2);
        }
    }
}

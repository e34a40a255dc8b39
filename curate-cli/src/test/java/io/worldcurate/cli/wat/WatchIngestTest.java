package io.worldcurate.cli.wat;

import io.worldcurate.ingest.WatFixtures;
import io.worldcurate.ingest.WatchState;
import io.worldcurate.kafka.embedded.EmbeddedKafkaExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import io.worldcurate.cli.Cli;
import io.worldcurate.schemas.avro.CrawledImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;
import java.util.zip.GZIPOutputStream;

import static io.worldcurate.ingest.WatFixtures.img;
import static io.worldcurate.ingest.WatFixtures.metadata;
import static io.worldcurate.ingest.WatFixtures.payload;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code curate ingest --watch} against a real in-process broker. */
class WatchIngestTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @TempDir
    Path tmp;


    /** A WAT file of {@code pages} pages with {@code perPage} captioned images each, built in {@code tmp} (outside the watched folder). */
    private Path watFile(String name, int pages, int perPage) throws Exception {
        WatFixtures.Builder b = new WatFixtures.Builder();
        b.record(WatFixtures.warcinfo());
        for (int p = 0; p < pages; p++) {
            String page = "http://site.example/" + name + "/page" + p + ".html";
            List<com.fasterxml.jackson.databind.JsonNode> links = new ArrayList<>();
            for (int i = 0; i < perPage; i++) {
                links.add(img("p" + p + "/img" + i + ".jpg", "alt", "picture " + i + " of page " + p + " in " + name));
            }
            b.record(metadata(page, payload(page, links.toArray(new com.fasterxml.jackson.databind.JsonNode[0]))));
        }
        return b.writeTo(tmp.resolve(name));
    }

    /** Puts a complete file into the folder the way a downloader should: write elsewhere, then rename. */
    private static void moveIn(Path file, Path dir) throws Exception {
        Files.move(file, dir.resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
    }

    private static void await(CliRunner.Running w, String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline || w.isDone()) {
                throw new AssertionError("timed out waiting until " + what + (w.isDone() ? " (the command ended)" : "")
                        + "; stdout: " + w.out() + "; stderr: " + w.err());
            }
            Thread.sleep(50);
        }
    }

    private static List<String> stateLines(Path dir) throws Exception {
        Path state = dir.resolve(WatchState.FILE_NAME);
        if (!Files.exists(state)) {
            return List.of();
        }
        return Files.readAllLines(state).stream().filter(l -> !l.startsWith("#")).toList();
    }

    private static CliRunner.Running watcher(Path dir, String topic, String settle, String... more) {
        List<String> args = new ArrayList<>(List.of("ingest", "--format", "wat", "--watch", dir.toString(),
                "--bootstrap-servers", KAFKA.cluster().bootstrapServers(), "--topic", topic, "--poll-interval", "0.1", "--settle", settle));
        args.addAll(Arrays.asList(more));
        return new CliRunner.Running(args.toArray(new String[0]));
    }

    @Test
    void filesAppearingOverTimeAreIngestedOnceAndARestartRepeatsNone() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("inbox"));
        KAFKA.cluster().createTopic("watch.images", 3, 1);
        Path rejects = tmp.resolve("rejects.jsonl");
        Files.writeString(dir.resolve("notes.txt"), "not a WAT file");
        Files.write(dir.resolve(".hidden.warc.wat.gz"), Files.readAllBytes(watFile("h.warc.wat.gz", 1, 1)));

        CliRunner.Running first = watcher(dir, "watch.images", "0.3", "--rejects", rejects.toString());
        moveIn(watFile("a.warc.wat.gz", 3, 2), dir);          // 6 images
        await(first, "a is recorded", () -> first.out().contains("ingested a.warc.wat.gz"));
        moveIn(watFile("b.warc.wat.gz", 2, 5), dir);          // 10 images
        await(first, "b is recorded", () -> first.out().contains("ingested b.warc.wat.gz"));
        Thread.sleep(500); // a few more polls: nothing is taken twice
        Cli.Result stopped = first.stop();

        assertThat(stopped.exit()).as(stopped.err()).isZero();
        assertThat(stopped.err()).contains("watching " + dir + " for *.warc.wat.gz (0 finished before;",
                "from ingest_seq 0; Ctrl-C stops");
        assertThat(stopped.out()).contains("ingested a.warc.wat.gz: 4 records, produced 6 (ingest_seq 0..5), rejected 0",
                "ingested b.warc.wat.gz: 3 records, produced 10 (ingest_seq 6..15), rejected 0",
                "stopped watching " + dir + ": ingested 2 files, read 7 records, produced 16 to watch.images, rejected 0; "
                        + "next ingest_seq 16");
        assertThat(CliRunner.images(KAFKA.cluster(), "watch.images", 16)).hasSize(16);
        assertThat(stateLines(dir)).hasSize(2);
        assertThat(stateLines(dir).get(0)).isEqualTo(Files.size(dir.resolve("a.warc.wat.gz")) + "\t"
                + Files.getLastModifiedTime(dir.resolve("a.warc.wat.gz")).toInstant() + "\t6\ta.warc.wat.gz");

        // a restart: a and b are finished, c arrives while it runs
        CliRunner.Running second = watcher(dir, "watch.images", "0.3", "--rejects", rejects.toString());
        await(second, "the second watcher runs", () -> second.err().contains("Ctrl-C stops"));
        Thread.sleep(600);
        moveIn(watFile("c.warc.wat.gz", 1, 3), dir);          // 3 images
        await(second, "c is recorded", () -> second.out().contains("ingested c.warc.wat.gz"));
        Cli.Result again = second.stop();

        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.err()).contains("(2 finished before;", "from ingest_seq 16;");
        assertThat(again.out()).doesNotContain("ingested a.warc.wat.gz", "ingested b.warc.wat.gz")
                .contains("ingested c.warc.wat.gz: 2 records, produced 3 (ingest_seq 16..18)", "ingested 1 file,");
        List<CrawledImage> images = CliRunner.images(KAFKA.cluster(), "watch.images", 19);
        assertThat(images).hasSize(19);
        assertThat(images).extracting(CrawledImage::getIngestSeq).containsExactlyElementsOf(LongStream.range(0, 19).boxed().toList());
        assertThat(images.stream().map(CrawledImage::getUuid).distinct()).hasSize(19);
        assertThat(images).extracting(CrawledImage::getUrl).doesNotContain("http://site.example/h.warc.wat.gz/p0/img0.jpg");
        assertThat(stateLines(dir)).extracting(l -> l.substring(l.lastIndexOf('\t') + 1))
                .containsExactly("a.warc.wat.gz", "b.warc.wat.gz", "c.warc.wat.gz");
        assertThat(Files.exists(rejects)).isTrue();
        assertThat(Files.readString(rejects)).isEmpty();
    }

    @Test
    void aHalfWrittenFileIsNotTakenEarly() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("slow"));
        KAFKA.cluster().createTopic("watch.slow", 1, 1);
        byte[] full = Files.readAllBytes(watFile("s.warc.wat.gz", 4, 2)); // 8 images
        Path target = dir.resolve("s.warc.wat.gz");
        int half = full.length / 2;

        CliRunner.Running w = watcher(dir, "watch.slow", "1.5");
        await(w, "the watcher runs", () -> w.err().contains("Ctrl-C stops"));
        try (OutputStream out = Files.newOutputStream(target)) {
            out.write(full, 0, half);
        }
        // a downloader that pauses shorter than the settle time, then writes the rest
        Thread.sleep(900);
        assertThat(stateLines(dir)).isEmpty();
        assertThat(w.out()).doesNotContain("ingested");
        Files.write(target, Arrays.copyOfRange(full, half, full.length), StandardOpenOption.APPEND);
        await(w, "s is recorded", () -> w.out().contains("ingested s.warc.wat.gz"));
        Thread.sleep(300);
        Cli.Result r = w.stop();

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("ingested s.warc.wat.gz: 5 records, produced 8 (ingest_seq 0..7), rejected 0");
        assertThat(stateLines(dir)).hasSize(1);
        assertThat(stateLines(dir).get(0)).startsWith(full.length + "\t");
        assertThat(CliRunner.images(KAFKA.cluster(), "watch.slow", 8)).hasSize(8);
    }

    @Test
    void jsonlFilesAreWatchedToo() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("jsonl"));
        KAFKA.cluster().createTopic("watch.jsonl", 1, 1);
        Path a = tmp.resolve("a.jsonl");
        Files.writeString(a, "{\"uuid\":\"u1\",\"url\":\"https://i.example/1.jpg\",\"texts\":[[\"alt\",\"one\",\"\"]]}\nnot json\n");
        Path b = tmp.resolve("b.jsonl.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(b))) {
            out.write("{\"uuid\":\"u2\",\"url\":\"https://i.example/2.jpg\",\"texts\":[[\"alt\",\"two\",\"\"]]}\n"
                    .getBytes(StandardCharsets.UTF_8));
        }
        Files.write(dir.resolve("ignored.warc.wat.gz"), Files.readAllBytes(watFile("w.warc.wat.gz", 1, 1)));

        CliRunner.Running w = new CliRunner.Running("ingest", "--watch", dir.toString(), "--bootstrap-servers",
                KAFKA.cluster().bootstrapServers(), "--topic", "watch.jsonl", "--poll-interval", "0.1", "--settle", "0");
        moveIn(a, dir);
        moveIn(b, dir);
        await(w, "both are recorded", () -> w.out().contains("ingested a.jsonl") && w.out().contains("ingested b.jsonl.gz"));
        Cli.Result r = w.stop();

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("ingested a.jsonl: 2 records, produced 1 (ingest_seq 0..0), rejected 1",
                "ingested b.jsonl.gz: 1 records, produced 1 (ingest_seq 1..1), rejected 0");
        assertThat(r.err()).contains("for *.jsonl, *.jsonl.gz");
        assertThat(CliRunner.images(KAFKA.cluster(), "watch.jsonl", 2)).extracting(CrawledImage::getUuid).containsExactly("u1", "u2");
    }
}

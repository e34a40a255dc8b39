package io.worldcurate.cli.wat;

import io.worldcurate.cli.Cli;
import io.worldcurate.ingest.LoopbackHttpServer;
import io.worldcurate.ingest.WatFixtures;
import io.worldcurate.kafka.embedded.EmbeddedKafkaCluster;
import io.worldcurate.kafka.embedded.EmbeddedKafkaExtension;
import io.worldcurate.schemas.Topics;
import io.worldcurate.schemas.avro.CrawledImage;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.zip.GZIPInputStream;

import static io.worldcurate.ingest.WatFixtures.img;
import static io.worldcurate.ingest.WatFixtures.metadata;
import static io.worldcurate.ingest.WatFixtures.payload;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code curate ingest --format wat} from a listing on a loopback HTTP server: a 503, a cut body, a
 * 404, and a run killed with SIGKILL in the middle of a file, then run again: every image once.
 */
class HttpIngestCommandTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @TempDir
    Path tmp;

    private final LoopbackHttpServer server;

    HttpIngestCommandTest() throws IOException {
        server = new LoopbackHttpServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static WatFixtures.Builder wat(String name, int records) {
        WatFixtures.Builder b = new WatFixtures.Builder();
        b.record(WatFixtures.warcinfo());
        for (int i = 0; i < records; i++) {
            String page = "https://" + name + ".example/page" + i + ".html";
            b.record(metadata(page, payload(page, img("a" + i + ".jpg", "alt", name + " image a" + i + ", alt text"),
                    img("b" + i + ".jpg", "title", name + " image b" + i))));
        }
        return b;
    }

    private static List<String> urls(String name, int records) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < records; i++) {
            out.add("https://" + name + ".example/a" + i + ".jpg");
            out.add("https://" + name + ".example/b" + i + ".jpg");
        }
        return out;
    }

    private String listing(String... paths) {
        server.file("/crawl-data/CC-TEST/wat.paths.gz",
                WatFixtures.gzip((String.join("\n", paths) + "\n").getBytes(StandardCharsets.UTF_8)));
        return server.uri("/crawl-data/CC-TEST/wat.paths.gz").toString();
    }

    @Test
    void aListingWithA503ACutBodyAndA404GivesEveryOtherImageOnceAndExitsNonZero() throws IOException {
        WatFixtures.Builder a = wat("a", 20);
        WatFixtures.Builder b = wat("b", 20);
        server.file("/w/a.warc.wat.gz", a.toByteArray()).file("/w/b.warc.wat.gz", b.toByteArray());
        server.faults("/w/a.warc.wat.gz", new LoopbackHttpServer.Status(503));
        server.faults("/w/b.warc.wat.gz", new LoopbackHttpServer.Cut(b.size() / 2, false));
        Path out = tmp.resolve("images.jsonl.gz");

        Cli.Result r = Cli.run("ingest", "--format", "wat", listing("w/a.warc.wat.gz", "w/missing.warc.wat.gz",
                "w/b.warc.wat.gz"), "--prefix", server.base(), "--out", out.toString(), "--retry-backoff", "0.01");

        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).contains("HTTP 503", "trying again from byte 0", "trying again from byte ",
                "curate: 1 file failed", "HTTP 404 for " + server.uri("/w/missing.warc.wat.gz"), "finished 3/3 ");
        assertThat(r.out()).startsWith("read 42 WARC records from 3 files (1 failed): 80 images, wrote 80 to " + out);
        List<String> got = new ArrayList<>();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(out))) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                got.add(WatFixtures.JSON.readTree(line).get("url").asText());
            }
        }
        List<String> expected = new ArrayList<>(urls("a", 20));
        expected.addAll(urls("b", 20));
        assertThat(got).containsExactlyElementsOf(expected);
        assertThat(server.requests()).anyMatch(q -> q.startsWith("/w/b.warc.wat.gz bytes="));
    }

    @Test
    void aRunKilledInTheMiddleOfAFileThenRunAgainIngestsEveryImageExactlyOnce() throws Exception {
        String topic = "http.images";
        server.file("/w/a.warc.wat.gz", wat("a", 10).toByteArray());
        WatFixtures.Builder b = wat("b", 30);
        server.file("/w/b.warc.wat.gz", b.toByteArray());
        server.file("/w/c.warc.wat.gz", wat("c", 10).toByteArray());
        CountDownLatch release = new CountDownLatch(1);
        server.faults("/w/b.warc.wat.gz", new LoopbackHttpServer.Stall(b.size() / 2, release));
        Path state = tmp.resolve("ingested.tsv");
        String[] args = {"ingest", "--format", "wat", listing("w/a.warc.wat.gz", "w/b.warc.wat.gz", "w/c.warc.wat.gz"),
                "--prefix", server.base(), "--bootstrap-servers", KAFKA.cluster().bootstrapServers(), "--topic", topic,
                "--create-topics", "--partitions", "3", "--state", state.toString(), "--retry-backoff", "0.01"};

        // the first run, in a JVM of its own, killed with SIGKILL while b's transaction is open
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), "io.worldcurate.cli.CurateCommand"));
        command.addAll(List.of(args));
        Process first = new ProcessBuilder(command).redirectOutput(tmp.resolve("first.out").toFile())
                .redirectError(tmp.resolve("first.err").toFile()).start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            // a committed, and some of b produced (uncommitted) before the kill
            while (!(readToEnd(KAFKA.cluster(), topic, "read_uncommitted").size() > 20 && Files.exists(state)
                    && Files.readString(state).contains("/w/a.warc.wat.gz"))) {
                assertThat(first.isAlive()).as(() -> read(tmp.resolve("first.err"))).isTrue();
                assertThat(System.nanoTime()).as("the first run got into b").isLessThan(deadline);
                Thread.sleep(100);
            }
        } finally {
            first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            release.countDown();
        }
        int uncommittedBefore = readToEnd(KAFKA.cluster(), topic, "read_uncommitted").size();
        assertThat(uncommittedBefore).isGreaterThan(20);

        Cli.Result second = Cli.run(args);
        assertThat(second.exit()).as(second.err()).isZero();
        assertThat(second.out()).contains("from 3 files (1 skipped as finished before)", "produced 80 to " + topic);

        List<CrawledImage> images = readToEnd(KAFKA.cluster(), topic, "read_committed").stream()
                .map(r -> Topics.CRAWLED_IMAGE_SERDE.deserialize(topic, r.value())).toList();
        Map<String, Long> perUuid = images.stream().collect(Collectors.groupingBy(CrawledImage::getUuid, TreeMap::new,
                Collectors.counting()));
        assertThat(perUuid.values()).as("records per uuid").containsOnly(1L);
        List<String> expected = new ArrayList<>(urls("a", 10));
        expected.addAll(urls("b", 30));
        expected.addAll(urls("c", 10));
        assertThat(images).extracting(CrawledImage::getUrl).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(images).extracting(CrawledImage::getIngestSeq).containsExactlyInAnyOrderElementsOf(
                LongStream.range(0, 100).boxed().toList());
        // the killed run's part of b is there, aborted: read_committed never shows it
        assertThat(readToEnd(KAFKA.cluster(), topic, "read_uncommitted").size()).isGreaterThan(100);
        assertThat(Files.readAllLines(state)).filteredOn(l -> !l.startsWith("#")).hasSize(3);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** Every record of the topic up to its end (for read_committed, its last stable offset). */
    private static List<ConsumerRecord<byte[], byte[]>> readToEnd(EmbeddedKafkaCluster kafka, String topic, String isolation) {
        Map<String, Object> config = kafka.clientConfig();
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<PartitionInfo> parts = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            if (parts == null || parts.isEmpty()) {
                return records;
            }
            List<TopicPartition> tps = parts.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            Map<TopicPartition, Long> end = consumer.endOffsets(tps);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (tps.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}

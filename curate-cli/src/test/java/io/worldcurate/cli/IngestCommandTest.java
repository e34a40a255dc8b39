package io.worldcurate.cli;

import io.worldcurate.kafka.embedded.EmbeddedKafkaExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.worldcurate.schemas.Topics;
import io.worldcurate.schemas.avro.CrawledImage;
import io.worldcurate.schemas.avro.CrawledText;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

class IngestCommandTest {

    private static final JsonMapper JSON = new JsonMapper();

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @TempDir
    Path tmp;


    @Test
    void producesEveryValidImageKeyedByUuidWithItsPositionAndWritesTheRejects() throws Exception {
        Path plain = tmp.resolve("a.jsonl");
        Files.writeString(plain, String.join("\n",
                "{\"uuid\":\"u1\",\"url\":\"https://img.example/1.jpg\",\"page_url\":\"https://p.example/\",\"texts\":[[\"alt\",\"a red car\",\"\"],[\"title\",\"Paris\",\"fr\"]]}",
                "not json",
                "",
                "{\"url\":\"https://img.example/tr/13974.jpg\",\"texts\":[{\"attr\":\"alt\",\"text\":\"ein Hund\",\"lang\":\"de\"}]}",
                "{\"uuid\":\"u3\",\"texts\":[[\"alt\",\"no url\",\"\"]]}",
                "{\"uuid\":\"u4\",\"url\":\"https://img.example/4.jpg\",\"texts\":[[\"alt\",\"" + "x".repeat(600) + "\",\"\"]]}",
                "{\"uuid\":\"u5\",\"url\":\"https://img.example/5.jpg\",\"texts\":[[\"alt\",\"猫\",\"zh\"]]}")
                + "\n");
        Path gz = tmp.resolve("b.jsonl.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(("{\"uuid\":\"u6\",\"url\":\"https://img.example/6.jpg\",\"texts\":\"oops\"}\n"
                    + "{\"uuid\":\"u7\",\"url\":\"https://img.example/7.jpg\",\"texts\":[[\"alt\",\"seven\"]]}\n"
                    + "{\"uuid\":\"u1\",\"url\":\"https://img.example/1b.jpg\",\"texts\":[[\"alt\",\"again\",\"\"]]}\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        Path rejects = tmp.resolve("rejects.jsonl");

        Cli.Result r = Cli.run("ingest", "--format", "jsonl", plain.toString(), gz.toString(),
                "--bootstrap-servers", KAFKA.cluster().bootstrapServers(), "--topic", "ingest.images", "--create-topics",
                "--partitions", "3", "--max-record-bytes", "400", "--rejects", rejects.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("read 9 records from 2 files: produced 5 to ingest.images", "rejected 4");
        List<ConsumerRecord<byte[], byte[]>> records = Cli.readAll(KAFKA.cluster(), "ingest.images", 5);
        assertThat(records).hasSize(5);
        List<CrawledImage> images = records.stream()
                .peek(rec -> assertThat(new String(rec.key(), StandardCharsets.UTF_8))
                        .isEqualTo(Topics.CRAWLED_IMAGE_SERDE.deserialize("t", rec.value()).getUuid()))
                .map(rec -> Topics.CRAWLED_IMAGE_SERDE.deserialize("t", rec.value()))
                .sorted(Comparator.comparing(CrawledImage::getIngestSeq))
                .toList();
        assertThat(images).extracting(CrawledImage::getIngestSeq).containsExactly(0L, 1L, 2L, 3L, 4L);
        // input order over both files; the uuid of the second comes from its url (spec section 1)
        assertThat(images).extracting(CrawledImage::getUuid)
                .containsExactly("u1", "3d4220d91d60ca5e6046254d", "u5", "u7", "u1");
        CrawledImage first = images.get(0);
        assertThat(first.getUrl()).isEqualTo("https://img.example/1.jpg");
        assertThat(first.getPageUrl()).isEqualTo("https://p.example/");
        assertThat(first.getTexts()).containsExactly(new CrawledText("alt", "a red car", null),
                new CrawledText("title", "Paris", "fr"));

        List<String> rejectLines = Files.readAllLines(rejects);
        assertThat(rejectLines).hasSize(4);
        List<JsonNode> rj = rejectLines.stream().map(IngestCommandTest::json).toList();
        assertThat(rj).extracting(n -> n.get("file").asText())
                .containsExactly(plain.toString(), plain.toString(), plain.toString(), gz.toString());
        assertThat(rj).extracting(n -> n.get("line").asLong()).containsExactly(2L, 5L, 6L, 1L);
        assertThat(rj.get(0).get("reason").asText()).startsWith("malformed JSON");
        assertThat(rj.get(1).get("reason").asText()).isEqualTo("missing url");
        assertThat(rj.get(2).get("reason").asText()).startsWith("oversized");
        assertThat(rj.get(3).get("reason").asText()).isEqualTo("texts is not an array");
        assertThat(rejectLines.get(1)).startsWith("{\"file\":");
    }

    @Test
    void withoutRejectsFileSummarisesTheReasonsOnStderr() throws Exception {
        Path in = tmp.resolve("in.jsonl");
        Files.writeString(in, "{\"uuid\":\"a\",\"url\":\"u\",\"texts\":[[\"alt\",\"t\"]]}\n{bad\n[1]\n");
        KAFKA.cluster().createTopic("ingest.summary", 1, 1);

        Cli.Result r = Cli.run("ingest", in.toString(), "--bootstrap-servers", KAFKA.cluster().bootstrapServers(),
                "--topic", "ingest.summary");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("produced 1 to ingest.summary", "rejected 2");
        assertThat(r.err()).contains("rejected 2 record(s): malformed JSON 1, not a JSON object 1", in + ":2: malformed JSON");
    }

    @Test
    void aMissingTopicIsAnErrorWithoutCreateTopics() throws Exception {
        Path in = tmp.resolve("in.jsonl");
        Files.writeString(in, "{\"uuid\":\"a\",\"url\":\"u\",\"texts\":[[\"alt\",\"t\"]]}\n");

        Cli.Result r = Cli.run("ingest", in.toString(), "--bootstrap-servers", KAFKA.cluster().bootstrapServers(), "--topic", "nowhere");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("curate: topic nowhere does not exist at " + KAFKA.cluster().bootstrapServers(), "--create-topics");
    }

    @Test
    void anUnreachableBrokerFailsWithinTheTimeout() throws Exception {
        Path in = tmp.resolve("in.jsonl");
        Files.writeString(in, "{\"uuid\":\"a\",\"url\":\"u\",\"texts\":[[\"alt\",\"t\"]]}\n");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        long t0 = System.nanoTime();

        Cli.Result r = Cli.run("ingest", in.toString(), "--bootstrap-servers", "127.0.0.1:" + port, "--timeout", "2");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("curate: cannot reach Kafka at 127.0.0.1:" + port + " within 2 s");
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(10);
    }

    @Test
    void anUnknownFormatOrTopicTypeIsAUsageError() throws Exception {
        Path in = tmp.resolve("in.jsonl");
        Files.writeString(in, "\n");

        Cli.Result wat = Cli.run("ingest", "--format", "warc", in.toString(), "--bootstrap-servers", "127.0.0.1:1");
        Cli.Result dlq = Cli.run("ingest", in.toString(), "--bootstrap-servers", "127.0.0.1:1", "--topic", Topics.DLQ);
        Cli.Result missing = Cli.run("ingest", tmp.resolve("nope.jsonl").toString(), "--bootstrap-servers", "127.0.0.1:1");

        assertThat(wat.exit()).isEqualTo(2);
        assertThat(wat.err()).contains("unknown input format 'warc', expected one of jsonl, wat");
        assertThat(dlq.exit()).isEqualTo(2);
        assertThat(dlq.err()).contains("topic curation.dlq holds DeadLetter records, but ingest writes CrawledImage records");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("no such file: " + tmp.resolve("nope.jsonl"));
    }

    private static JsonNode json(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError(line, e);
        }
    }
}

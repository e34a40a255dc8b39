package io.worldcurate.cli;

import io.worldcurate.kafka.embedded.EmbeddedKafkaExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.worldcurate.schemas.Topics;
import io.worldcurate.schemas.avro.CuratedImage;
import io.worldcurate.schemas.avro.DeadLetter;
import io.worldcurate.schemas.avro.DecisionMode;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(120)
class ExportCommandTest {

    private static final JsonMapper JSON = new JsonMapper();

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @TempDir
    Path tmp;


    private static KafkaProducer<String, DeadLetter> transactional(String id) {
        Map<String, Object> config = KAFKA.cluster().clientConfig();
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, id);
        KafkaProducer<String, DeadLetter> p = new KafkaProducer<>(config, new StringSerializer(), Topics.DEAD_LETTER_SERDE);
        p.initTransactions();
        return p;
    }

    private static DeadLetter letter(String reason) {
        return DeadLetter.newBuilder().setReason(reason).setStage("lid").setSourceTopic(Topics.CRAWL_IMAGES)
                .setPartition(0).setOffset(7).setOriginalKey(null)
                .setOriginalValue(ByteBuffer.wrap(new byte[] {0, 1, 2, (byte) 0xff}))
                .setFailedAt(Instant.parse("2026-05-01T12:00:00.123Z")).build();
    }

    private static void send(KafkaProducer<String, DeadLetter> p, String prefix, int n) {
        for (int i = 0; i < n; i++) {
            // alternately on both partitions, so each ends with markers and an open transaction
            p.send(new ProducerRecord<>(Topics.DLQ, i % 2, prefix + i, letter(prefix + i)));
        }
    }

    @Test
    void exportsExactlyTheCommittedRecordsAndStopsAtTheEndTakenAtTheStart() throws Exception {
        KAFKA.cluster().createTopic(Topics.DLQ, 2, 1);
        try (KafkaProducer<String, DeadLetter> p = transactional("export-test");
             KafkaProducer<String, DeadLetter> open = transactional("export-test-open")) {
            p.beginTransaction();
            send(p, "committed-a", 5);
            p.commitTransaction();
            p.beginTransaction();
            send(p, "aborted-b", 4);
            p.flush();
            p.abortTransaction();
            p.beginTransaction();
            send(p, "committed-c", 3);
            p.commitTransaction();
            // the last thing in both partitions: an aborted transaction and its abort markers
            p.beginTransaction();
            send(p, "aborted-d", 4);
            p.flush();
            p.abortTransaction();
            // a transaction still open when the export starts: not waited for, not exported
            open.beginTransaction();
            send(open, "open-e", 2);
            open.flush();

            Path out = tmp.resolve("dlq.jsonl");
            Cli.Result r = Cli.run("export", "--bootstrap-servers", KAFKA.cluster().bootstrapServers(), "--topic", Topics.DLQ,
                    "--out", out.toString());

            open.abortTransaction();
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out()).contains("wrote 8 records of curation.dlq (2 partitions) to " + out.toAbsolutePath());
            List<String> lines = Files.readAllLines(out);
            List<String> reasons = new ArrayList<>();
            for (String line : lines) {
                reasons.add(json(line).get("reason").asText());
            }
            assertThat(reasons).containsExactlyInAnyOrder("committed-a0", "committed-a1", "committed-a2", "committed-a3",
                    "committed-a4", "committed-c0", "committed-c1", "committed-c2");
            assertThat(lines.get(0)).matches("\\{\"reason\":\"committed-[ac]\\d\",\"stage\":\"lid\",\"source_topic\":"
                    + "\"crawl.images\",\"partition\":0,\"offset\":7,\"original_key\":null,\"original_value\":\"AAEC/w==\","
                    + "\"original_size\":-1,\"original_sha256\":null,\"value_truncated\":false,"
                    + "\"failed_at\":\"2026-05-01T12:00:00.123Z\"}");
            assertThat(Files.exists(tmp.resolve("dlq.jsonl.tmp"))).isFalse();
        }
    }

    @Test
    void curatedLinesStartWithTheSpecFieldsInOrder() throws Exception {
        KAFKA.cluster().createTopic(Topics.CURATED, 1, 1);
        Map<String, Object> config = KAFKA.cluster().clientConfig();
        try (KafkaProducer<String, CuratedImage> p = new KafkaProducer<>(config, new StringSerializer(),
                Topics.CURATED_IMAGE_SERDE)) {
            for (int i = 0; i < 3; i++) {
                p.send(new ProducerRecord<>(Topics.CURATED, "u" + i, CuratedImage.newBuilder()
                        .setUuid("u" + i).setUrl("https://img.example/" + i + ".jpg").setPageUrl(i == 0 ? null : "https://p/")
                        .setIngestSeq((long) i).setText("a red car " + i).setAttr("alt").setLang("en")
                        .setEntries(List.of(3, 17)).setProbability(0.25).setCounts(List.of(4L, 900L)).setThreshold(170)
                        .setMode(DecisionMode.ONLINE).setDecidedAt(Instant.parse("2026-05-01T12:00:00Z")).build()));
            }
        }
        Path out = tmp.resolve("curated.jsonl.gz");

        Cli.Result r = Cli.run("export", "--bootstrap-servers", KAFKA.cluster().bootstrapServers(), "--topic", Topics.CURATED,
                "--out", out.toString(), "--format", "jsonl");

        assertThat(r.exit()).as(r.err()).isZero();
        List<String> lines = gunzipLines(out);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).isEqualTo("{\"uuid\":\"u0\",\"url\":\"https://img.example/0.jpg\",\"text\":\"a red car 0\","
                + "\"lang\":\"en\",\"entries\":[3,17],\"probability\":0.25,\"page_url\":null,\"ingest_seq\":0,\"attr\":\"alt\","
                + "\"counts\":[4,900],\"threshold\":170,\"mode\":\"ONLINE\",\"decided_at\":\"2026-05-01T12:00:00.000Z\"}");
        for (String line : lines) {
            List<String> names = new ArrayList<>();
            json(line).fieldNames().forEachRemaining(names::add);
            assertThat(names).startsWith("uuid", "url", "text", "lang", "entries", "probability");
        }
    }

    @Test
    void tsvForImg2datasetHasUrlAndCaptionColumns() throws Exception {
        KAFKA.cluster().createTopic(Topics.CURATED_REPLAY, 2, 1);
        try (KafkaProducer<String, CuratedImage> p = new KafkaProducer<>(KAFKA.cluster().clientConfig(), new StringSerializer(),
                Topics.CURATED_IMAGE_SERDE)) {
            String[] texts = {"a red car", "two\tcolumns\nand lines"};
            for (int i = 0; i < texts.length; i++) {
                p.send(new ProducerRecord<>(Topics.CURATED_REPLAY, "u" + i, CuratedImage.newBuilder()
                        .setUuid("u" + i).setUrl("https://img.example/" + i + ".jpg").setIngestSeq((long) i).setText(texts[i])
                        .setAttr("alt").setLang("en").setEntries(List.of(1)).setProbability(1.0).setCounts(List.of(1L))
                        .setThreshold(5).setMode(DecisionMode.REPLAY).setDecidedAt(Instant.EPOCH).build()));
            }
        }
        Path out = tmp.resolve("curated.tsv");
        Cli.Result r = Cli.run("export", "--bootstrap-servers", KAFKA.cluster().bootstrapServers(), "--topic", Topics.CURATED_REPLAY,
                "--out", out.toString(), "--format", "tsv");
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> lines = java.nio.file.Files.readAllLines(out);
        assertThat(lines.get(0)).isEqualTo("url\tcaption");
        assertThat(lines.subList(1, lines.size())).containsExactlyInAnyOrder(
                "https://img.example/0.jpg\ta red car", "https://img.example/1.jpg\ttwo columns and lines");
        assertThat(lines).allSatisfy(l -> assertThat(l.split("\t", -1)).hasSize(2));

        Cli.Result wrongTopic = Cli.run("export", "--bootstrap-servers", KAFKA.cluster().bootstrapServers(), "--topic", Topics.DLQ,
                "--out", tmp.resolve("x.tsv").toString(), "--format", "tsv");
        assertThat(wrongTopic.exit()).isNotZero();
        assertThat(wrongTopic.err()).contains("--format tsv writes curated images");
    }

    @Test
    void anyOtherTopicIsExportedRawAndAnEmptyTopicGivesAnEmptyFile() throws Exception {
        KAFKA.cluster().createTopic("raw.things", 1, 1);
        KAFKA.cluster().createTopic("raw.empty", 3, 1);
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(KAFKA.cluster().clientConfig(), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            p.send(new ProducerRecord<>("raw.things", "k1".getBytes(StandardCharsets.UTF_8), new byte[] {1, 2, 3}));
            p.send(new ProducerRecord<>("raw.things", null, "hello".getBytes(StandardCharsets.UTF_8)));
            p.send(new ProducerRecord<>("raw.things", new byte[] {(byte) 0xc3, 0x28}, null));
        }
        Path out = tmp.resolve("raw.jsonl");
        Path empty = tmp.resolve("empty.jsonl");

        Cli.Result r = Cli.run("export", "--bootstrap-servers", KAFKA.cluster().bootstrapServers(), "--topic", "raw.things",
                "--out", out.toString());
        Cli.Result e = Cli.run("export", "--bootstrap-servers", KAFKA.cluster().bootstrapServers(), "--topic", "raw.empty",
                "--out", empty.toString());
        Cli.Result missing = Cli.run("export", "--bootstrap-servers", KAFKA.cluster().bootstrapServers(), "--topic", "raw.missing",
                "--out", tmp.resolve("missing.jsonl").toString());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Files.readAllLines(out)).containsExactly(
                "{\"key\":\"k1\",\"value_base64\":\"AQID\"}",
                "{\"key\":null,\"value_base64\":\"" + Base64.getEncoder().encodeToString("hello".getBytes(StandardCharsets.UTF_8)) + "\"}",
                "{\"key\":null,\"key_base64\":\"wyg=\",\"value_base64\":null}");
        assertThat(e.exit()).as(e.err()).isZero();
        assertThat(e.out()).contains("wrote 0 records of raw.empty (3 partitions)");
        assertThat(Files.readAllLines(empty)).isEmpty();
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("curate: topic raw.missing does not exist at " + KAFKA.cluster().bootstrapServers(),
                "raw.things");
        assertThat(Files.exists(tmp.resolve("missing.jsonl"))).isFalse();
    }

    private static List<String> gunzipLines(Path file) throws IOException {
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(file))) {
            String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return all.isEmpty() ? List.of() : List.of(all.split("\n"));
        }
    }

    private static JsonNode json(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError(line, e);
        }
    }
}

package io.worldcurate.cli.wat;

import io.worldcurate.cli.CurateCommand;
import io.worldcurate.kafka.embedded.EmbeddedKafkaCluster;
import io.worldcurate.schemas.Topics;
import io.worldcurate.schemas.avro.CrawledImage;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs {@code curate} in-process for the tests of this package, and reads topics back. */
final class CliRunner {

    record Result(int exit, String out, String err) {
    }

    private CliRunner() {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = CurateCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    /** A {@code curate ingest --watch ...} running in a thread until {@link #stop()}. */
    static final class Running {
        private final StringWriter out = new StringWriter();
        private final StringWriter err = new StringWriter();
        private final Stoppable command;
        private final CompletableFuture<Integer> exit;

        Running(String... args) {
            CommandLine cl = CurateCommand.commandLine();
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            command = (Stoppable) cl.getSubcommands().get("ingest").getCommand();
            exit = CompletableFuture.supplyAsync(() -> cl.execute(args));
        }

        String out() {
            return out.toString();
        }

        String err() {
            return err.toString();
        }

        boolean isDone() {
            return exit.isDone();
        }

        /** Asks the watcher to stop (as Ctrl-C does) and waits for its exit. */
        Result stop() throws Exception {
            command.requestStop();
            int code = exit.get(60, java.util.concurrent.TimeUnit.SECONDS);
            return new Result(code, out(), err());
        }
    }

    /** Every record of the topic, waiting until at least {@code expected} have arrived (or 30 s passed), then 0.5 s more. */
    static List<ConsumerRecord<byte[], byte[]>> readAll(EmbeddedKafkaCluster kafka, String topic, int expected) {
        Map<String, Object> config = kafka.clientConfig();
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> tps = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(10))) {
                tps.add(new TopicPartition(topic, p.partition()));
            }
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            long more = System.nanoTime() + Duration.ofMillis(500).toNanos();
            while (System.nanoTime() < more) {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
        }
        return records;
    }

    /** The topic's images in ingest_seq order, each checked to be keyed by its uuid. */
    static List<CrawledImage> images(EmbeddedKafkaCluster kafka, String topic, int expected) {
        return readAll(kafka, topic, expected).stream()
                .peek(r -> assertThat(new String(r.key(), java.nio.charset.StandardCharsets.UTF_8))
                        .isEqualTo(Topics.CRAWLED_IMAGE_SERDE.deserialize(topic, r.value()).getUuid()))
                .map(r -> Topics.CRAWLED_IMAGE_SERDE.deserialize(topic, r.value()))
                .sorted(Comparator.comparing(CrawledImage::getIngestSeq))
                .toList();
    }
}

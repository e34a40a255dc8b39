package io.worldcurate.cli;

import io.worldcurate.core.input.ImageJson;
import io.worldcurate.core.input.ImageValidator;
import io.worldcurate.core.input.InvalidRecordException;
import io.worldcurate.core.input.LineReader;
import io.worldcurate.core.model.Image;
import io.worldcurate.core.output.CurationJson;
import io.worldcurate.schemas.AvroSerde;
import io.worldcurate.schemas.Topic;
import io.worldcurate.schemas.Topics;
import io.worldcurate.schemas.avro.CrawledImage;
import io.worldcurate.streams.ImageRecords;
import io.worldcurate.streams.TopicAdmin;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** {@code curate ingest}: files of crawled images onto the input topic of the streaming pipeline. */
@Command(name = "ingest", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Reads crawled images from files and produces each valid one to a Kafka topic as a CrawledImage "
                + "(Avro), keyed by its uuid, with an idempotent producer (acks=all, lz4).",
                "ingest_seq is the image's 0-based position among the valid images of this run, over all files in the "
                        + "order given. Malformed or oversized lines never stop the run: they are counted and, with "
                        + "--rejects, written as {\"file\", \"line\", \"reason\"} lines like batch's rejects.jsonl. "
                        + "Blank lines are skipped. Exits with 1 when Kafka cannot be reached within --timeout or when "
                        + "any record cannot be produced."},
        footer = {"", "Example:",
                "  curate ingest --format jsonl crawl-*.jsonl.gz --bootstrap-servers localhost:9092 \\",
                "      --create-topics --rejects rejects.jsonl"})
final class IngestCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Input files, gzipped or not (told by their first bytes), read in the order given.")
    List<Path> files;

    @Option(names = "--format", paramLabel = "FORMAT", converter = InputFormat.Converter.class,
            completionCandidates = InputFormat.Names.class,
            description = "Input format, one of: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). jsonl: one image per line "
                    + "in MetaCLIP's form, {\"uuid\", \"url\", \"page_url\", \"texts\": [[attr, text, lang], ...]}.")
    InputFormat format = InputFormat.JSONL;

    @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers, comma-separated, e.g. localhost:9092 (what 'curate broker' prints).")
    String bootstrapServers;

    @Option(names = "--topic", paramLabel = "TOPIC", description = "Topic to produce to (default: ${DEFAULT-VALUE}).")
    String topic = Topics.CRAWL_IMAGES;

    @Option(names = "--create-topics", description = "Create the topic when it is missing, with the broker's default "
            + "replication and --partitions partitions (default: off; a missing topic is an error).")
    boolean createTopics;

    @Option(names = "--partitions", paramLabel = "P", description = "Partitions of a topic that --create-topics creates "
            + "(default: the broker's num.partitions).")
    Integer partitions;

    @Option(names = "--rejects", paramLabel = "FILE", description = "Write each rejected line as {\"file\", \"line\", "
            + "\"reason\"} to FILE, replacing it (default: none; only a summary of the reasons on stderr).")
    Path rejects;

    @Option(names = "--max-record-bytes", paramLabel = "N", description = "Longer lines are rejected as oversized "
            + "without being held in memory (default: ${DEFAULT-VALUE}).")
    int maxRecordBytes = ImageValidator.DEFAULT_MAX_RECORD_BYTES;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "How long to wait for Kafka to answer at the "
            + "start, and for a full send buffer, before failing (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds = 30;

    @Option(names = "--client-property", paramLabel = "KEY=VALUE", description = "Extra Kafka client setting for the "
            + "producer and the admin client (e.g. security.protocol=SSL); repeatable. Overrides the ones above.")
    Map<String, String> clientProperties = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        validate();
        long started = System.nanoTime();
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        Properties base = KafkaClients.base(bootstrapServers, "curate-ingest", clientProperties);
        try (Admin admin = KafkaClients.connect(base, timeout)) {
            prepareTopic(admin, timeout);
        }
        try (Writer rejectsOut = rejects == null ? null : Files.newBufferedWriter(rejects, StandardCharsets.UTF_8);
             Ingester ingester = new Ingester(base, topic, timeout, rejectsOut, TerminalProgress.onStderr())) {
            try {
                ingester.ingestJsonl(files, maxRecordBytes);
            } finally {
                ingester.flush();
            }
            report(ingester, (System.nanoTime() - started) / 1e9);
            ingester.checkSent();
        }
        return 0;
    }

    private void validate() {
        CommandLine cl = spec.commandLine();
        if (maxRecordBytes < 1) {
            throw new CommandLine.ParameterException(cl, "--max-record-bytes must be at least 1, got " + maxRecordBytes);
        }
        if (timeoutSeconds < 1) {
            throw new CommandLine.ParameterException(cl, "--timeout must be at least 1 second, got " + timeoutSeconds);
        }
        if (partitions != null && partitions < 1) {
            throw new CommandLine.ParameterException(cl, "--partitions must be at least 1, got " + partitions);
        }
        if (topic.isBlank()) {
            throw new CommandLine.ParameterException(cl, "--topic must not be blank");
        }
        Topics.byName(topic).filter(t -> t.valueSerde() != Topics.CRAWLED_IMAGE_SERDE).ifPresent(t -> {
            String type = t.valueSerde() instanceof AvroSerde<?> a ? a.type().getSimpleName() : t.valueSerde().toString();
            throw new CommandLine.ParameterException(cl, "topic " + topic + " holds " + type
                    + " records, but ingest writes CrawledImage records");
        });
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                throw new CommandLine.ParameterException(cl, "no such file: " + f);
            }
            if (!Files.isReadable(f)) {
                throw new CommandLine.ParameterException(cl, "cannot read " + f);
            }
        }
        if (format != InputFormat.JSONL) {
            throw new CommandLine.ParameterException(cl, "format " + format + " is not supported yet");
        }
    }

    private void prepareTopic(Admin admin, Duration timeout) {
        if (KafkaClients.exists(admin, topic, timeout)) {
            return;
        }
        if (!createTopics) {
            throw new IllegalStateException("topic " + topic + " does not exist at " + bootstrapServers
                    + "; create it (curate broker --create-topics, or pass --create-topics here)");
        }
        // a known topic name has the CrawledImage serde (validate() checked it): take its configs
        Topic<?, ?> t = Topics.byName(topic).orElseGet(() -> new Topic<>(topic, Topics.KEY_SERDE, Topics.CRAWLED_IMAGE_SERDE));
        List<String> created = TopicAdmin.ensureTopics(bootstrapServers, List.of(t), partitions == null ? -1 : partitions,
                (short) -1, clientProperties == null ? Map.of() : clientProperties);
        if (!created.isEmpty()) {
            spec.commandLine().getErr().println("created topic " + topic + (partitions == null ? "" : " with " + partitions
                    + " partitions"));
        }
    }

    private void report(Ingester run, double seconds) {
        PrintWriter out = spec.commandLine().getOut();
        out.println(String.format(Locale.ROOT,
                "read %d records from %d file%s: produced %d to %s at %s, rejected %d%s; %.1f s, %.0f records/s",
                run.read, files.size(), files.size() == 1 ? "" : "s", run.acked.get(), topic, bootstrapServers,
                run.rejected, rejects != null && run.rejected > 0 ? " (in " + rejects + ")" : "", seconds,
                run.read / Math.max(1e-9, seconds)));
        out.flush();
        if (run.rejected > 0 && rejects == null) {
            PrintWriter err = spec.commandLine().getErr();
            StringBuilder s = new StringBuilder("rejected ").append(run.rejected).append(" record(s):");
            run.rejectedByReason.forEach((reason, n) -> s.append(' ').append(reason).append(" ").append(n).append(','));
            s.setLength(s.length() - 1);
            err.println(s.append("; pass --rejects FILE for every file and line"));
            run.examples.forEach(e -> err.println("  " + e));
            err.flush();
        }
    }
}

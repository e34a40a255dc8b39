package io.worldcurate.cli;

import io.worldcurate.schemas.Topic;
import io.worldcurate.schemas.Topics;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.zip.GZIPOutputStream;

/** {@code curate export}: a topic, as it stands now, to a file. */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Writes every committed record of a topic, from the beginning to the end it has when the export "
                + "starts, to a file: one JSON object per line, each partition's records in offset order (partitions "
                + "interleaved; ingest_seq, where the records have it, gives the input order).",
                "Records of the pipeline's topics are decoded with the topic's Avro schema and written as plain JSON, "
                        + "fields in schema order; curation.curated and curation.curated.replay lines start with the "
                        + "curated fields of the spec: uuid, url, text, lang, entries, probability. bytes are base64, "
                        + "enums their symbol, timestamps ISO-8601 UTC strings (2026-05-01T12:00:00.000Z), null null. "
                        + "The record key is not written (it is the uuid, or the language of curation.thresholds).",
                "Any other topic is written raw: {\"key\": <UTF-8 string, or null with \"key_base64\" when not UTF-8>, "
                        + "\"value_base64\": <base64 or null>}.",
                "Reads with isolation.level=read_committed and no consumer group (nothing is committed): aborted "
                        + "transactions are left out, and records of transactions still open at the start are not "
                        + "waited for."},
        footer = {"", "Example:",
                "  curate export --bootstrap-servers localhost:9092 --topic curation.curated \\",
                "      --out curated.jsonl",
                "  curate export --bootstrap-servers localhost:9092 --topic curation.curated --format tsv \\",
                "      --out curated.tsv && img2dataset --url_list curated.tsv --input_format tsv \\",
                "      --url_col url --caption_col caption --output_folder images"})
final class ExportCommand implements Callable<Integer> {

    /** Fields that lead every curated line, in this order (spec section 9). */
    static final List<String> CURATED_FIELDS = List.of("uuid", "url", "text", "lang", "entries", "probability");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers, comma-separated, e.g. localhost:9092 (what 'curate broker' prints).")
    String bootstrapServers;

    @Option(names = "--topic", required = true, paramLabel = "TOPIC",
            description = "Topic to export, e.g. curation.curated.")
    String topic;

    @Option(names = "--out", required = true, paramLabel = "FILE",
            description = "Output file, replaced when the export succeeds (written to FILE.tmp first); gzipped when it "
                    + "ends in .gz; - for stdout.")
    Path out;

    @Option(names = "--format", paramLabel = "FORMAT", converter = ExportFormat.Converter.class,
            completionCandidates = ExportFormat.Names.class,
            description = "Output format, one of: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    ExportFormat format = ExportFormat.JSONL;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "How long to wait for Kafka to answer at the "
            + "start, and for any progress while reading, before failing (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds = 30;

    @Option(names = "--client-property", paramLabel = "KEY=VALUE", description = "Extra Kafka client setting for the "
            + "consumer and the admin client (e.g. security.protocol=SSL); repeatable.")
    Map<String, String> clientProperties = new LinkedHashMap<>();

    @picocli.CommandLine.Mixin
    ClientConfigOption clientConfig;

    @Override
    public Integer call() throws Exception {
        if (timeoutSeconds < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--timeout must be at least 1 second, got " + timeoutSeconds);
        }
        if (topic.isBlank()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--topic must not be blank");
        }
        long started = System.nanoTime();
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        Properties base = KafkaClients.base(bootstrapServers, "curate-export", clientConfig.with(clientProperties));
        List<TopicPartition> partitions = new ArrayList<>();
        try (Admin admin = KafkaClients.connect(base, timeout)) {
            partitions.addAll(TopicReader.partitions(admin, topic, bootstrapServers, timeout));
        }
        if (format == ExportFormat.TSV && !topic.equals(Topics.CURATED) && !topic.equals(Topics.CURATED_REPLAY)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--format tsv writes curated images: use it with "
                    + Topics.CURATED + " or " + Topics.CURATED_REPLAY + ", not " + topic);
        }
        LineFormat lines = format == ExportFormat.TSV ? new Tsv() : LineFormat.forTopic(topic);
        boolean toStdout = out.toString().equals("-");
        Path tmp = toStdout ? null : tempFile(out);
        Counts counts;
        try (Writer w = writer(toStdout ? null : tmp)) {
            w.write(lines.header());
            counts = export(partitions, TopicReader.consumerProperties(base, timeout), timeout, lines, w);
        } catch (IOException | RuntimeException | Error e) {
            if (tmp != null) {
                Files.deleteIfExists(tmp);
            }
            throw e;
        }
        if (!toStdout) {
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        PrintWriter report = toStdout ? spec.commandLine().getErr() : spec.commandLine().getOut();
        report.println(String.format(Locale.ROOT, "wrote %d record%s of %s (%d partition%s) to %s; %.1f s, %.0f records/s",
                counts.written, counts.written == 1 ? "" : "s", topic, partitions.size(), partitions.size() == 1 ? "" : "s",
                toStdout ? "stdout" : out.toAbsolutePath().normalize(), seconds, counts.written / Math.max(1e-9, seconds)));
        report.flush();
        PrintWriter err = spec.commandLine().getErr();
        if (counts.tombstones > 0) {
            err.println("skipped " + counts.tombstones + " record(s) without a value (tombstones)");
        }
        if (counts.undecodable > 0) {
            err.println("warning: skipped " + counts.undecodable + " record(s) that cannot be decoded as " + lines.describe()
                    + "; the first: " + counts.firstUndecodable);
        }
        err.flush();
        return 0;
    }

    private Counts export(List<TopicPartition> partitions, Properties props, Duration timeout, LineFormat lines, Writer w)
            throws IOException {
        Counts counts = new Counts();
        TopicReader.read(topic, partitions, props, timeout, r -> lines.write(r, w, counts), TerminalProgress.onStderr(), "export");
        return counts;
    }

    private static Path tempFile(Path out) throws IOException {
        Path abs = out.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        return abs.resolveSibling(abs.getFileName() + ".tmp");
    }

    private Writer writer(Path file) throws IOException {
        OutputStream os;
        if (file == null) {
            // stdout stays open for the summary lines after the export
            os = new java.io.FilterOutputStream(System.out) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    flush();
                }
            };
        } else {
            os = Files.newOutputStream(file);
            if (out.getFileName().toString().endsWith(".gz")) {
                os = new GZIPOutputStream(os, 1 << 16);
            }
        }
        return new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8), 1 << 16);
    }

    /** What was seen while exporting. */
    static final class Counts {
        long written;
        long tombstones;
        long undecodable;
        String firstUndecodable;
    }

    /** How the records of one topic become lines. */
    abstract static class LineFormat {

        static LineFormat forTopic(String topic) {
            return Topics.byName(topic).<LineFormat>map(t -> new Decoded(t,
                    topic.equals(Topics.CURATED) || topic.equals(Topics.CURATED_REPLAY) ? CURATED_FIELDS : List.of()))
                    .orElseGet(Raw::new);
        }

        abstract void write(ConsumerRecord<byte[], byte[]> r, Writer w, Counts counts) throws IOException;

        abstract String describe();

        /** What the file starts with; nothing by default. */
        String header() {
            return "";
        }
    }

    /**
     * img2dataset's TSV input ({@code --input_format tsv --url_col url --caption_col caption}): a header
     * line, then the url and the chosen text of each curated image. Tabs and line breaks inside a
     * caption become spaces, since TSV has no quoting.
     */
    static final class Tsv extends LineFormat {
        @Override
        void write(ConsumerRecord<byte[], byte[]> r, Writer w, Counts counts) throws IOException {
            if (r.value() == null) {
                counts.tombstones++;
                return;
            }
            io.worldcurate.schemas.avro.CuratedImage c;
            try {
                c = Topics.CURATED_IMAGE_SERDE.deserialize(r.topic(), r.value());
            } catch (RuntimeException e) {
                counts.undecodable++;
                if (counts.firstUndecodable == null) {
                    counts.firstUndecodable = r.topic() + "-" + r.partition() + "@" + r.offset() + ": " + e.getMessage();
                }
                return;
            }
            w.write(cell(c.getUrl()));
            w.write('\t');
            w.write(cell(c.getText()));
            w.write('\n');
            counts.written++;
        }

        static String cell(String s) {
            return s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
        }

        @Override
        String header() {
            return "url\tcaption\n";
        }

        @Override
        String describe() {
            return "CuratedImage (tsv)";
        }
    }

    /** A pipeline topic: the value decoded with the topic's serde, written as plain JSON. */
    static final class Decoded extends LineFormat {
        private final Topic<?, ?> topic;
        private final Deserializer<?> values;
        private final List<String> leading;

        Decoded(Topic<?, ?> topic, List<String> leading) {
            this.topic = topic;
            this.values = topic.valueSerde().deserializer();
            this.leading = leading;
        }

        @Override
        void write(ConsumerRecord<byte[], byte[]> r, Writer w, Counts counts) throws IOException {
            if (r.value() == null) {
                counts.tombstones++;
                return;
            }
            Object v;
            try {
                v = values.deserialize(r.topic(), r.value());
            } catch (RuntimeException e) {
                counts.undecodable++;
                if (counts.firstUndecodable == null) {
                    counts.firstUndecodable = r.topic() + "-" + r.partition() + "@" + r.offset() + ": " + e.getMessage();
                }
                return;
            }
            String line;
            if (v instanceof IndexedRecord record) {
                line = AvroJson.line(record, leading);
            } else {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("key", r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8));
                m.put("value", String.valueOf(v));
                line = io.worldcurate.core.output.CurationJson.line(m);
            }
            w.write(line);
            w.write('\n');
            counts.written++;
        }

        @Override
        String describe() {
            return topic.valueSerde().toString();
        }
    }

    /** Any other topic: key as text when it is UTF-8, value as base64. */
    static final class Raw extends LineFormat {
        @Override
        void write(ConsumerRecord<byte[], byte[]> r, Writer w, Counts counts) throws IOException {
            Map<String, Object> m = new LinkedHashMap<>();
            String key = r.key() == null ? null : utf8(r.key());
            m.put("key", key);
            if (r.key() != null && key == null) {
                m.put("key_base64", Base64.getEncoder().encodeToString(r.key()));
            }
            m.put("value_base64", r.value() == null ? null : Base64.getEncoder().encodeToString(r.value()));
            w.write(io.worldcurate.core.output.CurationJson.line(m));
            w.write('\n');
            counts.written++;
        }

        @Override
        String describe() {
            return "raw bytes";
        }

        /** The bytes as a string when they are valid UTF-8, else null. */
        static String utf8(byte[] b) {
            try {
                return StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(b)).toString();
            } catch (CharacterCodingException e) {
                return null;
            }
        }
    }
}

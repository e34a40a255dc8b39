package io.worldcurate.cli;

import io.worldcurate.core.input.ImageJson;
import io.worldcurate.core.input.InvalidRecordException;
import io.worldcurate.core.input.LineReader;
import io.worldcurate.core.model.Image;
import io.worldcurate.core.output.CurationJson;
import io.worldcurate.schemas.Topics;
import io.worldcurate.schemas.avro.CrawledImage;
import io.worldcurate.streams.ImageRecords;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Produces crawled images to a topic as CrawledImage records keyed by uuid, with an idempotent
 * producer; bad lines are counted and written to a rejects file, never stop the run. Shared by
 * {@code curate ingest} and {@code curate run}.
 */
final class Ingester implements AutoCloseable {

    /** Room left in a request for the record's headers and batch overhead. */
    private static final int REQUEST_OVERHEAD_BYTES = 1024;

    private final String topic;
    private final KafkaProducer<String, byte[]> producer;
    private final Writer rejectsOut;
    private final TerminalProgress progress;
    private final int maxValueBytes;
    final AtomicLong acked = new AtomicLong();
    final AtomicLong failures = new AtomicLong();
    final AtomicReference<KafkaException> failure = new AtomicReference<>();
    final Map<String, Long> rejectedByReason = new TreeMap<>();
    final List<String> examples = new ArrayList<>();
    long read;
    long rejected;
    long nextSeq;

    Ingester(Properties base, String topic, Duration timeout, Writer rejectsOut, TerminalProgress progress) {
        this.topic = topic;
        this.rejectsOut = rejectsOut;
        this.progress = progress;
        Properties p = producerProperties(base, timeout);
        this.maxValueBytes = maxRequestSize(p) - REQUEST_OVERHEAD_BYTES;
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        this.transactional = p.containsKey(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        if (transactional) {
            try {
                producer.initTransactions(); // fences an earlier producer of this id: its open transaction is aborted
            } catch (KafkaException e) {
                producer.close(Duration.ZERO);
                throw e;
            }
        }
    }

    private final boolean transactional;

    /** With a transactional.id: starts a transaction (one per WAT file); otherwise nothing. */
    void beginTransaction() {
        if (transactional) {
            producer.beginTransaction();
        }
    }

    /** With a transactional.id: commits (after every record of it was acknowledged); otherwise flushes. */
    void commitTransaction() {
        if (transactional) {
            producer.commitTransaction();
        } else {
            producer.flush();
        }
    }

    /** With a transactional.id: aborts, so read_committed consumers never see its records. */
    void abortTransaction() {
        if (transactional) {
            producer.abortTransaction();
        }
    }

    /**
     * {@code base} for a broker in the same process: no compression unless {@code base} asks for it. There
     * compression only costs CPU on the same cores: the producer compresses, the broker decompresses every
     * batch to check it, and each consumer decompresses again.
     */
    static Properties forInProcessBroker(Properties base) {
        Properties p = new Properties();
        p.putAll(base);
        p.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        return p;
    }

    static Properties producerProperties(Properties base, Duration timeout) {
        Properties p = new Properties();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        if (base.containsKey(ProducerConfig.TRANSACTIONAL_ID_CONFIG)) {
            // one transaction per WAT file: up to the broker's default transaction.max.timeout.ms
            p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 900_000);
        }
        p.putAll(base);
        return p;
    }

    /** The producer's max.request.size: Kafka's default unless a client property sets it. */
    private static int maxRequestSize(Properties producerProperties) {
        Object v = producerProperties.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        return v == null ? 1024 * 1024 : Integer.parseInt(v.toString().trim());
    }

    /** Reads JSONL files in order; false when a send failed and the run must stop. */
    boolean ingestJsonl(List<Path> files, int maxRecordBytes) throws IOException {
        long totalBytes = 0;
        for (Path f : files) {
            totalBytes += Files.size(f);
        }
        long bytesBefore = 0;
        for (Path file : files) {
            try (LineReader lines = LineReader.open(file, maxRecordBytes)) {
                LineReader.Line line;
                while ((line = lines.next()) != null) {
                    if (failure.get() != null) {
                        return false;
                    }
                    if (!line.oversized() && isBlank(line.bytes())) {
                        continue;
                    }
                    read++;
                    if (line.oversized()) {
                        reject(file, line.number(), "oversized: record of " + line.length() + " bytes exceeds the limit");
                    } else {
                        Image image = null;
                        try {
                            image = ImageJson.parse(line.bytes());
                        } catch (InvalidRecordException e) {
                            reject(file, line.number(), e.reason());
                        }
                        if (image != null && !send(image, file, line.number())) {
                            return false;
                        }
                    }
                    progress.bar("ingest", totalBytes == 0 ? 1 : (double) (bytesBefore + lines.fileBytesRead()) / totalBytes,
                            read, "records");
                }
            }
            bytesBefore += Files.size(file);
        }
        return failure.get() == null;
    }

    /** Sends one image with the next ingest_seq; false when the producer has failed. */
    boolean send(Image image, Path file, long lineNumber) throws IOException {
        return send(image, file, "line", lineNumber);
    }

    /**
     * Sends one image with the next ingest_seq; false when the producer has failed. An image too large
     * to produce is rejected at {@code where}, named {@code whereKey} in the rejects ("line" for JSONL,
     * "offset" for WAT).
     */
    boolean send(Image image, Path file, String whereKey, long where) throws IOException {
        return send(image, file.toString(), whereKey, where);
    }

    /** As above, for a source named by a path or a URL. */
    boolean send(Image image, String file, String whereKey, long where) throws IOException {
        CrawledImage record = ImageRecords.toCrawledImage(image, nextSeq);
        byte[] value = Topics.CRAWLED_IMAGE_SERDE.serialize(topic, record);
        int size = value.length + image.uuid().getBytes(StandardCharsets.UTF_8).length;
        if (size > maxValueBytes) {
            reject(file, whereKey, where, "oversized: " + size + " bytes as a CrawledImage exceed the producer's max.request.size");
            return true;
        }
        nextSeq++;
        try {
            producer.send(new ProducerRecord<>(topic, image.uuid(), value), (metadata, e) -> {
                if (e == null) {
                    acked.incrementAndGet();
                } else {
                    failures.incrementAndGet();
                    failure.compareAndSet(null, e instanceof KafkaException k ? k : new KafkaException(e));
                }
            });
        } catch (KafkaException e) {
            failures.incrementAndGet();
            failure.compareAndSet(null, e);
            return false;
        }
        return true;
    }

    void reject(Path file, long lineNumber, String reason) throws IOException {
        reject(file, "line", lineNumber, reason);
    }

    /**
     * Counts a rejected record and writes {@code {"file", whereKey: where, "reason"}} to the rejects:
     * {@code whereKey} is "line" for a JSONL line number, "offset" for a WAT record's byte offset.
     */
    void reject(Path file, String whereKey, long where, String reason) throws IOException {
        reject(file.toString(), whereKey, where, reason);
    }

    /** As above, for a source named by a path or a URL. */
    void reject(String file, String whereKey, long where, String reason) throws IOException {
        rejected++;
        rejectedByReason.merge(InvalidRecordException.kindOf(reason), 1L, Long::sum);
        if (examples.size() < 5) {
            examples.add(file + ("line".equals(whereKey) ? ":" : " at " + whereKey + " ") + where + ": " + reason);
        }
        if (rejectsOut != null) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("file", file);
            r.put(whereKey, where);
            r.put("reason", reason);
            rejectsOut.write(CurationJson.line(r));
            rejectsOut.write('\n');
        }
    }

    /** Waits until every record sent so far is acknowledged or failed. */
    void flush() {
        producer.flush();
        progress.end();
    }

    /** Throws when any record could not be produced. */
    void checkSent() {
        KafkaException f = failure.get();
        if (f != null) {
            throw new IllegalStateException(failures.get() + " record(s) could not be produced to " + topic
                    + " (the first: " + KafkaClients.rootMessage(f) + "); " + acked.get()
                    + " were; the run stopped at the first failure", f);
        }
    }

    private static boolean isBlank(byte[] b) {
        for (byte c : b) {
            if (c != ' ' && c != '\t' && c != '\r') {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
    }
}

package io.worldcurate.balancer.service;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.worldcurate.schemas.Topics;
import io.worldcurate.schemas.avro.DeadLetter;
import io.worldcurate.streams.DeadLetters;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the dead letters of {@code curation.dlq} per stage and kind of reason
 * ({@link DeadLetters#kind}), for the dashboard: one background thread with a read_committed consumer
 * in no group, assigned every partition by hand and reading from the beginning, so every instance
 * counts the whole topic (and a restart counts it again from scratch). A missing topic or an
 * unreachable broker is retried every {@code retry}; new partitions are picked up.
 */
public final class DeadLetterTail implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DeadLetterTail.class);

    /** Stage and reason of a record of the topic that is not a dead letter. */
    public static final String UNREADABLE_STAGE = "?";
    public static final String UNREADABLE_REASON = "unreadable dead letter";

    /**
     * What has been read so far.
     *
     * @param topicFound whether the topic exists (false until it does)
     * @param caughtUp whether the last poll found nothing left to read (up to the last stable offset)
     * @param byStage stage → reason kind → count
     */
    public record Snapshot(String topic, @JsonProperty("topic_found") boolean topicFound,
                           @JsonProperty("caught_up") boolean caughtUp, long total,
                           @JsonProperty("by_stage") Map<String, Map<String, Long>> byStage,
                           @JsonProperty("last_failed_at") Instant lastFailedAt, String error) {
    }

    private final String topic;
    private final Properties props;
    private final Duration retry;
    private final Duration partitionCheck;
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, LongAdder>> counts = new ConcurrentHashMap<>();
    private final CountDownLatch stopping = new CountDownLatch(1);
    private volatile boolean topicFound;
    private volatile boolean caughtUp;
    private volatile Instant lastFailedAt;
    private volatile String error;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;

    /**
     * @param retry wait before trying again when the topic is missing or Kafka fails
     * @param partitionCheck how often to look for partitions added to the topic
     * @param extraConfig more consumer settings (they win)
     */
    public DeadLetterTail(String bootstrapServers, String topic, Duration retry, Duration partitionCheck,
                          Map<String, Object> extraConfig) {
        this.topic = topic;
        this.retry = retry;
        this.partitionCheck = partitionCheck;
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // only look: never create the topic (with the broker's defaults) by asking for it
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "dead-letter-tail-" + topic);
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        p.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        p.putAll(extraConfig);
        this.props = p;
    }

    /** Starts the background thread; returns at once. */
    public synchronized DeadLetterTail start() {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        thread = new Thread(this::run, "dead-letter-tail");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    public Snapshot snapshot() {
        Map<String, Map<String, Long>> byStage = new TreeMap<>();
        long total = 0;
        for (Map.Entry<String, ConcurrentHashMap<String, LongAdder>> stage : counts.entrySet()) {
            Map<String, Long> reasons = new TreeMap<>();
            for (Map.Entry<String, LongAdder> reason : stage.getValue().entrySet()) {
                long n = reason.getValue().sum();
                reasons.put(reason.getKey(), n);
                total += n;
            }
            byStage.put(stage.getKey(), reasons);
        }
        return new Snapshot(topic, topicFound, caughtUp, total, byStage, lastFailedAt, error);
    }

    /** Stops the thread and closes the consumer; waits for it at most {@code timeout}. */
    public void close(Duration timeout) {
        stopping.countDown();
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            try {
                t.join(timeout.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (t.isAlive()) {
                LOG.warnf("the dead-letter tail of %s did not stop within %s", topic, timeout);
            }
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(15));
    }

    private boolean stopped() {
        return stopping.getCount() == 0;
    }

    /** Waits {@code d} unless asked to stop; true when asked to stop. */
    private boolean pause(Duration d) {
        try {
            return stopping.await(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private void run() {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer = c;
            long nextPartitionCheck = System.nanoTime();
            while (!stopped()) {
                try {
                    if (System.nanoTime() - nextPartitionCheck >= 0) {
                        assignPartitions(c);
                        nextPartitionCheck = System.nanoTime() + (c.assignment().isEmpty() ? retry : partitionCheck).toNanos();
                    }
                    if (c.assignment().isEmpty()) {
                        if (pause(retry)) {
                            break;
                        }
                        continue;
                    }
                    ConsumerRecords<byte[], byte[]> records = c.poll(Duration.ofMillis(500));
                    for (ConsumerRecord<byte[], byte[]> r : records) {
                        count(r);
                    }
                    if (records.isEmpty()) {
                        caughtUp = caughtUp(c);
                    } else {
                        caughtUp = false;
                    }
                    error = null;
                } catch (WakeupException | InterruptException e) {
                    break;
                } catch (KafkaException e) {
                    error = e.getClass().getSimpleName() + ": " + e.getMessage();
                    LOG.warnf("dead-letter tail of %s: %s; retrying in %s", topic, error, retry);
                    if (pause(retry)) {
                        break;
                    }
                }
            }
        } catch (WakeupException | InterruptException e) {
            // asked to stop while closing
        } catch (RuntimeException e) {
            error = e.toString();
            LOG.errorf(e, "dead-letter tail of %s stopped", topic);
        } finally {
            consumer = null;
        }
    }

    private void assignPartitions(KafkaConsumer<byte[], byte[]> c) {
        List<PartitionInfo> infos;
        try {
            infos = c.partitionsFor(topic, Duration.ofSeconds(10));
        } catch (UnknownTopicOrPartitionException e) {
            infos = List.of();
        }
        if (infos == null || infos.isEmpty()) {
            if (!topicFound) {
                LOG.debugf("topic %s not found yet; looking again in %s", topic, retry);
            }
            return;
        }
        topicFound = true;
        Set<TopicPartition> all = new HashSet<>();
        for (PartitionInfo i : infos) {
            all.add(new TopicPartition(i.topic(), i.partition()));
        }
        Set<TopicPartition> added = new HashSet<>(all);
        added.removeAll(c.assignment());
        if (!added.isEmpty()) {
            all.addAll(c.assignment());
            c.assign(all);
            c.seekToBeginning(added);
            caughtUp = false;
            LOG.debugf("counting dead letters of %s from the beginning of %s", topic, added);
        }
    }

    private boolean caughtUp(KafkaConsumer<byte[], byte[]> c) {
        // a read_committed consumer's end offsets are the last stable offsets
        Map<TopicPartition, Long> ends = c.endOffsets(c.assignment(), Duration.ofSeconds(5));
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            if (c.position(e.getKey(), Duration.ofSeconds(5)) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void count(ConsumerRecord<byte[], byte[]> r) {
        if (r.value() == null) {
            return;
        }
        String stage;
        String reason;
        try {
            DeadLetter d = Topics.DEAD_LETTER_SERDE.deserializer().deserialize(r.topic(), r.value());
            stage = d.getStage();
            reason = DeadLetters.kind(d.getReason());
            Instant at = d.getFailedAt();
            if (at != null && (lastFailedAt == null || at.isAfter(lastFailedAt))) {
                lastFailedAt = at;
            }
        } catch (RuntimeException e) {
            stage = UNREADABLE_STAGE;
            reason = UNREADABLE_REASON;
        }
        counts.computeIfAbsent(stage, s -> new ConcurrentHashMap<>()).computeIfAbsent(reason, k -> new LongAdder()).increment();
    }
}

package io.worldcurate.cli;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Reads a topic from its beginning to the end it had when reading started, read_committed, with no
 * consumer group. Used by {@code curate export} and {@code curate run}.
 */
final class TopicReader {

    /** Gets each committed record of the topic once. */
    @FunctionalInterface
    interface Sink {
        void accept(ConsumerRecord<byte[], byte[]> record) throws IOException;
    }

    private TopicReader() {
    }

    static Properties consumerProperties(Properties base, Duration timeout) {
        Properties p = new Properties();
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        p.putAll(base);
        // no group: partitions are assigned by hand and no offset is ever committed
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return p;
    }

    static List<TopicPartition> partitions(Admin admin, String topic, String servers, Duration timeout) {
        TopicDescription d = KafkaClients.describe(admin, topic, servers, timeout);
        List<TopicPartition> partitions = new ArrayList<>();
        d.partitions().forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        return partitions;
    }

    /**
     * Reads every partition from its beginning until its position reaches the end offset taken before
     * reading. With read_committed that end is the last stable offset; commit and abort markers occupy
     * offsets too, so "done" is judged by the consumer's position, which moves past markers and aborted
     * records, never by the offset of the last record returned.
     *
     * @return the number of records given to the sink
     */
    static long read(String topic, List<TopicPartition> partitions, Properties consumerProps, Duration timeout, Sink sink,
                     TerminalProgress bar, String label) throws IOException {
        long given = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> start = new HashMap<>();
            List<TopicPartition> remaining = new ArrayList<>();
            long total = 0;
            for (TopicPartition tp : partitions) {
                long position = consumer.position(tp, timeout);
                start.put(tp, position);
                if (position < end.get(tp)) {
                    remaining.add(tp);
                    total += end.get(tp) - position;
                }
            }
            List<TopicPartition> finishedAtStart = new ArrayList<>(partitions);
            finishedAtStart.removeAll(remaining);
            consumer.pause(finishedAtStart);
            Map<TopicPartition, Long> reached = new HashMap<>(start);
            long lastProgress = System.nanoTime();
            long progressed = 0;
            while (!remaining.isEmpty()) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    // a record past the end taken at the start was written after reading began
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                        sink.accept(r);
                        given++;
                    }
                }
                List<TopicPartition> finished = new ArrayList<>();
                for (TopicPartition tp : remaining) {
                    long position = consumer.position(tp, timeout);
                    reached.put(tp, Math.min(position, end.get(tp)));
                    if (position >= end.get(tp)) {
                        finished.add(tp);
                    }
                }
                if (!finished.isEmpty()) {
                    consumer.pause(finished);
                    remaining.removeAll(finished);
                }
                long done = 0;
                for (TopicPartition tp : partitions) {
                    done += reached.get(tp) - start.get(tp);
                }
                if (done > progressed) {
                    progressed = done;
                    lastProgress = System.nanoTime();
                } else if (!remaining.isEmpty() && System.nanoTime() - lastProgress > timeout.toNanos()) {
                    throw new IllegalStateException("no progress reading " + topic + " for " + KafkaClients.seconds(timeout)
                            + "; still to read: " + describe(remaining, consumer, end, timeout));
                }
                bar.bar(label, total == 0 ? 1 : (double) done / total, given, "records");
            }
        } finally {
            bar.end();
        }
        return given;
    }

    private static String describe(List<TopicPartition> remaining, KafkaConsumer<?, ?> consumer,
                                   Map<TopicPartition, Long> end, Duration timeout) {
        StringBuilder s = new StringBuilder();
        for (TopicPartition tp : remaining) {
            if (!s.isEmpty()) {
                s.append(", ");
            }
            s.append(tp).append(" at ").append(consumer.position(tp, timeout)).append(" of ").append(end.get(tp));
        }
        return s.toString();
    }
}

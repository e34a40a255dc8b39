package io.worldcurate.pipeline;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Reads a whole topic as a downstream consumer would see it: read_committed, from the beginning up
 * to the end offsets (last stable offsets) taken when reading starts, no consumer group.
 */
final class TopicDump {

    private TopicDump() {
    }

    static Properties consumerProperties(String bootstrapServers) {
        return consumerProperties(bootstrapServers, IsolationLevel.READ_COMMITTED);
    }

    static Properties consumerProperties(String bootstrapServers, IsolationLevel isolation) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation.toString());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        return p;
    }

    /** Every committed record of {@code topic}, partition by partition in offset order. */
    static List<ConsumerRecord<byte[], byte[]>> read(String bootstrapServers, String topic, Duration timeout) {
        return read(bootstrapServers, topic, timeout, IsolationLevel.READ_COMMITTED);
    }

    /** Every record of {@code topic} a consumer with {@code isolation} gets, up to the end offsets taken at the start. */
    static List<ConsumerRecord<byte[], byte[]>> read(String bootstrapServers, String topic, Duration timeout, IsolationLevel isolation) {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(consumerProperties(bootstrapServers, isolation), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = c.partitionsFor(topic, timeout);
            if (infos == null || infos.isEmpty()) {
                throw new AssertionError("topic " + topic + " does not exist");
            }
            List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = c.endOffsets(partitions, timeout);
            Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> out = new LinkedHashMap<>();
            partitions.forEach(tp -> out.put(tp, new ArrayList<>()));
            long deadline = System.nanoTime() + timeout.toNanos();
            List<TopicPartition> remaining = new ArrayList<>(partitions);
            while (true) {
                remaining.removeIf(tp -> c.position(tp, timeout) >= end.get(tp));
                if (remaining.isEmpty()) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    Map<TopicPartition, Long> at = new HashMap<>();
                    remaining.forEach(tp -> at.put(tp, c.position(tp)));
                    throw new AssertionError("reading " + topic + " not done after " + timeout + ": at " + at + ", end " + end);
                }
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    if (r.offset() < end.get(tp)) {
                        out.get(tp).add(r);
                    }
                }
            }
            List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
            out.values().forEach(all::addAll);
            return all;
        }
    }
}

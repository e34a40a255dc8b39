package io.worldcurate.pipeline;

import io.worldcurate.balancer.CountKeys;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How far the balancer has counted, as the rest of the world sees it: a background read_committed
 * consumer of its counts changelog that sums the committed {@code <lang>/texts} counters. The
 * fraction of the workload's matched texts counted so far drives the kill schedules, so that a kill
 * lands at a known point of the stream rather than after a fixed sleep.
 */
final class CountsProgress implements AutoCloseable {

    private final String bootstrapServers;
    private final String topic;
    private final long expectedTexts;
    private final Map<String, Long> texts = new HashMap<>();
    private volatile long counted;
    private volatile boolean stop;
    private volatile KafkaConsumer<String, Long> consumer;
    private final Thread thread;

    CountsProgress(String bootstrapServers, String changelogTopic, long expectedTexts) {
        this.bootstrapServers = bootstrapServers;
        this.topic = changelogTopic;
        this.expectedTexts = expectedTexts;
        this.thread = new Thread(this::run, "pipeline-test-progress");
        this.thread.setDaemon(true);
    }

    CountsProgress start() {
        thread.start();
        return this;
    }

    private void run() {
        try (KafkaConsumer<String, Long> c = new KafkaConsumer<>(TopicDump.consumerProperties(bootstrapServers), new StringDeserializer(),
                new LongDeserializer())) {
            consumer = c;
            List<PartitionInfo> infos = List.of();
            while (!stop && infos.isEmpty()) {
                // the changelog appears when the balancer's first rebalance creates its internal topics
                Map<String, List<PartitionInfo>> topics = c.listTopics(Duration.ofSeconds(10));
                infos = topics.getOrDefault(topic, List.of());
                if (infos.isEmpty()) {
                    Thread.sleep(200);
                }
            }
            List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(partitions);
            c.seekToBeginning(partitions);
            while (!stop) {
                for (ConsumerRecord<String, Long> r : c.poll(Duration.ofMillis(200))) {
                    if (r.key() != null && r.key().contains("/" + CountKeys.TEXTS) && r.value() != null) {
                        texts.put(r.key(), r.value());
                    }
                }
                counted = texts.values().stream().mapToLong(Long::longValue).sum();
            }
        } catch (WakeupException | InterruptException | InterruptedException e) {
            // closing
        } catch (RuntimeException e) {
            if (!stop) {
                Log.info("progress consumer failed: %s", e);
            }
        }
    }

    /** Matched texts the balancer has counted in committed transactions, of those the workload holds. */
    double fraction() {
        return expectedTexts == 0 ? 1.0 : (double) counted / expectedTexts;
    }

    long counted() {
        return counted;
    }

    @Override
    public void close() {
        stop = true;
        KafkaConsumer<String, Long> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

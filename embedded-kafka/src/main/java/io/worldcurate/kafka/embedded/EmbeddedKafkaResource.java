package io.worldcurate.kafka.embedded;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;

/**
 * Starts a one-node {@link EmbeddedKafkaCluster} for a {@code @QuarkusTest} and points the service
 * at it ({@code kafka.bootstrap.servers}, which the services' {@code quarkus.kafka-streams.bootstrap-servers}
 * reads). Use with {@code @QuarkusTestResource(EmbeddedKafkaResource.class)}; tests reach the broker
 * through {@link #bootstrapServers()}.
 */
public class EmbeddedKafkaResource implements QuarkusTestResourceLifecycleManager {

    private static volatile EmbeddedKafkaCluster cluster;

    @Override
    public Map<String, String> start() {
        cluster = EmbeddedKafkaCluster.startSingleNode();
        return Map.of("kafka.bootstrap.servers", cluster.bootstrapServers());
    }

    @Override
    public void stop() {
        EmbeddedKafkaCluster c = cluster;
        cluster = null;
        if (c != null) {
            c.close();
        }
    }

    /** The running broker's bootstrap servers. */
    public static String bootstrapServers() {
        EmbeddedKafkaCluster c = cluster;
        if (c == null) {
            throw new IllegalStateException("the embedded Kafka resource is not started");
        }
        return c.bootstrapServers();
    }

    public static EmbeddedKafkaCluster cluster() {
        return cluster;
    }

    /** The values of a topic, read_committed from the beginning, until {@code atLeast} arrived or the time is up. */
    public static <V> List<V> readValues(String topic, Deserializer<V> deserializer, int atLeast, Duration timeout) {
        return readValuesUntil(topic, deserializer, v -> false, atLeast, timeout);
    }

    /**
     * The values of a topic, read_committed from the beginning, until one satisfies {@code last}, or
     * {@code atLeast} arrived, or the time is up.
     */
    public static <V> List<V> readValuesUntil(String topic, Deserializer<V> deserializer, Predicate<V> last, int atLeast,
                                              Duration timeout) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + topic + "-" + System.nanoTime());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<V> out = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(c, new StringDeserializer(), deserializer)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (out.size() < atLeast && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, V> r : consumer.poll(Duration.ofMillis(200))) {
                    out.add(r.value());
                    if (last.test(r.value())) {
                        return out;
                    }
                }
            }
        }
        return out;
    }
}

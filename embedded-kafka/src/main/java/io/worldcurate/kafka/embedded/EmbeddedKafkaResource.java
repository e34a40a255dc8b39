package io.worldcurate.kafka.embedded;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

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
}

package io.worldcurate.service;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.worldcurate.streams.KafkaClientConfig;
import io.worldcurate.streams.StreamsHealth;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

import java.util.List;
import java.util.Map;

/**
 * Liveness and readiness that answer at once whatever the broker does (Quarkus' own Kafka Streams checks
 * are disabled: they ask the broker on the request's thread). See {@link StreamsHealth}.
 */
@ApplicationScoped
public class HealthChecks {

    @Inject
    Instance<KafkaStreams> streams;

    @ConfigProperty(name = "quarkus.kafka-streams.bootstrap-servers")
    String bootstrapServers;

    @ConfigProperty(name = "quarkus.kafka-streams.topics")
    List<String> topics;

    @Inject
    CurationConfig config;

    private volatile StreamsHealth health;

    void start(@Observes StartupEvent e) {
        Map<String, String> kafkaClient = KafkaClientConfig.fromEnvironment();
        if (!kafkaClient.isEmpty()) {
            io.quarkus.logging.Log.infof("Kafka client config from %s: %s", KafkaClientConfig.ENV, KafkaClientConfig.describe(kafkaClient));
        }
        health = new StreamsHealth(() -> streams.get(), bootstrapServers, topics, config.health().brokerProbeInterval(), kafkaClient).start();
    }

    void stop(@Observes ShutdownEvent e) {
        if (health != null) {
            health.close();
        }
    }

    StreamsHealth health() {
        return health;
    }

    static HealthCheckResponse response(String name, StreamsHealth.Status status) {
        var builder = HealthCheckResponse.named(name).status(status.up());
        status.data().forEach(builder::withData);
        return builder.build();
    }

    /** UP unless the Kafka Streams client is in ERROR. */
    @Liveness
    @ApplicationScoped
    public static class Live implements HealthCheck {
        @Inject
        HealthChecks checks;

        @Override
        public HealthCheckResponse call() {
            StreamsHealth h = checks.health();
            return h == null ? HealthCheckResponse.up("Kafka Streams state") : response("Kafka Streams state", h.liveness());
        }
    }

    /** UP while the client runs, the broker answers and every topic exists; DOWN with a reason otherwise. */
    @Readiness
    @ApplicationScoped
    public static class Ready implements HealthCheck {
        @Inject
        HealthChecks checks;

        @Override
        public HealthCheckResponse call() {
            StreamsHealth h = checks.health();
            return h == null ? HealthCheckResponse.down("Kafka Streams and broker") : response("Kafka Streams and broker", h.readiness());
        }
    }
}

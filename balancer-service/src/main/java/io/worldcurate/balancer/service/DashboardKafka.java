package io.worldcurate.balancer.service;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.worldcurate.schemas.Topics;
import io.worldcurate.streams.KafkaClientConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The dashboard's own Kafka clients, apart from Kafka Streams: the {@link DeadLetterTail} of
 * {@code curation.dlq} (started at startup without waiting for Kafka, closed at shutdown) and the
 * {@link ConsumerLag} of the configured consumer groups.
 */
@ApplicationScoped
public class DashboardKafka {

    private static final Logger LOG = Logger.getLogger(DashboardKafka.class);

    @ConfigProperty(name = "quarkus.kafka-streams.bootstrap-servers")
    String bootstrapServers;

    @ConfigProperty(name = "curation.dashboard.dead-letters.enabled", defaultValue = "true")
    boolean deadLettersEnabled;

    @ConfigProperty(name = "curation.dashboard.dead-letters.retry", defaultValue = "5s")
    Duration deadLettersRetry;

    @ConfigProperty(name = "curation.dashboard.lag.groups")
    Optional<List<String>> lagGroups;

    @ConfigProperty(name = "curation.dashboard.lag.cache", defaultValue = "1s")
    Duration lagCache;

    @ConfigProperty(name = "curation.dashboard.lag.timeout", defaultValue = "5s")
    Duration lagTimeout;

    private DeadLetterTail deadLetters;
    private ConsumerLag lag;

    void start(@Observes StartupEvent event) {
        List<ConsumerLag.GroupSpec> groups = lagGroups.orElse(List.of()).stream()
                .filter(s -> !s.isBlank()).map(ConsumerLag.GroupSpec::parse).toList();
        synchronized (this) {
            lag = new ConsumerLag(bootstrapServers, groups, lagCache, lagTimeout, Map.copyOf(KafkaClientConfig.fromEnvironment()));
            if (deadLettersEnabled) {
                deadLetters = new DeadLetterTail(bootstrapServers, Topics.DLQ, deadLettersRetry, Duration.ofSeconds(30), Map.copyOf(KafkaClientConfig.fromEnvironment())).start();
            }
        }
        LOG.infof("dashboard: counting dead letters of %s %s, lag of %s", Topics.DLQ, deadLettersEnabled ? "on" : "off",
                groups.stream().map(ConsumerLag.GroupSpec::group).toList());
    }

    void stop(@Observes ShutdownEvent event) {
        close();
    }

    @PreDestroy
    synchronized void close() {
        if (deadLetters != null) {
            deadLetters.close(Duration.ofSeconds(10));
            deadLetters = null;
        }
        if (lag != null) {
            lag.close();
            lag = null;
        }
    }

    /** The dead letters counted so far, or empty when counting is off (or the service stops). */
    public synchronized Optional<DeadLetterTail.Snapshot> deadLetters() {
        return Optional.ofNullable(deadLetters).map(DeadLetterTail::snapshot);
    }

    /** The consumer lag report (at most {@code curation.dashboard.lag.cache} old). */
    public Optional<ConsumerLag.Report> lag() {
        ConsumerLag l;
        synchronized (this) {
            l = lag;
        }
        return Optional.ofNullable(l).map(ConsumerLag::report);
    }
}

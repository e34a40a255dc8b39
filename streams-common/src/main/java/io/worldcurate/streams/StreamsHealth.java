package io.worldcurate.streams;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.streams.KafkaStreams;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Liveness and readiness of a stage that answer at once whatever the broker does: liveness from
 * {@link KafkaStreams#state()} alone, readiness from that state and the last result of a background probe
 * of the broker (cluster id and topic names, every {@code interval}, each call bounded by a timeout). A
 * probe call never runs on the caller's thread, so a health request never waits for the broker.
 */
public final class StreamsHealth implements AutoCloseable {

    /** A health answer: up or down, and what it is based on. */
    public record Status(boolean up, Map<String, String> data) {
    }

    private record Probe(long atNanos, String problem) {
    }

    private final Supplier<KafkaStreams> streams;
    private final Collection<String> topics;
    private final Duration interval;
    private final Properties adminConfig = new Properties();
    private final ScheduledExecutorService executor;
    private volatile Probe last;
    private volatile KafkaStreams client;
    private volatile long lastReachableNanos;
    private Admin admin;

    /**
     * @param streams the client, looked up once by the probe thread (creating it may take a while)
     * @param topics the topics the stage needs: readiness is DOWN while one is missing
     */
    public StreamsHealth(Supplier<KafkaStreams> streams, String bootstrapServers, Collection<String> topics, Duration interval,
                         Map<String, ?> extraAdminConfig) {
        this.streams = streams;
        this.topics = List.copyOf(topics);
        this.interval = interval;
        int timeoutMs = (int) Math.max(500, Math.min(interval.toMillis(), 5000));
        adminConfig.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        adminConfig.put(AdminClientConfig.CLIENT_ID_CONFIG, "health-probe");
        adminConfig.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        adminConfig.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 2000);
        adminConfig.putAll(extraAdminConfig);
        this.last = new Probe(System.nanoTime(), "broker not probed yet");
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "health-broker-probe");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts probing the broker in the background. */
    public StreamsHealth start() {
        executor.scheduleWithFixedDelay(this::probe, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private void probe() {
        String problem;
        try {
            if (client == null) {
                // looked up here, never on a health request's thread: creating it may take a while
                try {
                    client = streams.get();
                } catch (RuntimeException e) {
                    // not there yet: liveness and readiness say NOT_CREATED, the next probe asks again
                }
            }
            if (admin == null) {
                admin = Admin.create(adminConfig);
            }
            long timeout = interval.toMillis() + 5000;
            admin.describeCluster().clusterId().get(timeout, TimeUnit.MILLISECONDS);
            Set<String> existing = admin.listTopics(new ListTopicsOptions()).names().get(timeout, TimeUnit.MILLISECONDS);
            lastReachableNanos = System.nanoTime();
            Set<String> missing = new TreeSet<>(topics);
            missing.removeAll(existing);
            problem = missing.isEmpty() ? null : "missing topics " + missing;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            problem = "broker unreachable: " + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        }
        last = new Probe(System.nanoTime(), problem);
    }

    /** UP unless the Kafka Streams client is in ERROR (or, once started, gone). */
    public Status liveness() {
        KafkaStreams.State state = state();
        Map<String, String> data = new LinkedHashMap<>();
        data.put("state", state == null ? "NOT_CREATED" : state.name());
        return new Status(state != KafkaStreams.State.ERROR && state != KafkaStreams.State.PENDING_ERROR, data);
    }

    /**
     * UP when the client is RUNNING or REBALANCING (restoring counts as rebalancing), the last probe
     * reached the broker and found every topic, and that probe is recent.
     */
    public Status readiness() {
        KafkaStreams.State state = state();
        Probe probe = last;
        Map<String, String> data = new LinkedHashMap<>();
        data.put("state", state == null ? "NOT_CREATED" : state.name());
        long sinceProbe = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - probe.atNanos());
        String problem = probe.problem();
        if (problem == null && sinceProbe > 3 * interval.toMillis() + 10_000) {
            problem = "broker unreachable: no answer for " + sinceProbe / 1000 + " s";
        }
        if (lastReachableNanos != 0) {
            data.put("broker last reached", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastReachableNanos) + " ms ago");
        }
        boolean running = state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING;
        if (!running && problem == null) {
            problem = "Kafka Streams is " + data.get("state");
        }
        if (problem != null) {
            data.put("reason", problem);
        }
        return new Status(problem == null, data);
    }

    private KafkaStreams.State state() {
        KafkaStreams s = client;
        return s == null ? null : s.state();
    }

    @Override
    public void close() {
        executor.shutdownNow();
        if (admin != null) {
            admin.close(Duration.ofSeconds(1));
        }
    }
}

package io.worldcurate.cli.run;

import io.worldcurate.balancer.BalancerConfig;
import io.worldcurate.balancer.BalancerMetrics;
import io.worldcurate.balancer.BalancerTopology;
import io.worldcurate.balancer.CountsSnapshot;
import io.worldcurate.balancer.ReplayTopology;
import io.worldcurate.lid.LidMetrics;
import io.worldcurate.lid.LidTopology;
import io.worldcurate.matcher.MatcherMetrics;
import io.worldcurate.matcher.MatcherTopology;
import io.worldcurate.schemas.Topics;
import io.worldcurate.streams.CompletionWatcher;
import io.worldcurate.streams.ExactlyOnce;
import io.worldcurate.streams.TopicAdmin;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.Properties;
import java.util.concurrent.TimeoutException;

/**
 * The three topologies of the services (and replay), run in this process on one cluster: the same
 * classes the Quarkus services run, with the same exactly-once settings.
 */
public final class InProcessPipeline implements AutoCloseable {

    /** Application ids (and consumer groups) of one pipeline, distinct from the services' own. */
    public record AppIds(String lid, String matcher, String balancer, String replay) {
        public static AppIds withPrefix(String prefix) {
            return new AppIds(prefix + "lid", prefix + "matcher", prefix + "balancer", prefix + "replay");
        }
    }

    public record Settings(String bootstrapServers, Path stateDir, AppIds ids, int streamThreads, short replicationFactor,
                           LidTopology.Config lid, MatcherTopology.Config matcher, BalancerConfig balancer, int commitIntervalMs) {
        public static final int DEFAULT_COMMIT_INTERVAL_MS = 500;

        public Settings(String bootstrapServers, Path stateDir, AppIds ids, int streamThreads, short replicationFactor,
                        LidTopology.Config lid, MatcherTopology.Config matcher, BalancerConfig balancer) {
            this(bootstrapServers, stateDir, ids, streamThreads, replicationFactor, lid, matcher, balancer, DEFAULT_COMMIT_INTERVAL_MS);
        }
    }

    private final Settings settings;
    private final Function<String, Map<String, ?>> clientConfig;
    private final List<KafkaStreams> running = new ArrayList<>();
    private final Map<KafkaStreams, String> applicationIds = new java.util.IdentityHashMap<>();
    private KafkaStreams balancer;
    private BalancerTopology.Input balancerInput = BalancerTopology.Input.REPARTITIONED;

    public InProcessPipeline(Settings settings) {
        this(settings, id -> Map.of());
    }

    /** @param clientConfig each application id's client settings (security: its own credentials) */
    public InProcessPipeline(Settings settings, Function<String, ? extends Map<String, ?>> clientConfig) {
        this.settings = settings;
        this.clientConfig = clientConfig::apply;
    }

    public static LidTopology.Config lidConfig(io.worldcurate.core.lang.LanguageAssigner assigner, int maxRecordBytes, MeterRegistry registry) {
        return new LidTopology.Config(assigner, maxRecordBytes, LidMetrics.micrometer(registry));
    }

    public static MatcherTopology.Config matcherConfig(io.worldcurate.core.match.LanguageMatchers matchers, int maxRecordBytes,
                                                       MeterRegistry registry) {
        return new MatcherTopology.Config(matchers, maxRecordBytes, MatcherMetrics.micrometer(registry));
    }

    public static BalancerConfig withMetrics(BalancerConfig config, String stage, MeterRegistry registry) {
        return config.withMetrics(BalancerMetrics.micrometer(stage, registry));
    }

    /**
     * Starts lid, matcher and the online balancer together, and waits until all three are running. The balancer counts
     * straight from {@code curation.matched} when that has one partition per counting task, else through its repartition.
     */
    public void startOnline(Duration timeout) throws InterruptedException, TimeoutException {
        BalancerConfig online = settings.balancer().withOnlineApplicationId(settings.ids().balancer());
        // created by the balancer's own principal, whose application id prefixes it (as Kafka Streams would)
        Map<String, String> adminConfig = new java.util.HashMap<>();
        clientConfig.apply(settings.ids().balancer()).forEach((k, v) -> adminConfig.put(k, String.valueOf(v)));
        TopicAdmin.ensureTopics(settings.bootstrapServers(), List.of(BalancerTopology.countsChangelog(online)), online.tasks(),
                settings.replicationFactor(), adminConfig);
        balancerInput = BalancerTopology.inputFor(TopicAdmin.partitionCount(settings.bootstrapServers(), Topics.MATCHED, adminConfig), online);
        // started at once: each one's group join, transactions and store restores overlap with the others'
        long deadline = System.nanoTime() + timeout.toNanos();
        KafkaStreams lid = launch(settings.ids().lid(), LidTopology.build(settings.lid()));
        KafkaStreams matcher = launch(settings.ids().matcher(), MatcherTopology.build(settings.matcher()));
        balancer = launch(settings.ids().balancer(), BalancerTopology.build(online, balancerInput));
        for (KafkaStreams streams : List.of(lid, matcher, balancer)) {
            awaitRunning(streams, deadline, timeout);
        }
    }

    /** How the online balancer's counting tasks get their images; known once {@link #startOnline} has run. */
    public BalancerTopology.Input balancerInput() {
        return balancerInput;
    }

    /** Starts replay on the online balancer's final counts; call once the online stages are done. */
    public void startReplay(BalancerConfig replayConfig, Duration timeout) throws InterruptedException, TimeoutException {
        KafkaStreams replay = launch(settings.ids().replay(),
                ReplayTopology.build(replayConfig.withOnlineApplicationId(settings.ids().balancer())));
        awaitRunning(replay, System.nanoTime() + timeout.toNanos(), timeout);
    }

    /** The stages in pipeline order, as the completion watcher reads them. */
    public List<CompletionWatcher.Stage> onlineStages() {
        AppIds ids = settings.ids();
        return List.of(
                new CompletionWatcher.Stage("lid", ids.lid(),
                        List.of(Topics.CRAWL_IMAGES, ids.lid() + "-" + LidTopology.REKEY_REPARTITION + "-repartition")),
                new CompletionWatcher.Stage("matcher", ids.matcher(), List.of(Topics.LID)),
                new CompletionWatcher.Stage("balancer", ids.balancer(),
                        balancerInput == BalancerTopology.Input.REPARTITIONED
                                ? List.of(Topics.MATCHED, ids.balancer() + "-" + BalancerTopology.FUNNEL + "-repartition")
                                : List.of(Topics.MATCHED)));
    }

    public List<CompletionWatcher.Stage> replayStages() {
        return List.of(new CompletionWatcher.Stage("replay", settings.ids().replay(), List.of(Topics.MATCHED)));
    }

    /** The online balancer's counts as they stand: the sums of the partial counts of its tasks, all in this process. */
    public CountsSnapshot counts() {
        ReadOnlyKeyValueStore<String, Long> store = balancer.store(StoreQueryParameters.fromNameAndType(
                BalancerTopology.COUNTS_STORE, QueryableStoreTypes.<String, Long>keyValueStore()));
        return CountsSnapshot.of(store);
    }

    private KafkaStreams launch(String applicationId, Topology topology) {
        // the pipeline's topics take records up to the lid stage's limit (PipelineTopics)
        Properties p = ExactlyOnce.streamsProperties(applicationId, settings.bootstrapServers(), settings.lid().maxRecordBytes());
        p.putAll(clientConfig.apply(applicationId));
        p.put(StreamsConfig.STATE_DIR_CONFIG, settings.stateDir().resolve(applicationId).toString());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, settings.streamThreads());
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) settings.replicationFactor());
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, settings.commitIntervalMs());
        KafkaStreams streams = new KafkaStreams(topology, p);
        streams.setUncaughtExceptionHandler(e -> {
            System.err.println("curate: " + applicationId + " failed: " + e);
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        running.add(streams);
        applicationIds.put(streams, applicationId);
        streams.start();
        return streams;
    }

    private void awaitRunning(KafkaStreams streams, long deadline, Duration timeout) throws InterruptedException, TimeoutException {
        while (streams.state() != KafkaStreams.State.RUNNING) {
            KafkaStreams.State state = streams.state();
            if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.NOT_RUNNING || state == KafkaStreams.State.PENDING_ERROR) {
                throw new IllegalStateException(applicationIds.get(streams) + " stopped while starting: " + state);
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException(applicationIds.get(streams) + " not running after " + timeout);
            }
            Thread.sleep(20);
        }
    }

    /** Fails when a topology has stopped on its own (a bug, never a bad record). */
    public void checkHealthy() {
        for (KafkaStreams s : running) {
            KafkaStreams.State st = s.state();
            if (st == KafkaStreams.State.ERROR || st == KafkaStreams.State.PENDING_ERROR || st == KafkaStreams.State.NOT_RUNNING) {
                throw new IllegalStateException("a topology stopped: " + st);
            }
        }
    }

    @Override
    public void close() {
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close(Duration.ofSeconds(30));
        }
        running.clear();
    }
}

package io.worldcurate.pipeline;

import io.worldcurate.balancer.BalancerTopology;
import io.worldcurate.kafka.embedded.EmbeddedKafkaCluster;
import io.worldcurate.lid.LidTopology;
import io.worldcurate.schemas.Topics;
import io.worldcurate.streams.CompletionWatcher;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One test's pipeline on a real broker: the in-process KRaft cluster, the services as OS processes,
 * the ingest, the progress of the balancer, the completion signal and the replay run. A JUnit
 * extension: after each test it kills every process and stops the cluster, and when the test failed
 * it prints the tail of every process's log.
 *
 * <p>Services are configured the way they are deployed: environment variables for what their
 * application.properties define (bootstrap servers, metadata, state dir, t_en, seed, LID, topics,
 * application id, HTTP port), system properties ({@code -Dkafka-streams.*}) for the Kafka Streams
 * settings the properties do not name (Quarkus finds {@code kafka-streams.*} properties by name, so an
 * environment variable for an absent one is not seen): the client id (to tell instances apart in the
 * consumer group) and a 6 s consumer session timeout instead of 45 s (a SIGKILLed member leaves the
 * group when its session expires; 45 s per kill would not fit the time budget).
 */
final class Pipeline implements BeforeEachCallback, AfterEachCallback, TestWatcher {

    static final String LID_ID = "lid-service";
    static final String MATCHER_ID = "matcher-service";
    static final String BALANCER_ID = "balancer-service";
    static final String REPLAY_ID = "balancer-replay";
    static final int PARTITIONS = 4;

    private Path dir;
    private EmbeddedKafkaCluster cluster;
    private int replication = 1;
    private Workload workload;
    private final List<ServiceProcess> processes = new ArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private CountsProgress progress;
    private Ingestor ingestor;
    private long started;

    // ---------------------------------------------------------------------------------------------
    // JUnit

    @Override
    public void beforeEach(ExtensionContext context) {
        for (ServiceProcess.Service s : ServiceProcess.Service.values()) {
            s.builtJar(); // fails at once, saying how to build them, when a service is not built
        }
        Path base = ServiceProcess.Service.projectDir().resolve("pipeline-tests/target/pipeline-tests");
        dir = base.resolve(context.getRequiredTestClass().getSimpleName() + "-" + context.getRequiredTestMethod().getName());
        ServiceProcess.deleteRecursively(dir);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        started = System.nanoTime();
        Log.info("=== %s.%s in %s", context.getRequiredTestClass().getSimpleName(), context.getRequiredTestMethod().getName(), dir);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).destroy();
        }
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception e) {
                Log.info("closing %s: %s", closeables.get(i), e);
            }
        }
        if (cluster != null) {
            cluster.close();
        }
        Log.info("=== %s took %.0f s", context.getRequiredTestMethod().getName(), seconds());
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        StringBuilder sb = new StringBuilder("\n===== " + context.getDisplayName() + " failed: " + cause + "\n");
        for (ServiceProcess p : processes) {
            sb.append("===== ").append(p.name).append(" (").append(p.exitDescription()).append(")\n").append(p.tails(60));
        }
        sb.append("===== logs in ").append(dir).append('\n');
        System.out.println(sb);
    }

    // ---------------------------------------------------------------------------------------------
    // setup

    Path dir() {
        return dir;
    }

    double seconds() {
        return (System.nanoTime() - started) / 1e9;
    }

    Workload workload(int images, long generatorSeed, long tEn, String seed) throws IOException {
        long t0 = System.nanoTime();
        Path metadata = ServiceProcess.Service.projectDir().resolve("pipeline-tests/src/test/resources/metadata");
        workload = Workload.create(dir.resolve("input"), metadata, images, generatorSeed, tEn, seed);
        Log.info("workload in %.1f s: %s", (System.nanoTime() - t0) / 1e9, workload.describe());
        return workload;
    }

    /**
     * Starts the cluster. Every topic gets {@code min.insync.replicas} min(nodes, 2); with 3 nodes the
     * broker's default replication factor is left at 1 so that a topic the services create without
     * asking for 3 replicas would show (and, with min.insync.replicas 2, stop the pipeline).
     */
    EmbeddedKafkaCluster cluster(int nodes) {
        long t0 = System.nanoTime();
        replication = Math.min(nodes, 3);
        EmbeddedKafkaCluster.Builder b = EmbeddedKafkaCluster.builder().nodes(nodes).dataDir(dir.resolve("kafka"))
                .brokerProperty("min.insync.replicas", Integer.toString(Math.min(nodes, 2)));
        if (nodes > 1) {
            b.brokerProperty("default.replication.factor", "1");
        }
        cluster = b.start();
        Log.info("%d-node KRaft cluster at %s in %.1f s", nodes, cluster.bootstrapServers(), (System.nanoTime() - t0) / 1e9);
        return cluster;
    }

    EmbeddedKafkaCluster cluster() {
        return cluster;
    }

    /**
     * Starts a single broker in a child JVM (see {@link BrokerProcess}) instead of an in-process cluster:
     * one that can be SIGKILLed and started again on the same data directory.
     */
    BrokerProcess brokerProcess() throws InterruptedException {
        broker = new BrokerProcess(dir.resolve("kafka"), dir.resolve("logs"), freePort(), freePort());
        closeables.add(broker);
        broker.start(Duration.ofMinutes(3));
        return broker;
    }

    private BrokerProcess broker;

    /** All nodes' addresses, running or not, as a client configured once would have them. */
    String bootstrapServers() {
        if (broker != null) {
            return broker.bootstrapServers();
        }
        List<String> all = new ArrayList<>();
        for (int i = 0; i < cluster.nodeCount(); i++) {
            all.add(cluster.bootstrapServers(i));
        }
        return String.join(",", all);
    }

    int replication() {
        return replication;
    }

    /** A service instance (not started): its own state dir and HTTP port, configured by environment. */
    ServiceProcess service(ServiceProcess.Service service, String name, String applicationId, Map<String, String> extraEnv) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers());
        env.put("QUARKUS_KAFKA_STREAMS_APPLICATION_ID", applicationId);
        env.put("CURATION_METADATA_DIR", workload.metadataDir.toString());
        env.put("CURATION_T_EN", Long.toString(workload.tEn));
        env.put("CURATION_SEED", workload.seed);
        env.put("CURATION_TOPICS_PARTITIONS", Integer.toString(PARTITIONS));
        env.put("CURATION_TOPICS_REPLICATION_FACTOR", Integer.toString(replication));
        env.put("KAFKA_STREAMS_REPLICATION_FACTOR", Integer.toString(replication));
        switch (service) {
            case LID -> {
                env.put("CURATION_LID_ACCURACY", "low");
                env.put("CURATION_LID_LANGUAGES", String.join(",", Workload.LANGUAGES));
                env.put("CURATION_LID_PRELOAD", "false");
            }
            case BALANCER -> env.put("CURATION_BALANCER_ONLINE_APPLICATION_ID", BALANCER_ID);
            default -> {
            }
        }
        env.putAll(extraEnv);
        List<String> props = new ArrayList<>(List.of(
                "-Dkafka-streams.client.id=" + name,
                "-Dkafka-streams.consumer.session.timeout.ms=6000",
                "-Dkafka-streams.consumer.heartbeat.interval.ms=1500",
                // the config dumps of every client would bury the log
                "-Dquarkus.log.category.\"org.apache.kafka.clients.consumer.ConsumerConfig\".level=WARN",
                "-Dquarkus.log.category.\"org.apache.kafka.clients.producer.ProducerConfig\".level=WARN",
                "-Dquarkus.log.category.\"org.apache.kafka.clients.admin.AdminClientConfig\".level=WARN",
                "-Dquarkus.log.category.\"org.apache.kafka.streams.StreamsConfig\".level=WARN"));
        // extra JVM arguments for every service, e.g. a negative control that must make the checks fail:
        // -Dpipeline.service.args=-Dkafka-streams.processing.guarantee=at_least_once
        String extra = System.getProperty("pipeline.service.args", "").trim();
        if (!extra.isEmpty()) {
            props.addAll(List.of(extra.split("\\s+")));
        }
        ServiceProcess p = new ServiceProcess(name, service, dir.resolve("state").resolve(name), dir.resolve("logs"), freePort(), env,
                props);
        processes.add(p);
        return p;
    }

    ServiceProcess lid(String name) {
        return service(ServiceProcess.Service.LID, name, LID_ID, Map.of());
    }

    ServiceProcess matcher(String name) {
        return service(ServiceProcess.Service.MATCHER, name, MATCHER_ID, Map.of());
    }

    ServiceProcess balancer(String name) {
        return service(ServiceProcess.Service.BALANCER, name, BALANCER_ID, Map.of());
    }

    /** Starts the given processes together and waits until Kafka Streams runs in each. */
    void startAll(ServiceProcess... ps) throws InterruptedException {
        long t0 = System.nanoTime();
        for (ServiceProcess p : ps) {
            p.start();
        }
        for (ServiceProcess p : ps) {
            p.awaitRunning(Duration.ofMinutes(3));
        }
        Log.info("%d processes running in %.1f s", ps.length, (System.nanoTime() - t0) / 1e9);
    }

    /**
     * Starts following the balancer's counts and producing the workload: {@code perTick} records every
     * {@code tick}, at most {@code maxLead} of the input ahead of the balancer.
     */
    void startIngest(int perTick, Duration tick, double maxLead) {
        progress = new CountsProgress(bootstrapServers(), countsChangelog(), workload.matchedTexts).start();
        closeables.add(progress);
        ingestor = new Ingestor(bootstrapServers(), workload.inputs, perTick, tick, progress::fraction, maxLead).start();
        closeables.add(ingestor);
        Log.info("ingesting %d records, %d every %d ms, at most %.0f%% ahead of the balancer", workload.inputs.size(), perTick,
                tick.toMillis(), 100 * maxLead);
    }

    static String countsChangelog() {
        return BALANCER_ID + "-" + BalancerTopology.COUNTS_STORE + "-changelog";
    }

    // ---------------------------------------------------------------------------------------------
    // running

    private long lastStateCheck;

    /**
     * Fails when a process died without being killed, when the Kafka Streams of a live one stopped
     * (a stream thread's fatal error leaves the Quarkus process running, with Kafka Streams in ERROR),
     * or when the ingest failed.
     */
    void checkHealthy() {
        for (ServiceProcess p : processes) {
            if (p.diedOnItsOwn()) {
                throw new AssertionError(p.name + " died on its own: " + p.exitDescription());
            }
        }
        if (System.nanoTime() - lastStateCheck > TimeUnit.SECONDS.toNanos(2)) {
            lastStateCheck = System.nanoTime();
            for (ServiceProcess p : processes) {
                if (p.isAlive()) {
                    String state = p.streamsState();
                    if (state != null && List.of("ERROR", "PENDING_ERROR", "PENDING_SHUTDOWN", "NOT_RUNNING").contains(state)) {
                        throw new AssertionError(p.name + "'s Kafka Streams stopped: " + state);
                    }
                }
            }
        }
        if (ingestor != null) {
            ingestor.check();
        }
    }

    /** Waits until the balancer has counted {@code fraction} of the workload's matched texts (committed). */
    void awaitProgress(double fraction, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (progress.fraction() < fraction) {
            checkHealthy();
            if (System.nanoTime() > deadline) {
                throw new AssertionError(String.format("balancer progress %.3f has not reached %.2f after %s (ingest at %.3f)",
                        progress.fraction(), fraction, timeout, ingestor.fraction()));
            }
            Thread.sleep(50);
        }
        Log.info("balancer counted %.1f%% (%d texts), ingest at %.1f%%", 100 * progress.fraction(), progress.counted(),
                100 * ingestor.fraction());
    }

    double progress() {
        return progress.fraction();
    }

    double ingestFraction() {
        return ingestor.fraction();
    }

    /** The stages as the completion watcher sees them, with the internal repartition topics. */
    static List<CompletionWatcher.Stage> onlineStages() {
        return List.of(
                new CompletionWatcher.Stage("lid", LID_ID,
                        List.of(Topics.CRAWL_IMAGES, LID_ID + "-" + LidTopology.REKEY_REPARTITION + "-repartition")),
                new CompletionWatcher.Stage("matcher", MATCHER_ID, List.of(Topics.LID)),
                new CompletionWatcher.Stage("balancer", BALANCER_ID,
                        List.of(Topics.MATCHED, BALANCER_ID + "-" + BalancerTopology.FUNNEL + "-repartition")));
    }

    /** Waits until the ingest is acknowledged and then until every stage has committed past every input record. */
    void awaitCompletion(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        ingestor.awaitDone(timeout);
        await(onlineStages(), deadline, timeout);
        Log.info("online pipeline complete at %.0f s", seconds());
    }

    private void await(List<CompletionWatcher.Stage> stages, long deadline, Duration timeout) throws Exception {
        try (CompletionWatcher watcher = new CompletionWatcher(bootstrapServers())) {
            long lastLog = 0;
            while (true) {
                checkHealthy();
                List<CompletionWatcher.StageProgress> p = watcher.progress(stages);
                if (p.stream().allMatch(CompletionWatcher.StageProgress::done)) {
                    Log.info("done: %s", p);
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("pipeline not done after " + timeout + ": " + p);
                }
                if (System.nanoTime() - lastLog > TimeUnit.SECONDS.toNanos(10)) {
                    Log.info("waiting: %s", p);
                    lastLog = System.nanoTime();
                }
                Thread.sleep(250);
            }
        }
    }

    /**
     * Runs the balancer jar in replay mode (its own application id) on the online balancer's final
     * counts changelog, waits until it has read all of curation.matched, and stops it.
     */
    void runReplay(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        ServiceProcess replay = service(ServiceProcess.Service.BALANCER, "replay", REPLAY_ID,
                Map.of("CURATION_BALANCER_MODE", "replay"));
        replay.start();
        replay.awaitRunning(timeout);
        await(List.of(new CompletionWatcher.Stage("replay", REPLAY_ID, List.of(Topics.MATCHED))), deadline, timeout);
        replay.kill();
        Log.info("replay complete at %.0f s", seconds());
    }

    private Admin admin;

    /** An admin client of the cluster, closed after the test. */
    synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrapServers()));
            closeables.add(admin);
        }
        return admin;
    }

    /**
     * SIGKILLs {@code p} while one of its transactions is open: waits (at most {@code maxWait}) until the
     * transaction coordinator reports a transaction of this instance (transactional id
     * {@code <application id>-<process id>-<thread>}, the process id read from its log)
     * ONGOING with partitions in it, then kills at once. Kills anyway when none shows up.
     *
     * @return whether the kill came while a transaction was open
     */
    boolean killInOpenTransaction(ServiceProcess p, Duration maxWait) throws InterruptedException {
        String applicationId = switch (p.service) {
            case LID -> LID_ID;
            case MATCHER -> MATCHER_ID;
            case BALANCER -> BALANCER_ID;
        };
        String prefix = applicationId + "-" + processId(p) + "-";
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                List<String> ongoing = admin().listTransactions(new ListTransactionsOptions().filterStates(List.of(TransactionState.ONGOING)))
                        .all().get(10, TimeUnit.SECONDS).stream().map(TransactionListing::transactionalId)
                        .filter(id -> id.startsWith(prefix)).toList();
                if (!ongoing.isEmpty()) {
                    for (TransactionDescription d : admin().describeTransactions(ongoing).all().get(10, TimeUnit.SECONDS).values()) {
                        if (d.state() == TransactionState.ONGOING && !d.topicPartitions().isEmpty()) {
                            p.kill();
                            Log.info("%s was killed in an open transaction on %s", p.name, d.topicPartitions());
                            return true;
                        }
                    }
                }
            } catch (Exception e) {
                // a transaction completing between list and describe, a broker being stopped: look again
            }
            Thread.sleep(5);
        }
        p.kill();
        Log.info("%s: no open transaction seen in %s, killed anyway", p.name, maxWait);
        return false;
    }

    /** How Kafka Streams' StateDirectory logs the process id it runs with (new, fresh, or read from its state dir). */
    private static final Pattern PROCESS_ID = Pattern.compile("(?:process id:|fresh process id|from process file:)\\s*([0-9a-f-]{36})");

    /**
     * The Kafka Streams process id of an instance's current incarnation, from its log: a stateless
     * application (matcher) keeps none in its state directory and gets a new one at every start.
     */
    private static String processId(ServiceProcess p) {
        Path log = p.currentOut();
        try {
            String id = null;
            Matcher m = PROCESS_ID.matcher(Files.readString(log, StandardCharsets.UTF_8));
            while (m.find()) {
                id = m.group(1);
            }
            if (id == null) {
                throw new AssertionError("no Kafka Streams process id logged in " + log + " yet");
            }
            return id;
        } catch (IOException e) {
            throw new AssertionError("cannot read " + log, e);
        }
    }

    /** The instance (by client id prefix) that owns {@code partition} in {@code group}'s current assignment, if settled. */
    Optional<String> owner(String group, TopicPartition partition) {
        try {
            ConsumerGroupDescription d = admin().describeConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS).get(group);
            for (MemberDescription m : d.members()) {
                if (m.assignment().topicPartitions().contains(partition)) {
                    return Optional.of(m.clientId());
                }
            }
            return Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /** Waits until one of {@code candidates} owns {@code partition} and returns it. */
    ServiceProcess awaitOwner(String group, TopicPartition partition, List<ServiceProcess> candidates, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<String> client = owner(group, partition);
            if (client.isPresent()) {
                for (ServiceProcess p : candidates) {
                    if (client.get().startsWith(p.name + "-") && p.isAlive()) {
                        return p;
                    }
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no owner of " + partition + " in group " + group + " among " + candidates + " after " + timeout
                        + " (client: " + client.orElse("none") + ")");
            }
            Thread.sleep(200);
        }
    }

    static String funnelPartitionTopic() {
        return BALANCER_ID + "-" + BalancerTopology.FUNNEL + "-repartition";
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

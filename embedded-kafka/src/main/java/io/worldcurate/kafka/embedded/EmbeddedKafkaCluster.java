package io.worldcurate.kafka.embedded;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.metadata.BrokerState;
import org.apache.kafka.metadata.LeaderAndIsr;
import org.apache.kafka.metadata.MetadataCache;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A real Apache Kafka cluster running in this JVM: one or more KRaft nodes, each a combined
 * {@code process.roles=broker,controller} {@link kafka.server.KafkaRaftServer}, forming a single
 * controller quorum.
 *
 * <p>It is meant for integration tests, for the {@code curate broker} / {@code curate run} commands,
 * and for fault tests that stop a node while data flows and start it again:
 *
 * <pre>{@code
 * try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().nodes(3).start()) {
 *     kafka.createTopic("crawl.images", 4, 3, Map.of("min.insync.replicas", "2"));
 *     Properties producerProps = new Properties();
 *     producerProps.put("bootstrap.servers", kafka.bootstrapServers());
 *     // ... produce ...
 *     kafka.stopNode(1);          // clean shutdown, data kept
 *     // ... keep producing and consuming with two nodes ...
 *     kafka.startNode(1);         // same data directory, same ports
 * }
 * }</pre>
 *
 * <h2>Nodes, ports and quorum</h2>
 * Node {@code i} has node id {@code i}, a {@code PLAINTEXT} client listener on
 * {@link #brokerPort(int) brokerPort(i)} and a {@code CONTROLLER} listener on
 * {@link #controllerPort(int) controllerPort(i)}, both on {@link Builder#host(String) host}
 * (default {@code 127.0.0.1}). The quorum is static ({@code controller.quorum.voters} lists every node),
 * so each node is formatted on its own with the shared cluster id and no voter set is written to disk:
 * ports may change between two clusters that reuse a data directory. With {@link Builder#port(int)
 * port(base)} the client listeners are {@code base, base+1, ...}; with the default {@code 0} free ports
 * are picked before the first start. Controller ports are separate ({@link Builder#controllerPort(int)},
 * picked the same way). Ports are kept for the life of this object, so a restarted node comes back on
 * the same address.
 *
 * <p>A node's startup blocks until it has caught up with the quorum, which needs a majority of the
 * controllers: the nodes of a quorum are therefore always started (and stopped) concurrently, see
 * {@link #start()}, {@link #startNodes(int...)} and {@link #stop()}.
 *
 * <h2>Data directory</h2>
 * {@code <dataDir>/node-<i>} is node {@code i}'s {@code log.dirs} and {@code metadata.log.dir};
 * {@code <dataDir>/cluster.properties} records the cluster id and the node count. Without
 * {@link Builder#dataDir(Path)} a fresh temporary directory is used and deleted by {@link #close()}. A
 * directory given by the caller is kept, and reused by a later cluster: node directories are formatted
 * (with {@link Formatter}) only when they hold no {@code meta.properties} yet, and the cluster id is
 * read back from the directory, so topics, records and committed offsets survive a restart of the whole
 * process. Reusing it with another node count is refused.
 *
 * <h2>Broker settings</h2>
 * {@link #defaultBrokerProperties(int)} lists the settings made for tests and small machines: small
 * internal topics with replication factor {@code min(nodes, 3)} and {@code min.insync.replicas}
 * {@code min(nodes, 2)} (so transactions and {@code exactly_once_v2} work on one node as on three),
 * few threads, a 2 MiB log-cleaner buffer instead of 128 MiB, no topic auto-creation, no initial
 * rebalance delay, fast heartbeats. {@link Builder#brokerProperty(String, Object)} overrides any of them.
 *
 * <h2>Threads and logging</h2>
 * {@link #close()} stops every node and waits for it, leaving no non-daemon thread behind and freeing
 * all ports, so a JVM that used a cluster can exit. The broker logs through SLF4J; this module brings
 * no SLF4J provider (without one nothing is logged). With a provider, raise the loggers {@code kafka},
 * {@code org.apache.kafka} and {@code state.change.logger} to WARN to keep the broker quiet.
 *
 * <p>Instances are thread-safe: starting and stopping nodes are serialised on the instance, topic
 * creation and readiness checks may run concurrently with client traffic.
 */
public final class EmbeddedKafkaCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaCluster.class);

    /** Name of the client (and inter-broker) listener. */
    public static final String BROKER_LISTENER = "PLAINTEXT";
    /** Name of the controller listener. */
    public static final String CONTROLLER_LISTENER = "CONTROLLER";

    static final String CLUSTER_FILE = "cluster.properties";
    static final String META_PROPERTIES = "meta.properties";

    /** Settings that this class owns: overriding them would break the node layout or the quorum. */
    private static final Set<String> RESERVED = Set.of(
            "process.roles", "node.id", "broker.id", "log.dirs", "log.dir", "metadata.log.dir",
            "listeners", "advertised.listeners", "controller.listener.names", "controller.quorum.voters",
            "controller.quorum.bootstrap.servers", "listener.security.protocol.map",
            "inter.broker.listener.name");

    /** How long a broker may wait for the controller to approve its controlled shutdown. */
    private static final Duration CONTROLLED_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);
    /** Used instead when no controller majority is left, so no approval can come. */
    private static final Duration NO_QUORUM_SHUTDOWN_TIMEOUT = Duration.ofMillis(500);
    /** Upper bound for stopping nodes; a stop that takes longer is reported, not waited for. */
    private static final Duration STOP_TIMEOUT = Duration.ofMinutes(2);
    /** Attempts at the first start when automatically picked ports were taken in the meantime. */
    private static final int BIND_ATTEMPTS = 3;


    private final int nodeCount;
    private final String host;
    private final Path dataDir;
    private final boolean deleteDataDirOnClose;
    private final int basePort;
    private final int baseControllerPort;
    private final Map<String, String> extraProperties;
    private final BrokerSecurity security;
    private final String brokerListener;
    private final ListenerName brokerListenerName;
    private final Duration startupTimeout;
    private final String requestedClusterId;
    private final List<KafkaNode> nodes;

    /** Working copies, changed only under the instance lock while ports are being picked. */
    private final int[] brokerPorts;
    private final int[] controllerPorts;
    /** Immutable snapshots of the ports once all are known, read without the lock. */
    private volatile Ports ports;
    private volatile String clusterId;
    private boolean storagePrepared;
    private boolean startedOnce;
    private boolean closed;

    private EmbeddedKafkaCluster(Builder b) {
        this.nodeCount = b.nodes;
        this.host = b.host;
        this.startupTimeout = b.startupTimeout;
        this.basePort = b.port;
        this.baseControllerPort = b.controllerPort;
        this.extraProperties = Collections.unmodifiableMap(new LinkedHashMap<>(b.properties));
        this.security = b.security;
        this.brokerListener = security == null ? BROKER_LISTENER : BrokerSecurity.LISTENER;
        this.brokerListenerName = new ListenerName(brokerListener);
        this.requestedClusterId = b.clusterId;
        try {
            if (b.dataDir == null) {
                this.dataDir = Files.createTempDirectory("embedded-kafka-");
                this.deleteDataDirOnClose = true;
            } else {
                this.dataDir = b.dataDir.toAbsolutePath().normalize();
                this.deleteDataDirOnClose = false;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary data directory", e);
        }
        List<KafkaNode> list = new ArrayList<>();
        for (int i = 0; i < nodeCount; i++) {
            list.add(new KafkaNode(i, dataDir.resolve("node-" + i)));
        }
        this.nodes = List.copyOf(list);
        this.brokerPorts = new int[nodeCount];
        this.controllerPorts = new int[nodeCount];
        if (basePort > 0) {
            Arrays.setAll(brokerPorts, i -> basePort + i);
        }
        if (baseControllerPort > 0) {
            Arrays.setAll(controllerPorts, i -> baseControllerPort + i);
        }
    }

    /** A builder with the defaults: one node, a temporary data directory, free ports. */
    public static Builder builder() {
        return new Builder();
    }

    /** Starts a single-node cluster with all defaults; shorthand for {@code builder().start()}. */
    public static EmbeddedKafkaCluster startSingleNode() {
        return builder().start();
    }

    // ------------------------------------------------------------------------------------------
    // lifecycle

    /**
     * Formats the data directory where needed and starts every stopped node, concurrently, then waits
     * until the cluster {@linkplain #waitForReady(Duration) is ready}. Does nothing for nodes that are
     * running already.
     *
     * @return this cluster
     * @throws EmbeddedKafkaException when a node fails to start or the cluster is not ready within the
     *                                startup timeout
     */
    public synchronized EmbeddedKafkaCluster start() {
        ensureOpen();
        long t0 = System.nanoTime();
        prepareStorage();
        List<Integer> stopped = nodes.stream().filter(n -> !n.isRunning()).map(KafkaNode::id).toList();
        if (stopped.isEmpty()) {
            return this;
        }
        boolean firstStart = !startedOnce && stopped.size() == nodeCount;
        for (int attempt = 1; ; attempt++) {
            assignPorts();
            try {
                startNodesInParallel(stopped);
                break;
            } catch (EmbeddedKafkaException e) {
                boolean retry = firstStart && attempt < BIND_ATTEMPTS && isBindFailure(e)
                        && (basePort == 0 || baseControllerPort == 0);
                if (!retry) {
                    throw e;
                }
                stopAllNodes();
                LOG.warn("A port picked for the embedded Kafka cluster was taken meanwhile; retrying with new ports");
                ports = null;
                if (basePort == 0) {
                    Arrays.fill(brokerPorts, 0);
                }
                if (baseControllerPort == 0) {
                    Arrays.fill(controllerPorts, 0);
                }
            }
        }
        startedOnce = true;
        waitForReady(startupTimeout);
        LOG.info("Embedded Kafka cluster {} ({} node{}) started in {} ms at {}", clusterId, nodeCount,
                nodeCount == 1 ? "" : "s", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0),
                bootstrapServers());
        return this;
    }

    /**
     * Stops node {@code i} cleanly: its broker asks the controller quorum for a controlled shutdown
     * (leaderships move to other replicas and the node leaves the ISRs), closes its logs, then its
     * controller stops. The data is kept; {@link #startNode(int)} brings the node back. Does nothing
     * when the node is stopped already.
     */
    public synchronized void stopNode(int i) {
        ensureOpen();
        KafkaNode node = node(i);
        if (!node.isRunning()) {
            return;
        }
        long t0 = System.nanoTime();
        // the approval needs a controller majority; this node's controller still counts while its broker stops
        Duration timeout = hasQuorum(runningCount()) ? CONTROLLED_SHUTDOWN_TIMEOUT : NO_QUORUM_SHUTDOWN_TIMEOUT;
        runOnNodes("stop", List.of(node), n -> {
            n.shutdownBroker(timeout);
            n.stop();
        }, STOP_TIMEOUT);
        LOG.info("Embedded Kafka node {} stopped in {} ms", i, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    /**
     * Starts node {@code i} again, on its data directory and its ports, and waits until the cluster is
     * ready. A majority of the nodes must be running once it is up; to start several nodes of a stopped
     * quorum use {@link #startNodes(int...)} or {@link #start()}.
     *
     * <p>When the active controller kept running while the node was down, it refuses the node's new
     * registration until the old broker session has expired ({@code broker.session.timeout.ms}, 4 s
     * here, counted from the stop), so a restart right after a stop can take that long; Kafka retries
     * on its own.
     */
    public void startNode(int i) {
        startNodes(i);
    }

    /**
     * Starts the given nodes concurrently (see {@link #startNode(int)}), then waits until the cluster is
     * ready.
     *
     * @throws IllegalStateException when the running nodes plus these would still be no majority, so
     *                               their startup could never complete
     */
    public synchronized void startNodes(int... ids) {
        ensureOpen();
        Set<Integer> toStart = new TreeSet<>();
        for (int id : ids) {
            if (!node(id).isRunning()) {
                toStart.add(id);
            }
        }
        if (toStart.isEmpty()) {
            return;
        }
        if (!hasQuorum(runningCount() + toStart.size())) {
            throw new IllegalStateException("starting nodes " + toStart + " with " + runningNodes()
                    + " running leaves the " + nodeCount + "-node quorum without a majority; start more nodes at once");
        }
        long t0 = System.nanoTime();
        prepareStorage();
        assignPorts();
        startNodesInParallel(new ArrayList<>(toStart));
        waitForReady(startupTimeout);
        LOG.info("Embedded Kafka node(s) {} started in {} ms", toStart,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    /**
     * Stops every running node cleanly and keeps the data: all brokers first (concurrently, while every
     * controller is still there to approve their controlled shutdown), then all controllers. {@link
     * #start()} starts the cluster again on the same data and ports.
     */
    public synchronized void stop() {
        ensureOpen();
        long t0 = System.nanoTime();
        stopAllNodes();
        LOG.info("Embedded Kafka cluster {} stopped in {} ms", clusterId,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    /**
     * Stops every node (see {@link #stop()}) and deletes the data directory when it was a temporary one.
     * Afterwards no thread of the cluster is left and its ports are free. Calling it again does nothing.
     *
     * <p>Closing a single node takes well under a second. With several nodes the last active controller
     * waits for a successor that cannot come and gives up after Kafka's fixed 5 s graceful-shutdown
     * timeout (logging "Graceful shutdown of RaftClient failed" at ERROR), so closing takes about 5 s.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long t0 = System.nanoTime();
        try {
            stopAllNodes();
        } finally {
            if (deleteDataDirOnClose) {
                try {
                    Utils.delete(dataDir.toFile());
                } catch (IOException e) {
                    LOG.warn("Could not delete the embedded Kafka data directory {}: {}", dataDir, e.toString());
                }
            }
        }
        LOG.info("Embedded Kafka cluster {} closed in {} ms", clusterId,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    // ------------------------------------------------------------------------------------------
    // readiness and topics

    /**
     * Waits until every running node's broker is {@code RUNNING} and sees every running node as an
     * alive (registered, unfenced) broker, and until {@code describeCluster} through the client
     * listener returns all running nodes.
     *
     * @throws EmbeddedKafkaException when that is not the case within {@code timeout}
     */
    public void waitForReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String problem;
        Admin admin = null;
        try {
            while (true) {
                Set<Integer> running = runningNodes();
                if (running.isEmpty()) {
                    throw new EmbeddedKafkaException("no node of the embedded Kafka cluster is running");
                }
                problem = inProcessProblem(running);
                if (problem == null) {
                    if (admin == null) {
                        admin = Admin.create(adminConfig(bootstrapServers(running), 5_000));
                    }
                    problem = describeClusterProblem(admin, running, deadline);
                }
                if (problem == null) {
                    return;
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new EmbeddedKafkaException("embedded Kafka cluster not ready after " + timeout + ": " + problem);
                }
                sleep(50);
            }
        } finally {
            if (admin != null) {
                admin.close(Duration.ofSeconds(5));
            }
        }
    }

    private String inProcessProblem(Set<Integer> running) {
        for (int id : running) {
            KafkaNode node = nodes.get(id);
            BrokerState state = node.brokerState();
            if (state != BrokerState.RUNNING) {
                return "broker " + id + " is " + state;
            }
            Set<Integer> alive = node.aliveBrokerIds(brokerListenerName);
            if (!alive.containsAll(running)) {
                return "broker " + id + " sees alive brokers " + new TreeSet<>(alive) + ", running are " + running;
            }
        }
        return null;
    }

    private static String describeClusterProblem(Admin admin, Set<Integer> running, long deadline) {
        int remainingMs = (int) Math.max(100, Math.min(5_000, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        try {
            Collection<Node> described = admin.describeCluster(new DescribeClusterOptions().timeoutMs(remainingMs))
                    .nodes().get(remainingMs + 1_000L, TimeUnit.MILLISECONDS);
            Set<Integer> ids = described.stream().map(Node::id).collect(Collectors.toSet());
            return ids.containsAll(running) ? null
                    : "describeCluster returned nodes " + new TreeSet<>(ids) + ", running are " + running;
        } catch (ExecutionException | TimeoutException e) {
            return "describeCluster failed: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedKafkaException("interrupted", e);
        }
    }

    /**
     * Creates a topic and waits until every running broker knows it and each partition is online on
     * its leader and in-sync replicas (see {@link #waitForTopics(Collection, Duration)}).
     *
     * @param replicationFactor -1 for the broker default ({@code default.replication.factor},
     *                          {@code min(nodes, 3)} here)
     * @throws EmbeddedKafkaException when it already exists or cannot be created
     */
    public void createTopic(String name, int partitions, int replicationFactor) {
        createTopic(name, partitions, replicationFactor, Map.of());
    }

    /**
     * Creates a topic with topic-level configs (e.g. {@code min.insync.replicas},
     * {@code cleanup.policy=compact}) and waits until it is usable; see
     * {@link #createTopic(String, int, int)}.
     */
    public void createTopic(String name, int partitions, int replicationFactor, Map<String, String> configs) {
        createTopics(List.of(newTopic(name, partitions, replicationFactor, configs)));
    }

    /** Creates topics and waits until all are usable; see {@link #createTopic(String, int, int)}. */
    public void createTopics(NewTopic... topics) {
        createTopics(Arrays.asList(topics));
    }

    /**
     * Creates topics and waits until all are usable; see {@link #createTopic(String, int, int)}.
     *
     * @throws EmbeddedKafkaException when one already exists or cannot be created
     */
    public void createTopics(Collection<NewTopic> topics) {
        createTopics(topics, false);
    }

    /**
     * Creates those of the given topics that do not exist yet (for a reused data directory), and waits
     * until all of them are usable. Existing topics are left as they are, whatever their settings.
     *
     * @return the names of the topics that were created
     */
    public Set<String> createTopicsIfAbsent(Collection<NewTopic> topics) {
        return createTopics(topics, true);
    }

    private Set<String> createTopics(Collection<NewTopic> topics, boolean ignoreExisting) {
        ensureOpen();
        if (topics.isEmpty()) {
            return Set.of();
        }
        Set<String> created = new TreeSet<>();
        long deadline = System.nanoTime() + startupTimeout.toNanos();
        try (Admin admin = createAdmin()) {
            CreateTopicsResult result = admin.createTopics(topics);
            for (Map.Entry<String, ? extends java.util.concurrent.Future<Void>> e : result.values().entrySet()) {
                try {
                    e.getValue().get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
                    created.add(e.getKey());
                } catch (ExecutionException ex) {
                    if (ignoreExisting && ex.getCause() instanceof TopicExistsException) {
                        continue;
                    }
                    throw new EmbeddedKafkaException("cannot create topic " + e.getKey() + ": " + ex.getCause(), ex.getCause());
                } catch (TimeoutException ex) {
                    throw new EmbeddedKafkaException("timed out creating topic " + e.getKey(), ex);
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    throw new EmbeddedKafkaException("interrupted", ex);
                }
            }
        }
        waitForTopics(topics.stream().map(NewTopic::name).toList(), deadline);
        return created;
    }

    /**
     * Waits until every running broker knows the given topics, every partition has an alive leader
     * that has taken up leadership of it, and every running in-sync replica has the partition online:
     * then producers and consumers get no retriable metadata errors.
     *
     * @throws EmbeddedKafkaException when that is not the case within {@code timeout}
     */
    public void waitForTopics(Collection<String> topics, Duration timeout) {
        waitForTopics(topics, System.nanoTime() + timeout.toNanos());
    }

    private void waitForTopics(Collection<String> topics, long deadline) {
        while (true) {
            String problem = topicProblem(topics);
            if (problem == null) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new EmbeddedKafkaException("topics not ready in time: " + problem);
            }
            sleep(20);
        }
    }

    private String topicProblem(Collection<String> topics) {
        Set<Integer> running = runningNodes();
        if (running.isEmpty()) {
            return "no node is running";
        }
        for (int id : running) {
            Optional<MetadataCache> maybeCache = nodes.get(id).metadataCache();
            if (maybeCache.isEmpty()) {
                return "broker " + id + " has no metadata yet";
            }
            MetadataCache cache = maybeCache.get();
            for (String topic : topics) {
                Optional<Integer> partitions = cache.numPartitions(topic);
                if (partitions.isEmpty()) {
                    return "broker " + id + " does not know topic " + topic;
                }
                for (int p = 0; p < partitions.get(); p++) {
                    Optional<LeaderAndIsr> leaderAndIsr = cache.getLeaderAndIsr(topic, p);
                    int leader = leaderAndIsr.map(LeaderAndIsr::leader).orElse(-1);
                    if (leader < 0 || !cache.hasAliveBroker(leader)) {
                        return "broker " + id + " sees no alive leader for " + topic + "-" + p;
                    }
                    TopicPartition tp = new TopicPartition(topic, p);
                    if (!running.contains(leader) || !nodes.get(leader).hostsPartition(tp, true)) {
                        return "leader " + leader + " of " + tp + " does not lead it yet";
                    }
                    for (int replica : leaderAndIsr.get().isr()) {
                        if (running.contains(replica) && !nodes.get(replica).hostsPartition(tp, false)) {
                            return "in-sync replica " + replica + " of " + tp + " does not host it yet";
                        }
                    }
                }
            }
        }
        return null;
    }

    // ------------------------------------------------------------------------------------------
    // accessors

    /**
     * The client bootstrap list of all nodes, running or not, e.g.
     * {@code 127.0.0.1:41234,127.0.0.1:41235}. Stable for the life of this object once started.
     */
    public String bootstrapServers() {
        return bootstrapServers(IntStream.range(0, nodeCount).boxed().toList());
    }

    /** The bootstrap address of node {@code i} alone. */
    public String bootstrapServers(int i) {
        node(i);
        return host + ":" + requirePorts().broker().get(i);
    }

    private String bootstrapServers(Collection<Integer> ids) {
        List<Integer> brokers = requirePorts().broker();
        return ids.stream().map(i -> host + ":" + brokers.get(i)).collect(Collectors.joining(","));
    }

    /**
     * Client settings to start from: {@code bootstrap.servers}, and on a secured cluster the super
     * user's credentials (they can do anything: give other clients their own users).
     */
    public Map<String, Object> clientConfig() {
        Map<String, Object> config = new TreeMap<>();
        if (security != null) {
            config.putAll(security.superUserClientConfig());
        }
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return config;
    }

    /** The cluster's security, or null when its client listener is plaintext without authorisation. */
    public BrokerSecurity security() {
        return security;
    }

    /** A new {@link Admin} client for this cluster; the caller closes it. */
    public Admin createAdmin() {
        return Admin.create(adminConfig(bootstrapServers(), 10_000));
    }

    private Map<String, Object> adminConfig(String bootstrap, int requestTimeoutMs) {
        Map<String, Object> config = new TreeMap<>();
        if (security != null) {
            config.putAll(security.superUserClientConfig());
        }
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, requestTimeoutMs);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Math.max(requestTimeoutMs, 30_000));
        config.put(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, 50);
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        return config;
    }

    /** The number of nodes, running or not. */
    public int nodeCount() {
        return nodeCount;
    }

    /** The ids of the nodes that are running now. */
    public Set<Integer> runningNodes() {
        return nodes.stream().filter(KafkaNode::isRunning).map(KafkaNode::id)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Whether node {@code i} is running. */
    public boolean isNodeRunning(int i) {
        return node(i).isRunning();
    }

    /** The client listener port of node {@code i}. */
    public int brokerPort(int i) {
        node(i);
        return requirePorts().broker().get(i);
    }

    /** The controller listener port of node {@code i}. */
    public int controllerPort(int i) {
        node(i);
        return requirePorts().controller().get(i);
    }

    /** The cluster id, known once the cluster has been started. */
    public String clusterId() {
        return clusterId;
    }

    /** The data directory: one {@code node-<i>} directory per node plus {@code cluster.properties}. */
    public Path dataDir() {
        return dataDir;
    }

    /** Whether {@link #close()} deletes the data directory (it was created by this object). */
    public boolean isTemporaryDataDir() {
        return deleteDataDirOnClose;
    }

    /**
     * The complete broker configuration of node {@code i}, as it is (or will be) started: the
     * {@linkplain #defaultBrokerProperties(int) defaults}, the node's identity, listeners and quorum,
     * then the builder's extra properties.
     */
    public synchronized Map<String, String> nodeConfig(int i) {
        node(i);
        assignPorts();
        return nodeProperties(i);
    }

    /**
     * The broker settings this class uses by default for a cluster of {@code nodes} nodes (identity,
     * listeners, directories and quorum come on top). Each can be overridden with
     * {@link Builder#brokerProperty(String, Object)}.
     */
    public static Map<String, String> defaultBrokerProperties(int nodes) {
        String rf = Integer.toString(Math.min(nodes, 3));
        String minIsr = Integer.toString(Math.min(nodes, 2));
        Map<String, String> p = new LinkedHashMap<>();
        // topics: created explicitly, one partition unless asked otherwise, replicated like a real cluster
        p.put("auto.create.topics.enable", "false");
        p.put("num.partitions", "1");
        p.put("default.replication.factor", rf);
        // internal topics: few partitions so they are created fast, replicated as far as the node count allows
        p.put("offsets.topic.num.partitions", "4");
        p.put("offsets.topic.replication.factor", rf);
        p.put("transaction.state.log.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", rf);
        p.put("transaction.state.log.min.isr", minIsr);
        p.put("share.coordinator.state.topic.num.partitions", "4");
        p.put("share.coordinator.state.topic.replication.factor", rf);
        p.put("share.coordinator.state.topic.min.isr", minIsr);
        // consumer groups: no 3 s wait before the first rebalance
        p.put("group.initial.rebalance.delay.ms", "0");
        // memory and threads: the log cleaner would take 128 MiB of heap; defaults are sized for servers
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(2 * 1024 * 1024));
        p.put("log.cleaner.threads", "1");
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("background.threads", "2");
        p.put("num.recovery.threads.per.data.dir", "1");
        p.put("num.replica.fetchers", "1");
        p.put("group.coordinator.threads", "1");
        p.put("share.coordinator.threads", "1");
        // clean stops: controlled shutdown, approved within a heartbeat or two. The session timeout also
        // bounds how long a restarted broker is refused (DUPLICATE_BROKER_REGISTRATION) by an active
        // controller that outlived it; 4 s is 8 heartbeats, enough slack for a loaded 2-core machine
        p.put("controlled.shutdown.enable", "true");
        p.put("broker.heartbeat.interval.ms", "500");
        p.put("broker.session.timeout.ms", "4000");
        return p;
    }

    // ------------------------------------------------------------------------------------------
    // internals

    private Map<String, String> nodeProperties(int i) {
        Map<String, String> p = new LinkedHashMap<>(defaultBrokerProperties(nodeCount));
        String dir = nodes.get(i).logDir().toString();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(i));
        p.put("controller.quorum.voters", IntStream.range(0, nodeCount)
                .mapToObj(n -> n + "@" + host + ":" + controllerPorts[n]).collect(Collectors.joining(",")));
        p.put("listeners", brokerListener + "://" + host + ":" + brokerPorts[i] + ","
                + CONTROLLER_LISTENER + "://" + host + ":" + controllerPorts[i]);
        p.put("advertised.listeners", brokerListener + "://" + host + ":" + brokerPorts[i]);
        p.put("listener.security.protocol.map", security == null
                ? BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT"
                : brokerListener + ":" + security.protocol() + "," + CONTROLLER_LISTENER + ":SASL_PLAINTEXT");
        p.put("inter.broker.listener.name", brokerListener);
        if (security != null) {
            p.putAll(security.brokerProperties(CONTROLLER_LISTENER));
        }
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("log.dirs", dir);
        p.put("metadata.log.dir", dir);
        // a node that cannot reach a majority gives up instead of blocking its starter forever
        p.put("server.max.startup.time.ms", Long.toString(startupTimeout.toMillis()));
        p.putAll(extraProperties);
        return p;
    }

    private void startNodesInParallel(List<Integer> ids) {
        List<KafkaNode> toStart = ids.stream().map(nodes::get).toList();
        Map<Integer, Map<String, String>> configs = new TreeMap<>();
        for (int id : ids) {
            configs.put(id, nodeProperties(id));
        }
        runOnNodes("start", toStart, n -> n.start(configs.get(n.id())), startupTimeout.plusSeconds(30));
    }

    /** Stops all running nodes: brokers first, then controllers, each phase concurrently. */
    private void stopAllNodes() {
        List<KafkaNode> running = nodes.stream().filter(KafkaNode::isRunning).toList();
        if (running.isEmpty()) {
            return;
        }
        Duration timeout = hasQuorum(running.size()) ? CONTROLLED_SHUTDOWN_TIMEOUT : NO_QUORUM_SHUTDOWN_TIMEOUT;
        EmbeddedKafkaException failure = null;
        try {
            runOnNodes("stop-broker", running, n -> n.shutdownBroker(timeout), STOP_TIMEOUT);
        } catch (EmbeddedKafkaException e) {
            failure = e;
        }
        try {
            runOnNodes("stop", running, KafkaNode::stop, STOP_TIMEOUT);
        } catch (EmbeddedKafkaException e) {
            if (failure != null) {
                e.addSuppressed(failure);
            }
            failure = e;
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Runs {@code action} on each node in its own thread and waits for all. Threads are daemons, so one
     * that hangs past {@code timeout} cannot keep the JVM alive.
     */
    private static void runOnNodes(String what, List<KafkaNode> targets, Consumer<KafkaNode> action, Duration timeout) {
        Map<Integer, Throwable> failures = Collections.synchronizedMap(new TreeMap<>());
        List<Thread> threads = new ArrayList<>();
        for (KafkaNode node : targets) {
            Thread t = new Thread(() -> {
                try {
                    action.accept(node);
                } catch (Throwable e) {
                    failures.put(node.id(), e);
                }
            }, "embedded-kafka-" + what + "-node-" + node.id());
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Integer> unfinished = new ArrayList<>();
        for (int i = 0; i < threads.size(); i++) {
            Thread t = threads.get(i);
            try {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EmbeddedKafkaException("interrupted while waiting for nodes to " + what, e);
            }
            if (t.isAlive()) {
                unfinished.add(targets.get(i).id());
            }
        }
        if (!unfinished.isEmpty()) {
            throw new EmbeddedKafkaException("node(s) " + unfinished + " did not " + what + " within " + timeout);
        }
        if (!failures.isEmpty()) {
            Map.Entry<Integer, Throwable> first = failures.entrySet().iterator().next();
            EmbeddedKafkaException e = new EmbeddedKafkaException(
                    "node " + first.getKey() + " failed to " + what + ": " + first.getValue(), first.getValue());
            failures.forEach((id, t) -> {
                if (t != first.getValue()) {
                    e.addSuppressed(t);
                }
            });
            throw e;
        }
    }

    /** Creates the directories, finds or makes the cluster id and formats the nodes that need it. */
    private void prepareStorage() {
        if (storagePrepared) {
            return;
        }
        try {
            Files.createDirectories(dataDir);
            Path clusterFile = dataDir.resolve(CLUSTER_FILE);
            String id = null;
            if (Files.exists(clusterFile)) {
                Properties props = load(clusterFile);
                id = props.getProperty("cluster.id");
                String count = props.getProperty("node.count");
                if (count != null && Integer.parseInt(count.trim()) != nodeCount) {
                    throw new EmbeddedKafkaException("data directory " + dataDir + " belongs to a cluster of " + count
                            + " nodes, not " + nodeCount);
                }
            }
            if (id == null) {
                for (KafkaNode node : nodes) {
                    Path meta = node.logDir().resolve(META_PROPERTIES);
                    if (Files.exists(meta)) {
                        id = load(meta).getProperty("cluster.id");
                        if (id != null) {
                            break;
                        }
                    }
                }
            }
            if (id != null && requestedClusterId != null && !id.equals(requestedClusterId)) {
                throw new EmbeddedKafkaException("data directory " + dataDir + " holds cluster " + id
                        + ", not the requested " + requestedClusterId);
            }
            if (id == null) {
                id = requestedClusterId != null ? requestedClusterId : Uuid.randomUuid().toString();
            }
            for (KafkaNode node : nodes) {
                if (!Files.exists(node.logDir().resolve(META_PROPERTIES))) {
                    format(node, id);
                }
            }
            if (!Files.exists(clusterFile)) {
                Properties props = new Properties();
                props.setProperty("cluster.id", id);
                props.setProperty("node.count", Integer.toString(nodeCount));
                Path tmp = dataDir.resolve(CLUSTER_FILE + ".tmp");
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    props.store(out, "embedded Kafka cluster");
                }
                Files.move(tmp, clusterFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            clusterId = id;
            storagePrepared = true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the data directory " + dataDir, e);
        }
    }

    /** What {@code kafka-storage.sh format --cluster-id id --config node.properties} does, for one node. */
    private void format(KafkaNode node, String id) {
        String dir = node.logDir().toString();
        try {
            Files.createDirectories(node.logDir());
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(node.id())
                    .setClusterId(id)
                    .setDirectories(List.of(dir))
                    .setMetadataLogDirectory(dir)
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .run();
        } catch (Exception e) {
            throw new EmbeddedKafkaException("cannot format " + dir + ": " + e, e);
        }
    }

    private static Properties load(Path file) throws IOException {
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            props.load(in);
        }
        return props;
    }

    private boolean portsAssigned() {
        return Arrays.stream(brokerPorts).allMatch(p -> p > 0) && Arrays.stream(controllerPorts).allMatch(p -> p > 0);
    }

    private Ports requirePorts() {
        Ports p = ports;
        if (p == null) {
            throw new IllegalStateException("the embedded Kafka cluster has not been started yet");
        }
        return p;
    }

    /** The ports of all nodes, by node id. */
    private record Ports(List<Integer> broker, List<Integer> controller) {
    }

    /** Picks free ports for every port still 0, distinct from each other and from the fixed ones. */
    private void assignPorts() {
        if (portsAssigned()) {
            publishPorts();
            return;
        }
        Set<Integer> taken = new HashSet<>();
        Arrays.stream(brokerPorts).filter(p -> p > 0).forEach(taken::add);
        Arrays.stream(controllerPorts).filter(p -> p > 0).forEach(taken::add);
        List<ServerSocket> held = new ArrayList<>();
        try {
            InetAddress address = InetAddress.getByName(host);
            for (int[] ports : List.of(brokerPorts, controllerPorts)) {
                for (int i = 0; i < ports.length; i++) {
                    while (ports[i] == 0) {
                        ServerSocket s = new ServerSocket();
                        held.add(s);
                        s.setReuseAddress(true);
                        s.bind(new InetSocketAddress(address, 0));
                        if (taken.add(s.getLocalPort())) {
                            ports[i] = s.getLocalPort();
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot pick free ports on " + host, e);
        } finally {
            for (ServerSocket s : held) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // nothing to do
                }
            }
        }
        publishPorts();
    }

    private void publishPorts() {
        if (ports == null) {
            ports = new Ports(Arrays.stream(brokerPorts).boxed().toList(),
                    Arrays.stream(controllerPorts).boxed().toList());
        }
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
            String message = t.getMessage();
            if (message != null && (message.contains("Address already in use") || message.contains("failed to bind"))) {
                return true;
            }
            for (Throwable s : t.getSuppressed()) {
                if (isBindFailure(s)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether {@code running} controllers are a majority of the static quorum. */
    private boolean hasQuorum(int running) {
        return running * 2 > nodeCount;
    }

    private int runningCount() {
        return (int) nodes.stream().filter(KafkaNode::isRunning).count();
    }

    private KafkaNode node(int i) {
        if (i < 0 || i >= nodeCount) {
            throw new IllegalArgumentException("no node " + i + " in a cluster of " + nodeCount);
        }
        return nodes.get(i);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the embedded Kafka cluster is closed");
        }
    }

    private static NewTopic newTopic(String name, int partitions, int replicationFactor, Map<String, String> configs) {
        Objects.requireNonNull(name, "name");
        NewTopic topic = new NewTopic(name,
                partitions < 0 ? Optional.empty() : Optional.of(partitions),
                replicationFactor < 0 ? Optional.empty() : Optional.of((short) replicationFactor));
        return topic.configs(new LinkedHashMap<>(configs));
    }

    private static long remainingMillis(long deadline) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedKafkaException("interrupted", e);
        }
    }

    @Override
    public String toString() {
        return "EmbeddedKafkaCluster[" + nodeCount + " node(s), running " + runningNodes() + ", data " + dataDir + "]";
    }

    // ------------------------------------------------------------------------------------------

    /**
     * Settings of an {@link EmbeddedKafkaCluster}. All are optional:
     * {@code EmbeddedKafkaCluster.builder().start()} is a one-node cluster on free ports in a temporary
     * directory.
     */
    public static final class Builder {
        private int nodes = 1;
        private Path dataDir;
        private int port;
        private int controllerPort;
        private String host = "127.0.0.1";
        private String clusterId;
        private Duration startupTimeout = Duration.ofSeconds(60);
        private final Map<String, String> properties = new LinkedHashMap<>();
        private BrokerSecurity security;

        private Builder() {
        }

        /** Secures the client listener (SASL/SCRAM, optionally TLS) and turns authorisation on; default none. */
        public Builder security(BrokerSecurity security) {
            this.security = security;
            return this;
        }

        /** Number of combined broker+controller nodes, default 1. Three tolerate one stopped node. */
        public Builder nodes(int nodes) {
            if (nodes < 1) {
                throw new IllegalArgumentException("nodes must be at least 1: " + nodes);
            }
            this.nodes = nodes;
            return this;
        }

        /**
         * Keeps the data in {@code dir} (created when missing) instead of a temporary directory: it is
         * not deleted on close, and a later cluster with the same directory and node count finds its
         * cluster id, topics and records again.
         */
        public Builder dataDir(Path dir) {
            this.dataDir = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /**
         * Client listener port of node 0; node {@code i} listens on {@code port + i}. Default 0: free
         * ports are picked.
         */
        public Builder port(int port) {
            this.port = checkPort(port);
            return this;
        }

        /**
         * Controller listener port of node 0; node {@code i} uses {@code port + i}. Default 0: free ports
         * are picked.
         */
        public Builder controllerPort(int port) {
            this.controllerPort = checkPort(port);
            return this;
        }

        /** Address the listeners bind to and advertise, default {@code 127.0.0.1}. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /**
         * Cluster id for a new data directory (a random one otherwise). A directory that is already
         * formatted keeps its own id; asking for another one fails.
         */
        public Builder clusterId(String clusterId) {
            this.clusterId = Objects.requireNonNull(clusterId, "clusterId");
            return this;
        }

        /** How long starting the cluster or a node, and creating topics, may take; default 60 s. */
        public Builder startupTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("startupTimeout must be positive: " + timeout);
            }
            this.startupTimeout = timeout;
            return this;
        }

        /**
         * An extra broker setting for every node, applied after the defaults (see
         * {@link EmbeddedKafkaCluster#defaultBrokerProperties(int)}). The node's identity, listeners,
         * directories and quorum are set by the cluster and cannot be overridden.
         */
        public Builder brokerProperty(String key, Object value) {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            if (RESERVED.contains(key)) {
                throw new IllegalArgumentException(key + " is set by the embedded cluster and cannot be overridden");
            }
            properties.put(key, String.valueOf(value));
            return this;
        }

        /** Several extra broker settings; see {@link #brokerProperty(String, Object)}. */
        public Builder brokerProperties(Map<String, ?> props) {
            props.forEach(this::brokerProperty);
            return this;
        }

        /** The cluster, not started yet: call {@link EmbeddedKafkaCluster#start()}. */
        public EmbeddedKafkaCluster build() {
            if (port > 0 && port + nodes - 1 > 65535 || controllerPort > 0 && controllerPort + nodes - 1 > 65535) {
                throw new IllegalArgumentException("port range exceeds 65535");
            }
            if (port > 0 && controllerPort > 0
                    && port < controllerPort + nodes && controllerPort < port + nodes) {
                throw new IllegalArgumentException("broker ports " + port + ".. and controller ports "
                        + controllerPort + ".. overlap");
            }
            return new EmbeddedKafkaCluster(this);
        }

        /**
         * Builds and starts the cluster; on failure everything started so far is stopped and a temporary
         * directory deleted.
         */
        public EmbeddedKafkaCluster start() {
            EmbeddedKafkaCluster cluster = build();
            try {
                return cluster.start();
            } catch (RuntimeException | Error e) {
                try {
                    cluster.close();
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        }

        private static int checkPort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("not a port: " + port);
            }
            return port;
        }
    }
}

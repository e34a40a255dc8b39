package io.worldcurate.cli;

import io.worldcurate.cli.security.SecureBroker;
import io.worldcurate.kafka.embedded.EmbeddedKafkaCluster;
import io.worldcurate.schemas.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code curate broker}: a real Kafka (KRaft) broker or cluster in this process, until stopped. */
@Command(name = "broker", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs a real Apache Kafka broker in this process, in KRaft mode (combined broker and controller, "
                + "no ZooKeeper), or a cluster of --nodes such nodes, until Ctrl-C or SIGTERM stops it cleanly.",
                "Once it is ready it prints one line with the bootstrap servers and where the data is. Node i listens "
                        + "for clients on --port + i; controller ports are picked free. Topics are not created "
                        + "automatically on first use: pass --create-topics (or create them with ingest --create-topics)."},
        footer = {"", "Examples:", "  curate broker --create-topics",
                "  curate broker --nodes 3 --port 19092 --data ./kafka-data --partitions 6 \\",
                "      --create-topics",
                "  curate broker --create-topics --security scram --credentials ./kafka-credentials"})
final class BrokerCommand implements Callable<Integer> {

    /** How long a shutdown hook waits for the cluster to close (a multi-node close takes about 5 s). */
    private static final Duration CLOSE_WAIT = Duration.ofMinutes(3);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--port", paramLabel = "PORT", description = "Client port of node 0; node i uses PORT + i. 0 picks "
            + "free ports (default: ${DEFAULT-VALUE}).")
    int port = 9092;

    @Option(names = "--nodes", paramLabel = "N", description = "Number of nodes, each a broker and a controller of one "
            + "quorum; 3 tolerate one stopped node (default: ${DEFAULT-VALUE}).")
    int nodes = 1;

    @Option(names = "--data", paramLabel = "DIR", description = "Keep the data in DIR (created when missing) and reuse it "
            + "on the next start with the same --nodes: topics, records and committed offsets survive restarts "
            + "(default: a temporary directory, deleted on exit).")
    Path data;

    @Option(names = "--host", paramLabel = "HOST", description = "Address the nodes bind to and advertise to clients "
            + "(default: ${DEFAULT-VALUE}).")
    String host = "127.0.0.1";

    @Option(names = "--create-topics", description = "Create every topic of the pipeline (crawl.images, curation.lid, "
            + "curation.matched, curation.curated, curation.thresholds (compacted), curation.dlq, "
            + "curation.curated.replay) that does not exist yet, with --partitions partitions and replication "
            + "min(N, 3) (default: off).")
    boolean createTopics;

    @Option(names = "--partitions", paramLabel = "P", description = "Partitions of each topic --create-topics creates "
            + "(default: ${DEFAULT-VALUE}).")
    int partitions = 4;

    @Option(names = "--security", paramLabel = "MODE", description = "none, scram (a SASL_PLAINTEXT SCRAM-SHA-512 listener, "
            + "ACLs enforced, nothing allowed without one) or scram-tls (the same over SASL_SSL, with a CA and the broker's "
            + "certificate generated into --credentials) (default: ${DEFAULT-VALUE}).")
    String security = "none";

    @Option(names = "--credentials", paramLabel = "DIR", description = "With --security: where each principal's client "
            + "properties go, DIR/<principal>.properties (mode 600; for --client-config and CURATION_KAFKA_CLIENT_CONFIG): "
            + "admin, ingest, export, lid-service, matcher-service, balancer-service, each with a new random password "
            + "and the least ACLs it needs.")
    Path credentials;

    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch ready = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile String bootstrapServers;

    @Override
    public Integer call() throws Exception {
        validate();
        SecureBroker.Mode mode = SecureBroker.Mode.parse(security);
        int replication = Math.min(nodes, 3);
        EmbeddedKafkaCluster.Builder builder = EmbeddedKafkaCluster.builder()
                .nodes(nodes)
                .host(host)
                .port(port)
                // acks=all writes survive one lost replica and still go on when one node is down
                .brokerProperty("min.insync.replicas", Math.max(1, replication - 1));
        if (data != null) {
            builder.dataDir(data);
        }
        builder.security(SecureBroker.security(mode, credentials, host));
        Thread hook = new Thread(this::stopAndWait, "curate-broker-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        EmbeddedKafkaCluster cluster = null;
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            cluster = start(builder);
            String topics = "";
            if (createTopics && stopRequested.getCount() > 0) {
                List<NewTopic> wanted = Topics.all().stream()
                        .map(t -> t.newTopic(partitions, (short) replication, Topics.DEFAULT_MAX_MESSAGE_BYTES)).toList();
                Set<String> created = cluster.createTopicsIfAbsent(wanted);
                topics = String.format(Locale.ROOT, "; topics: %d created (%d partitions, replication %d)%s",
                        created.size(), partitions, replication,
                        created.size() < wanted.size() ? ", " + (wanted.size() - created.size()) + " existed" : "");
            }
            String secured = "";
            if (mode != SecureBroker.Mode.NONE) {
                Map<String, Path> files = SecureBroker.provision(cluster, credentials);
                secured = String.format(Locale.ROOT, "; %s SCRAM-SHA-512 with ACLs, client settings of %s in %s",
                        cluster.security().protocol(), String.join(", ", files.keySet()), credentials.toAbsolutePath());
            }
            bootstrapServers = cluster.bootstrapServers();
            out.println(String.format(Locale.ROOT, "kafka ready: bootstrap servers %s (%d node%s, cluster %s); data in %s (%s)%s; "
                            + "Ctrl-C stops it", bootstrapServers, nodes, nodes == 1 ? "" : "s", cluster.clusterId(),
                    cluster.dataDir(), cluster.isTemporaryDataDir() ? "temporary, deleted on exit" : "kept", topics + secured));
            out.flush();
            ready.countDown();
            stopRequested.await();
            err.println("stopping kafka ...");
            err.flush();
        } finally {
            try {
                if (cluster != null) {
                    cluster.close();
                    err.println("kafka stopped" + (cluster.isTemporaryDataDir() ? " and its data deleted"
                            : "; data kept in " + cluster.dataDir()));
                    err.flush();
                }
            } finally {
                // after the last output: once a shutdown hook sees this, the JVM may halt
                closed.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running: it waits for closed, counted down above
                }
            }
        }
        return 0;
    }

    private void validate() {
        CommandLine cl = spec.commandLine();
        if (nodes < 1) {
            throw new CommandLine.ParameterException(cl, "--nodes must be at least 1, got " + nodes);
        }
        if (partitions < 1) {
            throw new CommandLine.ParameterException(cl, "--partitions must be at least 1, got " + partitions);
        }
        try {
            SecureBroker.Mode mode = SecureBroker.Mode.parse(security);
            if (mode != SecureBroker.Mode.NONE && credentials == null) {
                throw new CommandLine.ParameterException(cl, "--security " + security + " needs --credentials DIR (where the "
                        + "principals' client properties go)");
            }
            if (mode == SecureBroker.Mode.NONE && credentials != null) {
                throw new CommandLine.ParameterException(cl, "--credentials is for --security scram or scram-tls");
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, "--security: " + e.getMessage());
        }
        if (port < 0 || port + nodes - 1 > 65535) {
            throw new CommandLine.ParameterException(cl, "--port " + port + " with " + nodes + " node(s) is outside 0..65535");
        }
    }

    private EmbeddedKafkaCluster start(EmbeddedKafkaCluster.Builder builder) {
        if (port > 0) {
            // checked first: a clash inside Kafka logs some 300 lines of stack traces before failing
            for (int p = port; p < port + nodes; p++) {
                try (ServerSocket s = new ServerSocket()) {
                    s.setReuseAddress(true);
                    s.bind(new InetSocketAddress(InetAddress.getByName(host), p));
                } catch (IOException e) {
                    throw new IllegalStateException("cannot start kafka on " + host + ":" + p + ": "
                            + (e instanceof BindException ? "address already in use (another broker running? choose "
                            + "another --port, or 0 for free ports)" : e.getMessage()), e);
                }
            }
        }
        try {
            return builder.start();
        } catch (RuntimeException e) {
            if (isBindFailure(e)) {
                throw new IllegalStateException("cannot start kafka on " + host + ":" + port
                        + (nodes > 1 ? ".." + (port + nodes - 1) : "") + ": address already in use (another broker "
                        + "running? choose another --port, or 0 for free ports)", e);
            }
            throw new IllegalStateException("cannot start kafka: " + KafkaClients.rootMessage(e), e);
        }
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
            String m = t.getMessage();
            if (m != null && (m.contains("Address already in use") || m.contains("failed to bind"))) {
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

    /** Asks a running {@link #call()} to close the cluster and return. */
    void stop() {
        stopRequested.countDown();
    }

    /** The shutdown hook: ask, then wait until the cluster is closed so the JVM does not exit under it. */
    private void stopAndWait() {
        stop();
        try {
            if (!closed.await(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                System.err.println("curate: kafka did not stop within " + CLOSE_WAIT.toMinutes() + " min; exiting anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The bootstrap servers once the broker is ready (and its topics created), or null after {@code timeout}. */
    String awaitReady(Duration timeout) throws InterruptedException {
        return ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS) ? bootstrapServers : null;
    }
}

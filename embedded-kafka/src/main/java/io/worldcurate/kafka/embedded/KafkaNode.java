package io.worldcurate.kafka.embedded;

import kafka.cluster.Partition;
import kafka.server.BrokerServer;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.BrokerState;
import org.apache.kafka.metadata.MetadataCache;

import java.lang.reflect.Field;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One combined {@code broker,controller} node: a {@link KafkaRaftServer} that can be started and
 * stopped again on the same log directory. Not thread-safe; {@link EmbeddedKafkaCluster} serialises
 * starts and stops.
 */
final class KafkaNode {

    /** {@code KafkaRaftServer.broker} is a private Scala {@code Option[BrokerServer]}, read by reflection. */
    private static final Field BROKER_FIELD = brokerField();

    private final int id;
    private final Path logDir;
    private volatile KafkaRaftServer server;

    KafkaNode(int id, Path logDir) {
        this.id = id;
        this.logDir = logDir;
    }

    int id() {
        return id;
    }

    Path logDir() {
        return logDir;
    }

    boolean isRunning() {
        return server != null;
    }

    /**
     * Creates the server (which checks the formatted log directory) and starts it. Blocks until the
     * broker has caught up with the metadata log and been unfenced, which in a multi-node quorum
     * needs a majority of the controllers: start the nodes of a quorum concurrently.
     */
    void start(Map<String, String> properties) {
        if (server != null) {
            return;
        }
        KafkaConfig config = new KafkaConfig(properties, false);
        KafkaRaftServer s = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            s.startup();
        } catch (RuntimeException | Error e) {
            try {
                s.shutdown();
                s.awaitShutdown();
            } catch (RuntimeException | Error suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        server = s;
    }

    /**
     * First half of a clean stop: the broker asks the active controller for a controlled shutdown
     * (leaderships move away, the node leaves the ISRs), waiting at most {@code timeout} for the
     * approval, then closes its logs. The controller half of the node keeps running.
     */
    void shutdownBroker(Duration timeout) {
        KafkaRaftServer s = server;
        if (s != null) {
            broker(s).ifPresent(b -> b.shutdown(timeout));
        }
    }

    /** Stops what is left of the node (broker if still up, then controller) and waits for it. */
    void stop() {
        KafkaRaftServer s = server;
        if (s == null) {
            return;
        }
        try {
            s.shutdown();
            s.awaitShutdown();
        } finally {
            server = null;
        }
    }

    /** The state of this node's broker, {@link BrokerState#NOT_RUNNING} when the node is stopped. */
    BrokerState brokerState() {
        KafkaRaftServer s = server;
        if (s == null) {
            return BrokerState.NOT_RUNNING;
        }
        return broker(s).map(BrokerServer::brokerState).orElse(BrokerState.UNKNOWN);
    }

    /** This broker's view of the metadata, empty when the node is stopped. */
    Optional<MetadataCache> metadataCache() {
        KafkaRaftServer s = server;
        if (s == null) {
            return Optional.empty();
        }
        return broker(s).map(BrokerServer::metadataCache);
    }

    /** The ids of the brokers that this node sees as registered, unfenced and alive. */
    Set<Integer> aliveBrokerIds(ListenerName listener) {
        return metadataCache()
                .map(c -> c.getAliveBrokerNodes(listener).stream()
                        .map(n -> n.id())
                        .collect(Collectors.toSet()))
                .orElse(Set.of());
    }

    /**
     * Whether this node's replica manager has {@code partition} online (its log is created and loaded),
     * and, when {@code asLeader}, is its leader. The metadata cache learns of a new partition before
     * the replica manager has made it usable, so this is the later, stronger check.
     */
    boolean hostsPartition(TopicPartition partition, boolean asLeader) {
        KafkaRaftServer s = server;
        if (s == null) {
            return false;
        }
        Optional<BrokerServer> b = broker(s);
        if (b.isEmpty() || b.get().replicaManager() == null) {
            return false;
        }
        scala.Option<Partition> p = b.get().replicaManager().onlinePartition(partition);
        return p.isDefined() && (!asLeader || p.get().isLeader());
    }

    @SuppressWarnings("unchecked")
    private static Optional<BrokerServer> broker(KafkaRaftServer s) {
        try {
            scala.Option<BrokerServer> option = (scala.Option<BrokerServer>) BROKER_FIELD.get(s);
            return option.isDefined() ? Optional.of(option.get()) : Optional.empty();
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read KafkaRaftServer.broker", e);
        }
    }

    private static Field brokerField() {
        try {
            Field f = KafkaRaftServer.class.getDeclaredField("broker");
            f.setAccessible(true);
            return f;
        } catch (NoSuchFieldException e) {
            throw new ExceptionInInitializerError(
                    "KafkaRaftServer has no 'broker' field: this class is written for Kafka 4.1; " + e);
        }
    }

    @Override
    public String toString() {
        return "node-" + id + (isRunning() ? " (running)" : " (stopped)");
    }
}

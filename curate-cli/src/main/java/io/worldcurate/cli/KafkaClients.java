package io.worldcurate.cli;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** What {@code curate ingest} and {@code curate export} share to reach a Kafka cluster and fail clearly. */
final class KafkaClients {

    private KafkaClients() {
    }

    /** {@code bootstrap.servers} and {@code client.id}, then the user's {@code --client-property} settings. */
    static Properties base(String bootstrapServers, String clientId, Map<String, String> extra) {
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        // a few quick reconnects, then at most one attempt a second while waiting for a broker
        p.put(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        if (extra != null) {
            p.putAll(extra);
        }
        return p;
    }

    /**
     * An admin client that has answered a {@code describeCluster}: fails with a message naming the
     * servers when none answers within {@code timeout}, or when the address cannot be used at all.
     */
    static Admin connect(Properties base, Duration timeout) {
        String servers = String.valueOf(base.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG));
        Properties p = new Properties();
        p.putAll(base);
        int ms = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(ms, 15_000));
        Admin admin;
        try {
            admin = Admin.create(p);
        } catch (KafkaException e) {
            throw new IllegalArgumentException("cannot use bootstrap servers '" + servers + "': " + rootMessage(e), e);
        }
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(ms)).clusterId().get(ms + 2_000L, TimeUnit.MILLISECONDS);
            return admin;
        } catch (ExecutionException | TimeoutException e) {
            admin.close(Duration.ZERO);
            boolean timedOut = e instanceof TimeoutException
                    || e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException;
            if (timedOut && acceptsConnections(servers)) {
                throw new IllegalStateException("Kafka at " + servers + " accepts connections but did not answer within "
                        + seconds(timeout) + ": authentication failed (the broker wants "
                        + (base.containsKey(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG) ? "other security settings than "
                        + base.get(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG) : "SASL or TLS: give --client-config FILE") + ")", e);
            }
            throw new IllegalStateException("cannot reach Kafka at " + servers + " within " + seconds(timeout)
                    + " (is a broker running there? 'curate broker' starts one)" + (timedOut ? "" : ": " + rootMessage(e)), e);
        } catch (InterruptedException e) {
            admin.close(Duration.ZERO);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while connecting to " + servers, e);
        } catch (RuntimeException e) {
            admin.close(Duration.ZERO);
            throw e;
        }
    }

    /** Whether the first bootstrap server takes TCP connections (then a silent broker refuses this client's protocol). */
    static boolean acceptsConnections(String servers) {
        String first = servers.split(",")[0].trim();
        int colon = first.lastIndexOf(':');
        if (colon < 0) {
            return false;
        }
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress(first.substring(0, colon).replaceAll("^\\[|]$", ""),
                    Integer.parseInt(first.substring(colon + 1))), 2000);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Whether the topic exists. */
    static boolean exists(Admin admin, String topic, Duration timeout) {
        int ms = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        try {
            if (admin.listTopics(new ListTopicsOptions().listInternal(true).timeoutMs(ms)).names()
                    .get(ms + 2_000L, TimeUnit.MILLISECONDS).contains(topic)) {
                return true;
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot list the topics: " + rootMessage(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        // not listed: missing, or hidden from a principal the ACLs do not allow to see it
        try {
            admin.describeTopics(List.of(topic), new DescribeTopicsOptions().timeoutMs(ms)).allTopicNames()
                    .get(ms + 2_000L, TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return false;
            }
            throw new IllegalStateException("cannot use topic " + topic + ": " + rootMessage(e), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("cannot list the topics: " + rootMessage(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The topic's partitions; a missing topic fails with the names of the topics that exist. */
    static TopicDescription describe(Admin admin, String topic, String servers, Duration timeout) {
        int ms = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        try {
            return admin.describeTopics(List.of(topic), new DescribeTopicsOptions().timeoutMs(ms)).allTopicNames()
                    .get(ms + 2_000L, TimeUnit.MILLISECONDS).get(topic);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new IllegalStateException("topic " + topic + " does not exist at " + servers
                        + " (topics there: " + topicList(admin, ms) + ")");
            }
            throw new IllegalStateException("cannot describe topic " + topic + ": " + rootMessage(e), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("cannot describe topic " + topic + " within " + seconds(timeout), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String topicList(Admin admin, int ms) {
        try {
            TreeSet<String> names = new TreeSet<>(admin.listTopics(new ListTopicsOptions().timeoutMs(ms)).names()
                    .get(ms + 2_000L, TimeUnit.MILLISECONDS));
            return names.isEmpty() ? "none" : String.join(", ", names);
        } catch (ExecutionException | TimeoutException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    /** The innermost message of a failure, with the exception's simple name when it has none. */
    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        m = io.worldcurate.streams.KafkaClientConfig.scrub(m == null || m.isBlank() ? t.getClass().getSimpleName() : m);
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof org.apache.kafka.common.errors.AuthenticationException) {
                return "authentication failed: " + m;
            }
            if (c instanceof org.apache.kafka.common.errors.AuthorizationException) {
                return "authorization failed: " + m;
            }
        }
        return m;
    }
}

package io.worldcurate.streams;

import io.worldcurate.schemas.Topic;
import io.worldcurate.schemas.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Creates the topics a service needs when they are missing, so that a fresh cluster works. */
public final class TopicAdmin {

    private TopicAdmin() {
    }

    /**
     * Creates each missing topic with {@code partitions} partitions and {@code replication} replicas
     * (its own configs added, e.g. compaction), and leaves existing ones alone.
     *
     * @return the names of the topics it created
     */
    public static List<String> ensureTopics(String bootstrapServers, Collection<Topic<?, ?>> topics, int partitions,
                                            short replication, Map<String, String> extraAdminConfig) {
        return ensureTopics(bootstrapServers, topics, partitions, replication, Topics.DEFAULT_MAX_MESSAGE_BYTES, extraAdminConfig);
    }

    /**
     * The same, each topic created with {@code max.message.bytes = maxMessageBytes} (the limit the
     * stages check their records against; an existing topic keeps its own).
     */
    public static List<String> ensureTopics(String bootstrapServers, Collection<Topic<?, ?>> topics, int partitions,
                                            short replication, int maxMessageBytes, Map<String, String> extraAdminConfig) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000);
        props.putAll(extraAdminConfig);
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (Topic<?, ?> t : topics) {
                if (!existing.contains(t.name())) {
                    missing.add(t.newTopic(partitions, replication, maxMessageBytes));
                }
            }
            List<String> created = new ArrayList<>();
            for (var e : admin.createTopics(missing).values().entrySet()) {
                try {
                    e.getValue().get(60, TimeUnit.SECONDS);
                    created.add(e.getKey());
                } catch (ExecutionException ex) {
                    if (!(ex.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + e.getKey() + ": " + ex.getCause().getMessage(), ex.getCause());
                    }
                }
            }
            awaitServed(admin, created);
            return created;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot reach Kafka at " + bootstrapServers + " to create topics: " + e.getMessage(), e);
        }
    }

    /**
     * Waits (at most a minute) until every partition of the new topics answers a list-offsets request. A created topic is in the
     * cluster's metadata before its leaders host it; a client that reads it in between fails with
     * "This server does not host this topic-partition".
     */
    private static void awaitServed(Admin admin, List<String> topics) throws InterruptedException, ExecutionException, TimeoutException {
        if (topics.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                Map<TopicPartition, OffsetSpec> request = new HashMap<>();
                admin.describeTopics(topics).allTopicNames().get(60, TimeUnit.SECONDS).values().forEach(d -> d.partitions()
                        .forEach(p -> request.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
                admin.listOffsets(request).all().get(60, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadline) {
                    // best effort: e.g. a principal allowed to create topics but not to describe them; its clients
                    // will report what is wrong when they use the topic
                    return;
                }
                Thread.sleep(50);
            }
        }
    }

    /** The partition count of an existing topic. */
    public static int partitionCount(String bootstrapServers, String topic, Map<String, String> extraAdminConfig) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000);
        props.putAll(extraAdminConfig);
        try (Admin admin = Admin.create(props)) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get(60, TimeUnit.SECONDS).get(topic).partitions().size();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot describe topic " + topic + " at " + bootstrapServers + ": " + e.getMessage(), e);
        }
    }
}

package io.worldcurate.pipeline;

import io.worldcurate.kafka.embedded.EmbeddedKafkaCluster;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The services on a 3-node KRaft cluster, every topic (the pipeline's and Kafka Streams' internal
 * changelog and repartition topics) with 3 replicas and min.insync.replicas 2. Mid-stream a broker is
 * stopped and brought back, twice: first the leader of the balancer's counts changelog, then the
 * balancer group's coordinator. The same guarantees as {@link KillRestartTest} must hold.
 *
 * <p>The brokers' default replication factor is 1 here, so the replication factor of a topic a
 * service creates is only 3 if the service asks for it: {@code CURATION_TOPICS_REPLICATION_FACTOR=3}
 * for the pipeline's topics, and for Kafka Streams' internal topics {@code kafka-streams.replication.factor},
 * which the services' application.properties set to {@code ${curation.topics.replication-factor}} and
 * {@code KAFKA_STREAMS_REPLICATION_FACTOR} overrides.
 */
class ThreeBrokersTest {

    @RegisterExtension
    final Pipeline pipeline = new Pipeline();

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void aBrokerStoppedMidStreamLosesNothing() throws Exception {
        Workload w = pipeline.workload(3000, 37, 40, "7");
        EmbeddedKafkaCluster cluster = pipeline.cluster(3);
        ServiceProcess lid = pipeline.lid("lid");
        ServiceProcess matcher = pipeline.matcher("matcher");
        ServiceProcess balancer = pipeline.balancer("balancer");
        pipeline.startAll(lid, matcher, balancer);
        pipeline.startIngest(20, Duration.ofMillis(250), 0.12);

        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", pipeline.bootstrapServers()))) {
            pipeline.awaitProgress(0.2, Duration.ofMinutes(3));
            int first = leader(admin, Pipeline.countsChangelog());
            stop(cluster, first, "leader of " + Pipeline.countsChangelog());
            pipeline.awaitProgress(0.45, Duration.ofMinutes(3));
            start(cluster, first);

            pipeline.awaitProgress(0.6, Duration.ofMinutes(3));
            int second = admin.describeConsumerGroups(List.of(Pipeline.BALANCER_ID)).all().get(30, TimeUnit.SECONDS)
                    .get(Pipeline.BALANCER_ID).coordinator().id();
            stop(cluster, second, "coordinator of group " + Pipeline.BALANCER_ID);
            pipeline.awaitProgress(0.8, Duration.ofMinutes(3));
            start(cluster, second);

            pipeline.awaitCompletion(Duration.ofMinutes(5));
            pipeline.runReplay(Duration.ofMinutes(3));
            PipelineChecks checks = new PipelineChecks(pipeline.bootstrapServers(), w);
            checks.verifyAll();
            checks.abortedRecords();
            assertEveryTopicReplicated(admin);
        }
    }

    private static int leader(Admin admin, String topic) throws Exception {
        TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
        return d.partitions().get(0).leader().id();
    }

    private void stop(EmbeddedKafkaCluster cluster, int node, String why) {
        long t0 = System.nanoTime();
        cluster.stopNode(node);
        Log.info("stopped broker %d (%s) in %.1f s; balancer at %.1f%%, ingest at %.1f%%", node, why, (System.nanoTime() - t0) / 1e9,
                100 * pipeline.progress(), 100 * pipeline.ingestFraction());
    }

    private void start(EmbeddedKafkaCluster cluster, int node) {
        long t0 = System.nanoTime();
        cluster.startNode(node);
        Log.info("started broker %d again in %.1f s", node, (System.nanoTime() - t0) / 1e9);
    }

    /**
     * Every topic, internal ones included, has 3 replicas, all back in sync, and min.insync.replicas 2.
     */
    private void assertEveryTopicReplicated(Admin admin) throws Exception {
        Set<String> names = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get(30, TimeUnit.SECONDS);
        assertThat(names).contains(Pipeline.countsChangelog(), Pipeline.funnelPartitionTopic(),
                Pipeline.LID_ID + "-lid-seen-uuids-changelog", Pipeline.LID_ID + "-lid-rekey-repartition", "__transaction_state");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Map<String, String> problems = new TreeMap<>();
        while (true) {
            problems.clear();
            Map<String, TopicDescription> topics = admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
            for (TopicDescription d : topics.values()) {
                for (TopicPartitionInfo p : d.partitions()) {
                    if (p.replicas().size() != 3) {
                        problems.put(d.name() + "-" + p.partition(), p.replicas().size() + " replicas");
                    } else if (p.isr().size() != 3) {
                        problems.put(d.name() + "-" + p.partition(), "in sync: " + p.isr());
                    }
                }
            }
            boolean onlyIsr = problems.values().stream().allMatch(v -> v.startsWith("in sync"));
            if (problems.isEmpty() || !onlyIsr || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(500);
        }
        assertThat(problems).as("partitions without 3 replicas in sync").isEmpty();

        List<ConfigResource> resources = new ArrayList<>();
        names.forEach(n -> resources.add(new ConfigResource(ConfigResource.Type.TOPIC, n)));
        Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);
        Map<String, String> minIsr = new TreeMap<>();
        configs.forEach((r, c) -> minIsr.put(r.name(), c.get("min.insync.replicas").value()));
        assertThat(minIsr).as("min.insync.replicas per topic").allSatisfy((topic, v) -> assertThat(v).as(topic).isEqualTo("2"));
        Log.info("%d topics, each with 3 replicas in sync and min.insync.replicas 2: %s", names.size(), names);
    }
}

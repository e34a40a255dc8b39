package io.worldcurate.kafka.embedded;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static io.worldcurate.kafka.embedded.TestClients.numbered;
import static io.worldcurate.kafka.embedded.TestClients.readAll;
import static io.worldcurate.kafka.embedded.TestClients.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(value = 150, unit = TimeUnit.SECONDS)
class ThreeNodeClusterTest {

    private static final String TOPIC = "replicated";

    @Test
    void survivesOneStoppedNodeAndCatchesUpAfterRestart() throws Exception {
        try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().nodes(3).start()) {
            assertThat(kafka.runningNodes()).containsExactly(0, 1, 2);
            assertThat(kafka.bootstrapServers().split(",")).hasSize(3);
            assertThat(kafka.nodeConfig(1))
                    .containsEntry("node.id", "1")
                    .containsEntry("transaction.state.log.replication.factor", "3")
                    .containsEntry("transaction.state.log.min.isr", "2");
            try (Admin admin = kafka.createAdmin()) {
                assertThat(admin.describeCluster().nodes().get().stream().map(Node::id))
                        .containsExactlyInAnyOrder(0, 1, 2);
            }

            kafka.createTopic(TOPIC, 3, 3, Map.of("min.insync.replicas", "2"));
            assertThat(isr(kafka)).allSatisfy(isr -> assertThat(isr).containsExactlyInAnyOrder(0, 1, 2));

            List<String> expected = new ArrayList<>();
            try (KafkaProducer<String, String> producer = TestClients.producer(kafka)) {
                TestClients.send(producer, TOPIC, numbered("a-", 0, 50));
                expected.addAll(numbered("a-", 0, 50));

                // stop the leader of partition 0 while the producer stays connected
                int victim = leaderOfPartition0(kafka);
                kafka.stopNode(victim);
                assertThat(kafka.runningNodes()).hasSize(2).doesNotContain(victim);
                awaitIsr(kafka, isr -> isr.size() == 2 && !isr.contains(victim), Duration.ofSeconds(10));

                // acks=all still succeeds with two in-sync replicas, min.insync.replicas=2
                TestClients.send(producer, TOPIC, numbered("b-", 0, 50));
                expected.addAll(numbered("b-", 0, 50));
                assertThat(values(readAll(kafka, TOPIC, expected.size(), Duration.ofSeconds(30), Map.of())))
                        .containsExactlyInAnyOrderElementsOf(expected);

                // transactions (transaction.state.log.min.isr=2) work with a node down too
                try (KafkaProducer<String, String> tx = TestClients.producer(kafka,
                        Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "three-node-tx"))) {
                    tx.initTransactions();
                    tx.beginTransaction();
                    TestClients.send(tx, TOPIC, List.of("tx-0", "tx-1"));
                    tx.commitTransaction();
                }
                expected.addAll(List.of("tx-0", "tx-1"));

                kafka.startNode(victim);
                assertThat(kafka.runningNodes()).containsExactly(0, 1, 2);
                awaitIsr(kafka, isr -> isr.size() == 3, Duration.ofSeconds(60));

                TestClients.send(producer, TOPIC, numbered("c-", 0, 50));
                expected.addAll(numbered("c-", 0, 50));
            }

            // the restarted node has caught up: stop another node and every record is still there
            int other = (leaderOfPartition0(kafka) + 1) % 3;
            kafka.stopNode(other);
            List<String> all = values(readAll(kafka, TOPIC, expected.size(), Duration.ofSeconds(30),
                    Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")));
            assertThat(all).hasSize(expected.size()).containsExactlyInAnyOrderElementsOf(expected);
            kafka.startNode(other);
            assertThat(kafka.runningNodes()).containsExactly(0, 1, 2);

            // the whole quorum stops and starts again from its data directories
            String bootstrap = kafka.bootstrapServers();
            kafka.stop();
            assertThat(kafka.runningNodes()).isEmpty();
            kafka.start();
            assertThat(kafka.runningNodes()).containsExactly(0, 1, 2);
            assertThat(kafka.bootstrapServers()).isEqualTo(bootstrap);
            assertThat(values(readAll(kafka, TOPIC, expected.size(), Duration.ofSeconds(30),
                    Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"))))
                    .containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void refusesToStartANodeThatCannotReachAMajority() {
        try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().nodes(3).build()) {
            assertThatThrownBy(() -> kafka.startNode(0))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("majority");
            assertThat(kafka.runningNodes()).isEmpty();
        }
    }

    private static int leaderOfPartition0(EmbeddedKafkaCluster kafka) throws Exception {
        return describe(kafka).partitions().get(0).leader().id();
    }

    private static List<Set<Integer>> isr(EmbeddedKafkaCluster kafka) throws Exception {
        return describe(kafka).partitions().stream()
                .map(p -> p.isr().stream().map(Node::id).collect(Collectors.toSet()))
                .toList();
    }

    private static TopicDescription describe(EmbeddedKafkaCluster kafka) throws Exception {
        try (Admin admin = kafka.createAdmin()) {
            return admin.describeTopics(List.of(TOPIC)).allTopicNames().get(30, TimeUnit.SECONDS).get(TOPIC);
        }
    }

    /** Waits until every partition's ISR satisfies {@code condition}. */
    private static void awaitIsr(EmbeddedKafkaCluster kafka, Predicate<Set<Integer>> condition, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Set<Integer>> isrs;
        do {
            isrs = isr(kafka);
            if (isrs.stream().allMatch(condition)) {
                return;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("ISRs not as expected after " + timeout + ": " + isrs);
    }
}

package io.worldcurate.kafka.embedded;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.worldcurate.kafka.embedded.TestClients.numbered;
import static io.worldcurate.kafka.embedded.TestClients.readAll;
import static io.worldcurate.kafka.embedded.TestClients.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RestartTest {

    @Test
    void aNewClusterOnTheSameDataDirKeepsClusterIdTopicsRecordsAndOffsets(@TempDir Path dir) throws Exception {
        List<String> sent = numbered("r-", 0, 10);
        String clusterId;
        try (EmbeddedKafkaCluster first = EmbeddedKafkaCluster.builder().dataDir(dir).start()) {
            assertThat(first.isTemporaryDataDir()).isFalse();
            clusterId = first.clusterId();
            first.createTopic("kept", 2, 1, Map.of("retention.ms", "-1"));
            try (KafkaProducer<String, String> producer = TestClients.producer(first)) {
                TestClients.send(producer, "kept", sent);
            }
            try (KafkaConsumer<String, String> consumer = TestClients.consumer(first,
                    Map.of(ConsumerConfig.GROUP_ID_CONFIG, "keeper"))) {
                consumer.commitSync(Map.of(new TopicPartition("kept", 0), new OffsetAndMetadata(3)));
            }
        }
        assertThat(dir.resolve("node-0/meta.properties")).exists();
        assertThat(Files.readString(dir.resolve(EmbeddedKafkaCluster.CLUSTER_FILE))).contains(clusterId);

        try (EmbeddedKafkaCluster second = EmbeddedKafkaCluster.builder().dataDir(dir).start()) {
            assertThat(second.clusterId()).isEqualTo(clusterId);
            try (Admin admin = second.createAdmin()) {
                assertThat(admin.describeCluster().clusterId().get()).isEqualTo(clusterId);
                assertThat(admin.listTopics().names().get()).contains("kept");
                assertThat(admin.listConsumerGroupOffsets("keeper").partitionsToOffsetAndMetadata().get())
                        .containsEntry(new TopicPartition("kept", 0), new OffsetAndMetadata(3));
            }
            assertThat(second.createTopicsIfAbsent(List.of(new NewTopic("kept", 2, (short) 1)))).isEmpty();
            assertThat(values(readAll(second, "kept", sent.size(), Duration.ofSeconds(30), Map.of())))
                    .containsExactlyInAnyOrderElementsOf(sent);
        }
    }

    @Test
    void stopAndStartOnTheSameInstanceKeepsPortsAndData(@TempDir Path dir) throws Exception {
        int port = freePort();
        try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().dataDir(dir).port(port).start()) {
            assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
            int controllerPort = kafka.controllerPort(0);
            kafka.createTopic("survivor", 1, 1);
            try (KafkaProducer<String, String> producer = TestClients.producer(kafka)) {
                TestClients.send(producer, "survivor", List.of("before"));
            }

            kafka.stopNode(0);
            assertThat(kafka.runningNodes()).isEmpty();
            assertThat(kafka.isNodeRunning(0)).isFalse();
            assertThat(bindable(port)).as("broker port free while stopped").isTrue();

            kafka.startNode(0);
            assertThat(kafka.brokerPort(0)).isEqualTo(port);
            assertThat(kafka.controllerPort(0)).isEqualTo(controllerPort);
            try (KafkaProducer<String, String> producer = TestClients.producer(kafka)) {
                TestClients.send(producer, "survivor", List.of("after"));
            }
            assertThat(values(readAll(kafka, "survivor", 2, Duration.ofSeconds(30), Map.of())))
                    .containsExactly("before", "after");
        }
        assertThat(dir).isDirectory();
    }

    @Test
    void refusesADataDirOfAnotherShape(@TempDir Path dir) {
        try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().dataDir(dir).start()) {
            assertThat(kafka.runningNodes()).containsExactly(0);
        }
        assertThatThrownBy(() -> EmbeddedKafkaCluster.builder().dataDir(dir).nodes(3).start())
                .isInstanceOf(EmbeddedKafkaException.class)
                .hasMessageContaining("1 nodes");
        assertThatThrownBy(() -> EmbeddedKafkaCluster.builder().dataDir(dir).clusterId("AAAAAAAAAAAAAAAAAAAAAA").start())
                .isInstanceOf(EmbeddedKafkaException.class)
                .hasMessageContaining("holds cluster");
        assertThat(dir.resolve("node-1")).doesNotExist();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static boolean bindable(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}

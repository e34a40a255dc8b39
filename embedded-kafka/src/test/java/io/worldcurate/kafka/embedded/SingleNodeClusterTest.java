package io.worldcurate.kafka.embedded;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static io.worldcurate.kafka.embedded.TestClients.numbered;
import static io.worldcurate.kafka.embedded.TestClients.readAll;
import static io.worldcurate.kafka.embedded.TestClients.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One single-node cluster shared by the tests of this class; each test uses its own topics. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SingleNodeClusterTest {

    private static final Map<String, Object> READ_COMMITTED =
            Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    private static final Map<String, Object> READ_UNCOMMITTED =
            Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");

    private EmbeddedKafkaCluster kafka;

    @BeforeAll
    void start() {
        kafka = EmbeddedKafkaCluster.builder().start();
    }

    @AfterAll
    void close() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void describesItself() {
        assertThat(kafka.nodeCount()).isEqualTo(1);
        assertThat(kafka.runningNodes()).containsExactly(0);
        assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:" + kafka.brokerPort(0));
        assertThat(kafka.brokerPort(0)).isNotEqualTo(kafka.controllerPort(0));
        assertThat(kafka.clusterId()).isNotBlank();
        assertThat(kafka.isTemporaryDataDir()).isTrue();
        assertThat(kafka.dataDir().resolve("node-0/meta.properties")).exists();
        assertThat(kafka.dataDir().resolve(EmbeddedKafkaCluster.CLUSTER_FILE)).exists();

        Map<String, String> config = kafka.nodeConfig(0);
        assertThat(config)
                .containsEntry("process.roles", "broker,controller")
                .containsEntry("log.cleaner.dedupe.buffer.size", "2097152")
                .containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("transaction.state.log.replication.factor", "1")
                .containsEntry("transaction.state.log.min.isr", "1")
                .containsEntry("auto.create.topics.enable", "false")
                .containsEntry("controller.quorum.voters", "0@127.0.0.1:" + kafka.controllerPort(0));
    }

    @Test
    void createsTopicAndRoundTripsARecord() throws Exception {
        kafka.createTopic("plain", 3, 1, Map.of("cleanup.policy", "compact"));

        try (Admin admin = kafka.createAdmin()) {
            TopicDescription description = admin.describeTopics(List.of("plain")).allTopicNames().get().get("plain");
            assertThat(description.partitions()).hasSize(3);
            assertThat(description.partitions()).allSatisfy(p -> assertThat(p.leader()).isNotNull());
            Config config = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, "plain")))
                    .all().get().values().iterator().next();
            assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
        }

        try (KafkaProducer<String, String> producer = TestClients.producer(kafka)) {
            producer.send(new ProducerRecord<>("plain", "k", "hello")).get(30, TimeUnit.SECONDS);
        }
        List<ConsumerRecord<String, String>> records = readAll(kafka, "plain", 1, Duration.ofSeconds(30), Map.of());
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("k");
            assertThat(r.value()).isEqualTo("hello");
        });
    }

    @Test
    void topicsAreNotAutoCreatedAndCreationIsChecked() {
        kafka.createTopic("existing", 1, 1);
        assertThatThrownBy(() -> kafka.createTopic("existing", 1, 1))
                .isInstanceOf(EmbeddedKafkaException.class)
                .hasMessageContaining("existing");
        assertThat(kafka.createTopicsIfAbsent(List.of(new NewTopic("existing", 1, (short) 1),
                new NewTopic("fresh", 2, (short) 1)))).containsExactly("fresh");
        // a replication factor the cluster cannot satisfy is refused, not silently lowered
        assertThatThrownBy(() -> kafka.createTopic("too-replicated", 1, 3))
                .isInstanceOf(EmbeddedKafkaException.class);

        try (KafkaProducer<String, String> producer = TestClients.producer(kafka,
                Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1_000))) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("never-created", "v")).get())
                    .hasMessageContaining("never-created");
        }
    }

    @Test
    void readCommittedConsumerSeesOnlyCommittedTransactions() throws Exception {
        kafka.createTopic("tx-data", 2, 1);
        try (KafkaProducer<String, String> producer = TestClients.producer(kafka,
                Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-test-1"))) {
            producer.initTransactions();

            producer.beginTransaction();
            TestClients.send(producer, "tx-data", List.of("c0", "c1"));
            producer.commitTransaction();

            producer.beginTransaction();
            TestClients.send(producer, "tx-data", List.of("a0", "a1"));
            producer.abortTransaction();

            producer.beginTransaction();
            TestClients.send(producer, "tx-data", List.of("c2"));
            producer.commitTransaction();

            // left open: written to the log but neither committed nor aborted
            producer.beginTransaction();
            TestClients.send(producer, "tx-data", List.of("open0"));

            List<String> committed = values(readAll(kafka, "tx-data", 3, Duration.ofSeconds(30), READ_COMMITTED));
            assertThat(committed).containsExactlyInAnyOrder("c0", "c1", "c2");

            // the aborted and open records are really in the log: only the isolation level hides them
            List<String> uncommitted = values(readAll(kafka, "tx-data", 6, Duration.ofSeconds(30), READ_UNCOMMITTED));
            assertThat(uncommitted).containsExactlyInAnyOrder("c0", "c1", "a0", "a1", "c2", "open0");

            producer.commitTransaction();
        }
        List<String> afterCommit = values(readAll(kafka, "tx-data", 4, Duration.ofSeconds(30), READ_COMMITTED));
        assertThat(afterCommit).containsExactlyInAnyOrder("c0", "c1", "c2", "open0");
    }

    @Test
    void exactlyOnceV2StreamsApplicationRuns(@TempDir Path stateDir) throws Exception {
        kafka.createTopic("eos-in", 2, 1);
        kafka.createTopic("eos-out", 2, 1);
        List<String> input = numbered("word-", 0, 20);
        try (KafkaProducer<String, String> producer = TestClients.producer(kafka)) {
            TestClients.send(producer, "eos-in", input);
        }

        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("eos-in", Consumed.with(Serdes.String(), Serdes.String()))
                .mapValues(v -> v.toUpperCase(Locale.ROOT))
                .to("eos-out", Produced.with(Serdes.String(), Serdes.String()));
        Properties props = new Properties();
        props.putAll(kafka.clientConfig());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "eos-test");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");

        try (KafkaStreams streams = new KafkaStreams(builder.build(), props)) {
            streams.start();
            List<String> output = values(readAll(kafka, "eos-out", input.size(), Duration.ofSeconds(60), READ_COMMITTED));
            assertThat(output).containsExactlyInAnyOrderElementsOf(
                    input.stream().map(v -> v.toUpperCase(Locale.ROOT)).toList());
            streams.close(Duration.ofSeconds(20));
        }
        // the application committed its input offsets inside its transactions
        try (Admin admin = kafka.createAdmin()) {
            long committed = admin.listConsumerGroupOffsets("eos-test").partitionsToOffsetAndMetadata().get()
                    .values().stream().mapToLong(o -> o.offset()).sum();
            assertThat(committed).isEqualTo(input.size());
            assertThat(admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get())
                    .contains("__transaction_state", "__consumer_offsets");
        }
    }

    @Test
    void rejectsSettingsItOwns() {
        assertThatThrownBy(() -> EmbeddedKafkaCluster.builder().brokerProperty("node.id", 7))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EmbeddedKafkaCluster.builder().nodes(0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EmbeddedKafkaCluster.builder().nodes(3).port(9092).controllerPort(9093).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("overlap");
        assertThat(Set.copyOf(EmbeddedKafkaCluster.defaultBrokerProperties(3).keySet()))
                .contains("transaction.state.log.min.isr", "group.initial.rebalance.delay.ms");
        assertThat(EmbeddedKafkaCluster.defaultBrokerProperties(3))
                .containsEntry("offsets.topic.replication.factor", "3")
                .containsEntry("transaction.state.log.min.isr", "2");
        assertThat(EmbeddedKafkaCluster.defaultBrokerProperties(5))
                .containsEntry("transaction.state.log.replication.factor", "3");
    }
}

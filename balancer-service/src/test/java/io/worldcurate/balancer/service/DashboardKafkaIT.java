package io.worldcurate.balancer.service;

import io.worldcurate.kafka.embedded.EmbeddedKafkaCluster;
import io.worldcurate.schemas.Topics;
import io.worldcurate.schemas.avro.DeadLetter;
import io.worldcurate.streams.DeadLetters;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard's Kafka clients on a real in-process KRaft broker: dead-letter counting and consumer lag. */
class DashboardKafkaIT {

    private static EmbeddedKafkaCluster kafka;

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafkaCluster.startSingleNode();
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void countsCommittedDeadLettersPerStageAndReasonOnceTheTopicExists() throws Exception {
        String topic = "dlq-tail-test";
        DeadLetterTail tail = new DeadLetterTail(kafka.bootstrapServers(), topic, Duration.ofMillis(200), Duration.ofSeconds(1), Map.of());
        long t0 = System.nanoTime();
        tail.start();
        assertThat(System.nanoTime() - t0).as("start does not wait for Kafka").isLessThan(TimeUnit.SECONDS.toNanos(2));
        try {
            Thread.sleep(1500);
            assertThat(tail.snapshot().topicFound()).isFalse();
            assertThat(tail.snapshot().total()).isZero();
            assertThat(topicExists(topic)).as("looking for the topic does not create it").isFalse();

            kafka.createTopic(topic, 2, 1);
            try (KafkaProducer<String, byte[]> p = producer(Map.of())) {
                p.send(letter(topic, "lid", "invalid json: Unexpected character ('x')", 0));
                p.send(letter(topic, "lid", "invalid json: Unexpected end-of-input", 1));
                p.send(letter(topic, "matcher", "texts[3]: unknown language: xx", 0));
                p.send(new ProducerRecord<>(topic, 1, "junk", "not a dead letter".getBytes(StandardCharsets.UTF_8)));
                p.send(new ProducerRecord<>(topic, 0, "tombstone", null));
            }
            // read_committed: a dead letter of an aborted transaction is not counted
            try (KafkaProducer<String, byte[]> tx = producer(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "dlq-tail-test-tx"))) {
                tx.initTransactions();
                tx.beginTransaction();
                tx.send(letter(topic, "balancer", "aborted: must not count", 0)).get();
                tx.abortTransaction();
            }
            await(() -> tail.snapshot().total() == 4 && tail.snapshot().caughtUp(), Duration.ofSeconds(30));
            DeadLetterTail.Snapshot s = tail.snapshot();
            assertThat(s.topicFound()).isTrue();
            assertThat(s.error()).isNull();
            assertThat(s.byStage()).isEqualTo(Map.of(
                    "lid", Map.of("invalid json", 2L),
                    "matcher", Map.of("texts[]: unknown language", 1L),
                    DeadLetterTail.UNREADABLE_STAGE, Map.of(DeadLetterTail.UNREADABLE_REASON, 1L)));
            assertThat(s.lastFailedAt()).isNotNull();

            try (KafkaProducer<String, byte[]> p = producer(Map.of())) {
                p.send(letter(topic, "lid", "invalid json: again", 1));
            }
            await(() -> tail.snapshot().total() == 5, Duration.ofSeconds(30));
            assertThat(tail.snapshot().byStage().get("lid")).isEqualTo(Map.of("invalid json", 3L));
        } finally {
            long c0 = System.nanoTime();
            tail.close(Duration.ofSeconds(10));
            assertThat(System.nanoTime() - c0).as("close is prompt").isLessThan(TimeUnit.SECONDS.toNanos(5));
        }
    }

    @Test
    void closesPromptlyWhileTheTopicIsMissing() {
        DeadLetterTail tail = new DeadLetterTail(kafka.bootstrapServers(), "never-created", Duration.ofSeconds(30), Duration.ofSeconds(30),
                Map.of()).start();
        await(() -> !tail.snapshot().topicFound(), Duration.ofSeconds(5));
        long c0 = System.nanoTime();
        tail.close(Duration.ofSeconds(10));
        assertThat(System.nanoTime() - c0).isLessThan(TimeUnit.SECONDS.toNanos(5));
    }

    @Test
    void lagIsEndMinusCommittedPerGroupAndTopic() throws Exception {
        String in = "lag-test-in";
        kafka.createTopic(in, 2, 1);
        try (KafkaProducer<String, byte[]> p = producer(Map.of())) {
            for (int i = 0; i < 10; i++) {
                p.send(new ProducerRecord<>(in, i % 2, "k" + i, new byte[] {1}));
            }
        }
        List<ConsumerLag.GroupSpec> groups = List.of(ConsumerLag.GroupSpec.parse("lag-test-group:" + in),
                ConsumerLag.GroupSpec.parse("lag-test-absent:no-such-topic"), ConsumerLag.GroupSpec.parse("lag-test-bare"));
        try (ConsumerLag lag = new ConsumerLag(kafka.bootstrapServers(), groups, Duration.ZERO, Duration.ofSeconds(10), Map.of())) {
            // nothing committed yet: the whole input is lag, from the log start
            ConsumerLag.Report r = lag.report();
            assertThat(r.error()).isNull();
            ConsumerLag.GroupLag g = r.groups().get(0);
            assertThat(g.group()).isEqualTo("lag-test-group");
            assertThat(g.lag()).isEqualTo(10);
            assertThat(g.topics()).containsExactly(new ConsumerLag.TopicLag(in, false, 2, 2, 10, 10));
            assertThat(r.groups().get(1).topics()).containsExactly(new ConsumerLag.TopicLag("no-such-topic", true, 0, 0, 0, 0));
            assertThat(r.groups().get(1).state()).isIn("DEAD", "UNKNOWN");
            assertThat(r.groups().get(2).topics()).isEmpty();

            // the group reads 3 records of partition 0 and 2 of partition 1, and commits
            Properties c = new Properties();
            c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            c.put(ConsumerConfig.GROUP_ID_CONFIG, "lag-test-group");
            c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                consumer.commitSync(Map.of(new TopicPartition(in, 0), new OffsetAndMetadata(3), new TopicPartition(in, 1), new OffsetAndMetadata(2)));
            }
            g = lag.report().groups().get(0);
            assertThat(g.topics()).containsExactly(new ConsumerLag.TopicLag(in, false, 2, 0, 10, 5));
            assertThat(g.lag()).isEqualTo(5);
            assertThat(g.state()).isEqualTo("EMPTY");
        }
    }

    @Test
    void cachesTheAnswer() {
        try (ConsumerLag lag = new ConsumerLag(kafka.bootstrapServers(), List.of(ConsumerLag.GroupSpec.parse("cache-test")),
                Duration.ofMinutes(5), Duration.ofSeconds(10), Map.of())) {
            assertThat(lag.report()).isSameAs(lag.report());
        }
    }

    @Test
    void reportsAnUnreachableClusterInsteadOfThrowing() {
        try (ConsumerLag lag = new ConsumerLag("127.0.0.1:1", List.of(ConsumerLag.GroupSpec.parse("g:t")), Duration.ZERO,
                Duration.ofSeconds(2), Map.of())) {
            ConsumerLag.Report r = lag.report();
            assertThat(r.error()).isNotBlank();
            assertThat(r.groups()).isEmpty();
        }
    }

    @Test
    void parsesGroupSpecs() {
        assertThat(ConsumerLag.GroupSpec.parse(" lid-service : crawl.images ")).isEqualTo(new ConsumerLag.GroupSpec("lid-service", List.of("crawl.images")));
        assertThat(ConsumerLag.GroupSpec.parse("b:x+y")).isEqualTo(new ConsumerLag.GroupSpec("b", List.of("x", "y")));
        assertThat(ConsumerLag.GroupSpec.parse("bare")).isEqualTo(new ConsumerLag.GroupSpec("bare", List.of()));
    }

    private static ProducerRecord<String, byte[]> letter(String topic, String stage, String reason, int partition) {
        DeadLetter d = DeadLetters.of(stage, reason, Optional.empty(), "k", new byte[] {1, 2});
        return new ProducerRecord<>(topic, partition, "k", Topics.DEAD_LETTER_SERDE.serialize(topic, d));
    }

    private static KafkaProducer<String, byte[]> producer(Map<String, Object> extra) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.putAll(extra);
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    private static boolean topicExists(String topic) throws Exception {
        try (Admin a = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            return a.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic);
        }
    }

    static void await(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}

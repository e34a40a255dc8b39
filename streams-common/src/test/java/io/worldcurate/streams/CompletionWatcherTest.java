package io.worldcurate.streams;

import io.worldcurate.kafka.embedded.EmbeddedKafkaExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The completion signal on a real broker: raw transactional producers and group offsets set through the
 * admin client stand for the stages, so that each case (markers after the last record, an open
 * transaction, a stage upstream not done) is set up exactly.
 */
class CompletionWatcherTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    private Admin admin;
    private String input;
    private String output;

    @BeforeEach
    void topics(TestInfo test) throws Exception {
        admin = Admin.create(Map.of("bootstrap.servers", KAFKA.cluster().bootstrapServers()));
        String name = test.getTestMethod().orElseThrow().getName();
        input = name + "-in";
        output = name + "-out";
        admin.createTopics(List.of(new NewTopic(input, 2, (short) 1), new NewTopic(output, 1, (short) 1)))
                .all().get(30, TimeUnit.SECONDS);
    }

    @AfterEach
    void close() {
        admin.close();
    }

    @Test
    void aGroupPastTheLastDataRecordIsDoneThoughCommitMarkersFollowIt() throws Exception {
        try (KafkaProducer<String, String> producer = transactional("t1")) {
            committedTransaction(producer, input, 0, 3);
            committedTransaction(producer, input, 1, 2);
        }
        // partition 0: records at 0..2 and a marker at 3; partition 1: records at 0..1 and a marker at 2
        CompletionWatcher.Stage stage = new CompletionWatcher.Stage("s", "g1", List.of(input));
        try (CompletionWatcher watcher = watcher()) {
            assertThat(only(watcher, stage).done()).isFalse();

            commitOffsets("g1", Map.of(new TopicPartition(input, 0), 3L, new TopicPartition(input, 1), 1L));
            assertThat(only(watcher, stage).done()).as("one record of partition 1 is not committed past").isFalse();

            commitOffsets("g1", Map.of(new TopicPartition(input, 1), 2L));
            CompletionWatcher.StageProgress p = only(watcher, stage);
            assertThat(p.done()).isTrue();
            assertThat(p.committed()).isEqualTo(5);
            assertThat(p.total()).as("offsets to the stable end, markers included").isEqualTo(7);
        }
    }

    @Test
    void anOpenTransactionOnTheInputKeepsTheStageNotDone() throws Exception {
        TopicPartition p0 = new TopicPartition(input, 0);
        try (KafkaProducer<String, String> producer = transactional("t2");
             CompletionWatcher watcher = watcher()) {
            committedTransaction(producer, input, 0, 2);
            commitOffsets("g2", Map.of(p0, 2L, new TopicPartition(input, 1), 0L));
            CompletionWatcher.Stage stage = new CompletionWatcher.Stage("s", "g2", List.of(input));
            assertThat(only(watcher, stage).done()).isTrue();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>(input, 0, "k", "open")).get();
            producer.flush();
            assertThat(only(watcher, stage).done())
                    .as("the open transaction's record is beyond the stable end, where a reader cannot see it yet").isFalse();

            producer.commitTransaction();
            awaitMarkersWritten(p0);
            assertThat(only(watcher, stage).done()).as("its record, now committed, is not read").isFalse();

            commitOffsets("g2", Map.of(p0, 4L));
            assertThat(only(watcher, stage).done()).isTrue();
        }
    }

    @Test
    void aStageIsNotDoneWhileAStageBeforeItIsNot() throws Exception {
        try (KafkaProducer<String, String> producer = transactional("t3")) {
            committedTransaction(producer, input, 0, 2);
            committedTransaction(producer, output, 0, 1);
        }
        commitOffsets("up", Map.of(new TopicPartition(input, 0), 1L));
        commitOffsets("down", Map.of(new TopicPartition(output, 0), 1L));
        List<CompletionWatcher.Stage> stages = List.of(new CompletionWatcher.Stage("up", "up", List.of(input)),
                new CompletionWatcher.Stage("down", "down", List.of(output)));
        try (CompletionWatcher watcher = watcher()) {
            assertThat(watcher.progress(stages)).extracting(CompletionWatcher.StageProgress::done).containsExactly(false, false);

            commitOffsets("up", Map.of(new TopicPartition(input, 0), 2L, new TopicPartition(input, 1), 0L));
            assertThat(watcher.progress(stages)).extracting(CompletionWatcher.StageProgress::done).containsExactly(true, true);
        }
    }

    @Test
    void plainRecordsWithoutMarkersCountToTheirEnd() throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.cluster().bootstrapServers());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>(input, 1, "k", "v" + i)).get();
            }
        }
        CompletionWatcher.Stage stage = new CompletionWatcher.Stage("s", "g4", List.of(input));
        try (CompletionWatcher watcher = watcher()) {
            commitOffsets("g4", Map.of(new TopicPartition(input, 1), 2L));
            assertThat(only(watcher, stage).done()).isFalse();
            commitOffsets("g4", Map.of(new TopicPartition(input, 1), 3L));
            assertThat(only(watcher, stage).done()).isTrue();
        }
    }

    private CompletionWatcher watcher() {
        return new CompletionWatcher(KAFKA.cluster().bootstrapServers());
    }

    private static CompletionWatcher.StageProgress only(CompletionWatcher watcher, CompletionWatcher.Stage stage) {
        return watcher.progress(List.of(stage)).get(0);
    }

    /** commitTransaction returns before the coordinator has written the markers: waits until no transaction is open. */
    private void awaitMarkersWritten(TopicPartition tp) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (end(tp, org.apache.kafka.common.IsolationLevel.READ_COMMITTED) < end(tp, org.apache.kafka.common.IsolationLevel.READ_UNCOMMITTED)) {
            assertThat(System.nanoTime()).as("markers written within 30 s").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private long end(TopicPartition tp, org.apache.kafka.common.IsolationLevel isolation) throws Exception {
        return admin.listOffsets(Map.of(tp, org.apache.kafka.clients.admin.OffsetSpec.latest()),
                new org.apache.kafka.clients.admin.ListOffsetsOptions(isolation)).partitionResult(tp).get(30, TimeUnit.SECONDS).offset();
    }

    private KafkaProducer<String, String> transactional(String id) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.cluster().bootstrapServers());
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, id);
        KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
        producer.initTransactions();
        return producer;
    }

    private void committedTransaction(KafkaProducer<String, String> producer, String topic, int partition, int records)
            throws Exception {
        producer.beginTransaction();
        for (int i = 0; i < records; i++) {
            producer.send(new ProducerRecord<>(topic, partition, "k", "v" + i)).get();
        }
        producer.commitTransaction();
        awaitMarkersWritten(new TopicPartition(topic, partition));
    }

    private void commitOffsets(String group, Map<TopicPartition, Long> offsets) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> o = new java.util.HashMap<>();
        offsets.forEach((tp, at) -> o.put(tp, new OffsetAndMetadata(at)));
        admin.alterConsumerGroupOffsets(group, o).all().get(30, TimeUnit.SECONDS);
    }
}

package io.worldcurate.streams;

import io.worldcurate.schemas.Topics;
import io.worldcurate.schemas.avro.DeadLetter;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Properties;

/**
 * Writes the dead letters of the Kafka Streams error handlers, which see a record only after the
 * topology let go of it. It has its own idempotent producer, outside the stage's transaction: a handler
 * may run while that transaction is being aborted. So after a crash such a dead letter may be written
 * twice; the records the topology itself dead-letters are exactly-once.
 */
final class DeadLetterSender {

    /** Streams config key (any value Kafka Streams passes on to its handlers): the limit of {@code curation.dlq}. */
    static final String DLQ_LIMIT_CONFIG = "worldcurate.dlq.max.message.bytes";

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterSender.class);

    private final String stage;
    private final int dlqLimit;
    private final Properties producerConfig = new Properties();
    private KafkaProducer<String, DeadLetter> producer;

    DeadLetterSender(Map<String, ?> streamsConfigs) {
        Object app = streamsConfigs.get(StreamsConfig.APPLICATION_ID_CONFIG);
        this.stage = app == null ? "unknown" : app.toString().replaceFirst("-service$", "");
        Object limit = streamsConfigs.get(DLQ_LIMIT_CONFIG);
        this.dlqLimit = limit == null ? Topics.DEFAULT_MAX_MESSAGE_BYTES : Integer.parseInt(limit.toString());
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, String.valueOf(streamsConfigs.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG)));
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, stage + "-dead-letters");
        // pass security settings (i13) through: everything Streams got for all its clients
        for (var e : streamsConfigs.entrySet()) {
            if (e.getKey().startsWith("security.") || e.getKey().startsWith("sasl.") || e.getKey().startsWith("ssl.")) {
                producerConfig.put(e.getKey(), e.getValue());
            }
        }
    }

    String stage() {
        return stage;
    }

    int dlqLimit() {
        return dlqLimit;
    }

    /** Sends a dead letter for the record at topic/partition/offset; never throws. */
    synchronized void send(String reason, String topic, int partition, long offset, byte[] key, byte[] value) {
        try {
            if (producer == null) {
                producer = new KafkaProducer<>(producerConfig, new StringSerializer(), Topics.DEAD_LETTER_SERDE.serializer());
            }
            String recordKey = key == null ? null : DeadLetters.recordKey(new String(key, java.nio.charset.StandardCharsets.UTF_8));
            DeadLetter letter = DeadLetters.of(stage, reason, topic == null ? "" : topic, partition, offset, key, value, dlqLimit);
            producer.send(new ProducerRecord<>(Topics.DLQ, recordKey, letter), (m, e) -> {
                if (e != null) {
                    LOG.error("could not dead-letter {}-{}@{} ({}): {}", topic, partition, offset, reason, e.toString());
                }
            });
            producer.flush();
        } catch (RuntimeException e) {
            LOG.error("could not dead-letter {}-{}@{} ({}): {}", topic, partition, offset, reason, e.toString());
        }
    }
}

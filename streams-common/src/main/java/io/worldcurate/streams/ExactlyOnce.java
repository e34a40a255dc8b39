package io.worldcurate.streams;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;

import java.util.Properties;

/** The Kafka Streams settings every topology runs with; callers add application id, servers and state dir. */
public final class ExactlyOnce {

    /**
     * Producer batches of up to 256 KiB instead of the client's 16 KiB: a stage writes whole polls of records between
     * two commits, and fewer, larger produce requests cost the stage's network thread and the broker less CPU
     * (curate run on 62k images: pipeline CPU -18 %, docs/PERFORMANCE.md).
     */
    public static final int PRODUCER_BATCH_BYTES = 256 * 1024;

    private ExactlyOnce() {
    }

    public static Properties streamsProperties(String applicationId, String bootstrapServers) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        p.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        // records up to the limit the stages accept, with room for the envelope
        p.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), 4 * 1024 * 1024);
        // no record may stop a stage: size and serialisation errors, and exceptions processors let
        // through, are dead-lettered (see the handlers)
        p.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetteringProductionHandler.class);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetteringProcessingHandler.class);
        return p;
    }

    /**
     * {@link #streamsProperties(String, String)} with producer batches of {@link #PRODUCER_BATCH_BYTES}, or of the
     * topics' message limit where that is smaller: a producer splits a batch the broker refuses as too large into
     * batches of {@code batch.size} again, so a {@code batch.size} above a topic's {@code max.message.bytes} would
     * resend the same batch forever.
     */
    public static Properties streamsProperties(String applicationId, String bootstrapServers, int topicsMaxMessageBytes) {
        Properties p = streamsProperties(applicationId, bootstrapServers);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), producerBatchBytes(topicsMaxMessageBytes));
        return p;
    }

    static int producerBatchBytes(int topicsMaxMessageBytes) {
        if (topicsMaxMessageBytes < 1) {
            throw new IllegalArgumentException("max message bytes must be >= 1, not " + topicsMaxMessageBytes);
        }
        return Math.min(PRODUCER_BATCH_BYTES, topicsMaxMessageBytes);
    }
}

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
     * (curate run on 62k images: pipeline CPU -18 %, docs/PERFORMANCE.md). The services set the same.
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
        p.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), PRODUCER_BATCH_BYTES);
        // no record may stop a stage: size and serialisation errors, and exceptions processors let
        // through, are dead-lettered (see the handlers)
        p.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetteringProductionHandler.class);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetteringProcessingHandler.class);
        return p;
    }
}

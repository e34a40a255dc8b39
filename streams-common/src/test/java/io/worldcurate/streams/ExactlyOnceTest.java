package io.worldcurate.streams;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExactlyOnceTest {

    private static final String BATCH_SIZE = StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG);

    @Test
    void producerBatchesAre256KibUnderLargeTopicLimits() {
        assertThat(ExactlyOnce.streamsProperties("app", "localhost:9092", 1 << 20).get(BATCH_SIZE)).isEqualTo(256 * 1024);
    }

    @Test
    void producerBatchesNeverExceedTheTopicsMessageLimit() {
        // a batch.size above max.message.bytes makes the producer split a refused batch into the same batch again
        assertThat(ExactlyOnce.streamsProperties("app", "localhost:9092", 64 * 1024).get(BATCH_SIZE)).isEqualTo(64 * 1024);
        assertThatThrownBy(() -> ExactlyOnce.streamsProperties("app", "localhost:9092", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withoutALimitTheClientDefaultStays() {
        Properties p = ExactlyOnce.streamsProperties("app", "localhost:9092");
        assertThat(p).doesNotContainKey(BATCH_SIZE);
        assertThat(p.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
    }
}

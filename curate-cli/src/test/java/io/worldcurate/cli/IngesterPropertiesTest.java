package io.worldcurate.cli;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class IngesterPropertiesTest {

    private static Properties base() {
        Properties p = new Properties();
        p.put("bootstrap.servers", "localhost:9092");
        return p;
    }

    @Test
    void aRemoteClusterGetsCompressedBatches() {
        Properties p = Ingester.producerProperties(base(), Duration.ofSeconds(5));
        assertThat(p.get(ProducerConfig.COMPRESSION_TYPE_CONFIG)).isEqualTo("lz4");
    }

    @Test
    void theInProcessBrokerGetsUncompressedBatchesUnlessTheUserAsks() {
        Properties p = Ingester.producerProperties(Ingester.forInProcessBroker(base()), Duration.ofSeconds(5));
        assertThat(p.get(ProducerConfig.COMPRESSION_TYPE_CONFIG)).isEqualTo("none");
        assertThat(p.get("bootstrap.servers")).isEqualTo("localhost:9092");

        Properties asked = base();
        asked.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
        assertThat(Ingester.producerProperties(Ingester.forInProcessBroker(asked), Duration.ofSeconds(5))
                .get(ProducerConfig.COMPRESSION_TYPE_CONFIG)).isEqualTo("zstd");
    }
}

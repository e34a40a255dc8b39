package io.worldcurate.streams;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaClientConfigTest {

    @TempDir
    Path tmp;

    @Test
    void loadsStandardClientPropertiesAndNeverShowsTheirSecrets() throws Exception {
        Path f = tmp.resolve("client.properties");
        Files.writeString(f, """
                # a comment
                security.protocol=SASL_SSL
                sasl.mechanism=SCRAM-SHA-512
                sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="lid-service" password="s3cr3t-Pw";
                ssl.truststore.location=/etc/kafka/truststore.p12
                ssl.truststore.password=trust-Pw
                """);
        Map<String, String> c = KafkaClientConfig.load(f, "test");
        assertThat(c).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("ssl.truststore.location", "/etc/kafka/truststore.p12");
        assertThat(c.get("sasl.jaas.config")).endsWith("password=\"s3cr3t-Pw\";");

        String shown = KafkaClientConfig.describe(c);
        assertThat(shown).contains("security.protocol=SASL_SSL", "sasl.jaas.config=[hidden]", "ssl.truststore.password=[hidden]")
                .doesNotContain("s3cr3t-Pw").doesNotContain("trust-Pw");
        assertThat(KafkaClientConfig.scrub("failed for password s3cr3t-Pw and trust-Pw"))
                .isEqualTo("failed for password [hidden] and [hidden]");
    }

    @Test
    void secretsAreRecognisedByName() {
        assertThat(KafkaClientConfig.isSecret("sasl.jaas.config")).isTrue();
        assertThat(KafkaClientConfig.isSecret("listener.name.client.scram-sha-512.sasl.jaas.config")).isTrue();
        assertThat(KafkaClientConfig.isSecret("ssl.keystore.password")).isTrue();
        assertThat(KafkaClientConfig.isSecret("ssl.key.password")).isTrue();
        assertThat(KafkaClientConfig.isSecret("ssl.keystore.key")).isTrue();
        assertThat(KafkaClientConfig.isSecret("security.protocol")).isFalse();
        assertThat(KafkaClientConfig.isSecret("ssl.truststore.location")).isFalse();
    }

    @Test
    void aMissingFileIsAClearError() {
        Path missing = tmp.resolve("nope.properties");
        assertThatThrownBy(() -> KafkaClientConfig.load(missing, KafkaClientConfig.ENV))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(missing.toString()).hasMessageContaining(KafkaClientConfig.ENV).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> KafkaClientConfig.load(tmp, "--client-config"))
                .hasMessageContaining("is not a file");
    }

    @Test
    void theConfigSourcePassesEachPropertyToKafkaStreams() throws Exception {
        Path f = tmp.resolve("svc.properties");
        Files.writeString(f, "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=SCRAM-SHA-512\n");
        String before = System.getProperty(KafkaClientConfig.SYSTEM_PROPERTY);
        System.setProperty(KafkaClientConfig.SYSTEM_PROPERTY, f.toString());
        try {
            if (System.getenv(KafkaClientConfig.ENV) != null) {
                return; // the environment wins; nothing to check here
            }
            KafkaClientConfigSource source = new KafkaClientConfigSource();
            assertThat(source.getValue("kafka-streams.security.protocol")).isEqualTo("SASL_PLAINTEXT");
            assertThat(source.getPropertyNames()).containsExactlyInAnyOrder("kafka-streams.security.protocol", "kafka-streams.sasl.mechanism");
        } finally {
            if (before == null) {
                System.clearProperty(KafkaClientConfig.SYSTEM_PROPERTY);
            } else {
                System.setProperty(KafkaClientConfig.SYSTEM_PROPERTY, before);
            }
        }
    }
}

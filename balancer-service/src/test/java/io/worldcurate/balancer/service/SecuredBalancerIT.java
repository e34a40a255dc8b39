package io.worldcurate.balancer.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.worldcurate.kafka.embedded.SecuredEmbeddedKafkaResource;
import io.worldcurate.schemas.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * balancer-service on a broker with SASL/SCRAM and authorisation, its credentials in the file named by
 * {@code curation.kafka.client-config} (what CURATION_KAFKA_CLIENT_CONFIG names in a deployment): Kafka
 * Streams, its dead-lettering and the dashboard's own clients all authenticate with it (a record it cannot
 * decode becomes a dead letter the dashboard then counts), and {@code /api/status} never shows the password.
 */
@QuarkusTest
@TestProfile(SecuredBalancerIT.Profile.class)
@QuarkusTestResource(value = SecuredEmbeddedKafkaResource.class, restrictToAnnotatedClass = true)
class SecuredBalancerIT {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "kafka-streams.state.dir", System.getProperty("java.io.tmpdir") + "/worldcurate-test/balancer-secured-" + UUID.randomUUID(),
                    "curation.dashboard.dead-letters.retry", "500ms",
                    "quarkus.log.file.enabled", "true",
                    "quarkus.log.file.path", LOG.toString());
        }
    }

    /** One per test JVM (the profile and the test may be loaded by different class loaders: no random part). */
    static final Path LOG = Path.of(System.getProperty("java.io.tmpdir"), "worldcurate-test",
            "balancer-secured-" + ProcessHandle.current().pid() + ".log");

    @Test
    void runsWithItsClientConfigAndNeverShowsThePassword() throws Exception {
        Map<String, Object> superUser = SecuredEmbeddedKafkaResource.cluster().clientConfig();
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(superUser, new StringSerializer(), new ByteArraySerializer())) {
            p.send(new ProducerRecord<>(Topics.MATCHED, "undecodable", new byte[] {9, 9})).get(30, TimeUnit.SECONDS);
        }
        ObjectMapper json = new ObjectMapper();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        String body = given().get("/api/status").then().statusCode(200).extract().asString();
        JsonNode s = json.readTree(body);
        while (!(s.path("dead_letters").path("total").asLong() == 1 && "RUNNING".equals(s.path("streams_state").asText()))) {
            assertThat(System.nanoTime()).as("dead letter counted: %s", body).isLessThan(deadline);
            Thread.sleep(250);
            body = given().get("/api/status").then().statusCode(200).extract().asString();
            s = json.readTree(body);
        }
        assertThat(body).doesNotContain(SecuredEmbeddedKafkaResource.password());
        given().get("/q/health/ready").then().statusCode(200);
        String log = Files.readString(LOG);
        assertThat(log).as("the service's log was captured").contains("balancer-service", "started in")
                .contains("Kafka client config from CURATION_KAFKA_CLIENT_CONFIG: sasl.jaas.config=[hidden], sasl.mechanism=SCRAM-SHA-512");
        assertThat(log).doesNotContain(SecuredEmbeddedKafkaResource.password());
    }
}

package io.worldcurate.matcher.service;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.worldcurate.kafka.embedded.EmbeddedKafkaResource;
import io.worldcurate.schemas.Topics;
import io.worldcurate.schemas.avro.DeadLetter;
import io.worldcurate.schemas.avro.LangImage;
import io.worldcurate.schemas.avro.LangText;
import io.worldcurate.schemas.avro.MatchedImage;
import io.worldcurate.schemas.avro.MatchedText;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** matcher-service against a real in-process KRaft broker: records in, records out, health and metrics. */
@QuarkusTest
@QuarkusTestResource(EmbeddedKafkaResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MatcherServiceIT {

    @Inject
    Instance<Topology> topology;

    @Test
    void theTopologyAndItsAutomataAreMadeOncePerProcess() {
        assertThat(topology.get()).isSameAs(topology.get());
    }

    @Test
    void matchesDropsDeadLettersAndReportsHealthy() throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedKafkaResource.bootstrapServers());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(record("u1", 10L, "a red car in Paris", "en", "nothing here", "en", "a dog on the beach", "en"));
            producer.send(record("u2", 11L, "一辆红色汽车", "zh", "ein Hund", "de"));
            producer.send(record("u3", 12L, "nothing matches", "en"));
            producer.send(record("u4", 13L, "a red car", "other"));
            producer.send(new ProducerRecord<>(Topics.LID, "junk", "not avro".getBytes(StandardCharsets.UTF_8)));
            producer.flush();
        }
        List<MatchedImage> out = EmbeddedKafkaResource.readValues(Topics.MATCHED, Topics.MATCHED_IMAGE_SERDE.deserializer(), 2, Duration.ofSeconds(90));
        assertThat(out).extracting(MatchedImage::getUuid).containsExactlyInAnyOrder("u1", "u2");
        MatchedImage u1 = out.stream().filter(i -> i.getUuid().equals("u1")).findFirst().orElseThrow();
        assertThat(u1.getIngestSeq()).isEqualTo(10L);
        assertThat(u1.getTexts()).extracting(MatchedText::getText).containsExactly("a red car in Paris", "a dog on the beach");
        assertThat(u1.getTexts()).extracting(MatchedText::getEntries).containsExactly(List.of(0, 1, 4), List.of(2, 3));
        MatchedImage u2 = out.stream().filter(i -> i.getUuid().equals("u2")).findFirst().orElseThrow();
        assertThat(u2.getTexts()).extracting(MatchedText::getLang).containsExactly("zh", "de");
        assertThat(u2.getTexts()).extracting(MatchedText::getEntries).containsExactly(List.of(0, 1), List.of(0));
        List<DeadLetter> dead = EmbeddedKafkaResource.readValues(Topics.DLQ, Topics.DEAD_LETTER_SERDE.deserializer(), 1, Duration.ofSeconds(30));
        assertThat(dead).singleElement().satisfies(d -> {
            assertThat(d.getReason()).startsWith("undecodable");
            assertThat(d.getStage()).isEqualTo("matcher");
            assertThat(d.getSourceTopic()).isEqualTo(Topics.LID);
        });

        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.find { it.name == 'matcher-automata' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'matcher-automata' }.data.languages", equalTo(3));
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        // u3 and u4 may sit in a partition processed after the outputs were read: wait for the counters
        awaitMetrics(Duration.ofSeconds(30),
                "curation_records_in_total{stage=\"matcher\"} 5.0",
                "curation_records_out_total{stage=\"matcher\"} 2.0",
                "curation_records_dropped_total{reason=\"no match\",stage=\"matcher\"} 2.0",
                "curation_records_dead_lettered_total{reason=\"undecodable\",stage=\"matcher\"} 1.0",
                "curation_matcher_matched_texts_total{lang=\"en\"} 2.0",
                "curation_matcher_matched_texts_total{lang=\"zh\"} 1.0",
                "curation_matcher_matched_texts_total{lang=\"de\"} 1.0",
                "curation_matcher_automata_load_seconds ",   // every language loaded at startup
                "curation_matcher_automata_languages 3.0");
    }

    /**
     * With the broker stopped, both probes still answer within a second: readiness DOWN with the reason,
     * liveness UP; readiness is UP again once the broker is back. Runs last: it stops the broker.
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void healthAnswersAtOnceWhileTheBrokerIsDown() throws Exception {
        awaitStatus("/q/health/ready", 200, Duration.ofSeconds(60));
        EmbeddedKafkaResource.cluster().stopNode(0);
        try {
            String body = awaitStatus("/q/health/ready", 503, Duration.ofSeconds(30));
            assertThat(body).contains("broker unreachable");
            for (int i = 0; i < 5; i++) {
                long t0 = System.nanoTime();
                int ready = given().when().get("/q/health/ready").then().extract().statusCode();
                int live = given().when().get("/q/health/live").then().extract().statusCode();
                long ms = (System.nanoTime() - t0) / 1_000_000;
                assertThat(ready).isEqualTo(503);
                assertThat(live).as("liveness while the broker is down").isEqualTo(200);
                assertThat(ms).as("both probes answered in (ms)").isLessThan(1500);
                Thread.sleep(500);
            }
        } finally {
            EmbeddedKafkaResource.cluster().startNode(0);
        }
        awaitStatus("/q/health/ready", 200, Duration.ofSeconds(90));
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    /** Polls {@code path} (each request must answer within a second) until it returns {@code status}; returns the body. */
    private static String awaitStatus(String path, int status, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long t0 = System.nanoTime();
            var response = given().when().get(path).then().extract();
            assertThat((System.nanoTime() - t0) / 1_000_000).as(path + " answered in (ms)").isLessThan(1500);
            if (response.statusCode() == status) {
                return response.asString();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(path + " did not return " + status + ": " + response.statusCode() + " " + response.asString());
            }
            Thread.sleep(200);
        }
    }

    private static void awaitMetrics(Duration timeout, String... lines) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String body = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
            List<String> missing = new ArrayList<>();
            for (String line : lines) {
                if (!body.contains(line)) {
                    missing.add(line);
                }
            }
            if (missing.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                assertThat(missing).as("metrics missing from /q/metrics:%n%s", body).isEmpty();
            }
            Thread.sleep(200);
        }
    }

    private static ProducerRecord<String, byte[]> record(String uuid, Long ingestSeq, String... textLang) {
        List<LangText> texts = new ArrayList<>();
        for (int i = 0; i < textLang.length; i += 2) {
            texts.add(new LangText("alt", textLang[i], textLang[i + 1], false));
        }
        LangImage image = LangImage.newBuilder().setUuid(uuid).setUrl("https://x/" + uuid + ".jpg").setTexts(texts)
                .setIngestSeq(ingestSeq).build();
        return new ProducerRecord<>(Topics.LID, uuid, Topics.LANG_IMAGE_SERDE.serialize(Topics.LID, image));
    }
}

package io.worldcurate.balancer.service;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.worldcurate.kafka.embedded.EmbeddedKafkaResource;
import io.worldcurate.schemas.Topics;
import io.worldcurate.schemas.avro.CuratedImage;
import io.worldcurate.schemas.avro.LanguageThreshold;
import io.worldcurate.schemas.avro.MatchedImage;
import io.worldcurate.schemas.avro.MatchedText;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Properties;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/** balancer-service against a real in-process KRaft broker: counts, thresholds, decisions, REST, health, metrics. */
@QuarkusTest
@QuarkusTestResource(EmbeddedKafkaResource.class)
class BalancerServiceIT {

    @Test
    void countsPublishesDecidesAndAnswersQueries() {
        int images = 30;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedKafkaResource.bootstrapServers());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < images; i++) {
                // "dog" (0) in every image: a head entry far above t_en = 3; "beach" (4) once: tail
                List<Integer> entries = i == 0 ? List.of(0, 4) : List.of(0);
                MatchedImage m = MatchedImage.newBuilder().setUuid("u" + i).setUrl("https://x/" + i + ".jpg")
                        .setTexts(List.of(new MatchedText("alt", "a dog", "en", entries))).setIngestSeq((long) i).build();
                producer.send(new ProducerRecord<>(Topics.MATCHED, m.getUuid(), Topics.MATCHED_IMAGE_SERDE.serialize(Topics.MATCHED, m)));
            }
            producer.send(new ProducerRecord<>(Topics.MATCHED, "bad", new byte[] {9, 9}));
        }
        List<LanguageThreshold> thresholds = read(Topics.THRESHOLDS, Topics.LANGUAGE_THRESHOLD_SERDE.deserializer(),
                t -> t.getMatchedTexts() == images, Duration.ofSeconds(90));
        assertThat(thresholds).isNotEmpty();
        assertThat(thresholds.get(thresholds.size() - 1).getThreshold()).isEqualTo(3);
        List<CuratedImage> curated = read(Topics.CURATED, Topics.CURATED_IMAGE_SERDE.deserializer(), c -> false, Duration.ofSeconds(5));
        // u0 holds the tail entry "beach" (P = 1); the others only "dog", admitted with probability 3/N
        assertThat(curated).extracting(CuratedImage::getUuid).contains("u0");
        assertThat(curated.size()).isLessThan(images);

        given().when().get("/api/thresholds").then().statusCode(200)
                .body("languages.en.threshold", equalTo(3))
                .body("languages.en.matched_texts", equalTo(images))
                .body("languages.en.metadata_entries", equalTo(5));
        given().when().get("/api/languages/en/entries?top=2").then().statusCode(200)
                .body("entries", hasSize(2))
                .body("entries[0].entry", equalTo("dog"))
                .body("entries[0].count", equalTo(images))
                .body("entries[1].entry", equalTo("beach"))
                .body("entries[1].probability", equalTo(1.0f));
        given().when().get("/api/languages/zz/entries").then().statusCode(404);
        // operator authentication is off by default: the dashboard and its API answer without credentials
        given().when().get("/api/status").then().statusCode(200).body("stage", equalTo("balancer"));
        given().when().get("/").then().statusCode(200).body(containsString("<html"));
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("curation_balancer_threshold{lang=\"en\",stage=\"balancer\"} 3.0"))
                .body(containsString("curation_balancer_decided_total{lang=\"en\",stage=\"balancer\"} " + images + ".0"))
                .body(containsString("curation_records_dead_lettered_total{reason=\"undecodable\",stage=\"balancer\"} 1.0"));
    }

    /** Values of a topic until one satisfies {@code last} or the time is up. */
    static <V> List<V> read(String topic, Deserializer<V> deserializer, java.util.function.Predicate<V> last, Duration timeout) {
        return EmbeddedKafkaResource.readValuesUntil(topic, deserializer, last, Integer.MAX_VALUE, timeout);
    }
}

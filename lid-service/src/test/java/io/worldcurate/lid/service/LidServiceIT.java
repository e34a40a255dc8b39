package io.worldcurate.lid.service;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.worldcurate.kafka.embedded.EmbeddedKafkaResource;
import io.worldcurate.schemas.Topics;
import io.worldcurate.schemas.avro.CrawledImage;
import io.worldcurate.schemas.avro.CrawledText;
import io.worldcurate.schemas.avro.DeadLetter;
import io.worldcurate.schemas.avro.LangImage;
import io.worldcurate.schemas.avro.LangText;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import java.util.Properties;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** lid-service against a real in-process KRaft broker: records in, records out, health and metrics. */
@QuarkusTest
@QuarkusTestResource(EmbeddedKafkaResource.class)
class LidServiceIT {

    @Test
    void identifiesDeduplicatesDeadLettersAndReportsHealthy() throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedKafkaResource.bootstrapServers());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(record("u1", "a dog on the beach", "en"));
            producer.send(record("u2", "Der Hund spielt mit der Katze am Strand", null));
            producer.send(record("u1", "a repeated uuid", "en"));
            producer.send(new ProducerRecord<>(Topics.CRAWL_IMAGES, "junk", "not avro".getBytes(StandardCharsets.UTF_8)));
            producer.flush();
        }
        List<LangImage> out = EmbeddedKafkaResource.readValues(Topics.LID, Topics.LANG_IMAGE_SERDE.deserializer(), 2, Duration.ofSeconds(90));
        assertThat(out).extracting(LangImage::getUuid).containsExactlyInAnyOrder("u1", "u2");
        LangImage german = out.stream().filter(i -> i.getUuid().equals("u2")).findFirst().orElseThrow();
        assertThat(german.getTexts()).extracting(LangText::getLang).containsExactly("de");
        assertThat(german.getTexts()).extracting(LangText::getDetected).containsExactly(true);
        List<DeadLetter> dead = EmbeddedKafkaResource.readValues(Topics.DLQ, Topics.DEAD_LETTER_SERDE.deserializer(), 1, Duration.ofSeconds(30));
        assertThat(dead).singleElement().satisfies(d -> {
            assertThat(d.getReason()).startsWith("undecodable");
            assertThat(d.getSourceTopic()).isEqualTo(Topics.CRAWL_IMAGES);
        });

        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("curation_records_in_total{stage=\"lid\"} 4.0"))
                .body(containsString("curation_records_dropped_total{reason=\"repeated uuid\",stage=\"lid\"} 1.0"))
                .body(containsString("curation_lid_detections_total{lang=\"de\"} 1.0"));
    }

    private static ProducerRecord<String, byte[]> record(String uuid, String text, String lang) {
        CrawledImage image = CrawledImage.newBuilder().setUuid(uuid).setUrl("https://x/" + uuid + ".jpg")
                .setTexts(List.of(new CrawledText("alt", text, lang))).build();
        return new ProducerRecord<>(Topics.CRAWL_IMAGES, uuid, Topics.CRAWLED_IMAGE_SERDE.serialize(Topics.CRAWL_IMAGES, image));
    }

}

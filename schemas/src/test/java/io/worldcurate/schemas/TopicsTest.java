package io.worldcurate.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.worldcurate.schemas.avro.CrawledImage;
import io.worldcurate.schemas.avro.CuratedImage;
import io.worldcurate.schemas.avro.DeadLetter;
import io.worldcurate.schemas.avro.LangImage;
import io.worldcurate.schemas.avro.LanguageThreshold;
import io.worldcurate.schemas.avro.MatchedImage;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

class TopicsTest {

  @Test
  void allListsTheSevenTopicsOnce() {
    assertThat(Topics.all()).hasSize(7);
    assertThat(Topics.all().stream().map(Topic::name).distinct()).hasSize(7);
    assertThat(Topics.all().stream().map(Topic::name)).containsExactly(
        "crawl.images", "curation.lid", "curation.matched", "curation.curated",
        "curation.thresholds", "curation.dlq", "curation.curated.replay");
    assertThat(Topics.all()).containsExactly(
        Topics.CRAWL_IMAGES_TOPIC, Topics.LID_TOPIC, Topics.MATCHED_TOPIC, Topics.CURATED_TOPIC,
        Topics.THRESHOLDS_TOPIC, Topics.DLQ_TOPIC, Topics.CURATED_REPLAY_TOPIC);
    assertThatThrownBy(() -> Topics.all().add(Topics.DLQ_TOPIC))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void nameConstantsMatchTheTopics() {
    assertThat(Topics.CRAWL_IMAGES_TOPIC.name()).isEqualTo(Topics.CRAWL_IMAGES).isEqualTo("crawl.images");
    assertThat(Topics.LID_TOPIC.name()).isEqualTo(Topics.LID).isEqualTo("curation.lid");
    assertThat(Topics.MATCHED_TOPIC.name()).isEqualTo(Topics.MATCHED).isEqualTo("curation.matched");
    assertThat(Topics.CURATED_TOPIC.name()).isEqualTo(Topics.CURATED).isEqualTo("curation.curated");
    assertThat(Topics.THRESHOLDS_TOPIC.name()).isEqualTo(Topics.THRESHOLDS).isEqualTo("curation.thresholds");
    assertThat(Topics.DLQ_TOPIC.name()).isEqualTo(Topics.DLQ).isEqualTo("curation.dlq");
    assertThat(Topics.CURATED_REPLAY_TOPIC.name()).isEqualTo(Topics.CURATED_REPLAY)
        .isEqualTo("curation.curated.replay");
  }

  @Test
  void onlyThresholdsIsCompacted() {
    assertThat(Topics.THRESHOLDS_TOPIC.configs()).containsExactly(Map.entry("cleanup.policy", "compact"));
    Topics.all().stream().filter(t -> t != Topics.THRESHOLDS_TOPIC)
        .forEach(t -> assertThat(t.configs()).as(t.name()).isEmpty());
    assertThatThrownBy(() -> Topics.THRESHOLDS_TOPIC.configs().put("retention.ms", "1"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void newTopicCarriesTheConfigs() {
    NewTopic thresholds = Topics.THRESHOLDS_TOPIC.newTopic(3, (short) 1);
    assertThat(thresholds.name()).isEqualTo("curation.thresholds");
    assertThat(thresholds.numPartitions()).isEqualTo(3);
    assertThat(thresholds.replicationFactor()).isEqualTo((short) 1);
    assertThat(thresholds.configs()).containsEntry("cleanup.policy", "compact");
    NewTopic dlq = Topics.DLQ_TOPIC.newTopic();
    assertThat(dlq.numPartitions()).isEqualTo(-1); // broker default
    assertThat(dlq.configs()).isEmpty();
  }

  @Test
  void newTopicWithALimitSetsMaxMessageBytesAndKeepsTheOtherConfigs() {
    NewTopic thresholds = Topics.THRESHOLDS_TOPIC.newTopic(2, (short) 1, 4096);
    assertThat(thresholds.configs()).containsEntry("cleanup.policy", "compact")
        .containsEntry("max.message.bytes", "4096");
    assertThat(Topics.LID_TOPIC.newTopic(1, (short) 1, Topics.DEFAULT_MAX_MESSAGE_BYTES).configs())
        .containsExactly(Map.entry("max.message.bytes", "1048576"));
    assertThatThrownBy(() -> Topics.DLQ_TOPIC.newTopic(1, (short) 1, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void valueSerdesAreForTheDocumentedRecords() {
    Map<String, Class<?>> expected = Map.of(
        Topics.CRAWL_IMAGES, CrawledImage.class,
        Topics.LID, LangImage.class,
        Topics.MATCHED, MatchedImage.class,
        Topics.CURATED, CuratedImage.class,
        Topics.CURATED_REPLAY, CuratedImage.class,
        Topics.THRESHOLDS, LanguageThreshold.class,
        Topics.DLQ, DeadLetter.class);
    for (Topic<?, ?> t : Topics.all()) {
      assertThat(t.valueSerde()).as(t.name()).isInstanceOf(AvroSerde.class);
      assertThat(((AvroSerde<?>) t.valueSerde()).type()).as(t.name()).isEqualTo(expected.get(t.name()));
    }
  }

  @Test
  void keysAreUtf8Strings() {
    for (Topic<?, ?> t : Topics.all()) {
      assertThat(t.keySerde()).as(t.name()).isInstanceOf(Serdes.StringSerde.class);
    }
    byte[] key = Topics.KEY_SERDE.serializer().serialize(Topics.THRESHOLDS, "zh");
    assertThat(key).isEqualTo("zh".getBytes(StandardCharsets.UTF_8));
    assertThat(Topics.KEY_SERDE.deserializer().deserialize(Topics.CRAWL_IMAGES,
        "3d4220d91d60ca5e6046254d".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("3d4220d91d60ca5e6046254d");
  }

  @Test
  void byNameFindsEveryTopicAndNothingElse() {
    for (Topic<?, ?> t : Topics.all()) {
      assertThat(Topics.byName(t.name())).contains(t);
    }
    assertThat(Topics.byName("curation")).isEmpty();
  }

  @Test
  void topicIsImmutableAndValidated() {
    Map<String, String> configs = new HashMap<>(Map.of("cleanup.policy", "compact"));
    Topic<String, String> t = new Topic<>("x", Serdes.String(), Serdes.String(), configs);
    configs.put("retention.ms", "1");
    assertThat(t.configs()).containsOnlyKeys("cleanup.policy");
    assertThatThrownBy(() -> new Topic<>(" ", Serdes.String(), Serdes.String()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Topic<>("x", null, Serdes.String()))
        .isInstanceOf(NullPointerException.class);
  }
}

package io.worldcurate.schemas;

import io.worldcurate.schemas.avro.CrawledImage;
import io.worldcurate.schemas.avro.CuratedImage;
import io.worldcurate.schemas.avro.DeadLetter;
import io.worldcurate.schemas.avro.LangImage;
import io.worldcurate.schemas.avro.LanguageThreshold;
import io.worldcurate.schemas.avro.MatchedImage;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The one place that defines every topic of the pipeline with its key and value serdes and its
 * topic configs. Services, the command line and tests take names and serdes from here only.
 *
 * <p>Keys are the image uuid as a UTF-8 string on every topic except {@link #THRESHOLDS}, keyed
 * by metadata language code. Values are Avro records in single-object encoding ({@link AvroSerde}).
 */
public final class Topics {

  private Topics() {}

  /** Raw crawled images, the pipeline's input. Key uuid, value {@link CrawledImage}. */
  public static final String CRAWL_IMAGES = "crawl.images";
  /** First image of each uuid with a metadata language per text. Key uuid, value {@link LangImage}. */
  public static final String LID = "curation.lid";
  /** Images with their matched texts and entry ids. Key uuid, value {@link MatchedImage}. */
  public static final String MATCHED = "curation.matched";
  /** Admitted images, online decisions. Key uuid, value {@link CuratedImage}. */
  public static final String CURATED = "curation.curated";
  /** Current threshold per language, compacted. Key metadata language code, value {@link LanguageThreshold}. */
  public static final String THRESHOLDS = "curation.thresholds";
  /** Records any stage rejected. Key the failed record's uuid when known, value {@link DeadLetter}. */
  public static final String DLQ = "curation.dlq";
  /** Admitted images re-decided with final counts (replay). Key uuid, value {@link CuratedImage}. */
  public static final String CURATED_REPLAY = "curation.curated.replay";

  /**
   * The {@code max.message.bytes} every topic of the pipeline is created with unless configured
   * otherwise ({@code curation.max-record-bytes}): 1 MiB, Kafka's usual limit. Stages reject inputs
   * above it and never write a record that would not fit in it.
   */
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 1_048_576;

  /** Serde of every key: a UTF-8 string. */
  public static final Serde<String> KEY_SERDE = Serdes.String();

  public static final AvroSerde<CrawledImage> CRAWLED_IMAGE_SERDE = AvroSerde.of(CrawledImage.class);
  public static final AvroSerde<LangImage> LANG_IMAGE_SERDE = AvroSerde.of(LangImage.class);
  public static final AvroSerde<MatchedImage> MATCHED_IMAGE_SERDE = AvroSerde.of(MatchedImage.class);
  public static final AvroSerde<CuratedImage> CURATED_IMAGE_SERDE = AvroSerde.of(CuratedImage.class);
  public static final AvroSerde<LanguageThreshold> LANGUAGE_THRESHOLD_SERDE =
      AvroSerde.of(LanguageThreshold.class);
  public static final AvroSerde<DeadLetter> DEAD_LETTER_SERDE = AvroSerde.of(DeadLetter.class);

  public static final Topic<String, CrawledImage> CRAWL_IMAGES_TOPIC =
      new Topic<>(CRAWL_IMAGES, KEY_SERDE, CRAWLED_IMAGE_SERDE);
  public static final Topic<String, LangImage> LID_TOPIC =
      new Topic<>(LID, KEY_SERDE, LANG_IMAGE_SERDE);
  public static final Topic<String, MatchedImage> MATCHED_TOPIC =
      new Topic<>(MATCHED, KEY_SERDE, MATCHED_IMAGE_SERDE);
  public static final Topic<String, CuratedImage> CURATED_TOPIC =
      new Topic<>(CURATED, KEY_SERDE, CURATED_IMAGE_SERDE);
  public static final Topic<String, LanguageThreshold> THRESHOLDS_TOPIC =
      new Topic<>(THRESHOLDS, KEY_SERDE, LANGUAGE_THRESHOLD_SERDE,
          Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
  public static final Topic<String, DeadLetter> DLQ_TOPIC =
      new Topic<>(DLQ, KEY_SERDE, DEAD_LETTER_SERDE);
  public static final Topic<String, CuratedImage> CURATED_REPLAY_TOPIC =
      new Topic<>(CURATED_REPLAY, KEY_SERDE, CURATED_IMAGE_SERDE);

  private static final List<Topic<?, ?>> ALL = List.of(
      CRAWL_IMAGES_TOPIC, LID_TOPIC, MATCHED_TOPIC, CURATED_TOPIC, THRESHOLDS_TOPIC, DLQ_TOPIC,
      CURATED_REPLAY_TOPIC);

  /** Every topic of the pipeline, in data-flow order (input first, then dlq and replay). */
  public static List<Topic<?, ?>> all() {
    return ALL;
  }

  /** The topic called {@code name}, if it is one of {@link #all()}. */
  public static Optional<Topic<?, ?>> byName(String name) {
    return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
  }
}

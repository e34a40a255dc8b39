package io.worldcurate.schemas;

import io.worldcurate.schemas.avro.CrawledImage;
import io.worldcurate.schemas.avro.CrawledText;
import io.worldcurate.schemas.avro.CuratedImage;
import io.worldcurate.schemas.avro.DeadLetter;
import io.worldcurate.schemas.avro.DecisionMode;
import io.worldcurate.schemas.avro.LangImage;
import io.worldcurate.schemas.avro.LangText;
import io.worldcurate.schemas.avro.LanguageThreshold;
import io.worldcurate.schemas.avro.MatchedImage;
import io.worldcurate.schemas.avro.MatchedText;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/** One fully populated record of each type, with non-ASCII text and every optional field set. */
final class Samples {

  private Samples() {}

  static final String UUID = "3d4220d91d60ca5e6046254d";

  static CrawledImage crawledImage() {
    return CrawledImage.newBuilder()
        .setUuid(UUID)
        .setUrl("https://img.example/tr/13974.jpg")
        .setPageUrl("https://img.example/tr/")
        .setTexts(List.of(
            new CrawledText("alt", "a red car in Paris", null),
            new CrawledText("title", "Paris 2019", "fr"),
            new CrawledText("alt", "红色汽车 — 東京", "")))
        .setIngestSeq(41L)
        .build();
  }

  static LangImage langImage() {
    return LangImage.newBuilder()
        .setUuid(UUID)
        .setUrl("https://img.example/tr/13974.jpg")
        .setPageUrl(null)
        .setTexts(List.of(
            new LangText("alt", "a red car in Paris", "en", true),
            new LangText("title", "Paris 2019", "fr", false),
            new LangText("alt", "???", "other", true)))
        .setIngestSeq(null)
        .build();
  }

  static MatchedImage matchedImage() {
    return MatchedImage.newBuilder()
        .setUuid(UUID)
        .setUrl("https://img.example/tr/13974.jpg")
        .setPageUrl("https://img.example/tr/")
        .setTexts(List.of(
            new MatchedText("alt", "a red car in Paris", "en", List.of(3, 42, 170001)),
            new MatchedText("alt", "红色汽车", "zh", List.of(0))))
        .setIngestSeq(Long.MAX_VALUE)
        .build();
  }

  static CuratedImage curatedImage(DecisionMode mode) {
    return CuratedImage.newBuilder()
        .setUuid(UUID)
        .setUrl("https://img.example/tr/13974.jpg")
        .setPageUrl("https://img.example/tr/")
        .setIngestSeq(7L)
        .setText("a red car in Paris")
        .setAttr("alt")
        .setLang("en")
        .setEntries(List.of(3, 42))
        .setProbability(1.0 - (1.0 - 0.25) * (1.0 - 1.0 / 3.0))
        .setCounts(List.of(680000L, 510000L))
        .setThreshold(170000L)
        .setMode(mode)
        .setDecidedAt(Instant.ofEpochMilli(1_750_000_000_123L))
        .build();
  }

  static LanguageThreshold languageThreshold() {
    return LanguageThreshold.newBuilder()
        .setLang("zh")
        .setThreshold(812L)
        .setTailRatio(0.0612345)
        .setMatchedTexts(1_234_567L)
        .setMatchedEntries(45_678L)
        .setMetadataEntries(500_000L)
        .setComputedAt(Instant.ofEpochMilli(1_750_000_001_000L))
        .build();
  }

  static DeadLetter deadLetter() {
    return DeadLetter.newBuilder()
        .setReason("cannot deserialize CrawledImage: no single-object header")
        .setStage("lid")
        .setSourceTopic(Topics.CRAWL_IMAGES)
        .setPartition(3)
        .setOffset(123_456_789_012L)
        .setOriginalKey(ByteBuffer.wrap(UUID.getBytes(StandardCharsets.UTF_8)))
        .setOriginalValue(ByteBuffer.wrap(new byte[] {'{', '"', 0, (byte) 0xFF}))
        .setFailedAt(Instant.ofEpochMilli(1_750_000_002_000L))
        .build();
  }

  /** A dead letter of a record that had neither key nor value. */
  static DeadLetter deadLetterWithoutBytes() {
    return DeadLetter.newBuilder(deadLetter()).setOriginalKey(null).setOriginalValue(null).build();
  }
}

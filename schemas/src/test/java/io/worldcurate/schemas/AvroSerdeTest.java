package io.worldcurate.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.worldcurate.schemas.avro.CrawledImage;
import io.worldcurate.schemas.avro.CuratedImage;
import io.worldcurate.schemas.avro.DecisionMode;
import io.worldcurate.schemas.avro.LangImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AvroSerdeTest {

  /** Every value topic with a sample record of its type. */
  static Stream<Arguments> samples() {
    return Stream.of(
        Arguments.of(Topics.CRAWL_IMAGES_TOPIC, Samples.crawledImage()),
        Arguments.of(Topics.LID_TOPIC, Samples.langImage()),
        Arguments.of(Topics.MATCHED_TOPIC, Samples.matchedImage()),
        Arguments.of(Topics.CURATED_TOPIC, Samples.curatedImage(DecisionMode.ONLINE)),
        Arguments.of(Topics.CURATED_REPLAY_TOPIC, Samples.curatedImage(DecisionMode.REPLAY)),
        Arguments.of(Topics.THRESHOLDS_TOPIC, Samples.languageThreshold()),
        Arguments.of(Topics.DLQ_TOPIC, Samples.deadLetter()),
        Arguments.of(Topics.DLQ_TOPIC, Samples.deadLetterWithoutBytes()));
  }

  @SuppressWarnings("unchecked")
  private static <V> byte[] write(Topic<?, V> topic, Object value) {
    return topic.valueSerde().serializer().serialize(topic.name(), (V) value);
  }

  private static Object read(Topic<?, ?> topic, byte[] bytes) {
    return topic.valueSerde().deserializer().deserialize(topic.name(), bytes);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void roundTripsEveryRecordThroughItsTopicSerde(Topic<?, ?> topic, SpecificRecord value) {
    byte[] bytes = write(topic, value);
    Object back = read(topic, bytes);

    assertThat(back).isInstanceOf(value.getClass()).isEqualTo(value).isNotSameAs(value);
    // the same bytes again: nothing is lost or added on the way
    assertThat(write(topic, back)).isEqualTo(bytes);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void writesTheSingleObjectHeaderWithTheSchemaFingerprint(Topic<?, ?> topic, SpecificRecord value)
      throws Exception {
    byte[] bytes = write(topic, value);

    assertThat(bytes[0]).isEqualTo((byte) 0xC3);
    assertThat(bytes[1]).isEqualTo((byte) 0x01);
    long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertThat(fingerprint)
        .isEqualTo(SchemaNormalization.parsingFingerprint64(value.getSchema()))
        .isEqualTo(((AvroSerde<?>) topic.valueSerde()).fingerprint());
    // interoperable with the generated class's own toByteBuffer()
    ByteBuffer own = (ByteBuffer) value.getClass().getMethod("toByteBuffer").invoke(value);
    byte[] ownBytes = new byte[own.remaining()];
    own.get(ownBytes);
    assertThat(bytes).isEqualTo(ownBytes);
  }

  @Test
  void keepsTimestampsAsInstantsAndEnumsAsEnums() {
    CuratedImage in = Samples.curatedImage(DecisionMode.REPLAY);
    CuratedImage out = Topics.CURATED_IMAGE_SERDE.deserialize(
        Topics.CURATED_REPLAY, Topics.CURATED_IMAGE_SERDE.serialize(Topics.CURATED_REPLAY, in));
    assertThat(out.getDecidedAt()).isEqualTo(in.getDecidedAt());
    assertThat(out.getDecidedAt().toEpochMilli()).isEqualTo(1_750_000_000_123L);
    assertThat(out.getMode()).isSameAs(DecisionMode.REPLAY);
    assertThat(out.getCounts()).containsExactly(680000L, 510000L);
  }

  @Test
  void nullIsATombstoneBothWays() {
    AvroSerde<CrawledImage> serde = Topics.CRAWLED_IMAGE_SERDE;
    assertThat(serde.serialize(Topics.CRAWL_IMAGES, null)).isNull();
    assertThat(serde.deserialize(Topics.CRAWL_IMAGES, null)).isNull();
    assertThat(serde.serializer().serialize(Topics.CRAWL_IMAGES, new RecordHeaders(), null)).isNull();
    assertThat(serde.deserializer().deserialize(Topics.CRAWL_IMAGES, new RecordHeaders(), (byte[]) null))
        .isNull();
  }

  @Test
  void deserializesThroughTheHeadersAndByteBufferVariants() {
    AvroSerde<CrawledImage> serde = Topics.CRAWLED_IMAGE_SERDE;
    byte[] bytes = serde.serialize(Topics.CRAWL_IMAGES, Samples.crawledImage());
    assertThat(serde.deserialize(Topics.CRAWL_IMAGES, new RecordHeaders(), ByteBuffer.wrap(bytes)))
        .isEqualTo(Samples.crawledImage());
  }

  static Stream<byte[]> garbage() {
    byte[] random = new byte[64];
    new Random(42).nextBytes(random);
    byte[] randomWithHeader = random.clone();
    randomWithHeader[0] = (byte) 0xC3;
    randomWithHeader[1] = 0x01;
    return Stream.of(
        new byte[0],
        new byte[] {(byte) 0xC3},
        new byte[] {(byte) 0xC3, 0x01},
        new byte[] {(byte) 0xC3, 0x01, 1, 2, 3},
        "{\"uuid\":\"a\",\"url\":\"b\",\"texts\":[]}".getBytes(StandardCharsets.UTF_8),
        Samples.UUID.getBytes(StandardCharsets.UTF_8),
        random,
        randomWithHeader);
  }

  @ParameterizedTest
  @MethodSource("garbage")
  void garbageFailsWithSerializationException(byte[] bytes) {
    assertThatThrownBy(() -> Topics.CRAWLED_IMAGE_SERDE.deserialize(Topics.CRAWL_IMAGES, bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("cannot deserialize CrawledImage from topic crawl.images")
        .hasMessageContaining(bytes.length + " bytes");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void everyTruncationFailsWithSerializationException(Topic<?, ?> topic, SpecificRecord value) {
    byte[] bytes = write(topic, value);
    for (int len = 0; len < bytes.length; len++) {
      byte[] cut = Arrays.copyOf(bytes, len);
      assertThatThrownBy(() -> read(topic, cut))
          .as("first %d of %d bytes", len, bytes.length)
          .isInstanceOf(SerializationException.class)
          .hasMessageContaining("cannot deserialize");
    }
  }

  @Test
  void trailingBytesFail() {
    byte[] bytes = Topics.CRAWLED_IMAGE_SERDE.serialize(Topics.CRAWL_IMAGES, Samples.crawledImage());
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
    assertThatThrownBy(() -> Topics.CRAWLED_IMAGE_SERDE.deserialize(Topics.CRAWL_IMAGES, longer))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("1 bytes left after the record");
  }

  @Test
  void aRecordOfAnotherTypeFailsNamingItsFingerprint() {
    byte[] lang = Topics.LANG_IMAGE_SERDE.serialize(Topics.LID, Samples.langImage());
    String fingerprint = String.format("%016x", Topics.LANG_IMAGE_SERDE.fingerprint());
    assertThatThrownBy(() -> Topics.CRAWLED_IMAGE_SERDE.deserialize(Topics.CRAWL_IMAGES, lang))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("writer schema fingerprint " + fingerprint)
        .hasMessageContaining("Cannot resolve schema for fingerprint");
  }

  /**
   * A message with a valid header whose body claims a huge string or array must fail as a
   * SerializationException: handed straight to Avro it allocates first and throws
   * OutOfMemoryError, which would kill the stream thread.
   */
  @Test
  void corruptLengthsFailWithoutAllocating() {
    long fp = Topics.CURATED_IMAGE_SERDE.fingerprint();
    ByteBuffer header = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN)
        .put((byte) 0xC3).put((byte) 0x01).putLong(fp);
    // uuid: a string of length Integer.MAX_VALUE - 10 (zig-zag varint), then nothing
    byte[] hugeString = concat(header.array(), varLong(Integer.MAX_VALUE - 10));
    // uuid "u", url "x", page_url null, ingest_seq null, text "t", attr "a", lang "en",
    // entries: a block claiming Integer.MAX_VALUE - 10 ints
    byte[] hugeArray = concat(header.array(),
        new byte[] {2, 'u', 2, 'x', 0, 0, 2, 't', 2, 'a', 4, 'e', 'n'},
        varLong(Integer.MAX_VALUE - 10));
    byte[] negativeLength = concat(header.array(), varLong(-5));
    for (byte[] bytes : List.of(hugeString, hugeArray, negativeLength)) {
      assertThatThrownBy(() -> Topics.CURATED_IMAGE_SERDE.deserialize(Topics.CURATED, bytes))
          .isInstanceOf(SerializationException.class)
          .hasMessageContaining("does not fit");
    }
  }

  @Test
  void aWrongEnumOrUnionIndexFails() {
    byte[] good = Topics.LANG_IMAGE_SERDE.serialize(Topics.LID, Samples.langImage());
    // byte 10.. : uuid (len 24 -> varint 48), uuid bytes, url ..., page_url union index
    int pageUrlIndex = 10 + 1 + 24 + 1 + "https://img.example/tr/13974.jpg".length();
    assertThat(good[pageUrlIndex]).isEqualTo((byte) 0); // null branch
    byte[] bad = good.clone();
    bad[pageUrlIndex] = 4; // branch 2 of a two-branch union
    assertThatThrownBy(() -> Topics.LANG_IMAGE_SERDE.deserialize(Topics.LID, bad))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("union index 2 out of range");

    byte[] curated = Topics.CURATED_IMAGE_SERDE.serialize(
        Topics.CURATED, Samples.curatedImage(DecisionMode.REPLAY));
    // mode is the second-to-last field; decided_at (a varint of 6 bytes here) follows it
    int modeIndex = curated.length - 7;
    assertThat(curated[modeIndex]).isEqualTo((byte) 2); // REPLAY = symbol 1
    byte[] badMode = curated.clone();
    badMode[modeIndex] = 4;
    assertThatThrownBy(() -> Topics.CURATED_IMAGE_SERDE.deserialize(Topics.CURATED, badMode))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("enum index 2 out of range");
  }

  @Test
  void serializingAnIncompleteRecordFailsWithSerializationException() {
    LangImage incomplete = new LangImage(); // uuid, url, texts are null but required
    assertThatThrownBy(() -> Topics.LANG_IMAGE_SERDE.serialize(Topics.LID, incomplete))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("cannot serialize LangImage for topic curation.lid");
  }

  private static byte[] varLong(long v) {
    long z = (v << 1) ^ (v >> 63);
    byte[] out = new byte[10];
    int n = 0;
    while ((z & ~0x7FL) != 0) {
      out[n++] = (byte) ((z & 0x7F) | 0x80);
      z >>>= 7;
    }
    out[n++] = (byte) z;
    return Arrays.copyOf(out, n);
  }

  private static byte[] concat(byte[]... parts) {
    int len = 0;
    for (byte[] p : parts) {
      len += p.length;
    }
    byte[] out = new byte[len];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }
}

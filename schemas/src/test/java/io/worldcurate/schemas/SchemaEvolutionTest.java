package io.worldcurate.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.worldcurate.schemas.avro.CrawledImage;
import io.worldcurate.schemas.avro.CrawledText;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;

/** Bytes written by an older build, with an older schema, are read by the current serde. */
class SchemaEvolutionTest {

  private static Schema v1() throws IOException {
    try (InputStream in = SchemaEvolutionTest.class.getClassLoader()
        .getResourceAsStream(SchemaHistory.resourceName("CrawledImage", 1))) {
      assertThat(in).as("schema-history/CrawledImage-v1.avsc on the class path").isNotNull();
      return new Schema.Parser().parse(in);
    }
  }

  /** A CrawledImage as a v1 writer produced it: no page_url, no ingest_seq. */
  private static byte[] writtenWithV1(Schema v1) throws IOException {
    Schema textSchema = v1.getField("texts").schema().getElementType();
    GenericRecord alt = new GenericData.Record(textSchema);
    alt.put("attr", "alt");
    alt.put("text", "a red car in Paris");
    alt.put("lang", null);
    GenericRecord title = new GenericData.Record(textSchema);
    title.put("attr", "title");
    title.put("text", "Paris 2019");
    title.put("lang", "fr");
    GenericRecord image = new GenericData.Record(v1);
    image.put("uuid", Samples.UUID);
    image.put("url", "https://img.example/tr/13974.jpg");
    image.put("texts", List.of(alt, title));
    ByteBuffer buffer = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(image);
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    return bytes;
  }

  @Test
  void v1IsARealOlderSchema() throws IOException {
    Schema v1 = v1();
    assertThat(v1.getFullName()).isEqualTo(CrawledImage.getClassSchema().getFullName());
    assertThat(v1.getField("page_url")).isNull();
    assertThat(v1.getField("ingest_seq")).isNull();
    assertThat(SchemaNormalization.parsingFingerprint64(v1))
        .isNotEqualTo(SchemaNormalization.parsingFingerprint64(CrawledImage.getClassSchema()));
  }

  @Test
  void bytesWrittenWithV1AreReadWithTheDefaultsFilledIn() throws IOException {
    Schema v1 = v1();
    byte[] bytes = writtenWithV1(v1);
    long written = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertThat(written).isEqualTo(SchemaNormalization.parsingFingerprint64(v1));

    CrawledImage image = Topics.CRAWLED_IMAGE_SERDE.deserialize(Topics.CRAWL_IMAGES, bytes);

    assertThat(image.getUuid()).isEqualTo(Samples.UUID);
    assertThat(image.getUrl()).isEqualTo("https://img.example/tr/13974.jpg");
    assertThat(image.getPageUrl()).isNull();
    assertThat(image.getIngestSeq()).isNull();
    assertThat(image.getTexts()).containsExactly(
        new CrawledText("alt", "a red car in Paris", null),
        new CrawledText("title", "Paris 2019", "fr"));
    // and it is written back with the current schema
    byte[] again = Topics.CRAWLED_IMAGE_SERDE.serialize(Topics.CRAWL_IMAGES, image);
    assertThat(ByteBuffer.wrap(again, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong())
        .isEqualTo(Topics.CRAWLED_IMAGE_SERDE.fingerprint());
  }

  @Test
  void withoutTheHistoryTheSameBytesCannotBeRead() throws IOException {
    // control: the generated class's plain decoder knows only the current schema
    byte[] bytes = writtenWithV1(v1());
    BinaryMessageDecoder<CrawledImage> plain = new BinaryMessageDecoder<>(
        SpecificData.getForClass(CrawledImage.class), CrawledImage.getClassSchema());
    assertThatThrownBy(() -> plain.decode(bytes)).isInstanceOf(MissingSchemaException.class);
    assertThatThrownBy(() -> CrawledImage.fromByteBuffer(ByteBuffer.wrap(bytes)))
        .isInstanceOf(MissingSchemaException.class);
  }

  @Test
  void theSerdeKnowsEveryStoredVersion() throws IOException {
    assertThat(Topics.CRAWLED_IMAGE_SERDE.history()).hasSize(2);
    assertThat(Topics.CRAWLED_IMAGE_SERDE.history().get(0)).isEqualTo(v1());
  }

  @Test
  void langImagesWrittenBeforeTheLidEngineFieldAreReadWithoutAnEngine() throws IOException {
    Schema v1;
    try (InputStream in = SchemaEvolutionTest.class.getClassLoader()
        .getResourceAsStream(SchemaHistory.resourceName("LangImage", 1))) {
      v1 = new Schema.Parser().parse(in);
    }
    assertThat(v1.getField("lid_engine")).isNull();
    GenericRecord text = new GenericData.Record(v1.getField("texts").schema().getElementType());
    text.put("attr", "alt");
    text.put("text", "ein Hund");
    text.put("lang", "de");
    text.put("detected", true);
    GenericRecord image = new GenericData.Record(v1);
    image.put("uuid", Samples.UUID);
    image.put("url", "https://img.example/1.jpg");
    image.put("texts", List.of(text));
    ByteBuffer buffer = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(image);
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);

    io.worldcurate.schemas.avro.LangImage read = Topics.LANG_IMAGE_SERDE.deserialize(Topics.LID, bytes);
    assertThat(read.getTexts().get(0).getLang()).isEqualTo("de");
    assertThat(read.getLidEngine()).isNull();
    read.setLidEngine("lingua-high");
    io.worldcurate.schemas.avro.LangImage again =
        Topics.LANG_IMAGE_SERDE.deserialize(Topics.LID, Topics.LANG_IMAGE_SERDE.serialize(Topics.LID, read));
    assertThat(again.getLidEngine()).isEqualTo("lingua-high");
  }
}

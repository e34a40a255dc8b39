package io.worldcurate.schemas;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde for a generated Avro record class, on Avro's single-object encoding: each message
 * is {@code C3 01}, the 8-byte little-endian CRC-64-AVRO fingerprint of the writer schema, then
 * the Avro binary body. No schema registry is involved.
 *
 * <p>The decoder knows the current schema of {@code T} and, through a {@link SchemaStore}, every
 * older version kept in {@link SchemaHistory}, so bytes written by an older build are read with
 * Avro schema resolution (new fields get their defaults).
 *
 * <p>Before decoding, the body is checked against its writer schema ({@link WireCheck}) so that
 * a corrupt length in a message with a valid header fails as a {@link SerializationException}
 * rather than as an {@link OutOfMemoryError}.
 *
 * <p>{@code null} serializes to {@code null} and {@code null} bytes deserialize to {@code null}
 * (tombstones). Bytes that cannot be decoded throw Kafka's {@link SerializationException}, which
 * the services route to the dead-letter topic.
 *
 * <p>Stateless after construction and thread-safe: one instance may be shared by any number of
 * producers, consumers and stream tasks; {@link #configure} and {@link #close} do nothing.
 *
 * @param <T> the generated record class
 */
public final class AvroSerde<T extends SpecificRecord>
    implements Serde<T>, Serializer<T>, Deserializer<T> {

  private static final byte MAGIC_0 = (byte) 0xC3;
  private static final byte MAGIC_1 = (byte) 0x01;
  private static final int HEADER_LENGTH = 10;

  private final Class<T> type;
  private final Schema schema;
  private final long fingerprint;
  private final List<Schema> history;
  private final BinaryMessageEncoder<T> encoder;
  private final SchemaStore.Cache store;
  private final BinaryMessageDecoder<T> decoder;

  private AvroSerde(Class<T> type) {
    this.type = Objects.requireNonNull(type, "type");
    // A model bound to the class's own loader, with the class's logical-type conversions
    // (timestamp-millis -> Instant). The generated MODEL$ has no loader and resolves record classes
    // through the thread's context loader, which under Quarkus can be another loader than the one
    // that loaded Avro: records then fail to cast to IndexedRecord.
    SpecificData generated = SpecificData.getForClass(type);
    SpecificData model = new SpecificData(type.getClassLoader());
    generated.getConversions().forEach(model::addLogicalTypeConversion);
    this.schema = generated.getSchema(type);
    if (schema == null || schema.getType() != Schema.Type.RECORD) {
      throw new IllegalArgumentException(type.getName() + " is not a generated Avro record class");
    }
    this.fingerprint = SchemaHistory.fingerprint(schema);
    this.history = SchemaHistory.load(schema);
    this.store = new SchemaStore.Cache();
    store.addSchema(schema);
    history.forEach(store::addSchema);
    this.encoder = new BinaryMessageEncoder<>(model, schema);
    this.decoder = new BinaryMessageDecoder<>(model, schema, store);
  }

  /** A serde for the generated record class {@code type}, reading every version in its history. */
  public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type) {
    return new AvroSerde<>(type);
  }

  /** The generated record class. */
  public Class<T> type() {
    return type;
  }

  /** The current (writer and reader) schema: the class's {@code SCHEMA$}. */
  public Schema schema() {
    return schema;
  }

  /** The stored versions of the schema that this serde can read, oldest first. */
  public List<Schema> history() {
    return history;
  }

  /** Fingerprint written in every message of the current schema. */
  public long fingerprint() {
    return fingerprint;
  }

  @Override
  public byte[] serialize(String topic, T data) {
    if (data == null) {
      return null;
    }
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream(256);
      encoder.encode(data, out);
      return out.toByteArray();
    } catch (IOException | RuntimeException e) {
      throw new SerializationException(
          "cannot serialize " + type.getSimpleName() + " for topic " + topic + ": " + e, e);
    }
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    if (hasHeader(data)) {
      Schema writer = store.findByFingerprint(fingerprintOf(data));
      if (writer != null) {
        try {
          WireCheck.check(writer, data, HEADER_LENGTH);
        } catch (WireCheck.CorruptBodyException e) {
          throw new SerializationException(describe(topic, data) + ": " + e.getMessage(), e);
        }
      }
    }
    // an unknown fingerprint or a bad header is reported by the decoder itself
    ByteArrayInputStream in = new ByteArrayInputStream(data);
    T value;
    try {
      value = decoder.decode(in, null);
    } catch (IOException | RuntimeException e) {
      throw new SerializationException(describe(topic, data) + ": " + e, e);
    }
    if (in.available() != 0) {
      throw new SerializationException(
          describe(topic, data) + ": " + in.available() + " bytes left after the record");
    }
    return value;
  }

  private String describe(String topic, byte[] data) {
    StringBuilder s = new StringBuilder("cannot deserialize ")
        .append(type.getSimpleName()).append(" from topic ").append(topic)
        .append(" (").append(data.length).append(" bytes, ");
    if (hasHeader(data)) {
      long fp = fingerprintOf(data);
      s.append("writer schema fingerprint ").append(String.format("%016x", fp))
          .append(fp == fingerprint ? " (current)" : "");
    } else {
      s.append("no single-object header C3 01");
    }
    return s.append(')').toString();
  }

  private static boolean hasHeader(byte[] data) {
    return data.length >= HEADER_LENGTH && data[0] == MAGIC_0 && data[1] == MAGIC_1;
  }

  /** The writer-schema fingerprint of a message with a header (8 bytes, little-endian). */
  private static long fingerprintOf(byte[] data) {
    long fp = 0;
    for (int i = HEADER_LENGTH - 1; i >= 2; i--) {
      fp = (fp << 8) | (data[i] & 0xFF);
    }
    return fp;
  }

  @Override
  public Serializer<T> serializer() {
    return this;
  }

  @Override
  public Deserializer<T> deserializer() {
    return this;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    // nothing to configure: the schemas are compiled in
  }

  @Override
  public void close() {
    // nothing to release
  }

  @Override
  public String toString() {
    return "AvroSerde[" + type.getSimpleName() + "]";
  }
}

package io.worldcurate.schemas;

import org.apache.avro.Schema;

/**
 * Walks an Avro binary body against its writer schema without building anything, checking that
 * every length, count and index is possible for the bytes that are there and that the body ends
 * exactly at the end of the message.
 *
 * <p>Avro's decoder allocates a string, bytes or array of the length a message declares before
 * it reads the content, so a corrupt message of twenty bytes that claims a 2 GB string throws
 * {@link OutOfMemoryError}, which would stop a stream thread. Checked here first, such a message
 * fails with a {@link CorruptBodyException} instead, and the decoder that runs next only ever
 * allocates in proportion to the message's size.
 */
final class WireCheck {

  /** Most zero-byte items (nulls, empty records) an array or map may claim. */
  static final int MAX_ZERO_SIZE_ITEMS = 1 << 16;

  /** The body does not fit its writer schema. */
  static final class CorruptBodyException extends Exception {
    CorruptBodyException(String message) {
      super(message);
    }
  }

  private static final Schema MAP_KEY = Schema.create(Schema.Type.STRING);

  private final byte[] data;
  private int pos;

  private WireCheck(byte[] data, int offset) {
    this.data = data;
    this.pos = offset;
  }

  /** Checks that {@code data[offset..]} is exactly one datum of {@code writer}. */
  static void check(Schema writer, byte[] data, int offset) throws CorruptBodyException {
    WireCheck w = new WireCheck(data, offset);
    w.walk(writer);
    if (w.pos != data.length) {
      throw new CorruptBodyException((data.length - w.pos) + " bytes left after the record");
    }
  }

  private int left() {
    return data.length - pos;
  }

  private void walk(Schema s) throws CorruptBodyException {
    switch (s.getType()) {
      case NULL -> { }
      case BOOLEAN -> skip(1, "boolean");
      case INT -> readVarLong(5, "int");
      case LONG -> readVarLong(10, "long");
      case FLOAT -> skip(4, "float");
      case DOUBLE -> skip(8, "double");
      case FIXED -> skip(s.getFixedSize(), s.getFullName());
      case STRING, BYTES -> {
        long len = readVarLong(10, "length");
        if (len < 0 || len > left()) {
          throw corrupt(s.getType().getName() + " of length " + len);
        }
        pos += (int) len;
      }
      case ENUM -> {
        long i = readVarLong(5, "enum index");
        if (i < 0 || i >= s.getEnumSymbols().size()) {
          throw new CorruptBodyException("enum index " + i + " out of range for " + s.getFullName());
        }
      }
      case UNION -> {
        long i = readVarLong(5, "union index");
        if (i < 0 || i >= s.getTypes().size()) {
          throw new CorruptBodyException("union index " + i + " out of range for " + s);
        }
        walk(s.getTypes().get((int) i));
      }
      case RECORD -> {
        for (Schema.Field f : s.getFields()) {
          walk(f.schema());
        }
      }
      case ARRAY -> blocks(s.getElementType(), false);
      case MAP -> blocks(s.getValueType(), true);
      default -> throw new CorruptBodyException("unsupported type " + s.getType());
    }
  }

  private void blocks(Schema item, boolean keyed) throws CorruptBodyException {
    long min = minSize(item) + (keyed ? 1 : 0);
    long total = 0;
    for (long n = readVarLong(10, "block count"); n != 0; n = readVarLong(10, "block count")) {
      if (n < 0) {
        n = -n;
        long size = readVarLong(10, "block size");
        if (size < 0 || size > left()) {
          throw corrupt("block of " + size + " bytes");
        }
      }
      total += n;
      if (n < 0 || (min > 0 ? n > left() / min : total > MAX_ZERO_SIZE_ITEMS)) {
        throw corrupt("block of " + n + " items");
      }
      for (long i = 0; i < n; i++) {
        if (keyed) {
          walk(MAP_KEY);
        }
        walk(item);
      }
    }
  }

  /** Fewest bytes a datum of {@code s} can take. */
  private static long minSize(Schema s) {
    return switch (s.getType()) {
      case NULL -> 0;
      case FLOAT -> 4;
      case DOUBLE -> 8;
      case FIXED -> s.getFixedSize();
      case RECORD -> s.getFields().stream().mapToLong(f -> minSize(f.schema())).sum();
      default -> 1;
    };
  }

  private CorruptBodyException corrupt(String what) {
    return new CorruptBodyException(what + " at byte " + pos + " does not fit the " + left()
        + " bytes left (truncated or corrupt message)");
  }

  private void skip(int n, String what) throws CorruptBodyException {
    if (n > left()) {
      throw new CorruptBodyException(
          "message ends inside a " + what + " at byte " + pos + " (truncated)");
    }
    pos += n;
  }

  /** Reads a zig-zag varint of at most {@code maxBytes} bytes. */
  private long readVarLong(int maxBytes, String what) throws CorruptBodyException {
    long raw = 0;
    for (int i = 0; i < maxBytes; i++) {
      if (pos >= data.length) {
        throw new CorruptBodyException(
            "message ends inside a " + what + " at byte " + pos + " (truncated)");
      }
      int b = data[pos++] & 0xFF;
      raw |= (long) (b & 0x7F) << (7 * i);
      if ((b & 0x80) == 0) {
        return (raw >>> 1) ^ -(raw & 1);
      }
    }
    throw new CorruptBodyException("invalid " + what + " encoding at byte " + pos);
  }
}

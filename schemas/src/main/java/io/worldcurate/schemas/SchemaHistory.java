package io.worldcurate.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaNormalization;

/**
 * The published versions of a record's schema, kept as class-path resources
 * {@code schema-history/<Record>-v<N>.avsc} with N = 1, 2, 3, ... without gaps, the highest
 * being the current schema.
 *
 * <p>Every message carries the fingerprint of the schema it was written with; the decoder can
 * only read messages whose writer schema it knows. Keeping every version here is what lets a new
 * build read bytes written by an old one (still sitting in a topic, a changelog or a DLQ).
 */
public final class SchemaHistory {

  /** Class-path folder that holds the schema versions. */
  public static final String RESOURCE_DIR = "schema-history";

  private SchemaHistory() {}

  /** Resource name of version {@code version} (1-based) of record {@code recordName} (simple name). */
  public static String resourceName(String recordName, int version) {
    return RESOURCE_DIR + "/" + recordName + "-v" + version + ".avsc";
  }

  /**
   * Loads every stored version of {@code current}'s record, oldest first (index 0 is v1).
   *
   * @throws IllegalStateException if a stored version names another record or cannot be read
   *     by {@code current} (that would make old bytes unreadable: fix the new schema, e.g. give
   *     the new field a default)
   */
  public static List<Schema> load(Schema current) {
    return load(current, SchemaHistory.class.getClassLoader());
  }

  static List<Schema> load(Schema current, ClassLoader loader) {
    List<Schema> versions = new ArrayList<>();
    for (int v = 1; ; v++) {
      String name = resourceName(current.getName(), v);
      URL url = loader.getResource(name);
      if (url == null) {
        break;
      }
      Schema old = parse(url, name);
      if (!old.getFullName().equals(current.getFullName())) {
        throw new IllegalStateException(
            name + " defines " + old.getFullName() + ", expected " + current.getFullName());
      }
      SchemaCompatibility.SchemaPairCompatibility compat =
          SchemaCompatibility.checkReaderWriterCompatibility(current, old);
      if (compat.getType() != SchemaCompatibilityType.COMPATIBLE) {
        throw new IllegalStateException(
            "the current schema of " + current.getFullName() + " cannot read data written with "
                + name + ": " + compat.getDescription());
      }
      versions.add(old);
    }
    return List.copyOf(versions);
  }

  /** The 64-bit Rabin fingerprint of the schema's parsing canonical form, as written on the wire. */
  public static long fingerprint(Schema schema) {
    return SchemaNormalization.parsingFingerprint64(schema);
  }

  private static Schema parse(URL url, String name) {
    try (InputStream in = url.openStream()) {
      // a fresh parser per file: every version defines the same names
      return new Schema.Parser().parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name, e);
    } catch (RuntimeException e) {
      throw new IllegalStateException("cannot parse " + name + ": " + e.getMessage(), e);
    }
  }
}

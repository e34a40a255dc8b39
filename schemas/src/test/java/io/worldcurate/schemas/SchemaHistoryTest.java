package io.worldcurate.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Guards the rules of schema evolution: every published version is kept, the newest kept
 * version is the current schema, every version can be read by the current one, and every
 * field is documented.
 */
class SchemaHistoryTest {

  private static final Path HISTORY_DIR = Path.of("src/main/resources/schema-history");
  private static final Path AVRO_DIR = Path.of("src/main/avro");
  private static final Pattern FILE = Pattern.compile("(\\w+)-v(\\d+)\\.avsc");

  static Stream<AvroSerde<?>> serdes() {
    return Stream.of(Topics.CRAWLED_IMAGE_SERDE, Topics.LANG_IMAGE_SERDE,
        Topics.MATCHED_IMAGE_SERDE, Topics.CURATED_IMAGE_SERDE, Topics.LANGUAGE_THRESHOLD_SERDE,
        Topics.DEAD_LETTER_SERDE);
  }

  @Test
  void everyTopLevelSchemaHasASerde() throws IOException {
    Set<String> records = new HashSet<>();
    try (Stream<Path> files = Files.list(AVRO_DIR)) {
      files.forEach(f -> records.add(f.getFileName().toString().replace(".avsc", "")));
    }
    assertThat(serdes().map(s -> s.type().getSimpleName())).containsExactlyInAnyOrderElementsOf(records);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("serdes")
  void historyIsContiguousAndEndsWithTheCurrentSchema(AvroSerde<?> serde) throws IOException {
    String record = serde.type().getSimpleName();
    List<Integer> versions = new ArrayList<>();
    try (Stream<Path> files = Files.list(HISTORY_DIR)) {
      files.forEach(f -> {
        Matcher m = FILE.matcher(f.getFileName().toString());
        assertThat(m.matches()).as("file name %s", f.getFileName()).isTrue();
        if (m.group(1).equals(record)) {
          versions.add(Integer.parseInt(m.group(2)));
        }
      });
    }
    versions.sort(null);
    assertThat(versions).as("versions of %s, numbered from 1 without gaps", record)
        .isNotEmpty()
        .isEqualTo(java.util.stream.IntStream.rangeClosed(1, versions.size()).boxed().toList());
    // the serde loaded every file
    assertThat(serde.history()).hasSize(versions.size());
    // the newest stored version is what this build writes: a changed .avsc needs a new vN file
    Schema newest = serde.history().get(serde.history().size() - 1);
    assertThat(SchemaHistory.fingerprint(newest))
        .as("%s: src/main/avro/%s.avsc changed on the wire; copy it to %s",
            record, record, SchemaHistory.resourceName(record, versions.size() + 1))
        .isEqualTo(serde.fingerprint());
    // versions differ on the wire, otherwise a version is redundant
    assertThat(serde.history().stream().map(SchemaHistory::fingerprint).distinct().count())
        .isEqualTo(serde.history().size());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("serdes")
  void everyRecordAndFieldHasADoc(AvroSerde<?> serde) {
    assertDocumented(serde.schema(), new HashSet<>());
  }

  private static void assertDocumented(Schema s, Set<String> seen) {
    switch (s.getType()) {
      case RECORD -> {
        if (!seen.add(s.getFullName())) {
          return;
        }
        assertThat(s.getDoc()).as("doc of record %s", s.getFullName()).isNotBlank();
        for (Schema.Field f : s.getFields()) {
          assertThat(f.doc()).as("doc of %s.%s", s.getName(), f.name()).isNotBlank();
          assertDocumented(f.schema(), seen);
        }
      }
      case ENUM -> assertThat(s.getDoc()).as("doc of enum %s", s.getFullName()).isNotBlank();
      case ARRAY -> assertDocumented(s.getElementType(), seen);
      case MAP -> assertDocumented(s.getValueType(), seen);
      case UNION -> s.getTypes().forEach(t -> assertDocumented(t, seen));
      default -> { }
    }
  }

  @Test
  void aStoredVersionTheCurrentSchemaCannotReadIsRejected(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve(SchemaHistory.RESOURCE_DIR));
    // an old version with a field the current one lacks is fine (it is skipped) ...
    Files.writeString(dir.resolve(SchemaHistory.resourceName("Thing", 1)), """
        {"type": "record", "name": "Thing", "namespace": "t",
         "fields": [{"name": "a", "type": "string"}, {"name": "gone", "type": "int"}]}""");
    // ... but the current schema adds "b" without a default: v2 data has no b to read
    Files.writeString(dir.resolve(SchemaHistory.resourceName("Thing", 2)), """
        {"type": "record", "name": "Thing", "namespace": "t",
         "fields": [{"name": "a", "type": "string"}]}""");
    Schema current = new Schema.Parser().parse("""
        {"type": "record", "name": "Thing", "namespace": "t",
         "fields": [{"name": "a", "type": "string"}, {"name": "b", "type": "long"}]}""");
    Schema fixed = new Schema.Parser().parse("""
        {"type": "record", "name": "Thing", "namespace": "t",
         "fields": [{"name": "a", "type": "string"},
                    {"name": "b", "type": "long", "default": 0}]}""");
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
      assertThatThrownBy(() -> SchemaHistory.load(current, loader))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("cannot read data written with schema-history/Thing-v1.avsc");
      assertThat(SchemaHistory.load(fixed, loader)).hasSize(2);
    }
  }

  @Test
  void aStoredVersionOfAnotherRecordIsRejected(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve(SchemaHistory.RESOURCE_DIR));
    Files.writeString(dir.resolve(SchemaHistory.resourceName("Thing", 1)), """
        {"type": "record", "name": "Other", "namespace": "t", "fields": []}""");
    Schema current = new Schema.Parser().parse("""
        {"type": "record", "name": "Thing", "namespace": "t", "fields": []}""");
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
      assertThatThrownBy(() -> SchemaHistory.load(current, loader))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("defines t.Other, expected t.Thing");
    }
  }
}

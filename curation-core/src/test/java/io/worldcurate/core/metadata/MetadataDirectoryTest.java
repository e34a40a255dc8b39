package io.worldcurate.core.metadata;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetadataDirectoryTest {

    @TempDir
    Path dir;

    @Test
    void listsLanguagesAndLoadsLazily() throws IOException {
        Files.writeString(dir.resolve("en.json"), "[\"dog\", \"cat\"]");
        Files.writeString(dir.resolve("broken.json"), "[\"dog\", ");
        Files.writeString(dir.resolve("notes.txt"), "ignored");
        MetadataDirectory md = new MetadataDirectory(dir);
        assertThat(md.languages()).containsExactly("broken", "en");
        assertThat(md.has("en")).isTrue();
        assertThat(md.has("fr")).isFalse();
        // the broken file is not read until asked for
        assertThat(md.get("en").entries()).containsExactly("dog", "cat");
        assertThat(md.get("en")).isSameAs(md.get("en"));
        assertThatThrownBy(() -> md.get("fr")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fr.json");
    }

    @Test
    void countsEntriesWithoutLoadingThem() throws IOException {
        Files.writeString(dir.resolve("en.json"), "[\"dog\", \"\", \"dog\", \"cat\"]");
        Files.writeString(dir.resolve("fr.json"), "[\"chien\", 42]");
        List<MetadataReport> reports = new ArrayList<>();
        MetadataDirectory md = new MetadataDirectory(dir, reports::add);
        // blanks and repeats count (entry ids are positions), and nothing is loaded, so nothing is reported yet
        assertThat(md.entries("en")).isEqualTo(4);
        assertThat(reports).isEmpty();
        assertThat(md.get("en").size()).isEqualTo(md.entries("en"));
        assertThat(reports).hasSize(1);
        // checked as a load checks it
        assertThatThrownBy(() -> md.entries("fr")).isInstanceOf(MetadataException.class)
                .hasMessageContaining("fr.json").hasMessageContaining("entry 1 is a number");
        assertThatThrownBy(() -> md.entries("de")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("de.json");
    }

    @Test
    void malformedFileNamesFileAndPosition() throws IOException {
        Files.writeString(dir.resolve("de.json"), "[\"Hund\",\n \"Katze\"\n \"Maus\"]");
        MetadataDirectory md = new MetadataDirectory(dir);
        assertThatThrownBy(() -> md.get("de"))
                .isInstanceOf(MetadataException.class)
                .hasMessageContaining("de.json")
                .hasMessageContaining("line 3")
                .hasMessageContaining("column");
    }

    @Test
    void nonStringEntryIsAnError() throws IOException {
        Files.writeString(dir.resolve("fr.json"), "[\"chien\", 42]");
        assertThatThrownBy(() -> new MetadataDirectory(dir).get("fr"))
                .isInstanceOf(MetadataException.class)
                .hasMessageContaining("fr.json")
                .hasMessageContaining("entry 1 is a number")
                .hasMessageContaining("line 1, column 11");
    }

    @Test
    void notAnArrayIsAnError() throws IOException {
        Files.writeString(dir.resolve("it.json"), "{\"cane\": 1}");
        assertThatThrownBy(() -> new MetadataDirectory(dir).get("it"))
                .isInstanceOf(MetadataException.class).hasMessageContaining("it.json").hasMessageContaining("array");
    }

    @Test
    void missingDirectoryIsAnError() {
        assertThatThrownBy(() -> new MetadataDirectory(dir.resolve("nope")))
                .isInstanceOf(MetadataException.class).hasMessageContaining("nope");
    }

    @Test
    void blankAndRepeatedEntriesAreReportedOncePerFile() throws IOException {
        Files.writeString(dir.resolve("es.json"), "[\"perro\", \"\", \"gato\", \"perro\", \"  \", \"perro\", \"\\u00a0\"]");
        Files.writeString(dir.resolve("pt.json"), "[\"cão\"]");
        List<MetadataReport> reports = new ArrayList<>();
        MetadataDirectory md = new MetadataDirectory(dir, reports::add);
        md.get("es");
        md.get("es");
        md.get("pt");
        assertThat(reports).hasSize(1);
        MetadataReport r = reports.get(0);
        assertThat(r.language()).isEqualTo("es");
        assertThat(r.entries()).isEqualTo(7);
        assertThat(r.blankEntries()).isEqualTo(3);
        assertThat(r.repeatedEntries()).isEqualTo(2);
        assertThat(r.toString()).contains("es.json");
    }

    @Test
    void spacedEntriesSkipBlanksAndKeepFirstIds() {
        LanguageMetadata m = new LanguageMetadata("es", List.of("perro", "", "gato", "perro", " "), Path.of("es.json"));
        Map<String, Integer> spaced = m.spacedEntries();
        assertThat(spaced).containsExactly(Map.entry(" perro ", 0), Map.entry(" gato ", 2));
        assertThat(m.size()).isEqualTo(5);
    }

    @Test
    void supplementaryAndEscapedCharactersSurviveLoading() throws IOException {
        Files.writeString(dir.resolve("zh.json"), "[\"\\ud840\\udc00\", \"𠀁\"]");
        LanguageMetadata m = new MetadataDirectory(dir).get("zh");
        assertThat(m.entry(0)).isEqualTo(new String(Character.toChars(0x20000)));
        assertThat(m.entry(1)).isEqualTo(new String(Character.toChars(0x20001)));
    }
}

package io.worldcurate.metadata;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedMetadataTest {

    /** Each resource's bytes have the manifest's SHA-256 and size, and its array the manifest's entry count. */
    @Test
    void manifestMatchesTheResources() throws IOException {
        MetadataManifest m = EmbeddedMetadata.manifest();
        assertThat(m.languages()).hasSize(232);
        assertThat(m.totalEntries()).isEqualTo(1_852_807L);
        for (MetadataManifest.LanguageFile f : m.languages().values()) {
            byte[] bytes;
            try (InputStream in = EmbeddedMetadata.open(f.code())) {
                bytes = in.readAllBytes();
            }
            assertThat(bytes.length).as(f.code()).isEqualTo(f.bytes());
            assertThat(UpdateMetadata.sha256(bytes)).as(f.code()).isEqualTo(f.sha256());
            assertThat(UpdateMetadata.countEntries(bytes, Path.of(f.code()))).as(f.code()).isEqualTo(f.entries());
        }
    }

    /** The copy equals the shared originals byte for byte, where they are present. */
    @Test
    void resourcesEqualTheSharedOriginals() throws IOException {
        Path shared = Path.of(System.getProperty("curation.data.dir", "../../shared/data"), "metadata");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(shared), "no shared metadata at " + shared + "; skipped");
        for (String code : List.of("en", "zh", "ja", "ab", "zza")) {
            try (InputStream in = EmbeddedMetadata.open(code)) {
                assertThat(in.readAllBytes()).as(code).isEqualTo(Files.readAllBytes(shared.resolve(code + ".json")));
            }
        }
    }

    @Test
    void unknownLanguageIsAClearError() {
        assertThatThrownBy(() -> EmbeddedMetadata.open("xx")).hasMessageContaining("has no language xx")
                .hasMessageContaining("worldcurate-metadata 1");
    }

    @Test
    void updateCopiesAndRefusesBadFiles(@org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("en.json"), "[\"a\", \"b\"]");
        Files.writeString(src.resolve("fr.json"), "[\"c\"]");
        MetadataManifest m = UpdateMetadata.update(src, tmp.resolve("out"), "7", "test");
        assertThat(m.codes()).containsExactly("en", "fr");
        assertThat(m.language("en").orElseThrow().entries()).isEqualTo(2);
        try (var r = Files.newBufferedReader(tmp.resolve("out").resolve(EmbeddedMetadata.MANIFEST))) {
            assertThat(MetadataManifest.read(r)).isEqualTo(m);
        }
        Files.writeString(src.resolve("de.json"), "[\"a\", 3]");
        assertThatThrownBy(() -> UpdateMetadata.update(src, tmp.resolve("out2"), "7", "test"))
                .hasMessageContaining("entry 1 is not a string");
    }
}

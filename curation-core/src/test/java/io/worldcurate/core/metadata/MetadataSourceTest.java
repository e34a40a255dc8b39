package io.worldcurate.core.metadata;

import io.worldcurate.core.RealData;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetadataSourceTest {

    @TempDir
    Path dir;

    private static String sha256(byte[] b) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void withoutADirectoryTheEmbeddedSetIsUsed() {
        MetadataSource m = MetadataSource.open(null, r -> { });
        assertThat(m).isSameAs(MetadataSource.embedded());
        assertThat(m.description()).startsWith("embedded worldcurate-metadata ");
        assertThat(m.languages()).hasSize(232).contains("en", "zh", "ja", "nan", "zza");
        LanguageMetadata en = m.get("en");
        assertThat(en.size()).isEqualTo(m.entries("en")).isGreaterThan(100_000);
        assertThat(en.report().hasFindings()).isFalse();
        assertThat(m.sha256("en")).hasSize(64).isNotEqualTo(m.sha256("de"));
        assertThatThrownBy(() -> m.get("xx")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("embedded");
    }

    @Test
    void aMissingDirectoryIsAnErrorNotAFallback() {
        assertThatThrownBy(() -> MetadataSource.open(dir.resolve("nope"), r -> { }))
                .isInstanceOf(MetadataException.class).hasMessageContaining("nope").hasMessageContaining("does not exist");
    }

    @Test
    void directorySha256IsThatOfTheFileBytes() throws Exception {
        byte[] bytes = "[\"chien\", \"chat\"]\n".getBytes(StandardCharsets.UTF_8);
        Files.write(dir.resolve("fr.json"), bytes);
        MetadataSource m = MetadataSource.open(dir, r -> { });
        assertThat(m.description()).isEqualTo(dir.toAbsolutePath().normalize().toString());
        assertThat(m.sha256("fr")).isEqualTo(sha256(bytes));
        assertThat(m.entries("fr")).isEqualTo(2);
        assertThatThrownBy(() -> m.sha256("de")).isInstanceOf(IllegalArgumentException.class);
    }

    /** The embedded set holds the shared originals: same languages, same SHA-256s, same entries. */
    @Test
    void embeddedEqualsTheSharedDirectory() throws IOException {
        Path shared = RealData.metadataDir();
        Assumptions.assumeTrue(Files.isDirectory(shared), "no shared metadata at " + shared + "; skipped");
        MetadataSource embedded = MetadataSource.embedded();
        MetadataSource directory = new MetadataDirectory(shared);
        assertThat(embedded.languages()).isEqualTo(directory.languages());
        for (String lang : embedded.languages()) {
            assertThat(embedded.sha256(lang)).as(lang).isEqualTo(directory.sha256(lang));
        }
        for (String lang : new String[] {"en", "zh", "ab"}) {
            assertThat(embedded.get(lang).entries()).as(lang).isEqualTo(directory.get(lang).entries());
        }
    }
}

package io.worldcurate.core.metadata;

import io.worldcurate.metadata.EmbeddedMetadata;
import io.worldcurate.metadata.MetadataManifest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The metadata set packaged in the worldcurate metadata jar (module {@code metadata}). Counts and SHA-256s
 * come from its manifest; a language is parsed on first use and kept for the life of the process.
 * The set has no blank or repeated entries, so it never reports.
 */
public final class EmbeddedMetadataSource implements MetadataSource {

    private static volatile EmbeddedMetadataSource shared;

    private final MetadataManifest manifest;
    private final Set<String> languages;
    private final ConcurrentHashMap<String, LanguageMetadata> loaded = new ConcurrentHashMap<>();

    private EmbeddedMetadataSource(MetadataManifest manifest) {
        this.manifest = manifest;
        this.languages = Collections.unmodifiableSet(new TreeSet<>(manifest.languages().keySet()));
    }

    static EmbeddedMetadataSource get() {
        EmbeddedMetadataSource s = shared;
        if (s == null) {
            synchronized (EmbeddedMetadataSource.class) {
                s = shared;
                if (s == null) {
                    s = new EmbeddedMetadataSource(EmbeddedMetadata.manifest());
                    shared = s;
                }
            }
        }
        return s;
    }

    /** The version that fixes the entry ids of this set. */
    public String version() {
        return manifest.version();
    }

    public MetadataManifest manifest() {
        return manifest;
    }

    @Override
    public Set<String> languages() {
        return languages;
    }

    @Override
    public LanguageMetadata get(String language) {
        if (!has(language)) {
            throw new IllegalArgumentException("no language " + language + " in the " + description());
        }
        return loaded.computeIfAbsent(language, lang -> {
            try (InputStream in = EmbeddedMetadata.open(lang)) {
                return LanguageMetadata.read(lang, in, Path.of(lang + ".json"), description() + " " + lang + ".json");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Override
    public int entries(String language) {
        return manifest.language(language)
                .orElseThrow(() -> new IllegalArgumentException("no language " + language + " in the " + description()))
                .entries();
    }

    @Override
    public String sha256(String language) {
        return manifest.language(language)
                .orElseThrow(() -> new IllegalArgumentException("no language " + language + " in the " + description()))
                .sha256();
    }

    @Override
    public String description() {
        return "embedded " + EmbeddedMetadata.name();
    }

    @Override
    public String toString() {
        return description();
    }
}

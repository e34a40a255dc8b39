package io.worldcurate.core.metadata;

import java.nio.file.Path;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A set of metadata languages, each a JSON array of strings whose index is the entry id (spec section 3):
 * the embedded set ({@link EmbeddedMetadataSource}, the default) or a directory of {@code <lang>.json}
 * files ({@link MetadataDirectory}). Languages are loaded on first use and then kept; safe for concurrent use.
 *
 * <p>Entry ids are positions in a set, so counts made with one set mean nothing with another.
 */
public interface MetadataSource {

    /** The metadata language codes present, sorted. */
    Set<String> languages();

    default boolean has(String language) {
        return languages().contains(language);
    }

    /**
     * The metadata of {@code language}, loaded on first call.
     *
     * @throws IllegalArgumentException when the set has no such language
     * @throws MetadataException when its file is malformed
     */
    LanguageMetadata get(String language);

    /** Number of entries of {@code language} (blanks and repeats included). */
    default int entries(String language) {
        return get(language).size();
    }

    /** SHA-256 (lower-case hex) of {@code language}'s JSON bytes: with the language, it identifies its entries. */
    String sha256(String language);

    /** What this set is, for people: "embedded worldcurate-metadata 1", or the directory's path. */
    String description();

    /** The embedded set, shared by the process. */
    static MetadataSource embedded() {
        return EmbeddedMetadataSource.get();
    }

    /**
     * {@code directory} when given (a missing one is an error, never a fallback), else the embedded set.
     *
     * @param reports told once per loaded file that has blank or repeated entries
     * @throws MetadataException when {@code directory} is given and is not a directory
     */
    static MetadataSource open(Path directory, Consumer<MetadataReport> reports) {
        return directory == null ? embedded() : new MetadataDirectory(directory, reports);
    }
}

package io.worldcurate.core.metadata;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A directory of {@code <lang>.json} metadata files, each loaded on first use and then kept.
 * Safe for concurrent use.
 */
public final class MetadataDirectory {

    private final Path dir;
    private final Set<String> languages;
    private final ConcurrentHashMap<String, LanguageMetadata> loaded = new ConcurrentHashMap<>();
    private final Consumer<MetadataReport> reports;

    /**
     * @param reports told once per loaded file that has blank or repeated entries
     */
    public MetadataDirectory(Path dir, Consumer<MetadataReport> reports) {
        if (!Files.isDirectory(dir)) {
            throw new MetadataException("metadata directory " + dir.toAbsolutePath() + " does not exist or is not a directory");
        }
        this.dir = dir;
        this.reports = reports;
        Set<String> langs = new TreeSet<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".json") && n.length() > ".json".length())
                    .forEach(n -> langs.add(n.substring(0, n.length() - ".json".length())));
        } catch (IOException e) {
            throw new MetadataException("cannot list metadata directory " + dir + ": " + e.getMessage(), e);
        }
        this.languages = Collections.unmodifiableSet(langs);
    }

    public MetadataDirectory(Path dir) {
        this(dir, r -> { });
    }

    public Path path() {
        return dir;
    }

    /** The metadata language codes present, sorted. */
    public Set<String> languages() {
        return languages;
    }

    public boolean has(String language) {
        return languages.contains(language);
    }

    /**
     * The metadata of {@code language}, loaded on first call.
     *
     * @throws IllegalArgumentException when the directory has no file for it
     * @throws MetadataException when its file is malformed
     */
    public LanguageMetadata get(String language) {
        if (!has(language)) {
            throw new IllegalArgumentException("no metadata file " + language + ".json in " + dir);
        }
        return loaded.computeIfAbsent(language, lang -> {
            LanguageMetadata m = LanguageMetadata.load(lang, dir.resolve(lang + ".json"));
            if (m.report().hasFindings()) {
                reports.accept(m.report());
            }
            return m;
        });
    }
}

package io.worldcurate.core.metadata;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
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
public final class MetadataDirectory implements MetadataSource {

    private final Path dir;
    private final Set<String> languages;
    private final ConcurrentHashMap<String, LanguageMetadata> loaded = new ConcurrentHashMap<>();
    private final Consumer<MetadataReport> reports;
    private final ConcurrentHashMap<String, String> sha256 = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Integer> entryCounts = new ConcurrentHashMap<>();

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
    @Override
    public Set<String> languages() {
        return languages;
    }

    @Override
    public boolean has(String language) {
        return languages.contains(language);
    }

    /**
     * The metadata of {@code language}, loaded on first call.
     *
     * @throws IllegalArgumentException when the directory has no file for it
     * @throws MetadataException when its file is malformed
     */
    @Override
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

    /** The number of entries, counted on first call without loading them (unless they are loaded already), then kept. */
    @Override
    public int entries(String language) {
        if (!has(language)) {
            throw new IllegalArgumentException("no metadata file " + language + ".json in " + dir);
        }
        LanguageMetadata m = loaded.get(language);
        if (m != null) {
            return m.size();
        }
        return entryCounts.computeIfAbsent(language, lang -> {
            Path file = dir.resolve(lang + ".json");
            try (InputStream in = Files.newInputStream(file)) {
                return LanguageMetadata.countEntries(in, file.toString());
            } catch (IOException e) {
                throw new MetadataException(file + ": cannot read: " + e.getMessage(), e);
            }
        });
    }

    /** SHA-256 of the file's bytes, computed on first call and then kept. */
    @Override
    public String sha256(String language) {
        if (!has(language)) {
            throw new IllegalArgumentException("no metadata file " + language + ".json in " + dir);
        }
        return sha256.computeIfAbsent(language, lang -> {
            Path file = dir.resolve(lang + ".json");
            try (InputStream in = Files.newInputStream(file)) {
                MessageDigest d = MessageDigest.getInstance("SHA-256");
                byte[] buf = new byte[64 * 1024];
                int n;
                while ((n = in.read(buf)) > 0) {
                    d.update(buf, 0, n);
                }
                return HexFormat.of().formatHex(d.digest());
            } catch (IOException e) {
                throw new MetadataException(file + ": cannot read: " + e.getMessage(), e);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** The directory's absolute path. */
    @Override
    public String description() {
        return dir.toAbsolutePath().normalize().toString();
    }

    @Override
    public String toString() {
        return description();
    }
}

package io.worldcurate.metadata;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The manifest of the embedded metadata set ({@code manifest.tsv}): its version, and for each language the
 * number of entries, the SHA-256 and size of its JSON file's bytes, and where the file was copied from.
 *
 * <p>Format: lines starting with {@code #} are comments; {@code version<TAB>V}; then a header line
 * {@code code entries sha256 bytes source} and one tab-separated line per language, sorted by code.
 */
public record MetadataManifest(String version, Map<String, LanguageFile> languages) {

    public static final String HEADER = "code\tentries\tsha256\tbytes\tsource";

    /** One language's file: its entry count, and the SHA-256 (lower-case hex) and size of its JSON bytes. */
    public record LanguageFile(String code, int entries, String sha256, long bytes, String source) {
    }

    public MetadataManifest {
        languages = Collections.unmodifiableMap(new LinkedHashMap<>(languages));
    }

    public Optional<LanguageFile> language(String code) {
        return Optional.ofNullable(languages.get(code));
    }

    public long totalEntries() {
        return languages.values().stream().mapToLong(LanguageFile::entries).sum();
    }

    public static MetadataManifest read(Reader reader) {
        String version = null;
        Map<String, LanguageFile> files = new LinkedHashMap<>();
        boolean header = false;
        try (BufferedReader in = new BufferedReader(reader)) {
            String line;
            int n = 0;
            while ((line = in.readLine()) != null) {
                n++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                if (!header && f.length == 2 && f[0].equals("version")) {
                    version = f[1];
                } else if (!header && line.equals(HEADER)) {
                    header = true;
                } else if (header && f.length == 5) {
                    files.put(f[0], new LanguageFile(f[0], Integer.parseInt(f[1]), f[2], Long.parseLong(f[3]), f[4]));
                } else {
                    throw new IllegalStateException("metadata manifest line " + n + " is malformed: " + line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the metadata manifest", e);
        }
        if (version == null || !header) {
            throw new IllegalStateException("metadata manifest has no version or no header line");
        }
        return new MetadataManifest(version, files);
    }

    public void write(Writer out, String comment) throws IOException {
        for (String c : comment.split("\n")) {
            out.write("# " + c + "\n");
        }
        out.write("version\t" + version + "\n");
        out.write(HEADER + "\n");
        for (LanguageFile f : languages.values()) {
            out.write(f.code() + "\t" + f.entries() + "\t" + f.sha256() + "\t" + f.bytes() + "\t" + f.source() + "\n");
        }
    }

    /** Codes in manifest order (sorted). */
    public List<String> codes() {
        return new ArrayList<>(languages.keySet());
    }
}

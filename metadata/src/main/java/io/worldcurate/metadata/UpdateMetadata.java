package io.worldcurate.metadata;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Copies a metadata directory into this module's resources (run by {@code update-metadata.sh}): each
 * {@code <code>.json} gzipped at level 9, and {@code manifest.tsv} with each file's entry count, SHA-256 and size.
 * A file that is not a JSON array of strings stops the copy.
 */
public final class UpdateMetadata {

    static final Pattern CODE = Pattern.compile("[a-z]{2,3}(?:[_-][A-Za-z0-9]+)*");

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
            .build();

    private UpdateMetadata() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            System.err.println("usage: UpdateMetadata SOURCE_DIR OUT_DIR VERSION SOURCE_LABEL");
            System.exit(2);
        }
        MetadataManifest m = update(Path.of(args[0]), Path.of(args[1]), args[2], args[3]);
        System.out.printf("copied %d languages, %d entries, to %s (version %s)%n", m.languages().size(), m.totalEntries(),
                args[1], m.version());
    }

    /** Copies {@code source}'s {@code <code>.json} files to {@code out} and writes the manifest; stale files in {@code out} go. */
    public static MetadataManifest update(Path source, Path out, String version, String sourceLabel) throws IOException {
        if (!Files.isDirectory(source)) {
            throw new IOException("metadata directory " + source.toAbsolutePath() + " does not exist or is not a directory");
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(source)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IOException("no <code>.json files in " + source);
        }
        Files.createDirectories(out);
        try (Stream<Path> s = Files.list(out)) {
            for (Path stale : s.filter(p -> p.getFileName().toString().endsWith(".json.gz")).toList()) {
                Files.delete(stale);
            }
        }
        Map<String, MetadataManifest.LanguageFile> langs = new LinkedHashMap<>();
        for (Path f : files) {
            String name = f.getFileName().toString();
            String code = name.substring(0, name.length() - ".json".length());
            if (!CODE.matcher(code).matches()) {
                throw new IOException(f + ": " + code + " is not a language code");
            }
            byte[] bytes = Files.readAllBytes(f);
            int entries = countEntries(bytes, f);
            try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(out.resolve(name + ".gz")), 64 * 1024) {
                {
                    def.setLevel(Deflater.BEST_COMPRESSION);
                }
            }) {
                gz.write(bytes);
            }
            langs.put(code, new MetadataManifest.LanguageFile(code, entries, sha256(bytes), bytes.length, sourceLabel + "/" + name));
        }
        MetadataManifest manifest = new MetadataManifest(version, langs);
        try (Writer w = Files.newBufferedWriter(out.resolve(EmbeddedMetadata.MANIFEST), StandardCharsets.UTF_8)) {
            manifest.write(w, "worldcurate-metadata " + version + ": " + langs.size() + " languages, " + manifest.totalEntries()
                    + " entries. Written by metadata/update-metadata.sh;\nsha256 and bytes are those of the JSON file"
                    + " (the gunzipped resource), entries the length of its array.");
        }
        return manifest;
    }

    static int countEntries(byte[] json, Path file) throws IOException {
        int n = 0;
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new IOException(file + ": not a JSON array");
            }
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t != JsonToken.VALUE_STRING) {
                    throw new IOException(file + ": entry " + n + " is not a string (" + t + ") at line "
                            + p.currentTokenLocation().getLineNr() + ", column " + p.currentTokenLocation().getColumnNr());
                }
                n++;
            }
            if (p.nextToken() != null) {
                throw new IOException(file + ": content after the array");
            }
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": malformed JSON: " + e.getOriginalMessage(), e);
        }
        return n;
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

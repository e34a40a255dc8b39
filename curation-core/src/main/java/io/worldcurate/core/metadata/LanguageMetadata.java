package io.worldcurate.core.metadata;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.worldcurate.core.text.Spacing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The metadata of one language: a JSON array of strings whose index is the entry id (spec section 3).
 */
public final class LanguageMetadata {

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
            .build();

    private final String language;
    private final List<String> entries;
    private final MetadataReport report;

    public LanguageMetadata(String language, List<String> entries, Path file) {
        this.language = language;
        this.entries = Collections.unmodifiableList(entries);
        int blank = 0;
        int repeated = 0;
        Map<String, Boolean> seen = new java.util.HashMap<>(entries.size() * 2);
        for (String e : entries) {
            if (isBlank(e)) {
                blank++;
            } else if (seen.putIfAbsent(e, Boolean.TRUE) != null) {
                repeated++;
            }
        }
        this.report = new MetadataReport(language, file, entries.size(), blank, repeated);
    }

    /** Reads {@code file} as the metadata of {@code language}. */
    public static LanguageMetadata load(String language, Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(language, in, file, file.toString());
        } catch (IOException e) {
            throw new MetadataException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * Reads the JSON array of {@code language} from {@code in}; {@code origin} names it in errors.
     *
     * @param file the file name its {@link MetadataReport} shows
     */
    public static LanguageMetadata read(String language, InputStream in, Path file, String origin) {
        try {
            return new LanguageMetadata(language, parse(in, origin), file);
        } catch (IOException e) {
            throw unreadable(origin, e);
        }
    }

    private static List<String> parse(InputStream in, String file) throws IOException {
        List<String> out = new ArrayList<>();
        scan(in, file, out);
        return out;
    }

    /**
     * The number of entries of the JSON array in {@code in}, checked as {@link #read} checks it, without keeping them:
     * what a stage that only checks entry ids needs. {@code origin} names it in errors.
     */
    public static int countEntries(InputStream in, String origin) {
        try {
            return scan(in, origin, null);
        } catch (IOException e) {
            throw unreadable(origin, e);
        }
    }

    /** The error for a file that is not JSON (with where it breaks) or cannot be read. */
    private static MetadataException unreadable(String origin, IOException e) {
        if (e instanceof JsonProcessingException json) {
            JsonLocation loc = json.getLocation();
            String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            return new MetadataException(origin + ": malformed JSON" + where + ": " + json.getOriginalMessage(), e);
        }
        return new MetadataException(origin + ": cannot read: " + e.getMessage(), e);
    }

    /** Reads the array of strings, into {@code out} when it is given; @return the number of entries */
    private static int scan(InputStream in, String file, List<String> out) throws IOException {
        int count = 0;
        try (JsonParser p = JSON.createParser(in)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new MetadataException(file + ": expected a JSON array of strings" + at(p));
            }
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t != JsonToken.VALUE_STRING) {
                    throw new MetadataException(file + ": entry " + count + " is " + describe(t)
                            + ", expected a string" + at(p));
                }
                if (out != null) {
                    out.add(p.getText());
                }
                count++;
            }
            if (p.nextToken() != null) {
                throw new MetadataException(file + ": unexpected content after the array" + at(p));
            }
        }
        return count;
    }

    private static String describe(JsonToken t) {
        if (t == null) {
            return "missing (the file ends)";
        }
        return switch (t) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            default -> t.name();
        };
    }

    private static String at(JsonParser p) {
        JsonLocation loc = p.currentTokenLocation();
        return " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    }

    /** Blank entries (empty or only white space) never match. */
    public static boolean isBlank(String entry) {
        return entry.codePoints().allMatch(cp -> Character.isWhitespace(cp) || Character.isSpaceChar(cp));
    }

    public String language() {
        return language;
    }

    /** Number of entries, blanks and repeats included: the size of the count vector of this language. */
    public int size() {
        return entries.size();
    }

    public String entry(int id) {
        return entries.get(id);
    }

    public List<String> entries() {
        return entries;
    }

    public MetadataReport report() {
        return report;
    }

    /**
     * Spaced entry to entry id, for every entry that can match: blank entries are left out and a
     * repeated string keeps its first id. Insertion order is id order.
     */
    public Map<String, Integer> spacedEntries() {
        Map<String, Integer> spaced = new LinkedHashMap<>(entries.size() * 2);
        for (int id = 0; id < entries.size(); id++) {
            String e = entries.get(id);
            if (!isBlank(e)) {
                spaced.putIfAbsent(Spacing.spacedEntry(e), id);
            }
        }
        return spaced;
    }
}

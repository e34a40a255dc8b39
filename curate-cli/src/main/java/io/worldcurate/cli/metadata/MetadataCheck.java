package io.worldcurate.cli.metadata;

import io.worldcurate.core.lang.LidCodeMap;
import io.worldcurate.core.lang.wclid.WcLid;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.github.pemistahl.lingua.api.IsoCode639_1;
import com.github.pemistahl.lingua.api.Language;
import io.worldcurate.core.metadata.LanguageMetadata;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Validates a metadata directory: file names, JSON syntax, the array of strings, blank and repeated entries,
 * and languages that language identification can never produce.
 */
public final class MetadataCheck {

    /** A metadata code: Wikipedia's language codes, e.g. en, zh, nan, zh_classical, be-tarask. */
    static final Pattern CODE = Pattern.compile("[a-z]{2,3}(?:[_-][A-Za-z0-9]+)*");

    /** Examples shown of each kind of entry problem. */
    static final int EXAMPLES = 3;

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
            .build();

    public enum Severity { ERROR, WARNING }

    /** One finding; line and column are 1-based, 0 when the finding is about the whole file. */
    public record Finding(Severity severity, String file, long line, long column, String message) {
        @Override
        public String toString() {
            String where = line > 0 ? file + ":" + line + ":" + column : file;
            return where + ": " + severity.name().toLowerCase(Locale.ROOT) + ": " + message;
        }
    }

    /** The findings of one check, files in name order. */
    public record Report(List<Finding> findings, int files, long entries) {
        public long errors() {
            return findings.stream().filter(f -> f.severity() == Severity.ERROR).count();
        }

        public long warnings() {
            return findings.size() - errors();
        }
    }

    private MetadataCheck() {
    }

    /**
     * The language codes that some language identification engine of the project can output (before they are
     * mapped to metadata codes): Lingua's ISO 639-1 codes, fastText lid.176's labels and wc-lid's trained model's labels.
     */
    public static Set<String> lidOutputCodes() {
        Set<String> codes = new TreeSet<>();
        for (Language l : Language.values()) {
            if (l != Language.UNKNOWN && l.getIsoCode639_1() != IsoCode639_1.NONE) {
                codes.add(l.getIsoCode639_1().name().toLowerCase(Locale.ROOT));
            }
        }
        codes.addAll(LidCodeMap.lid176().keySet());
        codes.addAll(Arrays.asList(WcLid.bundledModel().labels()));
        return codes;
    }

    public static Report check(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("metadata directory " + dir.toAbsolutePath() + " does not exist or is not a directory");
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.sorted().toList();
        }
        List<Finding> findings = new ArrayList<>();
        Set<String> codes = new TreeSet<>();
        int checked = 0;
        long entries = 0;
        for (Path f : files) {
            String name = f.getFileName().toString();
            if (Files.isDirectory(f)) {
                findings.add(new Finding(Severity.ERROR, name, 0, 0, "is a folder; a metadata directory holds only <code>.json files"));
                continue;
            }
            String code = name.endsWith(".json") ? name.substring(0, name.length() - ".json".length()) : null;
            if (code == null || !CODE.matcher(code).matches()) {
                findings.add(new Finding(Severity.ERROR, name, 0, 0, "file name is not <code>.json (a language code such as en, "
                        + "zh or nan, then .json)" + (code == null ? "; the curation ignores it" : "")));
                if (code == null) {
                    continue;
                }
            } else {
                codes.add(code);
            }
            checked++;
            entries += checkFile(f, findings);
        }
        if (checked == 0) {
            findings.add(new Finding(Severity.ERROR, dir.toString(), 0, 0, "holds no <code>.json files"));
        }
        Set<String> producible = new TreeSet<>();
        for (String iso : lidOutputCodes()) {
            producible.add(LidCodeMap.toMetadataCode(iso, codes::contains));
        }
        for (String code : codes) {
            if (!producible.contains(code)) {
                findings.add(new Finding(Severity.WARNING, code + ".json", 0, 0, "no language identification engine produces "
                        + code + ": only texts whose input lang names it are matched against this file"));
            }
        }
        return new Report(findings, checked, entries);
    }

    /** Checks one file, adding to {@code findings}; returns its number of entries (0 when it is no array). */
    static long checkFile(Path file, List<Finding> findings) throws IOException {
        String name = file.getFileName().toString();
        Examples nonStrings = new Examples("entries are not strings");
        Examples blanks = new Examples("entries are blank (they never match)");
        Examples repeats = new Examples("entries repeat an earlier entry (they match under the first one's id only)");
        Map<String, Integer> firstIds = new HashMap<>();
        int id = 0;
        try (InputStream in = Files.newInputStream(file); JsonParser p = JSON.createParser(in)) {
            JsonToken t = p.nextToken();
            if (t != JsonToken.START_ARRAY) {
                JsonLocation at = p.currentTokenLocation();
                findings.add(new Finding(Severity.ERROR, name, at.getLineNr(), at.getColumnNr(),
                        "not a JSON array of strings: the file holds " + describe(t)));
                return 0;
            }
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t == null) {
                    JsonLocation at = p.currentLocation();
                    findings.add(new Finding(Severity.ERROR, name, at.getLineNr(), at.getColumnNr(), "the file ends inside the array"));
                    return id;
                }
                JsonLocation at = p.currentTokenLocation();
                if (t != JsonToken.VALUE_STRING) {
                    nonStrings.add(at, "entry " + id + " is " + describe(t));
                    p.skipChildren();
                } else {
                    String e = p.getText();
                    if (LanguageMetadata.isBlank(e)) {
                        blanks.add(at, "entry " + id + " " + quote(e));
                    } else {
                        Integer first = firstIds.putIfAbsent(e, id);
                        if (first != null) {
                            repeats.add(at, "entry " + id + " " + quote(e) + " repeats entry " + first);
                        }
                    }
                }
                id++;
            }
            t = p.nextToken();
            if (t != null) {
                JsonLocation at = p.currentTokenLocation();
                findings.add(new Finding(Severity.ERROR, name, at.getLineNr(), at.getColumnNr(),
                        "content after the array: " + describe(t)));
            }
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            findings.add(new Finding(Severity.ERROR, name, at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr(),
                    "malformed JSON: " + e.getOriginalMessage()));
            return id;
        }
        nonStrings.report(name, findings);
        blanks.report(name, findings);
        repeats.report(name, findings);
        if (id == 0) {
            findings.add(new Finding(Severity.WARNING, name, 0, 0, "the array is empty: this language matches nothing"));
        }
        return id;
    }

    /** One kind of entry problem: how many, and the first few with their positions. */
    private static final class Examples {
        private final String what;
        private final List<String> first = new ArrayList<>();
        private long count;
        private JsonLocation firstAt;

        Examples(String what) {
            this.what = what;
        }

        void add(JsonLocation at, String example) {
            if (count++ == 0) {
                firstAt = at;
            }
            if (first.size() < EXAMPLES) {
                first.add(example + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")");
            }
        }

        void report(String file, List<Finding> findings) {
            if (count > 0) {
                findings.add(new Finding(Severity.ERROR, file, firstAt.getLineNr(), firstAt.getColumnNr(),
                        count + " " + what + "; first: " + String.join("; ", first)));
            }
        }
    }

    private static String quote(String s) {
        String shown = s.length() > 40 ? s.substring(0, 40) + "…" : s;
        return "\"" + shown.replace("\n", "\\n").replace("\t", "\\t") + "\"";
    }

    private static String describe(JsonToken t) {
        if (t == null) {
            return "nothing";
        }
        return switch (t) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            default -> t.name();
        };
    }
}

package io.worldcurate.core.lang;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps an engine's labels to metadata language codes: fastText lid.176's 176 labels (where
 * Wikipedia and ISO disagree, e.g. its {@code als} is Alemannic), ISO 639-3 codes with a script
 * suffix as GlotLID, OpenLID and NLLB write them ({@code eng_Latn}, {@code arb_Arab}), with
 * macrolanguages and their members, and ISO 639-1 codes as Lingua gives them. The tables are the
 * resources {@code lid176.tsv} and {@code iso639-3.tsv} beside this class. A label whose language
 * has no metadata gives {@link LanguageCodes#OTHER}; nothing here throws.
 */
public final class LidCodeMap {

    /** fastText's label prefix. */
    public static final String LABEL_PREFIX = "__label__";

    private static final Pattern SCRIPT_SUFFIXED = Pattern.compile("([a-z]{2,3})_([A-Z][a-z]{3})");
    private static final Pattern THREE_LETTERS = Pattern.compile("[a-z]{3}");

    private static final Map<String, String> LID176 = load("lid176.tsv");
    private static final Map<String, String> ISO639_3 = load("iso639-3.tsv");

    private LidCodeMap() {
    }

    /** lid.176's labels (without prefix) and the metadata code each stands for, in the model's documented order. */
    public static Map<String, String> lid176() {
        return LID176;
    }

    /** The metadata code of an engine's label, or {@link LanguageCodes#OTHER} when it has no metadata, is null or blank. */
    public static String toMetadataCode(String label, Predicate<String> hasMetadata) {
        if (label == null) {
            return LanguageCodes.OTHER;
        }
        String l = label.strip();
        if (l.startsWith(LABEL_PREFIX)) {
            l = l.substring(LABEL_PREFIX.length());
        }
        if (l.isEmpty()) {
            return LanguageCodes.OTHER;
        }
        Matcher scripted = SCRIPT_SUFFIXED.matcher(l);
        if (scripted.matches()) {
            return fromIso639_3(scripted.group(1), hasMetadata);
        }
        String lid176 = LID176.get(l);
        if (lid176 != null) {
            return LanguageCodes.toMetadataCode(lid176, hasMetadata);
        }
        if (THREE_LETTERS.matcher(l).matches()) {
            return fromIso639_3(l, hasMetadata);
        }
        return LanguageCodes.toMetadataCode(l, hasMetadata);
    }

    /** The table's target first (so that ISO als is Albanian whatever the metadata), then the code's own metadata, then ISO 639-1. */
    private static String fromIso639_3(String code, Predicate<String> hasMetadata) {
        String target = ISO639_3.get(code);
        if (target != null) {
            return LanguageCodes.toMetadataCode(target, hasMetadata);
        }
        return LanguageCodes.toMetadataCode(code, hasMetadata);
    }

    private static Map<String, String> load(String resource) {
        Map<String, String> m = new LinkedHashMap<>();
        try (InputStream in = LidCodeMap.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing class-path resource " + resource + " beside " + LidCodeMap.class.getName());
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                m.put(f[0], f[1]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}

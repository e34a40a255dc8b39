package io.worldcurate.core.lang;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Maps language codes (ISO 639-1 from language identification, or whatever a crawler put in
 * {@code lang}) to metadata language codes, which are Wikipedia's (spec section 2).
 */
public final class LanguageCodes {

    /** The language of texts whose language is unknown, unsure, or has no metadata. */
    public static final String OTHER = "other";

    /** Where Wikipedia's code differs from ISO 639-1, and withdrawn ISO codes still seen in the wild. */
    private static final Map<String, String> ALIASES = Map.of(
            "nb", "no",
            "iw", "he",
            "in", "id",
            "ji", "yi",
            "jw", "jv",
            "mo", "ro");

    private static final Map<String, String> ISO3_TO_ISO1 = iso3ToIso1();

    private LanguageCodes() {
    }

    /**
     * The metadata language of {@code code}: the code itself when it names a metadata file; else its
     * primary subtag (before '-' or '_'), lower-cased, through the alias map (e.g. nb to no) and from
     * ISO 639-2/3 to ISO 639-1 where that names a metadata file; else {@link #OTHER}.
     */
    public static String toMetadataCode(String code, Predicate<String> hasMetadata) {
        if (code == null) {
            return OTHER;
        }
        String c = code.trim();
        if (c.isEmpty()) {
            return OTHER;
        }
        if (hasMetadata.test(c)) {
            return c;
        }
        c = c.toLowerCase(Locale.ROOT);
        int cut = indexOfSeparator(c);
        if (cut > 0) {
            c = c.substring(0, cut);
        }
        if (hasMetadata.test(c)) {
            return c;
        }
        String alias = ALIASES.get(c);
        if (alias != null && hasMetadata.test(alias)) {
            return alias;
        }
        String iso1 = ISO3_TO_ISO1.get(c);
        if (iso1 != null) {
            String mapped = ALIASES.getOrDefault(iso1, iso1);
            if (hasMetadata.test(mapped)) {
                return mapped;
            }
        }
        return OTHER;
    }

    private static int indexOfSeparator(String c) {
        int dash = c.indexOf('-');
        int underscore = c.indexOf('_');
        if (dash < 0) {
            return underscore;
        }
        return underscore < 0 ? dash : Math.min(dash, underscore);
    }

    private static Map<String, String> iso3ToIso1() {
        Map<String, String> m = new HashMap<>();
        for (String iso1 : Locale.getISOLanguages()) {
            if (iso1.length() != 2) {
                continue;
            }
            try {
                String iso3 = new Locale(iso1).getISO3Language();
                if (!iso3.isEmpty()) {
                    m.putIfAbsent(iso3, iso1);
                }
            } catch (java.util.MissingResourceException ignored) {
                // no three-letter code known for it
            }
        }
        // ISO 639-2/B forms that differ from the /T forms Locale knows
        String[][] bibliographic = {{"ger", "de"}, {"fre", "fr"}, {"chi", "zh"}, {"dut", "nl"}, {"gre", "el"},
                {"cze", "cs"}, {"per", "fa"}, {"rum", "ro"}, {"slo", "sk"}, {"arm", "hy"}, {"baq", "eu"},
                {"bur", "my"}, {"geo", "ka"}, {"ice", "is"}, {"mac", "mk"}, {"mao", "mi"}, {"may", "ms"},
                {"tib", "bo"}, {"wel", "cy"}, {"alb", "sq"}};
        for (String[] b : bibliographic) {
            m.putIfAbsent(b[0], b[1]);
        }
        return Map.copyOf(m);
    }
}

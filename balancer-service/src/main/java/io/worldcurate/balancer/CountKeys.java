package io.worldcurate.balancer;

/**
 * Keys of the counts store, one logical counter each: {@code <lang>/<entry id>} holds N[L][e],
 * {@code <lang>/texts} the language's matched texts and {@code <lang>/size} its metadata size, so
 * that the store alone (or its changelog) is enough to rebuild count-of-counts and thresholds.
 */
public final class CountKeys {

    public static final String TEXTS = "texts";
    public static final String SIZE = "size";

    private CountKeys() {
    }

    public static String entry(String lang, int entry) {
        return lang + "/" + entry;
    }

    public static String texts(String lang) {
        return lang + "/" + TEXTS;
    }

    public static String size(String lang) {
        return lang + "/" + SIZE;
    }

    /** The prefix of every key of a language, for prefix scans. */
    public static String prefix(String lang) {
        return lang + "/";
    }

    /** A parsed key: the language and either an entry id (>= 0) or what the counter counts. */
    public record Key(String lang, int entry, String counter) {
        public boolean isEntry() {
            return entry >= 0;
        }
    }

    public static Key parse(String key) {
        int slash = key.lastIndexOf('/');
        if (slash <= 0 || slash == key.length() - 1) {
            throw new IllegalArgumentException("not a counts key: " + key);
        }
        String lang = key.substring(0, slash);
        String rest = key.substring(slash + 1);
        if (rest.equals(TEXTS) || rest.equals(SIZE)) {
            return new Key(lang, -1, rest);
        }
        return new Key(lang, Integer.parseInt(rest), null);
    }
}

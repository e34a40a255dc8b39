package io.worldcurate.balancer;

/**
 * Keys of the counts stores, one logical counter each: {@code <lang>/<entry id>} holds N[L][e],
 * {@code <lang>/texts} the language's matched texts and {@code <lang>/size} its metadata size, so
 * that a store alone (or its changelog) is enough to rebuild count-of-counts and thresholds.
 *
 * <p>The online balancer counts over N tasks: task {@code t} keeps its partial counts under
 * {@code <lang>/<entry id>@t} (and {@code <lang>/texts@t}, {@code <lang>/size@t}), so the keys of
 * different tasks never collide in the shared changelog topic, and N[L][e] is the sum over tasks.
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

    /** Task {@code task}'s partial count of (lang, entry). */
    public static String entry(String lang, int entry, int task) {
        return lang + "/" + entry + "@" + task;
    }

    public static String texts(String lang, int task) {
        return lang + "/" + TEXTS + "@" + task;
    }

    public static String size(String lang, int task) {
        return lang + "/" + SIZE + "@" + task;
    }

    /** The prefix of every key of a language, for prefix scans. */
    public static String prefix(String lang) {
        return lang + "/";
    }

    /**
     * A parsed key: the language, either an entry id (>= 0) or what the counter counts, and the task
     * whose partial count it is (-1 for a total).
     */
    public record Key(String lang, int entry, String counter, int task) {
        public boolean isEntry() {
            return entry >= 0;
        }

        public boolean isPartial() {
            return task >= 0;
        }
    }

    public static Key parse(String key) {
        int slash = key.lastIndexOf('/');
        if (slash <= 0 || slash == key.length() - 1) {
            throw new IllegalArgumentException("not a counts key: " + key);
        }
        String lang = key.substring(0, slash);
        String rest = key.substring(slash + 1);
        int task = -1;
        int at = rest.indexOf('@');
        if (at >= 0) {
            try {
                task = Integer.parseInt(rest.substring(at + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a counts key: " + key);
            }
            rest = rest.substring(0, at);
        }
        if (rest.equals(TEXTS) || rest.equals(SIZE)) {
            return new Key(lang, -1, rest, task);
        }
        try {
            return new Key(lang, Integer.parseInt(rest), null, task);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a counts key: " + key);
        }
    }
}

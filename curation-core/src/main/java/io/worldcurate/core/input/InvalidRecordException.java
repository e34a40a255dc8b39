package io.worldcurate.core.input;

/** A record that cannot be curated; the message is the reason written to rejects or the dead-letter topic. */
public class InvalidRecordException extends Exception {
    public InvalidRecordException(String reason) {
        super(reason, null, false, false);
    }

    public String reason() {
        return getMessage();
    }

    /**
     * The kind of a reason, to count reasons under a few labels: the text before its first colon
     * ({@code "malformed JSON: Unexpected..."} is {@code "malformed JSON"}), and for a reason about
     * one text, which text is left out ({@code "texts[3]: text is not a string"} is
     * {@code "texts[]: text is not a string"}).
     */
    public static String kindOf(String reason) {
        String r = reason.replaceFirst("^texts\\[\\d+]", "texts[]");
        int colon = r.indexOf(':');
        if (r.startsWith("texts[]: ")) {
            int next = r.indexOf(':', colon + 1);
            return next > 0 ? r.substring(0, next) : r;
        }
        return colon > 0 ? r.substring(0, colon) : r;
    }
}

package io.worldcurate.core.lang;

/** A label per text, without confidence: adapted to an engine by {@link LidEngine#of}. Implementations are thread-safe. */
@FunctionalInterface
public interface LanguageIdentifier {

    /** The text's language code, or null when unknown or unsure. */
    String identify(String text);
}

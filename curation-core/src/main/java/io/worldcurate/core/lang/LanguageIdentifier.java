package io.worldcurate.core.lang;

/** Language identification of one text. Implementations are thread-safe. */
public interface LanguageIdentifier {

    /** The ISO 639-1 code of the text's language in lower case, or null when unknown or unsure. */
    String identify(String text);
}

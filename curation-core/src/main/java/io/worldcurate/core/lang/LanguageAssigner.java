package io.worldcurate.core.lang;

import io.worldcurate.core.metadata.MetadataSource;

import java.util.function.Supplier;

/**
 * Gives each text its metadata language (spec section 2): a non-empty input {@code lang} is trusted
 * and mapped; otherwise the text goes through language identification, which is only built when the
 * first text needs it.
 */
public final class LanguageAssigner {

    /** A text's metadata language and whether identification chose it. */
    public record Assignment(String language, boolean detected) {
    }

    private final MetadataSource metadata;
    private final Supplier<LanguageIdentifier> identifier;
    private volatile LanguageIdentifier resolved;

    public LanguageAssigner(MetadataSource metadata, Supplier<LanguageIdentifier> identifier) {
        this.metadata = metadata;
        this.identifier = identifier;
    }

    public Assignment assign(String text, String inputLang) {
        if (inputLang != null && !inputLang.isBlank()) {
            return new Assignment(LanguageCodes.toMetadataCode(inputLang, metadata::has), false);
        }
        String iso = identifier().identify(text);
        return new Assignment(LanguageCodes.toMetadataCode(iso, metadata::has), true);
    }

    private LanguageIdentifier identifier() {
        LanguageIdentifier id = resolved;
        if (id == null) {
            synchronized (this) {
                id = resolved;
                if (id == null) {
                    id = identifier.get();
                    resolved = id;
                }
            }
        }
        return id;
    }
}

package io.worldcurate.core.lang.wclid;

import io.worldcurate.core.lang.LanguageIdentifier;

/**
 * The {@code wc-lid} engine: Lingua 1.2.2's high-accuracy decision over a fused n-gram table
 * ({@link FusedLingua}), plus script rules and a trained character n-gram model for languages Lingua lacks.
 * Thread-safe without locks; build it once ({@link #shared}) and share it.
 */
public final class WcLid implements LanguageIdentifier {

    public static final String NAME = "wc-lid";

    /** A language code (ISO 639-1 where Lingua answers, else the trained model's label) and a confidence in [0, 1]. */
    public record Detection(String language, double confidence) {
        public static final Detection NONE = new Detection(null, 0.0);
    }

    private static volatile WcLid shared;

    private final FusedLingua lingua;

    public WcLid(FusedNgramTable table) {
        this.lingua = new FusedLingua(table);
    }

    /** The process-wide engine, loaded on first use. */
    public static WcLid shared() {
        WcLid s = shared;
        if (s == null) {
            synchronized (WcLid.class) {
                s = shared;
                if (s == null) {
                    s = new WcLid(LinguaTableCache.load());
                    shared = s;
                }
            }
        }
        return s;
    }

    @Override
    public String identify(String text) {
        return detect(text).language();
    }

    public Detection detect(String text) {
        if (text == null) {
            return Detection.NONE;
        }
        String cleaned = FusedLingua.cleanUp(text);
        if (cleaned.isEmpty() || !FusedLingua.hasLetter(cleaned)) {
            return Detection.NONE;
        }
        FusedLingua.Result r = lingua.decide(cleaned);
        if (r.language() < 0) {
            return Detection.NONE;
        }
        return new Detection(lingua.code(r.language()), r.distance());
    }

    /** Lingua's answer alone, as the fused table reproduces it (for agreement measurements). */
    public String identifyAsLingua(String text) {
        if (text == null) {
            return null;
        }
        String cleaned = FusedLingua.cleanUp(text);
        if (cleaned.isEmpty() || !FusedLingua.hasLetter(cleaned)) {
            return null;
        }
        FusedLingua.Result r = lingua.decide(cleaned);
        return r.language() < 0 ? null : lingua.code(r.language());
    }
}

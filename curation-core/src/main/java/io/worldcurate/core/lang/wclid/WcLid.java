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

    /** The trained model shipped with the engine (rebuilt by the command in docs/LID_ACCURACY.md). */
    public static final String MODEL_RESOURCE = "/io/worldcurate/core/lang/wclid/wc-lid-ngrams.bin.gz";
    /** Margin per feature above which the trained model overrules Lingua with a language Lingua lacks. */
    public static final double DEFAULT_OVERRULE_MARGIN = 0.2;
    /**
     * Margin per feature from which the trained model's answer stands for a language Lingua knows too, without
     * asking Lingua (the cascade that makes wc-lid fast: most texts stop here). Infinite: always ask Lingua.
     */
    public static final double DEFAULT_ACCEPT_MARGIN = 0.1;

    private static volatile WcLid shared;

    private final FusedLingua lingua;
    private final CharNgramModel model;
    private final boolean[] modelLabelIsLingua;
    private final double overruleMargin;
    private final double acceptMargin;

    public WcLid(FusedNgramTable table, CharNgramModel model, double overruleMargin) {
        this(table, model, overruleMargin, DEFAULT_ACCEPT_MARGIN);
    }

    public WcLid(FusedNgramTable table, CharNgramModel model, double overruleMargin, double acceptMargin) {
        this.lingua = new FusedLingua(table);
        this.model = model;
        this.overruleMargin = overruleMargin;
        this.acceptMargin = acceptMargin;
        java.util.Set<String> linguaCodes = new java.util.HashSet<>(java.util.Arrays.asList(table.languageCodes()));
        if (linguaCodes.contains("nb")) {
            linguaCodes.add("no"); // Wikipedia's code for Bokmal
        }
        String[] labels = model == null ? new String[0] : model.labels();
        this.modelLabelIsLingua = new boolean[labels.length];
        for (int i = 0; i < labels.length; i++) {
            modelLabelIsLingua[i] = linguaCodes.contains(labels[i]);
        }
    }

    public static CharNgramModel bundledModel() {
        try (java.io.InputStream in = WcLid.class.getResourceAsStream(MODEL_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("wc-lid's model " + MODEL_RESOURCE + " is not on the classpath");
            }
            return CharNgramModel.read(in);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read wc-lid's model " + MODEL_RESOURCE, e);
        }
    }

    /** The process-wide engine, loaded on first use. */
    public static WcLid shared() {
        WcLid s = shared;
        if (s == null) {
            synchronized (WcLid.class) {
                s = shared;
                if (s == null) {
                    s = new WcLid(LinguaTableCache.load(), bundledModel(), DEFAULT_OVERRULE_MARGIN, DEFAULT_ACCEPT_MARGIN);
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
        // Lingua's clean-up drops no letter, so the text has one exactly when its cleaned-up form has
        if (!FusedLingua.hasLetter(text)) {
            return Detection.NONE;
        }
        CharNgramModel.Prediction p = model == null ? null : model.predict(text);
        if (p != null && p.margin() >= (modelLabelIsLingua[p.labelIndex()] ? acceptMargin : overruleMargin)) {
            return new Detection(p.label(), confidence(p.margin()));
        }
        FusedLingua.Result r = lingua.decide(FusedLingua.cleanUp(text));
        if (r.language() < 0) {
            return p == null ? Detection.NONE : new Detection(p.label(), confidence(p.margin()));
        }
        return new Detection(lingua.code(r.language()), r.distance());
    }

    /** Maps a per-feature margin (0 to a few nats) into [0, 1). */
    private static double confidence(double margin) {
        return Double.isInfinite(margin) ? 1.0 : 1.0 - Math.exp(-margin);
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

package io.worldcurate.core.lang;

/**
 * A language identification engine. Implementations are thread-safe without a global lock, so one
 * instance serves every stream thread of a service.
 */
public interface LidEngine {

    /** What the engine says about one text. */
    record Identification(String label, double confidence) {

        /** No language: unknown, unsure, or nothing to identify. */
        public static final Identification NONE = new Identification(null, 0.0);
    }

    /** The engine's name as {@code --lid} takes it, e.g. {@code lingua-high} or {@code fasttext:/models/lid.176.ftz}. */
    String name();

    /**
     * The text's language as the engine names it (an ISO 639-1 code for Lingua, the label without
     * {@code __label__} for fastText, e.g. {@code en} or {@code eng_Latn}) with the engine's confidence
     * in it (0 to 1); {@link Identification#NONE} when unknown or unsure. Never throws on any string.
     */
    Identification identify(String text);

    /**
     * True when callers on several threads get more done than one: the engine shares nothing mutable
     * (fastText). Lingua 1.2.2 answers correctly from any thread but serialises its n-gram lookups.
     */
    default boolean scalesWithThreads() {
        return true;
    }

    /** An engine from a function that gives a label (or null) per text, with confidence 1 when it answers; for tests and adapters. */
    static LidEngine of(String name, LanguageIdentifier labels) {
        return new LidEngine() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Identification identify(String text) {
                String label = labels.identify(text);
                return label == null ? Identification.NONE : new Identification(label, 1.0);
            }
        };
    }
}

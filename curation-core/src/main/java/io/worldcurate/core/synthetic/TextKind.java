package io.worldcurate.core.synthetic;

/** What a generated text is made of, and so what curation should do with it. */
public enum TextKind {
    /** Concepts of a metadata language, labelled with that language. */
    LABELLED,
    /** Concepts of a metadata language, written with an empty {@code lang}: language identification must find it. */
    UNLABELLED,
    /** Made-up words labelled with a language that has no metadata ({@code xx}, {@code tlh}, ...): language {@code other}. */
    NO_METADATA,
    /** No concept at all (a camera file name, a long number), labelled with the image's language. */
    NO_CONCEPT
}

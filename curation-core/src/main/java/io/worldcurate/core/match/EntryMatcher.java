package io.worldcurate.core.match;

/** Finds the metadata entries of one language in a text (spec section 4). */
public interface EntryMatcher {

    int[] NONE = new int[0];

    /** The distinct ids of the entries whose spaced form occurs in the spaced text, ascending. */
    int[] match(String text);
}

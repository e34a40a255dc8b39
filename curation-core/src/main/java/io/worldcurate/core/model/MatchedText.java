package io.worldcurate.core.model;

import java.util.Arrays;

/** A text with at least one matched entry of its language's metadata. */
public record MatchedText(String attr, String text, String lang, int[] entries) {

    @Override
    public boolean equals(Object o) {
        return o instanceof MatchedText m && attr.equals(m.attr) && text.equals(m.text) && lang.equals(m.lang)
                && Arrays.equals(entries, m.entries);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * attr.hashCode() + text.hashCode()) + lang.hashCode()) + Arrays.hashCode(entries);
    }

    @Override
    public String toString() {
        return "MatchedText[attr=" + attr + ", text=" + text + ", lang=" + lang + ", entries=" + Arrays.toString(entries) + "]";
    }
}

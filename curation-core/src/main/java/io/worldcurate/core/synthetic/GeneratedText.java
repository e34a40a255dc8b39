package io.worldcurate.core.synthetic;

import java.util.Arrays;

/**
 * One text of a generated image, with what the generator put in it.
 *
 * @param lang            the {@code lang} written to the record (empty for {@link TextKind#UNLABELLED})
 * @param conceptLanguage the metadata language whose entries were placed, or null when none were
 * @param entryIds        ids of the placed entries (each string's first id in its metadata), ascending;
 *                        the spec's matching finds at least these in {@code text}
 * @param objectForm      written as an {@code {"attr", "text", "lang"}} object rather than a triple
 */
public record GeneratedText(String attr, String text, String lang, TextKind kind, String conceptLanguage,
                            int[] entryIds, boolean objectForm) {

    @Override
    public boolean equals(Object o) {
        return o instanceof GeneratedText g && attr.equals(g.attr) && text.equals(g.text) && lang.equals(g.lang)
                && kind == g.kind && java.util.Objects.equals(conceptLanguage, g.conceptLanguage)
                && Arrays.equals(entryIds, g.entryIds) && objectForm == g.objectForm;
    }

    @Override
    public int hashCode() {
        return (31 * (31 * attr.hashCode() + text.hashCode()) + lang.hashCode()) * 31 + Arrays.hashCode(entryIds);
    }

    @Override
    public String toString() {
        return "GeneratedText[attr=" + attr + ", text=" + text + ", lang=" + lang + ", kind=" + kind
                + ", conceptLanguage=" + conceptLanguage + ", entryIds=" + Arrays.toString(entryIds)
                + ", objectForm=" + objectForm + "]";
    }
}

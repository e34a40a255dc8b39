package io.worldcurate.core.text;

/**
 * MetaCLIP's spacing rules (spec section 4), on Unicode code points.
 *
 * <p>An entry matches a text when its spaced form occurs in the spaced text. Padding an entry with
 * spaces makes matches respect word boundaries; scripts written without spaces between words
 * (CJK, Thai, Lao, Myanmar, Khmer, Tibetan) and punctuation are left unpadded so that they match
 * inside running text.
 */
public final class Spacing {

    private static final String ASCII_PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
    private static final String EXTRA_PUNCTUATION = "，。、；：？！“”‘’（）【】《》〈〉「」『』～—";
    private static final String WRAPPED_IN_TEXT = ",.;:?!`";

    private Spacing() {
    }

    /** True for code points that get no space padding next to them in a spaced entry. */
    public static boolean isUnpadded(int cp) {
        return (cp >= 0x4E00 && cp <= 0x9FFF)
                || (cp >= 0x3400 && cp <= 0x4DBF)
                || (cp >= 0x20000 && cp <= 0x2A6DF)
                || (cp >= 0x2A700 && cp <= 0x2B73F)
                || (cp >= 0x2B740 && cp <= 0x2B81F)
                || (cp >= 0x2B820 && cp <= 0x2CEAF)
                || (cp >= 0x2CEB0 && cp <= 0x2EBEF)
                || (cp >= 0xF900 && cp <= 0xFAFF)
                || (cp >= 0x2E80 && cp <= 0x2EFF)
                || (cp >= 0x2F00 && cp <= 0x2FDF)
                || (cp >= 0x2FF0 && cp <= 0x2FFF)
                || (cp >= 0x0E00 && cp <= 0x0E7F) // Thai
                || (cp >= 0x0E80 && cp <= 0x0EFF) // Lao
                || (cp >= 0x1000 && cp <= 0x109F) // Myanmar
                || (cp >= 0x1780 && cp <= 0x17FF) // Khmer
                || (cp >= 0x0F00 && cp <= 0x0FFF) // Tibetan
                || isPunctuation(cp);
    }

    static boolean isPunctuation(int cp) {
        if (cp < 0x80) {
            return ASCII_PUNCTUATION.indexOf(cp) >= 0;
        }
        return cp <= 0xFFFF && EXTRA_PUNCTUATION.indexOf(cp) >= 0;
    }

    /**
     * The spaced form of a metadata entry: a leading space unless its first code point is unpadded,
     * then a trailing space unless its last code point is unpadded.
     *
     * @throws IllegalArgumentException for an empty entry (blank entries never match and are never spaced)
     */
    public static String spacedEntry(String entry) {
        if (entry.isEmpty()) {
            throw new IllegalArgumentException("an empty entry has no spaced form");
        }
        boolean prefix = !isUnpadded(entry.codePointAt(0));
        boolean suffix = !isUnpadded(entry.codePointBefore(entry.length()));
        if (!prefix && !suffix) {
            return entry;
        }
        StringBuilder sb = new StringBuilder(entry.length() + 2);
        if (prefix) {
            sb.append(' ');
        }
        sb.append(entry);
        if (suffix) {
            sb.append(' ');
        }
        return sb.toString();
    }

    /**
     * The spaced form of a text: {@code " " + text + " "}, each of {@code , . ; : ? ! `} wrapped in
     * spaces, each tab, LF and CR replaced by a space. Nothing else changes.
     */
    public static String spacedText(String text) {
        return new String(spacedTextChars(text));
    }

    /** {@link #spacedText(String)} as a char array, for matchers that scan arrays. */
    public static char[] spacedTextChars(String text) {
        int n = text.length();
        int wrapped = 0;
        for (int i = 0; i < n; i++) {
            if (WRAPPED_IN_TEXT.indexOf(text.charAt(i)) >= 0) {
                wrapped++;
            }
        }
        char[] out = new char[n + 2 + 2 * wrapped];
        int o = 0;
        out[o++] = ' ';
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == '\t' || c == '\n' || c == '\r') {
                out[o++] = ' ';
            } else if (WRAPPED_IN_TEXT.indexOf(c) >= 0) {
                out[o++] = ' ';
                out[o++] = c;
                out[o++] = ' ';
            } else {
                out[o++] = c;
            }
        }
        out[o] = ' ';
        return out;
    }
}

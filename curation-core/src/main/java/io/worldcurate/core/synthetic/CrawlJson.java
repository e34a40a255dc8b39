package io.worldcurate.core.synthetic;

/** Writes a generated image as one JSON object in MetaCLIP's image form. */
final class CrawlJson {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private CrawlJson() {
    }

    static void append(StringBuilder sb, GeneratedImage img) {
        sb.append('{');
        if (img.uuidWritten()) {
            sb.append("\"uuid\": ");
            string(sb, img.uuid());
            sb.append(", ");
        }
        sb.append("\"url\": ");
        string(sb, img.url());
        sb.append(", \"page_url\": ");
        string(sb, img.pageUrl());
        sb.append(", \"texts\": [");
        boolean first = true;
        for (GeneratedText t : img.texts()) {
            if (!first) {
                sb.append(", ");
            }
            first = false;
            if (t.objectForm()) {
                sb.append("{\"attr\": ");
                string(sb, t.attr());
                sb.append(", \"text\": ");
                string(sb, t.text());
                sb.append(", \"lang\": ");
                string(sb, t.lang());
                sb.append('}');
            } else {
                sb.append('[');
                string(sb, t.attr());
                sb.append(", ");
                string(sb, t.text());
                sb.append(", ");
                string(sb, t.lang());
                sb.append(']');
            }
        }
        sb.append("]}");
    }

    /** A JSON string literal; non-ASCII characters are written as they are (UTF-8 in the file). */
    static void string(StringBuilder sb, String s) {
        sb.append('"');
        int clean = 0;
        while (clean < s.length() && !needsEscape(s.charAt(clean))) {
            clean++;
        }
        if (clean == s.length()) {
            sb.append(s).append('"');
            return;
        }
        sb.append(s, 0, clean);
        for (int i = clean; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        sb.append("\\u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF])
                                .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    private static boolean needsEscape(char c) {
        return c < 0x20 || c == '"' || c == '\\' || c == 0x2028 || c == 0x2029;
    }
}

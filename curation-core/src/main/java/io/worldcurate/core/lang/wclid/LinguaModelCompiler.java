package io.worldcurate.core.lang.wclid;

import com.github.pemistahl.lingua.api.Language;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Compiles the n-gram models that ship inside Lingua 1.2.2's jar ({@code /language-models/<iso>/<n>grams.json},
 * relative frequencies as fractions) into one {@link FusedNgramTable}. Reads every model twice (keys, then
 * values) to keep the build's heap near the table's own size.
 */
public final class LinguaModelCompiler {

    private static final String[] FILES = {"unigrams", "bigrams", "trigrams", "quadrigrams", "fivegrams"};

    private LinguaModelCompiler() {
    }

    /** Lingua's languages in enum order, as ISO 639-1 codes; a language's index in the table is its place here. */
    public static String[] linguaLanguageCodes() {
        List<String> codes = new ArrayList<>();
        for (Language l : Language.values()) {
            if (l != Language.UNKNOWN) {
                codes.add(l.getIsoCode639_1().name().toLowerCase(Locale.ROOT));
            }
        }
        return codes.toArray(new String[0]);
    }

    public static FusedNgramTable compile() throws IOException {
        String[] codes = linguaLanguageCodes();
        if (read("/language-models/en/unigrams.json") == null) {
            throw new IOException("Lingua's models are not on the classpath");
        }
        FusedNgramTable.Builder b = new FusedNgramTable.Builder(8_000_000);
        for (int pass = 0; pass < 2; pass++) {
            for (int lang = 0; lang < codes.length; lang++) {
                for (String file : FILES) {
                    String json = read("/language-models/" + codes[lang] + "/" + file + ".json");
                    if (json == null) {
                        continue; // Lingua ships no model of this length for a language its alphabet alone identifies
                    }
                    int l = lang;
                    if (pass == 0) {
                        parse(json, (hash, p) -> b.count(hash));
                    } else {
                        parse(json, (hash, p) -> b.add(hash, l, p));
                    }
                }
            }
            if (pass == 0) {
                b.allocate();
            }
        }
        return b.build(codes);
    }

    private static String read(String resource) throws IOException {
        try (InputStream in = Language.class.getResourceAsStream(resource)) {
            if (in == null) {
                return null;
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    interface NgramSink {
        void accept(long hash, double probability);
    }

    /** Parses {@code {"language":"X","ngrams":{"num/den":"ab cd ...", ...}}}. */
    static void parse(String json, NgramSink sink) throws IOException {
        int i = json.indexOf("\"ngrams\"");
        if (i < 0) {
            throw new IOException("no ngrams in a Lingua model");
        }
        i = json.indexOf('{', i) + 1;
        StringBuilder sb = new StringBuilder();
        while (true) {
            i = skipWs(json, i);
            char c = json.charAt(i);
            if (c == '}') {
                return;
            }
            if (c == ',') {
                i++;
                continue;
            }
            i = readString(json, i, sb);
            String fraction = sb.toString();
            int slash = fraction.indexOf('/');
            double p = Double.parseDouble(fraction.substring(0, slash)) / Double.parseDouble(fraction.substring(slash + 1));
            i = skipWs(json, i);
            if (json.charAt(i) != ':') {
                throw new IOException("malformed Lingua model near " + i);
            }
            i = skipWs(json, i + 1);
            i = readString(json, i, sb);
            int from = 0;
            for (int k = 0; k <= sb.length(); k++) {
                if (k == sb.length() || sb.charAt(k) == ' ') {
                    if (k > from) {
                        sink.accept(NgramHash.of(sb, from, k), p);
                    }
                    from = k + 1;
                }
            }
        }
    }

    private static int skipWs(String s, int i) {
        while (Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int readString(String s, int i, StringBuilder sb) throws IOException {
        if (s.charAt(i) != '"') {
            throw new IOException("expected a string at " + i);
        }
        sb.setLength(0);
        i++;
        while (true) {
            char c = s.charAt(i++);
            if (c == '"') {
                return i;
            }
            if (c == '\\') {
                char e = s.charAt(i++);
                switch (e) {
                    case 'u' -> {
                        sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    }
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    default -> sb.append(e);
                }
            } else {
                sb.append(c);
            }
        }
    }

    /** Writes the compiled table: {@code LinguaModelCompiler OUT_FILE}. */
    public static void main(String[] args) throws IOException {
        long t0 = System.nanoTime();
        FusedNgramTable t = compile();
        Path out = Path.of(args.length > 0 ? args[0] : "wc-lid-lingua.bin");
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        t.write(out);
        System.out.printf("%d values in %.1f s -> %s (%d MB)%n", t.valueCount(), (System.nanoTime() - t0) / 1e9,
                out, Files.size(out) >> 20);
    }
}

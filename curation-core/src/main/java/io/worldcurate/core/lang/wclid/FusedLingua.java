package io.worldcurate.core.lang.wclid;

import com.github.pemistahl.lingua.api.Language;
import com.github.pemistahl.lingua.internal.Alphabet;
import com.github.pemistahl.lingua.internal.Constant;

import java.lang.Character.UnicodeScript;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Lingua 1.2.2's high-accuracy decision for all its languages, reproduced over a {@link FusedNgramTable}:
 * the same text clean-up, word split, alphabet and unique-character rules, n-gram lengths (1 to 5, trigrams
 * only from 120 characters), back-off to shorter n-grams, summed log-probabilities normalised by the number
 * of known unigrams, and ties giving no answer. One table probe per n-gram serves every language, there is
 * no lock and no thread pool, and per-call scratch space is thread-local.
 */
final class FusedLingua {

    static final int HIGH_ACCURACY_MAX_LENGTH = 120;

    /** A decision: the language index (-1 for none), and the relative distance to the runner-up (1 when rules decided). */
    record Result(int language, double distance) {
        static final Result NONE = new Result(-1, 0);
    }

    private final FusedNgramTable table;
    private final int n;
    private final String[] codes;
    private final Language[] languages;
    private final Map<UnicodeScript, Integer> oneLanguageScripts = new EnumMap<>(UnicodeScript.class);
    private final int chinese;
    private final int japanese;
    private final Map<Character, int[]> uniqueCharLanguages = new HashMap<>();
    private final UnicodeScript[] alphabetScripts;
    private final long[][] languagesByScript; // per alphabet index: bit set of languages using it
    private final char[][] charGroups;
    private final int[][] charGroupLanguages;
    private final ThreadLocal<Scratch> scratch;

    FusedLingua(FusedNgramTable table) {
        this.table = table;
        this.codes = table.languageCodes();
        this.n = codes.length;
        if (n > 128) {
            throw new IllegalArgumentException("at most 128 languages");
        }
        this.languages = new Language[n];
        Map<Language, Integer> index = new EnumMap<>(Language.class);
        for (Language l : Language.values()) {
            if (l == Language.UNKNOWN) {
                continue;
            }
            String code = l.getIsoCode639_1().name().toLowerCase(java.util.Locale.ROOT);
            int i = Arrays.asList(codes).indexOf(code);
            if (i < 0) {
                throw new IllegalArgumentException("the n-gram table lacks Lingua's " + l);
            }
            languages[i] = l;
            index.put(l, i);
        }
        this.chinese = index.get(Language.CHINESE);
        this.japanese = index.get(Language.JAPANESE);

        List<UnicodeScript> scripts = new ArrayList<>();
        List<long[]> byScript = new ArrayList<>();
        for (Alphabet a : Alphabet.values()) {
            if (a == Alphabet.NONE) {
                continue;
            }
            UnicodeScript script = UnicodeScript.valueOf(a.name());
            long[] bits = new long[2];
            int users = 0;
            int user = -1;
            for (int i = 0; i < n; i++) {
                if (languages[i].getAlphabets$lingua().contains(a)) {
                    bits[i >> 6] |= 1L << i;
                    users++;
                    user = i;
                }
            }
            if (users == 1) {
                oneLanguageScripts.put(script, user);
            }
            scripts.add(script);
            byScript.add(bits);
        }
        this.alphabetScripts = scripts.toArray(new UnicodeScript[0]);
        this.languagesByScript = byScript.toArray(new long[0][]);

        for (int i = 0; i < n; i++) {
            String unique = languages[i].getUniqueCharacters$lingua();
            if (unique == null) {
                continue;
            }
            for (char c : unique.toCharArray()) {
                int[] prev = uniqueCharLanguages.getOrDefault(c, new int[0]);
                int[] next = Arrays.copyOf(prev, prev.length + 1);
                next[prev.length] = i;
                uniqueCharLanguages.put(c, next);
            }
        }
        Map<String, java.util.EnumSet<Language>> mapping = Constant.INSTANCE.getCHARS_TO_LANGUAGES_MAPPING();
        this.charGroups = new char[mapping.size()][];
        this.charGroupLanguages = new int[mapping.size()][];
        int g = 0;
        for (Map.Entry<String, java.util.EnumSet<Language>> e : mapping.entrySet()) {
            charGroups[g] = e.getKey().toCharArray();
            charGroupLanguages[g] = e.getValue().stream().mapToInt(index::get).toArray();
            g++;
        }
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(n));
    }

    String code(int language) {
        return codes[language];
    }

    int languageCount() {
        return n;
    }

    private static final class Scratch {
        final int[] wordCounts;
        final double[] totals;
        final int[] langCounts;
        final double[] sum;
        final int[] newOrders = new int[6];
        final int[] upper;
        final float[] total;
        final int[] unigramCount;
        final int[] stamp;
        final boolean[] candidate;
        final int[] candidates;
        int stampValue;
        long[] seen = new long[256];
        long[] keys = new long[0];
        int[] slots = new int[0];
        long prefetched;
        int[] runs = new int[0];

        Scratch(int n) {
            wordCounts = new int[n + 1];
            totals = new double[n + 1];
            langCounts = new int[n];
            sum = new double[n];
            upper = new int[n];
            total = new float[n];
            unigramCount = new int[n];
            stamp = new int[n];
            candidate = new boolean[n];
            candidates = new int[n];
        }
    }

    /** Lingua's clean-up: trim, lower case, no punctuation or digits, runs of ASCII white space as one space. */
    static String cleanUp(String text) {
        String t = kotlinTrim(text).toLowerCase(java.util.Locale.ROOT);
        StringBuilder sb = new StringBuilder(t.length());
        boolean inSpace = false;
        for (int i = 0; i < t.length(); ) {
            int cp = t.codePointAt(i);
            i += Character.charCount(cp);
            int type = Character.getType(cp);
            switch (type) {
                case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                        Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                        Character.OTHER_PUNCTUATION, Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER,
                        Character.OTHER_NUMBER -> {
                    continue;
                }
                default -> {
                }
            }
            if (cp == ' ' || cp == '\t' || cp == '\n' || cp == 0x0B || cp == '\f' || cp == '\r') {
                if (!inSpace) {
                    sb.append(' ');
                    inSpace = true;
                }
            } else {
                sb.appendCodePoint(cp);
                inSpace = false;
            }
        }
        return sb.toString();
    }

    private static String kotlinTrim(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isKotlinWhitespace(s.charAt(start))) {
            start++;
        }
        while (end > start && isKotlinWhitespace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    private static boolean isKotlinWhitespace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    static boolean hasLetter(String s) {
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (Character.isLetter(cp)) {
                return true;
            }
            i += Character.charCount(cp);
        }
        return false;
    }

    private static boolean isLogogram(char c) {
        if (Character.isWhitespace(c)) {
            return false;
        }
        UnicodeScript s = UnicodeScript.of(c);
        return s == UnicodeScript.HAN || s == UnicodeScript.HIRAGANA || s == UnicodeScript.KATAKANA || s == UnicodeScript.HANGUL;
    }

    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        int next = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ' ') {
                if (next != i) {
                    words.add(text.substring(next, i));
                }
                next = i + 1;
            } else if (isLogogram(c)) {
                if (next != i) {
                    words.add(text.substring(next, i));
                }
                words.add(String.valueOf(c));
                next = i + 1;
            }
        }
        if (next != text.length()) {
            words.add(text.substring(next));
        }
        return words;
    }

    /** Decides on an already cleaned-up text that has a letter. */
    Result decide(String cleaned) {
        Scratch s = scratch.get();
        List<String> words = words(cleaned);
        int byRules = detectWithRules(words, s);
        if (byRules >= 0) {
            return new Result(byRules, 1.0);
        }
        int candidates = filterByRules(words, s);
        if (candidates == 1) {
            return new Result(s.candidates[0], 1.0);
        }
        return score(cleaned, candidates, s);
    }

    private int detectWithRules(List<String> words, Scratch s) {
        final int unknown = n;
        double[] totals = s.totals;
        Arrays.fill(totals, 0);
        int[] wc = s.wordCounts;
        for (String word : words) {
            Arrays.fill(wc, 0);
            int distinct = 0;
            for (int k = 0; k < word.length(); k++) {
                char c = word.charAt(k);
                UnicodeScript script = UnicodeScript.of(c);
                Integer one = oneLanguageScripts.get(script);
                if (one != null) {
                    if (wc[one]++ == 0) {
                        distinct++;
                    }
                } else if (script == UnicodeScript.HAN) {
                    if (wc[chinese]++ == 0) {
                        distinct++;
                    }
                } else if (script == UnicodeScript.HIRAGANA || script == UnicodeScript.KATAKANA) {
                    if (wc[japanese]++ == 0) {
                        distinct++;
                    }
                } else if (script == UnicodeScript.LATIN || script == UnicodeScript.CYRILLIC || script == UnicodeScript.DEVANAGARI) {
                    int[] langs = uniqueCharLanguages.get(c);
                    if (langs != null) {
                        for (int l : langs) {
                            if (wc[l]++ == 0) {
                                distinct++;
                            }
                        }
                    }
                }
            }
            if (distinct == 0) {
                totals[unknown]++;
            } else if (distinct == 1) {
                totals[argMax(wc, n)]++;
            } else {
                int first = argMax(wc, n);
                int firstCount = wc[first];
                wc[first] = -1;
                int second = argMax(wc, n);
                wc[first] = firstCount;
                if (firstCount > wc[second]) {
                    totals[first]++;
                } else {
                    totals[unknown]++;
                }
            }
        }
        if (totals[unknown] < 0.5 * words.size()) {
            totals[unknown] = 0;
        }
        int nonZero = 0;
        for (double t : totals) {
            if (t > 0) {
                nonZero++;
            }
        }
        if (nonZero == 0) {
            return -1;
        }
        int first = argMax(totals);
        if (nonZero == 1) {
            return first == unknown ? -1 : first;
        }
        if (nonZero == 2 && totals[chinese] > 0 && totals[japanese] > 0) {
            return japanese;
        }
        double firstCount = totals[first];
        totals[first] = -1;
        int second = argMax(totals);
        if (firstCount == totals[second]) {
            return -1;
        }
        return first == unknown ? -1 : first;
    }

    private static int argMax(int[] a, int len) {
        int best = 0;
        for (int i = 1; i < len; i++) {
            if (a[i] > a[best]) {
                best = i;
            }
        }
        return best;
    }

    private static int argMax(double[] a) {
        int best = 0;
        for (int i = 1; i < a.length; i++) {
            if (a[i] > a[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Fills {@code s.candidates} with the languages the rules leave possible and returns how many. */
    private int filterByRules(List<String> words, Scratch s) {
        int[] alphabetCounts = new int[alphabetScripts.length];
        boolean any = false;
        for (String word : words) {
            for (int a = 0; a < alphabetScripts.length; a++) {
                if (allOfScript(word, alphabetScripts[a])) {
                    alphabetCounts[a]++;
                    any = true;
                    break;
                }
            }
        }
        boolean[] cand = s.candidate;
        if (!any || allEqualNonZero(alphabetCounts)) {
            Arrays.fill(cand, true);
        } else {
            long[] bits = languagesByScript[argMax(alphabetCounts, alphabetCounts.length)];
            for (int i = 0; i < n; i++) {
                cand[i] = (bits[i >> 6] & (1L << i)) != 0;
            }
            int[] counts = s.langCounts;
            Arrays.fill(counts, 0);
            boolean counted = false;
            for (int g = 0; g < charGroups.length; g++) {
                for (String word : words) {
                    if (containsAny(word, charGroups[g])) {
                        for (int l : charGroupLanguages[g]) {
                            if (cand[l]) {
                                counts[l]++;
                                counted = true;
                            }
                        }
                    }
                }
            }
            if (counted) {
                double half = words.size() / 2.0;
                boolean subset = false;
                for (int i = 0; i < n; i++) {
                    if (cand[i] && counts[i] >= half) {
                        subset = true;
                        break;
                    }
                }
                if (subset) {
                    for (int i = 0; i < n; i++) {
                        cand[i] = cand[i] && counts[i] >= half;
                    }
                }
            }
        }
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (cand[i]) {
                s.candidates[k++] = i;
            }
        }
        return k;
    }

    private static boolean allEqualNonZero(int[] counts) {
        int value = -1;
        int nonZero = 0;
        for (int c : counts) {
            if (c > 0) {
                nonZero++;
                if (value < 0) {
                    value = c;
                } else if (c != value) {
                    return false;
                }
            }
        }
        return nonZero > 1;
    }

    private static boolean allOfScript(String word, UnicodeScript script) {
        for (int i = 0; i < word.length(); ) {
            int cp = word.codePointAt(i);
            if (UnicodeScript.of(cp) != script) {
                return false;
            }
            i += Character.charCount(cp);
        }
        return true;
    }

    private static boolean containsAny(String word, char[] chars) {
        for (char c : chars) {
            if (word.indexOf(c) >= 0) {
                return true;
            }
        }
        return false;
    }

    private Result score(String text, int candidateCount, Scratch s) {
        int[] cands = s.candidates;
        float[] total = s.total;
        int[] uni = s.unigramCount;
        for (int k = 0; k < candidateCount; k++) {
            total[cands[k]] = 0;
            uni[cands[k]] = 0;
        }
        int len = text.length();
        int minOrder = len >= HIGH_ACCURACY_MAX_LENGTH ? 3 : 1;
        int maxOrder = len >= HIGH_ACCURACY_MAX_LENGTH ? 3 : 5;
        // one probe per (position, length), shared by every order's back-off
        if (s.keys.length < len * 5) {
            s.keys = new long[len * 5];
            s.slots = new int[len * 5];
            s.runs = new int[len];
        }
        long[] keys = s.keys;
        int[] slots = s.slots;
        int[] runs = s.runs;
        for (int i = 0; i < len; i++) {
            long state = NgramHash.SEED;
            int run = 0;
            for (int j = 0; j < maxOrder && i + j < len; j++) {
                char c = text.charAt(i + j);
                if (!Character.isLetter(c)) {
                    break;
                }
                state = NgramHash.step(state, c);
                long key = NgramHash.key(state, j + 1);
                keys[i * 5 + j] = key;
                run++;
            }
            runs[i] = run;
        }
        s.prefetched += table.findAll(keys, runs, len, slots);
        // Lingua sums, per order k, each language's log-probability of every distinct k-gram, backing off to
        // the longest prefix the language knows. Per position, one pass over the values of its prefixes, longest
        // first, gives each language its share of every order at once: a prefix of length j serves the orders
        // from j up to (not including) the next longer prefix the language knows.
        double[] sum = s.sum;
        for (int k = 0; k < candidateCount; k++) {
            sum[cands[k]] = 0;
        }
        int seenMask = seenReset(s, len * (maxOrder - minOrder + 1));
        int[] newOrders = s.newOrders; // newOrders[k]: how many of the orders 1..k count at this position
        int[] upper = s.upper;
        for (int i = 0; i < len; i++) {
            int top = Math.min(runs[i], maxOrder);
            if (top < minOrder) {
                continue;
            }
            boolean unigramCounts = false;
            for (int k = 1; k <= top; k++) {
                boolean counts = k >= minOrder && seenAdd(s, seenMask, keys[i * 5 + k - 1]);
                newOrders[k] = newOrders[k - 1] + (counts ? 1 : 0);
                if (k == 1) {
                    unigramCounts = counts;
                }
            }
            if (newOrders[top] == 0) {
                continue;
            }
            int stamp = ++s.stampValue;
            for (int j = top; j >= 1; j--) {
                int slot = slots[i * 5 + j - 1];
                if (slot == FusedNgramTable.ABSENT) {
                    continue;
                }
                int start = table.start(slot);
                int end = start + table.count(slot);
                for (int v = start; v < end; v++) {
                    int l = table.language(v);
                    if (!s.candidate[l]) {
                        continue;
                    }
                    int above = s.stamp[l] == stamp ? upper[l] : top + 1;
                    s.stamp[l] = stamp;
                    upper[l] = j;
                    int weight = newOrders[above - 1] - newOrders[j - 1];
                    if (weight != 0) {
                        sum[l] += weight * (double) table.logProb(v);
                    }
                    if (j == 1 && unigramCounts) {
                        uni[l]++;
                    }
                }
            }
        }
        for (int k = 0; k < candidateCount; k++) {
            total[cands[k]] = (float) sum[cands[k]];
        }
        int best = -1;
        int second = -1;
        for (int k = 0; k < candidateCount; k++) {
            int l = cands[k];
            float v = total[l];
            if (uni[l] > 0) {
                v /= uni[l];
                total[l] = v;
            }
            if (v == 0) {
                continue;
            }
            if (best < 0 || v > total[best]) {
                second = best;
                best = l;
            } else if (second < 0 || v > total[second]) {
                second = l;
            }
        }
        if (best < 0) {
            return Result.NONE;
        }
        if (second < 0) {
            return new Result(best, 1.0);
        }
        if (total[best] == total[second]) {
            return Result.NONE;
        }
        return new Result(best, 1.0 - total[best] / (double) total[second]);
    }

    private static int seenReset(Scratch s, int len) {
        int cap = Integer.highestOneBit(Math.max(16, len * 2)) << 1;
        if (s.seen.length < cap) {
            s.seen = new long[cap];
        } else {
            Arrays.fill(s.seen, 0, cap, 0L);
        }
        return cap - 1;
    }

    private static boolean seenAdd(Scratch s, int mask, long key) {
        long k = key == 0 ? 1 : key;
        int i = (int) (k ^ (k >>> 29)) & mask;
        while (true) {
            long v = s.seen[i];
            if (v == k) {
                return false;
            }
            if (v == 0) {
                s.seen[i] = k;
                return true;
            }
            i = (i + 1) & mask;
        }
    }
}

package io.worldcurate.core.match;

import com.hankcs.algorithm.AhoCorasickDoubleArrayTrie;
import io.worldcurate.core.text.Spacing;

import java.util.Arrays;
import java.util.Map;

/**
 * An {@link EntryMatcher} on hankcs' double-array Aho-Corasick automaton over spaced entries.
 * Built once, then read-only: safe to share across threads (each call has its own collector).
 */
public final class AhoCorasickMatcher implements EntryMatcher {

    private final AhoCorasickDoubleArrayTrie<Integer> trie;
    private final int keys;

    private AhoCorasickMatcher(AhoCorasickDoubleArrayTrie<Integer> trie, int keys) {
        this.trie = trie;
        this.keys = keys;
    }

    /** @param spacedEntries spaced entry to entry id, as {@code LanguageMetadata.spacedEntries()} gives */
    public static AhoCorasickMatcher build(Map<String, Integer> spacedEntries) {
        if (spacedEntries.isEmpty()) {
            return new AhoCorasickMatcher(null, 0);
        }
        AhoCorasickDoubleArrayTrie<Integer> trie = new AhoCorasickDoubleArrayTrie<>();
        trie.build(spacedEntries);
        return new AhoCorasickMatcher(trie, spacedEntries.size());
    }

    public int keys() {
        return keys;
    }

    @Override
    public int[] match(String text) {
        if (keys == 0) {
            return NONE;
        }
        Hits hits = new Hits();
        trie.parseText(Spacing.spacedTextChars(text), hits);
        return hits.distinctSorted();
    }

    /** Collects hit ids; a class rather than a lambda because parseText's overloads make lambdas ambiguous. */
    private static final class Hits implements AhoCorasickDoubleArrayTrie.IHit<Integer> {
        private int[] ids = new int[8];
        private int size;

        @Override
        public void hit(int begin, int end, Integer value) {
            if (size == ids.length) {
                ids = Arrays.copyOf(ids, size * 2);
            }
            ids[size++] = value;
        }

        int[] distinctSorted() {
            if (size == 0) {
                return NONE;
            }
            Arrays.sort(ids, 0, size);
            int n = 1;
            for (int i = 1; i < size; i++) {
                if (ids[i] != ids[n - 1]) {
                    ids[n++] = ids[i];
                }
            }
            return Arrays.copyOf(ids, n);
        }
    }
}

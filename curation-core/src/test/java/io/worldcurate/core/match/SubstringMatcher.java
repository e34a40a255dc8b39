package io.worldcurate.core.match;

import io.worldcurate.core.metadata.LanguageMetadata;
import io.worldcurate.core.text.Spacing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The straightforward matcher the automaton is checked against: every substring of the spaced
 * text whose length is that of some spaced entry is looked up in a map of spaced entries.
 */
public final class SubstringMatcher implements EntryMatcher {

    private final Map<String, Integer> ids = new HashMap<>();
    private final int[] lengths;

    public SubstringMatcher(List<String> entries) {
        TreeSet<Integer> lens = new TreeSet<>();
        for (int id = 0; id < entries.size(); id++) {
            String e = entries.get(id);
            if (LanguageMetadata.isBlank(e)) {
                continue;
            }
            String spaced = Spacing.spacedEntry(e);
            if (!ids.containsKey(spaced)) {
                ids.put(spaced, id);
                lens.add(spaced.length());
            }
        }
        lengths = lens.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public int[] match(String text) {
        String spaced = Spacing.spacedText(text);
        TreeSet<Integer> found = new TreeSet<>();
        for (int start = 0; start < spaced.length(); start++) {
            for (int len : lengths) {
                if (start + len > spaced.length()) {
                    break;
                }
                Integer id = ids.get(spaced.substring(start, start + len));
                if (id != null) {
                    found.add(id);
                }
            }
        }
        return found.stream().mapToInt(Integer::intValue).toArray();
    }
}

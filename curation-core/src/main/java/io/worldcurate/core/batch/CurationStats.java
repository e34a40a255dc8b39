package io.worldcurate.core.batch;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The figures of a curation run (spec section 9's stats): images read, repeated uuids, rejected
 * records by reason, images without a matched text, images admitted, and the same per language.
 * Not thread-safe.
 */
public final class CurationStats {

    /** Per-language figures; an image is counted under the language of its chosen text. */
    public static final class LanguageStats {
        long texts;
        long textsDetected;
        long matchedTexts;
        long imagesChosen;
        long imagesAdmitted;

        public long texts() {
            return texts;
        }

        public long textsDetected() {
            return textsDetected;
        }

        public long matchedTexts() {
            return matchedTexts;
        }

        public long imagesChosen() {
            return imagesChosen;
        }

        public long imagesAdmitted() {
            return imagesAdmitted;
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("texts", texts);
            m.put("texts_detected", textsDetected);
            m.put("matched_texts", matchedTexts);
            m.put("images_chosen", imagesChosen);
            m.put("images_admitted", imagesAdmitted);
            return m;
        }
    }

    long recordsRead;
    long imagesRead;
    long repeatedUuids;
    long rejected;
    long imagesWithoutMatch;
    long imagesMatched;
    long imagesAdmitted;
    final Map<String, Long> rejectedByReason = new TreeMap<>();
    final Map<String, LanguageStats> languages = new TreeMap<>();
    final Map<String, Long> lidLabelsWithoutMetadata = new TreeMap<>();

    LanguageStats language(String lang) {
        return languages.computeIfAbsent(lang, l -> new LanguageStats());
    }

    void reject(String reason) {
        rejected++;
        rejectedByReason.merge(io.worldcurate.core.input.InvalidRecordException.kindOf(reason), 1L, Long::sum);
    }

    public long recordsRead() {
        return recordsRead;
    }

    public long imagesRead() {
        return imagesRead;
    }

    public long repeatedUuids() {
        return repeatedUuids;
    }

    public long rejected() {
        return rejected;
    }

    public long imagesWithoutMatch() {
        return imagesWithoutMatch;
    }

    public long imagesMatched() {
        return imagesMatched;
    }

    public long imagesAdmitted() {
        return imagesAdmitted;
    }

    public Map<String, Long> rejectedByReason() {
        return rejectedByReason;
    }

    public Map<String, LanguageStats> languages() {
        return languages;
    }

    /** Texts that identification gave a label with no metadata (so {@code other}), by the engine's label. */
    public Map<String, Long> lidLabelsWithoutMetadata() {
        return lidLabelsWithoutMetadata;
    }

    void lidLabelsWithoutMetadata(Map<String, Long> counts) {
        lidLabelsWithoutMetadata.clear();
        lidLabelsWithoutMetadata.putAll(counts);
    }

    /** The stats document, in a fixed order. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("records_read", recordsRead);
        m.put("images_read", imagesRead);
        m.put("repeated_uuids", repeatedUuids);
        Map<String, Object> rej = new LinkedHashMap<>();
        rej.put("total", rejected);
        rej.put("reasons", rejectedByReason);
        m.put("rejected", rej);
        m.put("images_unique", imagesRead - repeatedUuids);
        m.put("images_without_match", imagesWithoutMatch);
        m.put("images_matched", imagesMatched);
        m.put("images_admitted", imagesAdmitted);
        Map<String, Object> langs = new LinkedHashMap<>();
        languages.forEach((lang, s) -> langs.put(lang, s.toMap()));
        m.put("languages", langs);
        m.put("lid_labels_without_metadata", lidLabelsWithoutMetadata);
        return m;
    }
}

package io.worldcurate.core.synthetic;

import java.nio.file.Path;
import java.util.Map;

/**
 * What {@link CrawlGenerator#write} wrote.
 *
 * @param file             the file written, or null when writing to a stream
 * @param imagesByLanguage images per drawn image language, in the order of the mix
 * @param textsByKind      texts per {@link TextKind}
 * @param bytes            bytes of JSONL before any compression
 */
public record CrawlSummary(Path file, long images, long texts, long repeatedUuids, long withoutUuid,
                           long objectFormTexts, Map<String, Long> imagesByLanguage, Map<TextKind, Long> textsByKind,
                           long bytes) {

    public CrawlSummary {
        imagesByLanguage = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(imagesByLanguage));
        java.util.EnumMap<TextKind, Long> kinds = new java.util.EnumMap<>(TextKind.class);
        kinds.putAll(textsByKind);
        textsByKind = java.util.Collections.unmodifiableMap(kinds);
    }

    public long texts(TextKind kind) {
        return textsByKind.getOrDefault(kind, 0L);
    }
}

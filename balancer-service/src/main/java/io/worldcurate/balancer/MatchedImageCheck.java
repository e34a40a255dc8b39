package io.worldcurate.balancer;

import io.worldcurate.core.input.ImageValidator;
import io.worldcurate.core.input.InvalidRecordException;
import io.worldcurate.core.metadata.MetadataSource;
import io.worldcurate.schemas.avro.MatchedImage;
import io.worldcurate.schemas.avro.MatchedText;

import java.util.List;

/**
 * What a matched image must satisfy before it is counted: a good uuid, at least one text, each in a
 * language with metadata, with ascending distinct entry ids inside that metadata. Anything else
 * would corrupt the counters, so it goes to the dead-letter topic instead.
 */
final class MatchedImageCheck {

    private final MetadataSource metadata;

    MatchedImageCheck(MetadataSource metadata) {
        this.metadata = metadata;
    }

    String problem(String key, MatchedImage image) {
        try {
            ImageValidator.checkUuid(image.getUuid());
        } catch (InvalidRecordException e) {
            return e.reason();
        }
        if (image.getTexts().isEmpty()) {
            return "no texts";
        }
        for (int i = 0; i < image.getTexts().size(); i++) {
            MatchedText t = image.getTexts().get(i);
            if (!metadata.has(t.getLang())) {
                return "texts[" + i + "]: no metadata for language '" + t.getLang() + "'";
            }
            List<Integer> entries = t.getEntries();
            if (entries.isEmpty()) {
                return "texts[" + i + "]: no entries";
            }
            int size = metadata.get(t.getLang()).size();
            int previous = -1;
            for (int e : entries) {
                if (e <= previous) {
                    return "texts[" + i + "]: entries not ascending and distinct";
                }
                if (e >= size) {
                    return "texts[" + i + "]: entry id " + e + " out of range for " + t.getLang() + " (" + size + " entries)";
                }
                previous = e;
            }
        }
        return null;
    }
}

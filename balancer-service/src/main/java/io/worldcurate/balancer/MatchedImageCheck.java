package io.worldcurate.balancer;

import io.worldcurate.core.input.ImageValidator;
import io.worldcurate.core.input.InvalidRecordException;
import io.worldcurate.core.metadata.MetadataSource;
import io.worldcurate.schemas.Topics;
import io.worldcurate.schemas.avro.MatchedImage;
import io.worldcurate.schemas.avro.MatchedText;

import io.worldcurate.streams.OutputSizeCheck;
import io.worldcurate.streams.RecordLimits;

import java.util.List;

/**
 * What a matched image must satisfy before it is counted: a good uuid, at least one text, each in a
 * language with metadata, with ascending distinct entry ids inside that metadata. Anything else
 * would corrupt the counters, so it goes to the dead-letter topic instead.
 */
final class MatchedImageCheck {

    private final MetadataSource metadata;
    private final int maxRecordBytes;

    MatchedImageCheck(MetadataSource metadata) {
        this(metadata, Topics.DEFAULT_MAX_MESSAGE_BYTES);
    }

    /** @param maxRecordBytes {@code max.message.bytes} of the topics the balancer writes */
    MatchedImageCheck(MetadataSource metadata, int maxRecordBytes) {
        this.metadata = metadata;
        this.maxRecordBytes = maxRecordBytes;
    }

    String problem(String key, MatchedImage image) {
        if (key == null) {
            // Kafka Streams drops null-keyed records on the way through the funnel: dead-lettered here instead
            return "no key: " + Topics.MATCHED + " records are keyed by their uuid";
        }
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
            int size = metadata.entries(t.getLang());
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
            long output = curatedSizeBound(key, image, t);
            if (!RecordLimits.fits(0, (int) Math.min(Integer.MAX_VALUE, output), maxRecordBytes)) {
                // the admitted image would not fit in curation.curated: refused here, before it is counted
                return OutputSizeCheck.REASON + ": texts[" + i + "] would give a " + Topics.CURATED + " record of up to "
                        + output + " bytes, over the limit of " + maxRecordBytes;
            }
        }
        return null;
    }

    /**
     * An upper bound of the size of the key and CuratedImage the balancer writes if it admits {@code image}
     * with text {@code t}: its strings, 5 bytes per entry id and 10 per count (varints), and 128 for the
     * rest (header, lengths, probability, threshold, mode, time).
     */
    static long curatedSizeBound(String key, MatchedImage image, MatchedText t) {
        return RecordLimits.utf8Length(key) + RecordLimits.utf8Length(image.getUuid()) + RecordLimits.utf8Length(image.getUrl())
                + RecordLimits.utf8Length(image.getPageUrl()) + RecordLimits.utf8Length(t.getText())
                + RecordLimits.utf8Length(t.getAttr()) + RecordLimits.utf8Length(t.getLang()) + 15L * t.getEntries().size() + 128;
    }
}

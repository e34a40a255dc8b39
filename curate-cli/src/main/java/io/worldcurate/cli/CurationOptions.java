package io.worldcurate.cli;

import io.worldcurate.core.input.ImageValidator;
import io.worldcurate.core.lang.LidEngines;
import io.worldcurate.core.lang.LidSettings;
import io.worldcurate.core.threshold.ThresholdParams;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/** The curation parameters shared by every command that curates (batch, run). */
final class CurationOptions {

    @Option(names = "--metadata", paramLabel = "DIR", description = ActiveMetadata.OPTION_DESCRIPTION)
    Path metadata;

    @Option(names = "--t-en", paramLabel = "N", description = "English threshold t_en (default: ${DEFAULT-VALUE}).")
    long tEn = ThresholdParams.DEFAULT_T_EN;

    @Option(names = "--tail-ratio", paramLabel = "P", description = "Use this tail ratio for every language, English included, instead of deriving it from t_en.")
    Double tailRatio;

    @Option(names = "--min-threshold", paramLabel = "N", description = "Least threshold of any language (default: ${DEFAULT-VALUE}).")
    long minThreshold = 1;

    @Option(names = "--seed", paramLabel = "S", description = "Seed string of the hash draws (default: ${DEFAULT-VALUE}).")
    String seed = "0";

    @Option(names = "--lid", paramLabel = "ENGINE",
            description = "Language identification engine for texts without a language: " + LidEngines.HELP + " (default: ${DEFAULT-VALUE}).")
    String lid = LidEngines.DEFAULT;

    @Option(names = "--lid-languages", paramLabel = "a,b,..", split = ",",
            description = "ISO 639-1 codes Lingua chooses among (default: all it knows).")
    String[] lidLanguages = new String[0];

    @Option(names = "--lid-min-distance", paramLabel = "D",
            description = "Lingua's minimum relative distance, 0 to 0.99: less sure detections become 'other' (default: ${DEFAULT-VALUE}).")
    double lidMinDistance = 0.0;

    @Option(names = "--max-record-bytes", paramLabel = "N", description = "Longer records are rejected as oversized (default: ${DEFAULT-VALUE}).")
    int maxRecordBytes = ImageValidator.DEFAULT_MAX_RECORD_BYTES;

    /** The metadata directory given (--metadata, else $CURATION_METADATA_DIR), or null for the embedded set. */
    Path metadataDir() {
        return ActiveMetadata.override(metadata);
    }

    ThresholdParams thresholdParams() {
        return new ThresholdParams(tEn, tailRatio, minThreshold);
    }

    LidSettings lidSettings() {
        Set<String> langs = new HashSet<>(Arrays.asList(lidLanguages));
        return new LidSettings(lid, langs, lidMinDistance);
    }
}

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

    /** Where the shared real data lives by default, relative to the project root. */
    static final String DEFAULT_DATA_DIR = "../shared/data";

    @Option(names = "--metadata", paramLabel = "DIR",
            description = "Folder of <lang>.json metadata files (default: $CURATION_METADATA_DIR, else ${CURATION_DATA_DIR:-../shared/data}/metadata).")
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

    Path metadataDir() {
        if (metadata != null) {
            return metadata;
        }
        return defaultMetadataDir();
    }

    static Path defaultMetadataDir() {
        String env = System.getenv("CURATION_METADATA_DIR");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return dataDir().resolve("metadata");
    }

    static Path dataDir() {
        String env = System.getenv("CURATION_DATA_DIR");
        return Path.of(env != null && !env.isBlank() ? env : DEFAULT_DATA_DIR);
    }

    ThresholdParams thresholdParams() {
        return new ThresholdParams(tEn, tailRatio, minThreshold);
    }

    LidSettings lidSettings() {
        Set<String> langs = new HashSet<>(Arrays.asList(lidLanguages));
        return new LidSettings(lid, langs, lidMinDistance);
    }
}

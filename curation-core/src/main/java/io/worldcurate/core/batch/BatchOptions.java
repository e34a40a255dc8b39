package io.worldcurate.core.batch;

import io.worldcurate.core.input.ImageValidator;
import io.worldcurate.core.lang.LidSettings;
import io.worldcurate.core.threshold.ThresholdParams;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything a batch curation run depends on.
 *
 * @param metadataDir    a directory of {@code <lang>.json} files, or null for the embedded metadata set
 * @param threads        workers for identification and matching
 * @param maxRecordBytes longer input lines are rejected as oversized
 */
public record BatchOptions(List<Path> inputs, Path metadataDir, Path outDir, ThresholdParams thresholds,
                           String seed, LidSettings lid, int threads, int maxRecordBytes) {

    public static final String DEFAULT_SEED = "0";

    public BatchOptions {
        inputs = List.copyOf(inputs);
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("at least one input file is needed");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1");
        }
        if (maxRecordBytes < 1) {
            throw new IllegalArgumentException("max record bytes must be >= 1");
        }
    }

    public static BatchOptions defaults(List<Path> inputs, Path metadataDir, Path outDir) {
        return new BatchOptions(inputs, metadataDir, outDir, ThresholdParams.DEFAULT, DEFAULT_SEED, LidSettings.DEFAULT,
                Runtime.getRuntime().availableProcessors(), ImageValidator.DEFAULT_MAX_RECORD_BYTES);
    }

    public BatchOptions withThresholds(ThresholdParams t) {
        return new BatchOptions(inputs, metadataDir, outDir, t, seed, lid, threads, maxRecordBytes);
    }

    public BatchOptions withSeed(String s) {
        return new BatchOptions(inputs, metadataDir, outDir, thresholds, s, lid, threads, maxRecordBytes);
    }

    public BatchOptions withLid(LidSettings l) {
        return new BatchOptions(inputs, metadataDir, outDir, thresholds, seed, l, threads, maxRecordBytes);
    }

    public BatchOptions withThreads(int n) {
        return new BatchOptions(inputs, metadataDir, outDir, thresholds, seed, lid, n, maxRecordBytes);
    }

    public BatchOptions withMaxRecordBytes(int n) {
        return new BatchOptions(inputs, metadataDir, outDir, thresholds, seed, lid, threads, n);
    }

    public BatchOptions withOutDir(Path dir) {
        return new BatchOptions(inputs, metadataDir, dir, thresholds, seed, lid, threads, maxRecordBytes);
    }
}

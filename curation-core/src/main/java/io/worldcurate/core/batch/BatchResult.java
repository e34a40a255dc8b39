package io.worldcurate.core.batch;

import io.worldcurate.core.count.CountOfCounts;
import io.worldcurate.core.threshold.Thresholds;

import java.nio.file.Path;
import java.util.Map;

/** What a batch run produced: its figures, thresholds and count-of-counts, and where its files are. */
public record BatchResult(CurationStats stats, Thresholds thresholds, Map<String, CountOfCounts> counts, Path outDir,
                          long elapsedMillis) {

    public static final String CURATED = "curated.jsonl";
    public static final String INDEX = "index.jsonl";
    public static final String THRESHOLDS = "thresholds.json";
    public static final String STATS = "stats.json";
    public static final String REJECTS = "rejects.jsonl";
}

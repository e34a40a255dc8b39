package io.worldcurate.cli;

import io.worldcurate.core.batch.BatchCurator;
import io.worldcurate.core.batch.BatchOptions;
import io.worldcurate.core.batch.BatchProgress;
import io.worldcurate.core.batch.BatchResult;
import io.worldcurate.core.batch.CurationStats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code curate batch}: the exact algorithm on files, no Kafka; the reference for every other mode. */
@Command(name = "batch", mixinStandardHelpOptions = true,
        description = {"Curates JSONL images (optionally gzipped) exactly as docs/ALGORITHM.md says, with no Kafka.",
                "Writes curated.jsonl, index.jsonl, thresholds.json, stats.json and rejects.jsonl to --out."})
final class BatchCommand implements Callable<Integer> {

    @Option(names = "--input", required = true, arity = "1..*", paramLabel = "FILE",
            description = "JSONL input files, gzipped or not, read in the order given.")
    List<Path> inputs;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (created when missing).")
    Path out;

    @Mixin
    CurationOptions curation;

    @Mixin
    CacheOptions cacheOptions;

    @Option(names = "--threads", paramLabel = "N", description = "Workers for identification and matching (default: every core, ${DEFAULT-VALUE}).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Override
    public Integer call() throws Exception {
        BatchOptions options = new BatchOptions(inputs, curation.metadataDir(), out, curation.thresholdParams(),
                curation.seed, curation.lidSettings(), threads, curation.maxRecordBytes);
        TerminalProgress bar = TerminalProgress.onStderr();
        BatchResult result = BatchCurator.run(options, new BatchProgress() {
            @Override
            public void matchersLoaded(io.worldcurate.core.match.LanguageMatchers.LoadSummary summary) {
                bar.end();
                System.err.println("automata: " + summary);
            }

            @Override
            public void indexing(long records, long fileBytes, long totalFileBytes) {
                bar.bar("identify+match", totalFileBytes == 0 ? 1 : (double) fileBytes / totalFileBytes, records, "records");
            }

            @Override
            public void deciding(long images, long total) {
                bar.end();
                bar.show("decide", images, total, "images");
            }

            @Override
            public void warning(String message) {
                bar.end();
                System.err.println("warning: " + message);
            }
        }, cacheOptions.cache(w -> System.err.println("warning: " + w)));
        bar.end();
        printReport(result);
        return 0;
    }

    static void printReport(BatchResult r) {
        CurationStats s = r.stats();
        System.out.printf("read %d records: %d images, %d repeated uuids, %d rejected%n",
                s.recordsRead(), s.imagesRead(), s.repeatedUuids(), s.rejected());
        System.out.printf("matched %d images (%d without a match), admitted %d; tail ratio %s%n",
                s.imagesMatched(), s.imagesWithoutMatch(), s.imagesAdmitted(), r.thresholds().tailRatio());
        System.out.printf("%-8s %10s %10s %10s %10s %10s%n", "lang", "texts", "matched", "chosen", "admitted", "t_lang");
        for (Map.Entry<String, CurationStats.LanguageStats> e : s.languages().entrySet()) {
            CurationStats.LanguageStats l = e.getValue();
            Long t = r.thresholds().byLanguage().get(e.getKey());
            System.out.printf("%-8s %10d %10d %10d %10d %10s%n", e.getKey(), l.texts(), l.matchedTexts(), l.imagesChosen(),
                    l.imagesAdmitted(), t == null ? "-" : t.toString());
        }
        System.out.printf("took %.1f s (%.0f records/s)%n", r.elapsedMillis() / 1000.0,
                s.recordsRead() / Math.max(0.001, r.elapsedMillis() / 1000.0));
        System.out.println("output: " + r.outDir().toAbsolutePath().normalize() + "/" + BatchResult.CURATED
                + " (with " + BatchResult.INDEX + ", " + BatchResult.THRESHOLDS + ", " + BatchResult.STATS + ", " + BatchResult.REJECTS + ")");
    }
}

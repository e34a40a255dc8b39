package io.worldcurate.cli;

import io.worldcurate.core.lang.wclid.CharNgramTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code curate lid train}: trains wc-lid's character n-gram model from labelled captions. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Trains wc-lid's character n-gram model (naive Bayes over character n-grams and words) from a "
                + "labelled TSV with the columns source, language, caption (as captions_mt_dev.tsv), and writes it gzipped.",
                "The shipped model: --input ../shared/data/captions/captions_mt_dev.tsv --first-per-source 400 --min-count 2 "
                        + "--out curation-core/src/main/resources/io/worldcurate/core/lang/wclid/wc-lid-ngrams.bin.gz"})
final class LidTrainCommand implements Callable<Integer> {

    @Option(names = "--input", required = true, paramLabel = "TSV", description = "Labelled captions: source, language, caption.")
    Path input;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The model file to write (gzipped).")
    Path out;

    @Option(names = "--min-count", paramLabel = "N", description = "Features seen fewer times are dropped (default: ${DEFAULT-VALUE}).")
    int minCount = 2;

    @Option(names = "--first-per-source", paramLabel = "N",
            description = "Train on the first N captions of each source only, keeping the rest for evaluation (default: all).")
    Integer firstPerSource;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(input)) {
            throw new IllegalArgumentException("input file " + input + " does not exist or is not a file");
        }
        List<String> args = new ArrayList<>(List.of("--input", input.toString(), "--out", out.toString(),
                "--min-count", Integer.toString(minCount)));
        if (firstPerSource != null) {
            args.addAll(List.of("--first-per-source", firstPerSource.toString()));
        }
        CharNgramTrainer.main(args.toArray(String[]::new));
        return 0;
    }
}

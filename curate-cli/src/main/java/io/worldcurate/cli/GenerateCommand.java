package io.worldcurate.cli;

import io.worldcurate.core.synthetic.CrawlGenerator;
import io.worldcurate.core.synthetic.CrawlSettings;
import io.worldcurate.core.synthetic.CrawlSummary;
import io.worldcurate.core.synthetic.LanguageWeight;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code curate generate}: a synthetic crawl for demos and benchmarks. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Writes a realistic synthetic crawl as JSONL in MetaCLIP's image form, gzipped when FILE ends in .gz.",
                "Each image has 1-3 texts of 1-3 metadata entries (Zipf-distributed) joined by filler words; about 10%% of "
                        + "the texts have no lang, 2%% a language without metadata, 3%% no concept; about 1%% of the images "
                        + "repeat an earlier uuid and 5%% have no uuid field.",
                "The same arguments and seed write the same bytes."})
final class GenerateCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--metadata", paramLabel = "DIR", description = ActiveMetadata.OPTION_DESCRIPTION)
    Path metadata;

    @Option(names = "--images", required = true, paramLabel = "N", description = "Number of image records to write.")
    long images;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output file; gzipped when it ends in .gz.")
    Path out;

    @Option(names = "--languages", split = ",", paramLabel = "LANG[:W]",
            description = "Languages of the images, each with a metadata file. Without weights (en,de,fr) their shares "
                    + "follow a Zipf law over the given order, the i-th weighing 1/i; with weights (en:5,de:2,fr) they are "
                    + "proportional, a language without one weighing 1. Default: the 13 caption languages weighted like "
                    + "a web crawl (en 45%%, de 8.5, ru 8.5, zh 7, ja 6, es 6, fr 6, it 3.5, pl 2.5, nl 2.5, cs 1.5, "
                    + "tr 1.5, ko 1.5), restricted to those with a metadata file.")
    List<String> languages = List.of();

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the generator (default: ${DEFAULT-VALUE}).")
    long seed = 0;

    @Option(names = "--zipf", paramLabel = "S", description = "Exponent of the concepts' Zipf law (default: ${DEFAULT-VALUE}).")
    double zipf = CrawlSettings.DEFAULT_ZIPF_EXPONENT;

    @Override
    public Integer call() throws Exception {
        if (images < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--images must be >= 0, got " + images);
        }
        CrawlSettings settings = CrawlSettings.defaults(images, seed)
                .withLanguages(LanguageWeight.parse(languages))
                .withZipfExponent(zipf);
        long started = System.nanoTime();
        CrawlGenerator generator = new CrawlGenerator(ActiveMetadata.open(metadata, r -> { }), settings);
        double loadSeconds = (System.nanoTime() - started) / 1e9;
        TerminalProgress bar = TerminalProgress.onStderr();
        long writing = System.nanoTime();
        CrawlSummary s;
        try {
            s = generator.write(out, done -> bar.show("generate", done, images, "images"));
        } finally {
            bar.end();
        }
        double seconds = (System.nanoTime() - writing) / 1e9;
        spec.commandLine().getOut().println(String.format(Locale.ROOT,
                "wrote %d images (%d texts, %d repeated uuids, %d without uuid) in %d languages to %s"
                        + " in %.1f s (%.0f images/s; metadata %.1f s)",
                s.images(), s.texts(), s.repeatedUuids(), s.withoutUuid(), generator.languageMix().size(),
                out.toAbsolutePath().normalize(), seconds, s.images() / Math.max(1e-9, seconds), loadSeconds));
        spec.commandLine().getOut().flush();
        return 0;
    }
}

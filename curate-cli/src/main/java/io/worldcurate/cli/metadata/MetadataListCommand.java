package io.worldcurate.cli.metadata;

import io.worldcurate.cli.ActiveMetadata;
import io.worldcurate.core.metadata.MetadataSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code curate metadata list}: the languages, entry counts and SHA-256s of the active metadata, and where it is from. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "Prints the languages of the active metadata with their entries and SHA-256, and its source.")
final class MetadataListCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--metadata", paramLabel = "DIR", description = ActiveMetadata.OPTION_DESCRIPTION)
    Path metadata;

    @Override
    public Integer call() {
        MetadataSource source = ActiveMetadata.open(metadata, r -> { });
        PrintWriter out = spec.commandLine().getOut();
        out.println("source: " + source.description());
        out.printf(Locale.ROOT, "%-8s %10s  %s%n", "lang", "entries", "sha256");
        long total = 0;
        for (String lang : source.languages()) {
            int n = source.entries(lang);
            total += n;
            out.printf(Locale.ROOT, "%-8s %10d  %s%n", lang, n, source.sha256(lang));
        }
        out.printf(Locale.ROOT, "%d languages, %d entries%n", source.languages().size(), total);
        out.flush();
        return 0;
    }
}

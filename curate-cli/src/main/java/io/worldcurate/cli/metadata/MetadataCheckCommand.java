package io.worldcurate.cli.metadata;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code curate metadata check DIR}: validates a metadata directory of one's own; exit 1 on errors. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Validates a folder of <lang>.json metadata files and prints each problem as FILE:LINE:COLUMN: "
                + "error|warning: what.",
                "Errors (exit 1): file names that are not <code>.json, malformed JSON, a file that is not an array, entries "
                        + "that are not strings, blank entries, repeated entries (counts and first examples).",
                "Warnings: languages no language identification engine produces (their texts need an input lang), empty files."})
final class MetadataCheckCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "The metadata folder to check.")
    Path dir;

    @Override
    public Integer call() throws IOException {
        MetadataCheck.Report r = MetadataCheck.check(dir);
        PrintWriter out = spec.commandLine().getOut();
        r.findings().forEach(out::println);
        out.printf("checked %d files (%d entries) in %s: %d errors, %d warnings%n", r.files(), r.entries(),
                dir.toAbsolutePath().normalize(), r.errors(), r.warnings());
        out.flush();
        return r.errors() > 0 ? 1 : 0;
    }
}

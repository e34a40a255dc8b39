package io.worldcurate.cli.metadata;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code curate metadata}: what metadata is active, checking a directory of one's own, exporting the embedded set, compiling its automata into the cache. */
@Command(name = "metadata", mixinStandardHelpOptions = true,
        description = {"The curation metadata: <lang>.json files, each a JSON array of strings whose positions are the entry ids.",
                "Without --metadata every command uses the embedded set (232 languages); a set of one's own means fresh counts."},
        subcommands = {
                MetadataListCommand.class,
                MetadataCheckCommand.class,
                MetadataExportCommand.class,
                MetadataCompileCommand.class
        })
public final class MetadataCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}

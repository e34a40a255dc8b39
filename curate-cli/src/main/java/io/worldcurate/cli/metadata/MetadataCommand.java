package io.worldcurate.cli.metadata;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code curate metadata}: what is done with the metadata itself rather than with a crawl. */
@Command(name = "metadata", mixinStandardHelpOptions = true,
        description = "Work on the metadata: compile every language's automaton into the cache.",
        subcommands = {
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

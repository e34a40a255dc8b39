package io.worldcurate.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The start-up path that builds only the subcommand named first must behave as the full command line. */
class CommandLineForTest {

    private static List<String> subcommandNames() {
        List<String> names = new ArrayList<>();
        for (Class<?> c : CurateCommand.class.getAnnotation(Command.class).subcommands()) {
            if (c != CommandLine.HelpCommand.class) {
                names.add(c.getAnnotation(Command.class).name());
            }
        }
        return names;
    }

    @Test
    void everySubcommandAloneHasTheSameUsageAsInTheFullCommandLine() {
        CommandLine full = CurateCommand.commandLine();
        assertThat(subcommandNames()).isNotEmpty().containsAll(List.of("batch", "run", "metadata"));
        for (String name : subcommandNames()) {
            CommandLine alone = CurateCommand.commandLineFor(new String[] {name, "--help"});
            assertThat(alone.getSubcommands()).containsOnlyKeys(name);
            assertThat(alone.getSubcommands().get(name).getUsageMessage())
                    .as(name).isEqualTo(full.getSubcommands().get(name).getUsageMessage());
        }
    }

    @Test
    void theInheritedVerboseOptionIsAcceptedAfterTheSubcommand() {
        String[] args = {"batch", "--input", "in.jsonl", "--out", "out", "--verbose"};
        CommandLine.ParseResult r = CurateCommand.commandLineFor(args).parseArgs(args);
        assertThat(r.subcommand().commandSpec().name()).isEqualTo("batch");
        assertThat(r.subcommand().hasMatchedOption("--verbose")).isTrue();
    }

    @Test
    void anythingElseGetsTheFullCommandLine() {
        for (String[] args : new String[][] {{}, {"--help"}, {"--verbose", "batch"}, {"help", "batch"}, {"no-such-command"}}) {
            assertThat(CurateCommand.commandLineFor(args).getSubcommands()).as(String.join(" ", args))
                    .containsKeys(subcommandNames().toArray(new String[0]));
        }
    }
}

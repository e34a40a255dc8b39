package io.worldcurate.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code curate} command line: its subcommands are the ways to run the curation. */
@Command(name = "curate",
        mixinStandardHelpOptions = true,
        versionProvider = CurateCommand.Version.class,
        description = "MetaCLIP 2 worldwide data curation: batch on files, or streaming on Kafka.",
        subcommands = {
                RunCommand.class,
                BatchCommand.class,
                BenchCommand.class,
                LidCommand.class,
                GenerateCommand.class,
                BrokerCommand.class,
                IngestCommand.class,
                ExportCommand.class,
                io.worldcurate.cli.metadata.MetadataCommand.class,
                CommandLine.HelpCommand.class
        })
public final class CurateCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Read by {@link CliLogging} before parsing (see {@link #main}); declared here for help and validation. */
    @CommandLine.Option(names = CliLogging.VERBOSE_OPTION, scope = CommandLine.ScopeType.INHERIT,
            description = "Log info messages too (default: warnings and errors only); one line each, on stderr.")
    boolean verbose;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        CliLogging.configure(CliLogging.verboseRequested(args));
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, also used by tests. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new CurateCommand());
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println(commandLine.getColorScheme().errorText("curate: " + message(ex)));
            if (System.getenv("CURATE_DEBUG") != null) {
                ex.printStackTrace(commandLine.getErr());
            }
            return 1;
        });
        return cl;
    }

    private static String message(Throwable ex) {
        String m = ex.getMessage();
        return io.worldcurate.streams.KafkaClientConfig.scrub(m == null ? ex.toString() : m);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = CurateCommand.class.getPackage().getImplementationVersion();
            return new String[] {"curate " + (v == null ? "development build" : v)};
        }
    }
}

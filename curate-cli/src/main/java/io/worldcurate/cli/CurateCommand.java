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
            description = VERBOSE_DESCRIPTION)
    boolean verbose;

    static final String VERBOSE_DESCRIPTION = "Log info messages too (default: warnings and errors only); one line each, on stderr.";

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        CliLogging.configure(CliLogging.verboseRequested(args));
        System.exit(commandLineFor(args).execute(args));
    }

    /**
     * The command line for {@code args}: when the first argument names a subcommand, a root that holds only
     * that subcommand, so that picocli reflects over one command tree instead of all of them (a third of a
     * short {@code curate batch}'s start-up); otherwise, {@link #commandLine()}.
     */
    static CommandLine commandLineFor(String[] args) {
        Class<?> sub = args.length == 0 ? null : subcommandNamed(args[0]);
        if (sub == null) {
            return commandLine();
        }
        CommandLine.Model.CommandSpec root = CommandLine.Model.CommandSpec.wrapWithoutInspection(new CurateCommand());
        root.name(CurateCommand.class.getAnnotation(Command.class).name()).mixinStandardHelpOptions(true)
                .versionProvider(new Version());
        root.addOption(CommandLine.Model.OptionSpec.builder(CliLogging.VERBOSE_OPTION).type(boolean.class).arity("0")
                .scopeType(CommandLine.ScopeType.INHERIT).description(VERBOSE_DESCRIPTION).build());
        CommandLine cl = new CommandLine(root);
        try {
            cl.addSubcommand(args[0], new CommandLine(CommandLine.defaultFactory().create(sub)));
        } catch (Exception e) {
            return commandLine();
        }
        return configured(cl);
    }

    /** The subcommand class declared on {@link CurateCommand} under {@code name}, else null. */
    static Class<?> subcommandNamed(String name) {
        for (Class<?> c : CurateCommand.class.getAnnotation(Command.class).subcommands()) {
            Command command = c.getAnnotation(Command.class);
            if (command != null && command.name().equals(name) && c != CommandLine.HelpCommand.class) {
                return c;
            }
        }
        return null;
    }

    /** The configured command line, also used by tests. */
    public static CommandLine commandLine() {
        return configured(new CommandLine(new CurateCommand()));
    }

    private static CommandLine configured(CommandLine cl) {
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

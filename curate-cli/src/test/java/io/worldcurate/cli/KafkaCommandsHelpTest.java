package io.worldcurate.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaCommandsHelpTest {

    @Test
    void everyKafkaCommandIsRegisteredAndItsHelpStatesTheDefaults() {
        Cli.Result top = Cli.run("--help");
        Cli.Result broker = Cli.run("broker", "--help");
        Cli.Result ingest = Cli.run("ingest", "--help");
        Cli.Result export = Cli.run("export", "--help");

        assertThat(top.out()).contains("  broker ", "  ingest ", "  export ");
        assertThat(broker.exit()).isZero();
        assertThat(flat(broker)).contains("Usage: curate broker", "(default: 9092)", "(default: 1)", "(default: 4)",
                "deleted on exit", "min(N, 3)");
        assertThat(ingest.exit()).isZero();
        assertThat(flat(ingest)).contains("Usage: curate ingest", "one of: jsonl, wat (default: jsonl)",
                "(default: crawl.images)", "(default: 1048576)", "(default: 30)");
        assertThat(export.exit()).isZero();
        assertThat(flat(export)).contains("Usage: curate export", "one of: jsonl, tsv (default: jsonl)", "read_committed",
                "base64", "uuid, url, text, lang, entries, probability");
    }

    /** The help text with its line wrapping undone. */
    private static String flat(Cli.Result r) {
        return r.out().replaceAll("\\s+", " ");
    }
}

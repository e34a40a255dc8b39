package io.worldcurate.cli.wat;

import io.worldcurate.ingest.Stoppable;
import io.worldcurate.cli.Cli;
import io.worldcurate.cli.CurateCommand;
import io.worldcurate.kafka.embedded.EmbeddedKafkaCluster;
import io.worldcurate.schemas.Topics;
import io.worldcurate.schemas.avro.CrawledImage;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs {@code curate} in-process for the tests of this package, and reads topics back. */
final class CliRunner {

    private CliRunner() {
    }

    static Cli.Result run(String... args) {
        return Cli.run(args);
    }

    /** A {@code curate ingest --watch ...} running in a thread until {@link #stop()}. */
    static final class Running {
        private final StringWriter out = new StringWriter();
        private final StringWriter err = new StringWriter();
        private final Stoppable command;
        private final CompletableFuture<Integer> exit;

        Running(String... args) {
            CommandLine cl = CurateCommand.commandLine();
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            command = (Stoppable) cl.getSubcommands().get("ingest").getCommand();
            exit = CompletableFuture.supplyAsync(() -> cl.execute(args));
        }

        String out() {
            return out.toString();
        }

        String err() {
            return err.toString();
        }

        boolean isDone() {
            return exit.isDone();
        }

        /** Asks the watcher to stop (as Ctrl-C does) and waits for its exit. */
        Cli.Result stop() throws Exception {
            command.requestStop();
            int code = exit.get(60, java.util.concurrent.TimeUnit.SECONDS);
            return new Cli.Result(code, out(), err());
        }
    }

    /** The topic's images in ingest_seq order, each checked to be keyed by its uuid. */
    static List<CrawledImage> images(EmbeddedKafkaCluster kafka, String topic, int expected) {
        return Cli.readAll(kafka, topic, expected).stream()
                .peek(r -> assertThat(new String(r.key(), java.nio.charset.StandardCharsets.UTF_8))
                        .isEqualTo(Topics.CRAWLED_IMAGE_SERDE.deserialize(topic, r.value()).getUuid()))
                .map(r -> Topics.CRAWLED_IMAGE_SERDE.deserialize(topic, r.value()))
                .sorted(Comparator.comparing(CrawledImage::getIngestSeq))
                .toList();
    }
}

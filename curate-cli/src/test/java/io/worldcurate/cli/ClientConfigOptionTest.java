package io.worldcurate.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --client-config}: a missing file is a clear error of every Kafka command, before any Kafka is touched. */
class ClientConfigOptionTest {

    @TempDir
    Path tmp;

    @Test
    void aMissingClientConfigIsAClearErrorOfEachKafkaCommand() throws Exception {
        Path input = Files.writeString(tmp.resolve("in.jsonl"), "{\"url\":\"https://a/b.jpg\",\"texts\":[[\"alt\",\"a red car\",\"en\"]]}\n");
        Path missing = tmp.resolve("nope.properties");
        String[][] commands = {
                {"ingest", "--format", "jsonl", input.toString(), "--bootstrap-servers", "127.0.0.1:1", "--client-config", missing.toString()},
                {"export", "--bootstrap-servers", "127.0.0.1:1", "--topic", "curation.curated", "--out", "-", "--client-config", missing.toString()},
                {"run", "--input", input.toString(), "--out", tmp.resolve("run").toString(), "--bootstrap-servers", "127.0.0.1:1",
                        "--client-config", missing.toString()},
        };
        for (String[] args : commands) {
            long t0 = System.nanoTime();
            Cli.Result r = Cli.run(args);
            assertThat(r.exit()).as(args[0]).isEqualTo(1);
            assertThat(r.err()).as(args[0]).contains("Kafka client config " + missing + " (from --client-config) does not exist");
            assertThat(System.nanoTime() - t0).as("no Kafka was waited for").isLessThan(5_000_000_000L);
        }
    }

    @Test
    void secretsOfTheFileNeverShowInErrors() throws Exception {
        Path file = Files.writeString(tmp.resolve("c.properties"), "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=SCRAM-SHA-512\n"
                + "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\" password=\"pw-Xq93k\";\n");
        // a client that cannot reach its broker fails; whatever it says, the password is not in it
        Cli.Result r = Cli.run("export", "--bootstrap-servers", "127.0.0.1:1", "--topic", "curation.curated", "--out", "-",
                "--timeout", "2", "--client-config", file.toString());
        assertThat(r.exit()).isNotZero();
        assertThat(r.out() + r.err()).doesNotContain("pw-Xq93k");
    }
}

package io.worldcurate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.worldcurate.core.output.CurationJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code curate run} on 10k generated images through a real in-process broker, against {@code curate batch}. */
class RunCommandTest {

    static final String METADATA = "src/test/resources/metadata";

    @TempDir
    Path tmp;

    /** With the balancer counting over one task, and over four. */
    @ParameterizedTest(name = "balancer tasks {0}")
    @ValueSource(ints = {1, 4})
    void replayEqualsBatchAndOnlineHoldsEachAdmittedImageOnce(int balancerTasks) throws IOException {
        Path input = tmp.resolve("crawl.jsonl.gz");
        Cli.Result gen = Cli.run("generate", "--metadata", METADATA, "--images", "10000", "--languages", "en:6,de:2,fr:2,zh:2",
                "--seed", "3", "--out", input.toString());
        assertThat(gen.exit()).as(gen.err()).isZero();
        String[] params = {"--metadata", METADATA, "--t-en", "60", "--seed", "7", "--lid", "low", "--lid-languages", "en,de,fr,zh"};

        Path run = tmp.resolve("run");
        Cli.Result r = Cli.run(concat(new String[] {"run", "--input", input.toString(), "--out", run.toString(), "--replay",
                "--partitions", "3", "--balancer-tasks", String.valueOf(balancerTasks)}, params));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("output: ").contains("replayed.jsonl");

        Path batch = tmp.resolve("batch");
        Cli.Result b = Cli.run(concat(new String[] {"batch", "--input", input.toString(), "--out", batch.toString()}, params));
        assertThat(b.exit()).as(b.err()).isZero();

        // replay re-decides with the final counts: the batch result, byte for byte, in input order
        List<String> batchCurated = lines(batch.resolve("curated.jsonl"));
        assertThat(lines(run.resolve("replayed.jsonl"))).containsExactlyElementsOf(batchCurated);
        assertThat(CurationJson.readTree(Files.readString(run.resolve("thresholds.json"))))
                .isEqualTo(CurationJson.readTree(Files.readString(batch.resolve("thresholds.json"))));
        assertThat(batchCurated.size()).as("thresholds bite").isLessThan(9000).isGreaterThan(1000);

        // online: every admitted image once, and only images the batch index holds
        Set<String> matched = new HashSet<>();
        lines(batch.resolve("index.jsonl")).forEach(l -> matched.add(CurationJson.readTree(l).get("uuid").asText()));
        List<String> online = lines(run.resolve("curated.jsonl")).stream().map(l -> CurationJson.readTree(l).get("uuid").asText()).toList();
        assertThat(online).doesNotHaveDuplicates().isNotEmpty();
        assertThat(matched).containsAll(online);

        JsonNode runStats = CurationJson.readTree(Files.readString(run.resolve("stats.json")));
        JsonNode batchStats = CurationJson.readTree(Files.readString(batch.resolve("stats.json")));
        for (String field : new String[] {"records_read", "repeated_uuids", "images_unique", "images_without_match", "images_matched"}) {
            assertThat(runStats.get(field)).as(field).isEqualTo(batchStats.get(field));
        }
        assertThat(runStats.get("images_admitted_replay").asLong()).isEqualTo(batchStats.get("images_admitted").asLong());
        assertThat(runStats.get("images_admitted").asLong()).isEqualTo(online.size());
        assertThat(runStats.get("languages").get("en").get("matched_texts"))
                .isEqualTo(batchStats.get("languages").get("en").get("matched_texts"));
        assertThat(runStats.get("stages").get("balancer").get("records_in").asLong()).isEqualTo(batchStats.get("images_matched").asLong());
        // curation.matched was created with one partition per counting task, so the balancer counted straight from it
        assertThat(runStats.get("balancer_tasks").asInt()).isEqualTo(balancerTasks);
        assertThat(runStats.get("balancer_input").asText()).isEqualTo("matched_partitions");

        // where the time went: set-up apart from the pipeline's own time and CPU, which count from the first input record
        assertThat(runStats.get("setup").get("broker_seconds").asDouble()).isPositive();
        assertThat(runStats.get("setup").get("automata_seconds").asDouble()).isNotNegative(); // the fixture's few entries: ~0
        assertThat(runStats.get("setup").get("topologies_seconds").asDouble()).isPositive();
        assertThat(runStats.get("setup").get("lid_engine_wait_seconds").asDouble()).isNotNegative(); // loaded during the set-up
        assertThat(runStats.get("pipeline_cpu_seconds").asDouble()).isPositive();
        assertThat(r.out()).containsPattern("pipeline: " + runStats.get("images_read").asLong()
                + " images in [0-9.]+ s from the first input record \\([0-9]+ images/s\\), [0-9.]+ s of CPU");
    }

    @Test
    void refusesStreamsPropertiesItOwns() {
        Cli.Result r = Cli.run("run", "--metadata", METADATA, "--input", "no-such-file.jsonl", "--out", tmp.resolve("o").toString(),
                "--streams-property", "processing.guarantee=at_least_once");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--streams-property processing.guarantee is set by curate run itself").contains("exactly-once");
    }

    @Test
    void passesStreamsPropertiesToTheTopologies() throws IOException {
        Path input = tmp.resolve("small.jsonl");
        Files.writeString(input, "{\"url\": \"https://x/1.jpg\", \"texts\": [[\"alt\", \"a dog on the beach\", \"en\"]]}\n");
        // a value Kafka's own producer config refuses: only a setting that reached the topologies' producers fails the run
        Cli.Result r = Cli.run("run", "--metadata", METADATA, "--input", input.toString(), "--out", tmp.resolve("o").toString(),
                "--streams-property", "producer.linger.ms=soon");
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("linger.ms").contains("soon");
    }

    @Test
    void leavesNothingRunning() throws IOException {
        Path input = tmp.resolve("small.jsonl");
        Files.writeString(input, "{\"url\": \"https://x/1.jpg\", \"texts\": [[\"alt\", \"a dog on the beach\", \"en\"]]}\nnot json\n");
        Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
        Cli.Result r = Cli.run("run", "--metadata", METADATA, "--input", input.toString(), "--out", tmp.resolve("o").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(lines(tmp.resolve("o/curated.jsonl"))).hasSize(1);
        assertThat(lines(tmp.resolve("o/rejects.jsonl"))).singleElement().satisfies(l -> assertThat(l).contains("malformed JSON"));
        List<Thread> left = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !t.isDaemon() && !before.contains(t)).toList();
        assertThat(left).as("non-daemon threads left by curate run").isEmpty();
    }

    private static List<String> lines(Path p) throws IOException {
        return Files.readAllLines(p, StandardCharsets.UTF_8);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

package io.worldcurate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.worldcurate.core.output.CurationJson;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spec section 8's online bias, measured on 200k generated images through a real broker: for head
 * entries, online admits more than replay (= batch), but no more than the spec's t(1 + ln(N/t)) per t.
 */
class OnlineBiasTest {

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "balancer tasks {0}")
    @ValueSource(ints = {1, 4})
    void onlineAdmitsMoreHeadImagesThanReplayWithinTheSpecsBound(int balancerTasks) throws Exception {
        Path input = tmp.resolve("crawl.jsonl.gz");
        assertThat(Cli.run("generate", "--metadata", RunCommandTest.METADATA, "--images", "200000", "--languages",
                "en:6,de:2,fr:2,zh:2", "--seed", "5", "--out", input.toString()).exit()).isZero();
        Path out = tmp.resolve("run");
        Cli.Result r = Cli.run("run", "--metadata", RunCommandTest.METADATA, "--input", input.toString(), "--out", out.toString(),
                "--replay", "--lid", "low", "--lid-languages", "en,de,fr,zh", "--t-en", "2000",
                "--balancer-tasks", String.valueOf(balancerTasks));
        assertThat(r.exit()).as(r.err()).isZero();
        System.out.println("balancer tasks " + balancerTasks + "\n" + r.out());
        JsonNode bias = CurationJson.readTree(Files.readString(out.resolve("stats.json"))).get("online_bias");
        assertThat(bias.get("all").get("head_entries").asLong()).isGreaterThan(50);
        for (JsonNode f : new JsonNode[] {bias.get("all"), bias.get("languages").get("en"), bias.get("languages").get("zh")}) {
            double ratio = f.get("ratio").asDouble();
            assertThat(ratio).as("online admits more head images than batch: %s", f).isGreaterThan(1.1);
            assertThat(ratio).as("within the spec's bound t(1+ln(N/t)) per t: %s", f).isLessThanOrEqualTo(f.get("expected_ratio").asDouble());
        }
    }
}

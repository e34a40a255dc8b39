package io.worldcurate.cli;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BenchCommandTest {

    @Test
    void measuresEveryTopologyThroughARealBroker() {
        Cli.Result r = Cli.run("bench", "--metadata", RunCommandTest.METADATA, "--images", "400", "--repeat", "1", "--lid", "low",
                "--partitions", "2");
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> rows = Arrays.stream(r.out().split("\n")).filter(l -> l.matches("^(lid|matcher|balancer).*")).toList();
        // lid twice, matcher, the balancer on 1 task and 1 thread, and on 1, 2, 4 tasks with 1 and 2 threads (but 1 and 1)
        assertThat(rows).hasSize(9);
        assertThat(rows.stream().filter(l -> l.startsWith("balancer (online, 4 tasks)"))).hasSize(2);
        for (String row : rows) {
            // name, threads, records, median records/s, (runs)
            String[] cols = row.replaceAll("\\(.*?\\)", "").trim().split("\\s{2,}");
            long records = Long.parseLong(cols[cols.length - 2].trim());
            double rate = Double.parseDouble(cols[cols.length - 1].trim().split(" ")[0]);
            assertThat(records).as(row).isPositive().isLessThanOrEqualTo(400);
            assertThat(rate).as(row).isPositive();
        }
        // the three topologies together, on the same trusted crawl as "lid (every lang trusted)", compared with the slowest stage
        String lidTrusted = rows.stream().filter(l -> l.startsWith("lid (every lang trusted)")).findFirst().orElseThrow();
        String pipeline = Arrays.stream(r.out().split("\n")).filter(l -> l.startsWith(BenchCommand.PIPELINE)).findFirst().orElseThrow();
        assertThat(recordsOf(pipeline)).isEqualTo(recordsOf(lidTrusted));
        assertThat(r.out()).containsPattern("pipeline: [0-9.]+ s, [0-9.]+x the [0-9.]+ s of its slowest stage alone \\((lid|matcher|balancer)");
    }

    @Test
    void measuresOnlyTheNamedTopologies() {
        Cli.Result r = Cli.run("bench", "--metadata", RunCommandTest.METADATA, "--images", "200", "--repeat", "1", "--lid", "low",
                "--partitions", "1", "--only", "matcher", "--only", "pipeline");
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> rows = Arrays.stream(r.out().split("\n")).filter(l -> l.matches("^(lid|matcher|balancer|pipeline) .*")).toList();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).startsWith("matcher");
        assertThat(rows.get(1)).startsWith(BenchCommand.PIPELINE);
        // without the stages it runs, there is nothing to compare the pipeline with
        assertThat(r.out()).doesNotContain("of its slowest stage alone");
    }

    private static long recordsOf(String row) {
        String[] cols = row.replaceAll("\\(.*?\\)", "").trim().split("\\s{2,}");
        return Long.parseLong(cols[cols.length - 2].trim());
    }
}

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
        // lid twice, matcher, the balancer on 1 task and 1 thread, on 1, 2, 4 tasks with 1 and 2 threads (but 1 and 1), and
        // on 4 tasks through the repartition
        assertThat(rows).hasSize(10);
        assertThat(rows.stream().filter(l -> l.startsWith("balancer (online, 4 tasks)"))).hasSize(2);
        assertThat(rows.stream().filter(l -> l.startsWith("balancer (online, 4 tasks, repartitioned)"))).hasSize(1);
        for (String row : rows) {
            // name, threads, records, median records/s, (runs)
            String[] cols = row.replaceAll("\\(.*?\\)", "").trim().split("\\s{2,}");
            long records = Long.parseLong(cols[cols.length - 2].trim());
            double rate = Double.parseDouble(cols[cols.length - 1].trim().split(" ")[0]);
            assertThat(records).as(row).isPositive().isLessThanOrEqualTo(400);
            assertThat(rate).as(row).isPositive();
        }
        // the three topologies together, on each lid row's input, each compared with the slowest of its stages alone
        for (String input : new String[] {"(every lang trusted)", "(lingua-low for texts without lang)"}) {
            String lid = rows.stream().filter(l -> l.startsWith("lid " + input)).findFirst().orElseThrow();
            String pipeline = Arrays.stream(r.out().split("\n")).filter(l -> l.startsWith("pipeline " + input)).findFirst().orElseThrow();
            assertThat(recordsOf(pipeline)).as(pipeline).isEqualTo(recordsOf(lid));
        }
        assertThat(r.out().split("\n")).filteredOn(l -> l.matches(
                "pipeline: [0-9.]+ s, [0-9.]+x the [0-9.]+ s of its slowest stage alone \\((lid|matcher|balancer).*")).hasSize(2);
    }

    @Test
    void measuresOnlyTheNamedTopologies() {
        Cli.Result r = Cli.run("bench", "--metadata", RunCommandTest.METADATA, "--images", "200", "--repeat", "1", "--lid", "low",
                "--partitions", "1", "--only", "matcher", "--only", "pipeline");
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> rows = Arrays.stream(r.out().split("\n")).filter(l -> l.matches("^(lid|matcher|balancer|pipeline) .*")).toList();
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0)).startsWith("matcher");
        assertThat(rows.get(1)).startsWith("pipeline (every lang trusted)");
        assertThat(rows.get(2)).startsWith("pipeline (lingua-low for texts without lang)");
        // without the stages it runs, there is nothing to compare the pipeline with
        assertThat(r.out()).doesNotContain("of its slowest stage alone");
    }

    private static long recordsOf(String row) {
        String[] cols = row.replaceAll("\\(.*?\\)", "").trim().split("\\s{2,}");
        return Long.parseLong(cols[cols.length - 2].trim());
    }
}

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
    }
}

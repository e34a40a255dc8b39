package io.worldcurate.pipeline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each service in its own process on a single-node KRaft broker; while the input streams in, the
 * processes are killed with SIGKILL at seeded random points of the stream (each service twice, then
 * all three together), each kill while one of the victim's transactions is open, and restarted, on
 * their state directory or on a wiped one. Afterwards the
 * pipeline must hold what batch curation computes: nothing lost, nothing counted twice.
 *
 * <p>The seed is {@code -Dpipeline.seed} (default below); a failure prints it.
 */
class KillRestartTest {

    @RegisterExtension
    final Pipeline pipeline = new Pipeline();

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void sigkilledAndRestartedServicesLoseNothingAndCountNothingTwice() throws Exception {
        long seed = Long.getLong("pipeline.seed", 20260523L);
        Random random = new Random(seed);
        Log.info("kill schedule seed %d (-Dpipeline.seed=%d to repeat it)", seed, seed);
        Workload w = pipeline.workload(3000, 11, 40, "7");
        pipeline.cluster(1);
        ServiceProcess lid = pipeline.lid("lid");
        ServiceProcess matcher = pipeline.matcher("matcher");
        ServiceProcess balancer = pipeline.balancer("balancer");
        pipeline.startAll(lid, matcher, balancer);
        pipeline.startIngest(20, Duration.ofMillis(250), 0.12);

        // each service killed twice, in a random order; one of its two restarts on a wiped state directory
        List<ServiceProcess> victims = new ArrayList<>(List.of(lid, lid, matcher, matcher, balancer, balancer));
        Collections.shuffle(victims, random);
        Map<ServiceProcess, Boolean> firstWipes = new HashMap<>();
        for (ServiceProcess p : List.of(lid, matcher, balancer)) {
            firstWipes.put(p, random.nextBoolean());
        }
        Map<ServiceProcess, Integer> kills = new HashMap<>();
        Map<ServiceProcess, Integer> inTransaction = new HashMap<>();
        int wiped = 0;
        for (int i = 0; i < victims.size(); i++) {
            double at = 0.08 + i * 0.11 + random.nextDouble() * 0.05;
            ServiceProcess p = victims.get(i);
            boolean wipe = kills.merge(p, 1, Integer::sum) == 1 ? firstWipes.get(p) : !firstWipes.get(p);
            pipeline.awaitProgress(at, Duration.ofMinutes(3));
            if (pipeline.killInOpenTransaction(p, Duration.ofSeconds(10))) {
                inTransaction.merge(p, 1, Integer::sum);
            }
            Thread.sleep(random.nextInt(1500)); // pacing only: sometimes back at once, sometimes after a while
            if (wipe) {
                p.wipeState();
                wiped++;
            }
            Log.info("restarting %s on %s state", p.name, wipe ? "a wiped" : "its");
            p.start();
        }
        // and all three, one right after the other (each in an open transaction), late in the stream; restarted together
        pipeline.awaitProgress(0.8 + random.nextDouble() * 0.05, Duration.ofMinutes(3));
        for (ServiceProcess p : List.of(balancer, matcher, lid)) { // downstream first: each still gets input while it waits
            if (pipeline.killInOpenTransaction(p, Duration.ofSeconds(10))) {
                inTransaction.merge(p, 1, Integer::sum);
            }
        }
        boolean wipeAll = random.nextBoolean();
        for (ServiceProcess p : List.of(lid, matcher, balancer)) {
            if (wipeAll) {
                p.wipeState();
            }
            p.start();
        }
        Log.info("all three killed and restarted on %s state", wipeAll ? "wiped" : "their");

        pipeline.awaitCompletion(Duration.ofMinutes(5));
        pipeline.runReplay(Duration.ofMinutes(3));
        PipelineChecks checks = new PipelineChecks(pipeline.bootstrapServers(), w);
        checks.verifyAll();
        // the kills hit open transactions: what they had written is in the topics, aborted, never seen downstream
        for (ServiceProcess p : List.of(lid, matcher, balancer)) {
            assertThat(inTransaction.getOrDefault(p, 0)).as("kills of " + p.name + " in an open transaction (of 3)").isPositive();
        }
        assertThat(checks.abortedRecords().values().stream().mapToLong(Long::longValue).sum())
                .as("records of transactions the kills aborted").isPositive();
        Log.info("kills in an open transaction: %s", inTransaction);

        assertThat(wiped).as("restarts on a wiped state directory").isEqualTo(3);
        for (ServiceProcess p : List.of(lid, matcher, balancer)) {
            assertThat(p.incarnations()).as(p.name + " incarnations").isEqualTo(4);
            // kafka-clients' harmless flood on rebalances and closes, silenced in every service's application.properties
            for (Path log : p.logs()) {
                assertThat(Files.readString(log)).as(log.toString()).doesNotContain("as it is no longer assigned");
            }
        }
    }
}

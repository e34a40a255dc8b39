package io.worldcurate.pipeline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How long the counting stops when the balancer is SIGKILLed and restarted at once: from the kill to the
 * first count committed by the new incarnation, three times. A measurement, not run in CI:
 * {@code -Dpipeline.rejoin=static} (the services' configuration: static membership, group.instance.id set)
 * or {@code -Dpipeline.rejoin=dynamic} (no group.instance.id, as before; add
 * {@code -Dpipeline.service.args=-Dkafka-streams.consumer.session.timeout.ms=45000} for Kafka's default
 * session timeout, since the pipeline runs the services with 6 s). With static membership the median
 * pause must be under 10 s.
 */
@EnabledIfSystemProperty(named = "pipeline.rejoin", matches = "static|dynamic")
class BalancerRejoinTest {

    @RegisterExtension
    final Pipeline pipeline = new Pipeline();

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void aSigkilledBalancerResumesCountingQuickly() throws Exception {
        boolean staticMembership = "static".equals(System.getProperty("pipeline.rejoin"));
        Workload w = pipeline.workload(3000, 23, 40, "7");
        pipeline.cluster(1);
        ServiceProcess lid = pipeline.lid("lid");
        ServiceProcess matcher = pipeline.matcher("matcher");
        ServiceProcess balancer = pipeline.service(ServiceProcess.Service.BALANCER, "balancer", Pipeline.BALANCER_ID, staticMembership
                ? Map.of("CURATION_INSTANCE_ID", "balancer-0")
                : Map.of("CURATION_INSTANCE_ID", ""));
        pipeline.startAll(lid, matcher, balancer);
        pipeline.startIngest(10, Duration.ofMillis(250), 0.12);

        List<Double> pauses = new ArrayList<>();
        List<Double> starts = new ArrayList<>();
        for (double at : new double[] {0.2, 0.45, 0.7}) {
            pipeline.awaitProgress(at, Duration.ofMinutes(3));
            pipeline.killInOpenTransaction(balancer, Duration.ofSeconds(10));
            long killed = System.nanoTime();
            double before = pipeline.progress();
            balancer.start();
            balancer.awaitRunning(Duration.ofMinutes(2));
            double running = (System.nanoTime() - killed) / 1e9;
            while (pipeline.progress() <= before) {
                pipeline.checkHealthy();
                if (System.nanoTime() - killed > TimeUnit.MINUTES.toNanos(3)) {
                    throw new AssertionError("the balancer did not count again within 3 minutes");
                }
                Thread.sleep(20);
            }
            double pause = (System.nanoTime() - killed) / 1e9;
            starts.add(running);
            pauses.add(pause);
            Log.info("rejoin (%s membership): Kafka Streams RUNNING %.1f s after the SIGKILL, counting again after %.1f s",
                    staticMembership ? "static" : "dynamic", running, pause);
        }
        pipeline.awaitCompletion(Duration.ofMinutes(5));
        pipeline.runReplay(Duration.ofMinutes(3));
        new PipelineChecks(pipeline.bootstrapServers(), w).verifyAll();
        Log.info("REJOIN %s membership: pauses %s s (RUNNING after %s s)", staticMembership ? "static" : "dynamic", pauses, starts);
        if (staticMembership) {
            // the median, as the pause includes the JVM and Quarkus start, which is noisy on a loaded machine
            List<Double> sorted = pauses.stream().sorted().toList();
            assertThat(sorted.get(sorted.size() / 2)).as("median pause of the counting after a SIGKILL and restart (s), of %s", pauses)
                    .isLessThan(10.0);
        }
    }
}

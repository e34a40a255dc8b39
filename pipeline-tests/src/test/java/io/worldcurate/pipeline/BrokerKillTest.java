package io.worldcurate.pipeline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The broker itself crashes: a single KRaft broker in a child JVM is SIGKILLed three times mid-stream
 * (no shutdown, no flush, open transactions of every stage cut off) and started again on the same data
 * directory each time. Every guarantee of {@link KillRestartTest} must still hold: nothing lost, nothing
 * counted twice, counts, thresholds and replay equal to batch; and no stage may stop (checked all along).
 */
class BrokerKillTest {

    @RegisterExtension
    final Pipeline pipeline = new Pipeline();

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void aBrokerSigkilledThreeTimesMidStreamLosesNothingAndCountsNothingTwice() throws Exception {
        Workload w = pipeline.workload(1500, 31, 40, "7");
        BrokerProcess broker = pipeline.brokerProcess();
        ServiceProcess lid = pipeline.lid("lid");
        ServiceProcess matcher = pipeline.matcher("matcher");
        ServiceProcess balancer = pipeline.balancer("balancer");
        pipeline.startAll(lid, matcher, balancer);
        pipeline.startIngest(20, Duration.ofMillis(250), 0.12);
        for (double at : new double[] {0.2, 0.45, 0.7}) {
            pipeline.awaitProgress(at, Duration.ofMinutes(3));
            broker.kill();
            Thread.sleep(1000);
            broker.start(Duration.ofMinutes(3));
        }
        pipeline.awaitCompletion(Duration.ofMinutes(5));
        pipeline.runReplay(Duration.ofMinutes(3));
        new PipelineChecks(pipeline.bootstrapServers(), w).verifyAll();
    }
}

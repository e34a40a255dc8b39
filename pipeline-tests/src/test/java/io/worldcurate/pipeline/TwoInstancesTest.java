package io.worldcurate.pipeline;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of each service (same application id, own state directory and HTTP port) share the
 * partitions on a single-node KRaft broker; the balancer counts over its default 4 tasks, shared by its two
 * instances. Mid-stream, instances are SIGKILLed: the balancer instance that holds counting task 0 (the one
 * that publishes the thresholds), twice; a lid and a matcher
 * instance; the survivors must take their tasks over, and the killed ones come back later on their
 * own or a wiped state directory. The same guarantees as {@link KillRestartTest} must hold.
 */
class TwoInstancesTest {

    @RegisterExtension
    final Pipeline pipeline = new Pipeline();

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void instancesSharingThePartitionsSurviveTheKillOfOne() throws Exception {
        long seed = Long.getLong("pipeline.seed", 4242L);
        Random random = new Random(seed);
        Log.info("kill schedule seed %d (-Dpipeline.seed=%d to repeat it)", seed, seed);
        Workload w = pipeline.workload(3000, 23, 40, "7");
        pipeline.cluster(1);
        ServiceProcess lidA = pipeline.lid("lid-a");
        ServiceProcess lidB = pipeline.lid("lid-b");
        ServiceProcess matcherA = pipeline.matcher("matcher-a");
        ServiceProcess matcherB = pipeline.matcher("matcher-b");
        ServiceProcess balancerA = pipeline.balancer("balancer-a");
        ServiceProcess balancerB = pipeline.balancer("balancer-b");
        pipeline.startAll(lidA, lidB, matcherA, matcherB, balancerA, balancerB);
        assertBothInstancesWork(Pipeline.LID_ID, Duration.ofMinutes(1));
        assertBothInstancesWork(Pipeline.MATCHER_ID, Duration.ofMinutes(1));
        assertBothInstancesWork(Pipeline.BALANCER_ID, Duration.ofMinutes(1));
        pipeline.startIngest(20, Duration.ofMillis(250), 0.12);

        TopicPartition funnel = new TopicPartition(Pipeline.funnelPartitionTopic(), 0);
        List<ServiceProcess> balancers = List.of(balancerA, balancerB);

        // the balancer instance that counts dies; the other must take the funnel over for the stream to go on
        pipeline.awaitProgress(0.12 + random.nextDouble() * 0.05, Duration.ofMinutes(3));
        ServiceProcess counting = pipeline.awaitOwner(Pipeline.BALANCER_ID, funnel, balancers, Duration.ofSeconds(30));
        pipeline.killInOpenTransaction(counting, Duration.ofSeconds(10));
        ServiceProcess survivor = counting == balancerA ? balancerB : balancerA;

        pipeline.awaitProgress(0.28 + random.nextDouble() * 0.05, Duration.ofMinutes(3));
        assertThat(pipeline.awaitOwner(Pipeline.BALANCER_ID, funnel, balancers, Duration.ofSeconds(30)))
                .as("the funnel's owner after its first owner was killed").isSameAs(survivor);
        ServiceProcess lidVictim = random.nextBoolean() ? lidA : lidB;
        pipeline.killInOpenTransaction(lidVictim, Duration.ofSeconds(10));
        lidVictim.start(); // at once, on its state directory

        pipeline.awaitProgress(0.42 + random.nextDouble() * 0.05, Duration.ofMinutes(3));
        counting.wipeState();
        counting.start();
        ServiceProcess matcherVictim = random.nextBoolean() ? matcherA : matcherB;
        pipeline.killInOpenTransaction(matcherVictim, Duration.ofSeconds(10)); // left down for a while: the other matcher instance does all the matching

        pipeline.awaitProgress(0.56 + random.nextDouble() * 0.05, Duration.ofMinutes(3));
        matcherVictim.start();
        ServiceProcess owner = pipeline.awaitOwner(Pipeline.BALANCER_ID, funnel, balancers, Duration.ofSeconds(60));
        pipeline.killInOpenTransaction(owner, Duration.ofSeconds(10));
        Thread.sleep(random.nextInt(1500));
        owner.start();

        pipeline.awaitProgress(0.70 + random.nextDouble() * 0.05, Duration.ofMinutes(3));
        ServiceProcess otherLid = lidVictim == lidA ? lidB : lidA;
        pipeline.killInOpenTransaction(otherLid, Duration.ofSeconds(10));
        otherLid.wipeState();
        otherLid.start();

        pipeline.awaitCompletion(Duration.ofMinutes(5));
        assertBothInstancesWork(Pipeline.BALANCER_ID, Duration.ofMinutes(1));
        pipeline.runReplay(Duration.ofMinutes(3));
        PipelineChecks checks = new PipelineChecks(pipeline.bootstrapServers(), w);
        checks.verifyAll();
        checks.abortedRecords();
        java.util.Set<Integer> countingTasks = new java.util.TreeSet<>();
        checks.finalPartialCounts().keySet().forEach(k -> countingTasks.add(io.worldcurate.balancer.CountKeys.parse(k).task()));
        assertThat(countingTasks).as("the tasks whose partial counts are in the counts changelog").containsExactly(0, 1, 2, 3);
    }

    /** Two live members in the group, each with partitions assigned: the instances really share the work. */
    private void assertBothInstancesWork(String group, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", pipeline.bootstrapServers()))) {
            while (true) {
                ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS).get(group);
                List<MemberDescription> working = d.members().stream().filter(m -> !m.assignment().topicPartitions().isEmpty()).toList();
                if (working.size() == 2 && d.members().size() == 2) {
                    Log.info("group %s: %s", group, working.stream().map(m -> m.clientId() + " " + m.assignment().topicPartitions()).toList());
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("group " + group + " has not two working members after " + timeout + ": " + d.members());
                }
                Thread.sleep(500);
            }
        }
    }
}

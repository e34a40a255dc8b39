package io.worldcurate.balancer;

import io.worldcurate.core.metadata.MetadataSource;
import io.worldcurate.schemas.Topics;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Every test of {@link BalancerTopologyTest} on the topology that counts straight from {@code curation.matched}. */
class BalancerTopologyStraightFromMatchedTest extends BalancerTopologyTest {

    @Override
    BalancerTopology.Input input() {
        return BalancerTopology.Input.MATCHED_PARTITIONS;
    }

    private static final BalancerConfig FOUR_TASKS = BalancerConfig.defaults(MetadataSource.embedded()).withTasks(4);

    @Test
    void countsStraightFromMatchedOnlyWhenItHasOnePartitionPerTask() {
        assertThat(BalancerTopology.inputFor(4, FOUR_TASKS)).isEqualTo(BalancerTopology.Input.MATCHED_PARTITIONS);
        assertThat(BalancerTopology.inputFor(1, FOUR_TASKS)).isEqualTo(BalancerTopology.Input.REPARTITIONED);
        assertThat(BalancerTopology.inputFor(8, FOUR_TASKS)).isEqualTo(BalancerTopology.Input.REPARTITIONED);
    }

    @Test
    void theCountingTasksReadMatchedItselfWithoutARepartitionTopic() {
        TopologyDescription straight = BalancerTopology.build(FOUR_TASKS, BalancerTopology.Input.MATCHED_PARTITIONS).describe();
        TopologyDescription repartitioned = BalancerTopology.build(FOUR_TASKS, BalancerTopology.Input.REPARTITIONED).describe();
        assertThat(straight.subtopologies()).singleElement().satisfies(s -> {
            assertThat(sourceTopics(s)).containsExactly(Topics.MATCHED);
            assertThat(s.nodes()).anySatisfy(n -> assertThat(n.name()).isEqualTo(BalancerTopology.STAGE + "-count-and-decide"));
        });
        assertThat(repartitioned.subtopologies()).hasSize(2)
                .anySatisfy(s -> assertThat(sourceTopics(s)).containsExactly(BalancerTopology.FUNNEL + "-repartition"));
    }

    private static Set<String> sourceTopics(TopologyDescription.Subtopology s) {
        return s.nodes().stream().filter(n -> n instanceof TopologyDescription.Source)
                .flatMap(n -> ((TopologyDescription.Source) n).topicSet().stream()).collect(java.util.stream.Collectors.toSet());
    }
}

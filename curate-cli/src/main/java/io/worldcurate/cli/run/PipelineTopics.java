package io.worldcurate.cli.run;

import io.worldcurate.schemas.Topic;
import io.worldcurate.schemas.Topics;
import io.worldcurate.streams.TopicAdmin;

import java.util.List;
import java.util.Map;

/**
 * The pipeline topics of {@code curate run} and {@code curate bench}: {@code curation.matched} with one partition per
 * balancer counting task, so that the balancer counts straight from it ({@code BalancerTopology.Input.MATCHED_PARTITIONS}),
 * and every other topic with the run's partition count. Topics that exist keep their partitions.
 */
public final class PipelineTopics {

    private PipelineTopics() {
    }

    public static void create(String servers, int partitions, int balancerTasks, short replication, int maxRecordBytes,
                              Map<String, String> adminConfig) {
        List<Topic<?, ?>> all = Topics.all();
        List<Topic<?, ?>> matched = all.stream().filter(t -> t.name().equals(Topics.MATCHED)).toList();
        TopicAdmin.ensureTopics(servers, matched, balancerTasks, replication, maxRecordBytes, adminConfig);
        TopicAdmin.ensureTopics(servers, all, partitions, replication, maxRecordBytes, adminConfig);
    }
}

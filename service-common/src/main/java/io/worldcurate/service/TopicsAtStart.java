package io.worldcurate.service;

import io.quarkus.logging.Log;
import io.worldcurate.schemas.Topic;
import io.worldcurate.streams.KafkaClientConfig;
import io.worldcurate.streams.TopicAdmin;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;

/** Creates a service's missing topics before its topology starts, with the service's own Kafka client config. */
@Singleton
public class TopicsAtStart {

    @Inject
    CurationConfig config;

    @ConfigProperty(name = "quarkus.kafka-streams.bootstrap-servers")
    String bootstrapServers;

    /** The topics the service reads and writes, created if missing unless {@code curation.topics.create=false}. */
    public void ensure(List<Topic<?, ?>> topics) {
        if (!config.topics().create()) {
            return;
        }
        List<String> created = TopicAdmin.ensureTopics(bootstrapServers, topics, config.topics().partitions(),
                config.topics().replicationFactor(), config.maxRecordBytes(), KafkaClientConfig.fromEnvironment());
        if (!created.isEmpty()) {
            Log.infof("created topics %s", created);
        }
    }

    /** An internal topic the service needs before Kafka Streams would create it, created if missing whatever the setting. */
    public void ensureInternal(Topic<?, ?> topic, int partitions) {
        TopicAdmin.ensureTopics(bootstrapServers, List.of(topic), partitions, config.topics().replicationFactor(),
                KafkaClientConfig.fromEnvironment());
    }
}

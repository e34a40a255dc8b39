package io.worldcurate.matcher.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.worldcurate.core.match.LanguageMatchers;
import io.worldcurate.matcher.MatcherMetrics;
import io.worldcurate.matcher.MatcherTopology;
import io.worldcurate.schemas.Topics;
import io.worldcurate.streams.KafkaClientConfig;
import io.worldcurate.streams.TopicAdmin;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.apache.kafka.streams.Topology;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;
import java.util.Map;

/** Wires {@link MatcherTopology} from application.properties into Quarkus' Kafka Streams. */
@ApplicationScoped
public class TopologyProducer {

    @ConfigProperty(name = "curation.max-record-bytes", defaultValue = "1048576")
    int maxRecordBytes;

    @ConfigProperty(name = "quarkus.kafka-streams.bootstrap-servers")
    String bootstrapServers;

    @ConfigProperty(name = "curation.topics.create", defaultValue = "true")
    boolean createTopics;

    @ConfigProperty(name = "curation.topics.partitions", defaultValue = "4")
    int partitions;

    @ConfigProperty(name = "curation.topics.replication-factor", defaultValue = "1")
    short replicationFactor;

    /**
     * A singleton: Quarkus' Kafka Streams producer asks for the topology twice (for Kafka Streams and for its
     * topic check), and a dependent bean would load the metadata and build the automata twice.
     */
    @Produces
    @Singleton
    public Topology topology(MeterRegistry registry, MatcherAutomata automata) {
        if (createTopics) {
            List<String> created = TopicAdmin.ensureTopics(bootstrapServers,
                    List.of(Topics.LID_TOPIC, Topics.MATCHED_TOPIC, Topics.DLQ_TOPIC), partitions, replicationFactor, maxRecordBytes, KafkaClientConfig.fromEnvironment());
            if (!created.isEmpty()) {
                Log.infof("created topics %s", created);
            }
        }
        // the one set of automata of this process, every language loaded before the stream exists, shared by every stream thread
        LanguageMatchers matchers = automata.load();
        MatcherMetrics metrics = MatcherMetrics.micrometer(registry);
        return MatcherTopology.build(new MatcherTopology.Config(matchers, maxRecordBytes, metrics));
    }
}

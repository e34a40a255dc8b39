package io.worldcurate.matcher.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.worldcurate.core.match.LanguageMatchers;
import io.worldcurate.matcher.MatcherMetrics;
import io.worldcurate.matcher.MatcherTopology;
import io.worldcurate.schemas.Topics;
import io.worldcurate.service.CurationConfig;
import io.worldcurate.service.TopicsAtStart;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.apache.kafka.streams.Topology;

import java.util.List;

/** Wires {@link MatcherTopology} from application.properties into Quarkus' Kafka Streams. */
@ApplicationScoped
public class TopologyProducer {

    @Inject
    CurationConfig config;

    @Inject
    TopicsAtStart topicsAtStart;

    /**
     * A singleton: Quarkus' Kafka Streams producer asks for the topology twice (for Kafka Streams and for its
     * topic check), and a dependent bean would load the metadata and build the automata twice.
     */
    @Produces
    @Singleton
    public Topology topology(MeterRegistry registry, MatcherAutomata automata) {
        topicsAtStart.ensure(List.of(Topics.LID_TOPIC, Topics.MATCHED_TOPIC, Topics.DLQ_TOPIC));
        // the one set of automata of this process, every language loaded before the stream exists, shared by every stream thread
        LanguageMatchers matchers = automata.load();
        MatcherMetrics metrics = MatcherMetrics.micrometer(registry);
        return MatcherTopology.build(new MatcherTopology.Config(matchers, config.maxRecordBytes(), metrics));
    }
}

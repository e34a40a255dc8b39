package io.worldcurate.lid.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.worldcurate.core.lang.LanguageAssigner;
import io.worldcurate.core.lang.LidSettings;
import io.worldcurate.core.lang.LinguaIdentifier;
import io.worldcurate.core.metadata.MetadataDirectory;
import io.worldcurate.lid.LidMetrics;
import io.worldcurate.lid.LidTopology;
import io.worldcurate.schemas.Topics;
import io.worldcurate.streams.TopicAdmin;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.apache.kafka.streams.Topology;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Wires {@link LidTopology} from application.properties into Quarkus' Kafka Streams. */
@ApplicationScoped
public class TopologyProducer {

    @ConfigProperty(name = "curation.metadata-dir")
    Path metadataDir;

    @ConfigProperty(name = "curation.lid.accuracy", defaultValue = "high")
    String accuracy;

    @ConfigProperty(name = "curation.lid.languages")
    Optional<List<String>> languages;

    @ConfigProperty(name = "curation.lid.min-relative-distance", defaultValue = "0.0")
    double minRelativeDistance;

    @ConfigProperty(name = "curation.lid.preload", defaultValue = "true")
    boolean preload;

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

    /** A singleton: Quarkus asks for the topology more than once, and building it twice would do the work twice. */
    @Produces
    @Singleton
    public Topology topology(MeterRegistry registry) {
        if (createTopics) {
            List<String> created = TopicAdmin.ensureTopics(bootstrapServers,
                    List.of(Topics.CRAWL_IMAGES_TOPIC, Topics.LID_TOPIC, Topics.DLQ_TOPIC), partitions, replicationFactor, maxRecordBytes, Map.of());
            if (!created.isEmpty()) {
                Log.infof("created topics %s", created);
            }
        }
        MetadataDirectory metadata = new MetadataDirectory(metadataDir);
        LidSettings settings = new LidSettings(LidSettings.Accuracy.parse(accuracy), new HashSet<>(languages.orElse(List.of())),
                minRelativeDistance);
        LinguaIdentifier lingua = LinguaIdentifier.shared(settings);
        if (preload) {
            long t0 = System.nanoTime();
            lingua.preload();
            Log.infof("Lingua (%s accuracy) loaded in %.1f s", settings.accuracy(), (System.nanoTime() - t0) / 1e9);
        }
        LanguageAssigner assigner = new LanguageAssigner(metadata, () -> lingua);
        return LidTopology.build(new LidTopology.Config(assigner, maxRecordBytes, LidMetrics.micrometer(registry)));
    }
}

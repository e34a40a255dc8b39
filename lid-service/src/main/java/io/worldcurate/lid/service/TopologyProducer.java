package io.worldcurate.lid.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.worldcurate.core.lang.LanguageAssigner;
import io.worldcurate.core.lang.LidEngine;
import io.worldcurate.core.lang.LidEngines;
import io.worldcurate.core.lang.LidSettings;
import io.worldcurate.core.lang.LinguaIdentifier;
import io.worldcurate.core.metadata.MetadataSource;
import io.worldcurate.lid.LidMetrics;
import io.worldcurate.lid.LidTopology;
import io.worldcurate.schemas.Topics;
import io.worldcurate.service.CurationConfig;
import io.worldcurate.service.TopicsAtStart;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.apache.kafka.streams.Topology;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/** Wires {@link LidTopology} from application.properties into Quarkus' Kafka Streams. */
@ApplicationScoped
public class TopologyProducer {

    /**
     * The engine by name (wc-lid, lingua-high, lingua-low, fasttext:PATH); when unset, Lingua of
     * {@code curation.lid.accuracy} if that is set, else {@link LidEngines#DEFAULT}.
     */
    @ConfigProperty(name = "curation.lid.engine")
    Optional<String> engine;

    @ConfigProperty(name = "curation.lid.accuracy")
    Optional<String> accuracy;

    @ConfigProperty(name = "curation.lid.languages")
    Optional<List<String>> languages;

    @ConfigProperty(name = "curation.lid.min-relative-distance", defaultValue = "0.0")
    double minRelativeDistance;

    @ConfigProperty(name = "curation.lid.preload", defaultValue = "true")
    boolean preload;

    @ConfigProperty(name = "kafka-streams.num.stream.threads", defaultValue = "1")
    int streamThreads;

    @Inject
    CurationConfig config;

    @Inject
    TopicsAtStart topicsAtStart;

    /** A singleton: Quarkus asks for the topology more than once, and building it twice would do the work twice. */
    @Produces
    @Singleton
    public Topology topology(MeterRegistry registry) {
        topicsAtStart.ensure(List.of(Topics.CRAWL_IMAGES_TOPIC, Topics.LID_TOPIC, Topics.DLQ_TOPIC));
        MetadataSource metadata = MetadataSource.open(config.metadataDir().orElse(null), r -> { });
        LidSettings settings = new LidSettings(engine.filter(e -> !e.isBlank())
                .orElse(accuracy.filter(a -> !a.isBlank()).map(a -> LidSettings.Accuracy.parse(a).engineName()).orElse(LidEngines.DEFAULT)),
                new HashSet<>(languages.orElse(List.of())), minRelativeDistance);
        LanguageAssigner assigner = new LanguageAssigner(metadata, () -> LidEngines.shared(settings), LidMetrics.labelsWithoutMetadata(registry));
        if (preload) {
            long t0 = System.nanoTime();
            LidEngine lid = LidEngines.shared(settings);
            if (lid instanceof LinguaIdentifier lingua) {
                lingua.preload();
            }
            Log.infof("language identification engine %s loaded in %.1f s; it is shared by every stream thread",
                    settings.engine(), (System.nanoTime() - t0) / 1e9);
            if (lid.scalesWithThreads() && streamThreads < Runtime.getRuntime().availableProcessors()) {
                Log.infof("%s scales with threads: CURATION_STREAM_THREADS=%d (the cores) would use every core; now %d",
                        settings.engine(), Runtime.getRuntime().availableProcessors(), streamThreads);
            } else if (!lid.scalesWithThreads() && streamThreads > 1) {
                Log.infof("%s serialises its lookups: %d stream threads identify no faster than one", settings.engine(), streamThreads);
            }
        }
        return LidTopology.build(new LidTopology.Config(assigner, config.maxRecordBytes(), LidMetrics.micrometer(registry)));
    }
}

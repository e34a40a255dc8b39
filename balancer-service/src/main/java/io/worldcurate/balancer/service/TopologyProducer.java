package io.worldcurate.balancer.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.worldcurate.balancer.BalancerConfig;
import io.worldcurate.balancer.BalancerMetrics;
import io.worldcurate.balancer.BalancerTopology;
import io.worldcurate.balancer.ReplayTopology;
import io.worldcurate.core.metadata.MetadataSource;
import io.worldcurate.core.threshold.ThresholdParams;
import io.worldcurate.schemas.Topics;
import io.worldcurate.service.CurationConfig;
import io.worldcurate.service.TopicsAtStart;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.apache.kafka.streams.Topology;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Wires the online or the replay balancer topology from application.properties into Quarkus' Kafka Streams. */
@ApplicationScoped
public class TopologyProducer {

    public enum Mode { ONLINE, REPLAY }

    @ConfigProperty(name = "curation.balancer.mode", defaultValue = "online")
    String mode;

    @ConfigProperty(name = "curation.t-en", defaultValue = "170000")
    long tEn;

    @ConfigProperty(name = "curation.tail-ratio")
    Optional<Double> tailRatio;

    @ConfigProperty(name = "curation.min-threshold", defaultValue = "1")
    long minThreshold;

    @ConfigProperty(name = "curation.seed", defaultValue = "0")
    String seed;

    @ConfigProperty(name = "curation.balancer.publish-interval", defaultValue = "1s")
    Duration publishInterval;

    @ConfigProperty(name = "curation.balancer.tasks", defaultValue = "" + BalancerConfig.DEFAULT_TASKS)
    int tasks;

    @ConfigProperty(name = "curation.balancer.online-application-id", defaultValue = BalancerConfig.DEFAULT_APPLICATION_ID)
    String onlineApplicationId;

    @ConfigProperty(name = "quarkus.kafka-streams.application-id")
    String applicationId;

    @Inject
    CurationConfig config;

    @Inject
    TopicsAtStart topicsAtStart;

    @Produces
    @Singleton
    MetadataSource metadata() {
        MetadataSource metadata = MetadataSource.open(config.metadataDir().orElse(null), r -> Log.warn(r.toString()));
        long t0 = System.nanoTime();
        // every language's entry count now, not at its first image under traffic (the entries themselves are not kept)
        metadata.languages().parallelStream().forEach(metadata::entries);
        Log.infof("metadata of %d languages: %s (entries counted in %.2f s)", metadata.languages().size(), metadata.description(),
                (System.nanoTime() - t0) / 1e9);
        return metadata;
    }

    /** A singleton: Quarkus asks for the topology more than once, and building it twice would do the work twice. */
    @Produces
    @Singleton
    public Topology topology(MetadataSource metadata, MeterRegistry registry) {
        Mode m = Mode.valueOf(mode.trim().toUpperCase(java.util.Locale.ROOT));
        if (m == Mode.REPLAY && applicationId.equals(onlineApplicationId)) {
            throw new IllegalStateException("replay needs its own application id: set quarkus.kafka-streams.application-id "
                    + "(QUARKUS_KAFKA_STREAMS_APPLICATION_ID) to something else than the online balancer's '" + onlineApplicationId + "'");
        }
        // online, this application's own counts changelog is read by its global store
        String countsOwner = m == Mode.ONLINE ? applicationId : onlineApplicationId;
        BalancerConfig balancer = new BalancerConfig(metadata, new ThresholdParams(tEn, tailRatio.orElse(null), minThreshold), seed,
                publishInterval, config.maxRecordBytes(), countsOwner,
                BalancerMetrics.micrometer(m == Mode.ONLINE ? BalancerTopology.STAGE : ReplayTopology.STAGE, registry), tasks);
        topicsAtStart.ensure(m == Mode.ONLINE
                ? List.of(Topics.MATCHED_TOPIC, Topics.CURATED_TOPIC, Topics.THRESHOLDS_TOPIC, Topics.DLQ_TOPIC)
                : List.of(Topics.MATCHED_TOPIC, Topics.CURATED_REPLAY_TOPIC));
        if (m == Mode.ONLINE) {
            // an internal topic, but read by the global store before Kafka Streams would create it: created here, always
            topicsAtStart.ensureInternal(BalancerTopology.countsChangelog(balancer), tasks);
        }
        Log.infof("balancer mode %s, %d counting tasks, t_en %d, tail ratio %s, min threshold %d, seed '%s'", m, tasks, tEn,
                tailRatio.orElse(null), minThreshold, seed);
        return m == Mode.ONLINE ? BalancerTopology.build(balancer) : ReplayTopology.build(balancer);
    }
}

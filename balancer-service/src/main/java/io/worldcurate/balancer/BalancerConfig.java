package io.worldcurate.balancer;

import io.worldcurate.core.input.ImageValidator;
import io.worldcurate.core.metadata.MetadataSource;
import io.worldcurate.core.threshold.ThresholdParams;

import java.time.Duration;

/**
 * What the balancer topologies need besides Kafka.
 *
 * @param metadata          metadata sizes (and entry names for the REST API)
 * @param thresholds        t_en, tail ratio, min threshold
 * @param seed              seed of the hash draws
 * @param publishInterval   how often thresholds are recomputed and published (default 1 s)
 * @param onlineApplicationId the online balancer's application id, whose counts changelog replay reads
 */
public record BalancerConfig(MetadataSource metadata, ThresholdParams thresholds, String seed, Duration publishInterval,
                             int maxRecordBytes, String onlineApplicationId, BalancerMetrics metrics) {

    public static final String DEFAULT_APPLICATION_ID = "balancer-service";

    public BalancerConfig {
        if (publishInterval.isNegative() || publishInterval.isZero()) {
            throw new IllegalArgumentException("publish interval must be positive");
        }
    }

    public static BalancerConfig defaults(MetadataSource metadata) {
        return new BalancerConfig(metadata, ThresholdParams.DEFAULT, "0", Duration.ofSeconds(1),
                ImageValidator.DEFAULT_MAX_RECORD_BYTES, DEFAULT_APPLICATION_ID, BalancerMetrics.NONE);
    }

    public BalancerConfig withThresholds(ThresholdParams t) {
        return new BalancerConfig(metadata, t, seed, publishInterval, maxRecordBytes, onlineApplicationId, metrics);
    }

    public BalancerConfig withSeed(String s) {
        return new BalancerConfig(metadata, thresholds, s, publishInterval, maxRecordBytes, onlineApplicationId, metrics);
    }

    public BalancerConfig withPublishInterval(Duration d) {
        return new BalancerConfig(metadata, thresholds, seed, d, maxRecordBytes, onlineApplicationId, metrics);
    }

    public BalancerConfig withMetrics(BalancerMetrics m) {
        return new BalancerConfig(metadata, thresholds, seed, publishInterval, maxRecordBytes, onlineApplicationId, m);
    }

    public BalancerConfig withOnlineApplicationId(String id) {
        return new BalancerConfig(metadata, thresholds, seed, publishInterval, maxRecordBytes, id, metrics);
    }

    /** The changelog topic of the online balancer's counts store. */
    public String countsChangelogTopic() {
        return onlineApplicationId + "-" + BalancerTopology.COUNTS_STORE + "-changelog";
    }
}

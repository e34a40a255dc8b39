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
 * @param tasks             counting tasks: partitions of the online balancer's repartition topic and counts changelog
 */
public record BalancerConfig(MetadataSource metadata, ThresholdParams thresholds, String seed, Duration publishInterval,
                             int maxRecordBytes, String onlineApplicationId, BalancerMetrics metrics, int tasks) {

    public static final String DEFAULT_APPLICATION_ID = "balancer-service";
    public static final int DEFAULT_TASKS = 4;

    public BalancerConfig {
        if (publishInterval.isNegative() || publishInterval.isZero()) {
            throw new IllegalArgumentException("publish interval must be positive");
        }
        if (tasks < 1) {
            throw new IllegalArgumentException("balancer tasks must be at least 1, not " + tasks);
        }
    }

    public BalancerConfig(MetadataSource metadata, ThresholdParams thresholds, String seed, Duration publishInterval,
                          int maxRecordBytes, String onlineApplicationId, BalancerMetrics metrics) {
        this(metadata, thresholds, seed, publishInterval, maxRecordBytes, onlineApplicationId, metrics, DEFAULT_TASKS);
    }

    public static BalancerConfig defaults(MetadataSource metadata) {
        return new BalancerConfig(metadata, ThresholdParams.DEFAULT, "0", Duration.ofSeconds(1),
                ImageValidator.DEFAULT_MAX_RECORD_BYTES, DEFAULT_APPLICATION_ID, BalancerMetrics.NONE);
    }

    public BalancerConfig withThresholds(ThresholdParams t) {
        return new BalancerConfig(metadata, t, seed, publishInterval, maxRecordBytes, onlineApplicationId, metrics, tasks);
    }

    public BalancerConfig withSeed(String s) {
        return new BalancerConfig(metadata, thresholds, s, publishInterval, maxRecordBytes, onlineApplicationId, metrics, tasks);
    }

    public BalancerConfig withPublishInterval(Duration d) {
        return new BalancerConfig(metadata, thresholds, seed, d, maxRecordBytes, onlineApplicationId, metrics, tasks);
    }

    public BalancerConfig withMetrics(BalancerMetrics m) {
        return new BalancerConfig(metadata, thresholds, seed, publishInterval, maxRecordBytes, onlineApplicationId, m, tasks);
    }

    public BalancerConfig withOnlineApplicationId(String id) {
        return new BalancerConfig(metadata, thresholds, seed, publishInterval, maxRecordBytes, id, metrics, tasks);
    }

    public BalancerConfig withTasks(int n) {
        return new BalancerConfig(metadata, thresholds, seed, publishInterval, maxRecordBytes, onlineApplicationId, metrics, n);
    }

    /** The changelog topic of the online balancer's counts store. */
    public String countsChangelogTopic() {
        return onlineApplicationId + "-" + BalancerTopology.COUNTS_STORE + "-changelog";
    }
}

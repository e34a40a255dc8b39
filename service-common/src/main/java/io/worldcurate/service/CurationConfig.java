package io.worldcurate.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The {@code curation.*} settings every service reads, in one place; each service's own settings
 * ({@code curation.lid.*}, {@code curation.matcher.*}, {@code curation.balancer.*}, ...) stay with it.
 */
@ConfigMapping(prefix = "curation")
public interface CurationConfig {

    /** A directory of {@code <lang>.json} metadata files; without it, the embedded metadata set. */
    Optional<Path> metadataDir();

    /** Longer records are dead-lettered as oversized; also the {@code max.message.bytes} of the topics created. */
    @WithDefault("1048576")
    int maxRecordBytes();

    TopicSettings topics();

    HealthSettings health();

    /** The topics a service creates at start when they are missing (an operator may create them instead). */
    interface TopicSettings {
        @WithDefault("true")
        boolean create();

        @WithDefault("4")
        int partitions();

        @WithDefault("1")
        short replicationFactor();
    }

    interface HealthSettings {
        /** How often readiness asks the broker whether it answers and every topic exists. */
        @WithDefault("2s")
        Duration brokerProbeInterval();
    }
}

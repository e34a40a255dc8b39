package io.worldcurate.cli;

import org.apache.kafka.streams.StreamsConfig;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Which Kafka Streams settings {@code curate run --streams-property} may not set: those the command owns. */
final class StreamsPropertyRule {

    private static final Map<String, String> OWNED = Map.of(
            StreamsConfig.APPLICATION_ID_CONFIG, "",
            StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "; use --bootstrap-servers",
            StreamsConfig.STATE_DIR_CONFIG, "",
            StreamsConfig.NUM_STREAM_THREADS_CONFIG, "; use --stream-threads",
            StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "; use --commit-interval",
            StreamsConfig.PROCESSING_GUARANTEE_CONFIG, " (exactly-once: counts and admissions must not be doubled)",
            StreamsConfig.REPLICATION_FACTOR_CONFIG, "");

    private StreamsPropertyRule() {
    }

    static List<String> refused(Collection<String> keys) {
        return keys.stream().filter(OWNED::containsKey).sorted().toList();
    }

    static String instead(String key) {
        return OWNED.getOrDefault(key, "");
    }
}

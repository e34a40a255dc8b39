package io.worldcurate.streams;

import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The services' MicroProfile config source of {@link KafkaClientConfig#fromEnvironment()}: each property
 * {@code k} of the file becomes {@code kafka-streams.k}, Quarkus' pass-through to Kafka Streams and so
 * to all its clients. Above application.properties, below system properties and environment variables
 * (an explicit {@code KAFKA_STREAMS_...} still wins). Registered through META-INF/services; a missing
 * file fails the service at start with the file's name.
 */
public final class KafkaClientConfigSource implements ConfigSource {

    static final String PREFIX = "kafka-streams.";
    private static final int ORDINAL = 260;

    private final Map<String, String> values;

    public KafkaClientConfigSource() {
        Map<String, String> v = new HashMap<>();
        KafkaClientConfig.fromEnvironment().forEach((k, val) -> v.put(PREFIX + k, val));
        this.values = Map.copyOf(v);
    }

    @Override
    public Set<String> getPropertyNames() {
        return values.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return values.get(propertyName);
    }

    @Override
    public String getName() {
        return KafkaClientConfig.ENV;
    }

    @Override
    public int getOrdinal() {
        return ORDINAL;
    }
}

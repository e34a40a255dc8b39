package io.worldcurate.schemas;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.Serde;

/**
 * A Kafka topic with the serdes of its keys and values and the configs it must be created with.
 * Immutable; the serdes are stateless and may be shared.
 *
 * @param name topic name
 * @param keySerde serde of the record keys
 * @param valueSerde serde of the record values
 * @param configs topic-level configs to create the topic with (e.g. {@code cleanup.policy}),
 *     unmodifiable, empty for broker defaults
 * @param <K> key type
 * @param <V> value type
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde,
                          Map<String, String> configs) {

  public Topic {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(keySerde, "keySerde");
    Objects.requireNonNull(valueSerde, "valueSerde");
    if (name.isBlank()) {
      throw new IllegalArgumentException("blank topic name");
    }
    configs = Map.copyOf(configs);
  }

  /** A topic with broker-default configs. */
  public Topic(String name, Serde<K> keySerde, Serde<V> valueSerde) {
    this(name, keySerde, valueSerde, Map.of());
  }

  /** An admin-client request to create this topic with its configs. */
  public NewTopic newTopic(int partitions, short replicationFactor) {
    return new NewTopic(name, partitions, replicationFactor).configs(configs);
  }

  /**
   * An admin-client request to create this topic with its configs and an explicit
   * {@code max.message.bytes}: the stages check every record they write against that limit.
   */
  public NewTopic newTopic(int partitions, short replicationFactor, int maxMessageBytes) {
    if (maxMessageBytes < 1) {
      throw new IllegalArgumentException("max.message.bytes must be >= 1, was " + maxMessageBytes);
    }
    Map<String, String> withLimit = new java.util.HashMap<>(configs);
    withLimit.put(org.apache.kafka.common.config.TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(maxMessageBytes));
    return new NewTopic(name, partitions, replicationFactor).configs(withLimit);
  }

  /** An admin-client request to create this topic with the broker's default partitions and replication. */
  public NewTopic newTopic() {
    return new NewTopic(name, Optional.empty(), Optional.empty()).configs(configs);
  }

  @Override
  public String toString() {
    return name;
  }
}

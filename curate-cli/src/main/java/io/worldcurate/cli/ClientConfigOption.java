package io.worldcurate.cli;

import io.worldcurate.streams.KafkaClientConfig;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code --client-config FILE}: standard Kafka client properties (security) for every client a command creates. */
public final class ClientConfigOption {

    private static final System.Logger LOG = System.getLogger(ClientConfigOption.class.getName());

    @Option(names = "--client-config", paramLabel = "FILE", description = "Kafka client properties file (security.protocol, "
            + "sasl.mechanism, sasl.jaas.config, ssl.truststore.*, ...), e.g. one 'curate broker --security scram' writes; "
            + "applied to every Kafka client of the command.")
    Path file;

    /** The file's properties, empty without the option; a missing or unreadable file is an error. */
    public Map<String, String> load() {
        if (file == null) {
            return Map.of();
        }
        Map<String, String> config = KafkaClientConfig.load(file, "--client-config");
        LOG.log(System.Logger.Level.INFO, () -> "Kafka client config " + file + ": " + KafkaClientConfig.describe(config));
        return config;
    }

    /** The file's properties with {@code overrides} (e.g. {@code --client-property}) on top. */
    public Map<String, String> with(Map<String, String> overrides) {
        Map<String, String> m = new LinkedHashMap<>(load());
        if (overrides != null) {
            overrides.forEach((k, v) -> {
                KafkaClientConfig.remember(k, v);
                m.put(k, v);
            });
        }
        return m;
    }
}

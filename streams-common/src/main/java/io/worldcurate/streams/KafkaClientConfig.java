package io.worldcurate.streams;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Standard Kafka client properties from a file (security.protocol, sasl.mechanism, sasl.jaas.config,
 * ssl.truststore.*, ...), added to every Kafka client a service or the CLI creates. The services read the
 * file named by {@value #ENV} (or the system property {@value #SYSTEM_PROPERTY}); the CLI takes
 * {@code --client-config FILE}.
 *
 * <p>Secrets (sasl.jaas.config, *.password, private keys) are never printed: {@link #describe(Map)}
 * masks them, and every secret value loaded is remembered so that {@link #scrub(String)} can take it
 * out of any message before it is shown.
 */
public final class KafkaClientConfig {

    public static final String ENV = "CURATION_KAFKA_CLIENT_CONFIG";
    public static final String SYSTEM_PROPERTY = "curation.kafka.client-config";
    public static final String HIDDEN = "[hidden]";

    private static final Pattern JAAS_SECRET = Pattern.compile("(?i)(password|secret|token)\\s*=\\s*\"([^\"]*)\"");
    private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();
    private static final Map<Path, Map<String, String>> LOADED = new ConcurrentHashMap<>();

    private KafkaClientConfig() {
    }

    /**
     * The properties of the file named by {@value #ENV}, else by the system property
     * {@value #SYSTEM_PROPERTY}; empty when neither is set.
     *
     * @throws IllegalArgumentException when the file named there is missing or unreadable
     */
    public static Map<String, String> fromEnvironment() {
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) {
            return load(Path.of(env.trim()), ENV);
        }
        String prop = System.getProperty(SYSTEM_PROPERTY);
        if (prop != null && !prop.isBlank()) {
            return load(Path.of(prop.trim()), SYSTEM_PROPERTY);
        }
        return Map.of();
    }

    /** The file's properties, in key order; {@code source} says in errors who named the file. */
    public static Map<String, String> load(Path file, String source) {
        Path abs = file.toAbsolutePath().normalize();
        Map<String, String> cached = LOADED.get(abs);
        if (cached != null) {
            return cached;
        }
        if (!Files.exists(abs)) {
            throw new IllegalArgumentException("Kafka client config " + file + " (from " + source + ") does not exist");
        }
        if (!Files.isRegularFile(abs)) {
            throw new IllegalArgumentException("Kafka client config " + file + " (from " + source + ") is not a file");
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(abs, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot read Kafka client config " + file + " (from " + source + "): "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + scrub(e.getMessage())), e);
        }
        Map<String, String> map = new TreeMap<>();
        for (String k : p.stringPropertyNames()) {
            String v = p.getProperty(k).trim();
            map.put(k.trim(), v);
            remember(k, v);
        }
        Map<String, String> result = Collections.unmodifiableMap(map);
        LOADED.put(abs, result);
        return result;
    }

    /** Whether the value of {@code key} is a secret: passwords, JAAS configs, private keys, tokens. */
    public static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.endsWith("password") || k.endsWith("sasl.jaas.config") || k.endsWith("ssl.keystore.key")
                || k.contains("secret") || k.contains("token");
    }

    /** The settings as {@code k=v, ...} with every secret value shown as {@value #HIDDEN}. */
    public static String describe(Map<String, ?> config) {
        return new TreeMap<>(config).entrySet().stream()
                .map(e -> e.getKey() + "=" + (isSecret(e.getKey()) ? HIDDEN : String.valueOf(e.getValue())))
                .collect(Collectors.joining(", "));
    }

    /** Remembers the value of a secret setting (and the passwords inside a JAAS config) for {@link #scrub(String)}. */
    public static void remember(String key, String value) {
        if (value == null || value.isEmpty() || !isSecret(key)) {
            return;
        }
        SECRETS.add(value);
        Matcher m = JAAS_SECRET.matcher(value);
        while (m.find()) {
            if (!m.group(2).isEmpty()) {
                SECRETS.add(m.group(2));
            }
        }
    }

    /** The text with every secret loaded so far replaced by {@value #HIDDEN}; null stays null. */
    public static String scrub(String text) {
        if (text == null) {
            return null;
        }
        String s = text;
        for (String secret : SECRETS) {
            if (s.contains(secret)) {
                s = s.replace(secret, HIDDEN);
            }
        }
        return s;
    }
}

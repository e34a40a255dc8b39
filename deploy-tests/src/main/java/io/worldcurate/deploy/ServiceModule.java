package io.worldcurate.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One Quarkus service module as its own sources configure it: {@code src/main/resources/application.properties},
 * the {@code @ConfigProperty} names of its Java sources, and {@code src/main/docker/Dockerfile.jvm}.
 */
public final class ServiceModule {

    /** The service modules every manifest deploys, by directory (= artifact id = application name). */
    public static final Set<String> NAMES = Set.of("lid-service", "matcher-service", "balancer-service");

    public static final String PROPERTIES = "src/main/resources/application.properties";
    public static final String DOCKERFILE = "src/main/docker/Dockerfile.jvm";
    private static final Pattern CONFIG_PROPERTY = Pattern.compile("@ConfigProperty\\s*\\(\\s*name\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern CONFIG_MAPPING = Pattern.compile("@ConfigMapping\\s*\\(\\s*prefix\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([^}:]+)(?::[^}]*)?}");

    private final String name;
    private final Path dir;
    private final Properties properties;
    private final Set<String> configNames;
    private final Set<String> configPrefixes;
    private final String dockerfile;

    private ServiceModule(String name, Path dir, Properties properties, Set<String> configNames, Set<String> configPrefixes,
                          String dockerfile) {
        this.name = name;
        this.dir = dir;
        this.properties = properties;
        this.configNames = configNames;
        this.configPrefixes = configPrefixes;
        this.dockerfile = dockerfile;
    }

    public static ServiceModule load(Path root, String name) {
        Path dir = root.resolve(name);
        Properties props = new Properties();
        try (Reader r = Files.newBufferedReader(dir.resolve(PROPERTIES), StandardCharsets.UTF_8)) {
            props.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir.resolve(PROPERTIES), e);
        }
        Set<String> names = new TreeSet<>(props.stringPropertyNames());
        for (String key : props.stringPropertyNames()) {
            Matcher m = REFERENCE.matcher(props.getProperty(key));
            while (m.find()) {
                names.add(m.group(1).trim());
            }
        }
        Set<String> prefixes = new TreeSet<>();
        Path java = dir.resolve("src/main/java");
        if (Files.isDirectory(java)) {
            try (Stream<Path> files = Files.walk(java)) {
                for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                    String src = Files.readString(f, StandardCharsets.UTF_8);
                    Matcher m = CONFIG_PROPERTY.matcher(src);
                    while (m.find()) {
                        names.add(m.group(1));
                    }
                    Matcher p = CONFIG_MAPPING.matcher(src);
                    while (p.find()) {
                        prefixes.add(p.group(1));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + java, e);
            }
        }
        names.addAll(sharedConfigNames(root));
        Path df = dir.resolve(DOCKERFILE);
        String dockerfile = null;
        if (Files.isRegularFile(df)) {
            try {
                dockerfile = Files.readString(df, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + df, e);
            }
        }
        return new ServiceModule(name, dir, props, names, prefixes, dockerfile);
    }

    /** service-common's {@code @ConfigMapping} of the settings every service reads, which each service depends on. */
    public static final String SHARED_CONFIG = "service-common/src/main/java/io/worldcurate/service/CurationConfig.java";
    private static final Pattern MEMBER = Pattern.compile("^(\\s+)([\\w<>.]+)\\s+(\\w+)\\(\\);\\s*$");
    private static final Pattern NESTED = Pattern.compile("^\\s+interface\\s+(\\w+)\\s*\\{\\s*$");

    /**
     * The property names of {@link #SHARED_CONFIG}: its prefix, each member's name in kebab case, and a group
     * member's (a nested interface) own members below it.
     */
    static Set<String> sharedConfigNames(Path root) {
        Path f = root.resolve(SHARED_CONFIG);
        if (!Files.isRegularFile(f)) {
            return Set.of();
        }
        String src;
        try {
            src = Files.readString(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
        Matcher pm = CONFIG_MAPPING.matcher(src);
        if (!pm.find()) {
            return Set.of();
        }
        String prefix = pm.group(1);
        java.util.Map<String, java.util.List<String>> groups = new java.util.HashMap<>();
        java.util.Map<String, String> top = new java.util.LinkedHashMap<>(); // member -> type
        String nested = null;
        for (String line : src.split("\n")) {
            Matcher n = NESTED.matcher(line);
            if (n.matches()) {
                nested = n.group(1);
                groups.put(nested, new java.util.ArrayList<>());
                continue;
            }
            Matcher m = MEMBER.matcher(line);
            if (m.matches()) {
                if (nested != null && m.group(1).length() > 4) {
                    groups.get(nested).add(m.group(3));
                } else {
                    top.put(m.group(3), m.group(2));
                }
            }
        }
        Set<String> names = new TreeSet<>();
        top.forEach((member, type) -> {
            String name = prefix + "." + kebab(member);
            if (groups.containsKey(type)) {
                groups.get(type).forEach(g -> names.add(name + "." + kebab(g)));
            } else {
                names.add(name);
            }
        });
        return names;
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    public String name() {
        return name;
    }

    public Path dir() {
        return dir;
    }

    /** The value of a property of application.properties, a {@code ${name:default}} expression reduced to its default. */
    public Optional<String> property(String key) {
        String v = properties.getProperty(key);
        if (v == null) {
            return Optional.empty();
        }
        Matcher m = Pattern.compile("^\\$\\{[^}:]+:([^}]*)}$").matcher(v.trim());
        return Optional.of(m.matches() ? m.group(1) : v.trim());
    }

    /** {@code quarkus.http.port} of application.properties (Quarkus' default 8080 when absent). */
    public int httpPort() {
        return Integer.parseInt(property("quarkus.http.port").orElse("8080"));
    }

    private String nonApplicationPath(String configured) {
        if (configured.startsWith("/")) {
            return configured;
        }
        String root = property("quarkus.http.non-application-root-path").orElse("q");
        root = root.startsWith("/") ? root : "/" + root;
        return (root.endsWith("/") ? root : root + "/") + configured;
    }

    private String healthPath(String key, String dflt) {
        String base = nonApplicationPath(property("quarkus.smallrye-health.root-path").orElse("health"));
        String sub = property(key).orElse(dflt);
        return sub.startsWith("/") ? sub : base + "/" + sub;
    }

    /** SmallRye Health's readiness endpoint, /q/health/ready unless configured otherwise. */
    public String readinessPath() {
        return healthPath("quarkus.smallrye-health.readiness-path", "ready");
    }

    public String livenessPath() {
        return healthPath("quarkus.smallrye-health.liveness-path", "live");
    }

    public String startupPath() {
        return healthPath("quarkus.smallrye-health.startup-path", "started");
    }

    /** The Prometheus endpoint of Quarkus Micrometer, /q/metrics unless configured otherwise. */
    public String metricsPath() {
        return nonApplicationPath(property("quarkus.micrometer.export.prometheus.path").orElse("metrics"));
    }

    public boolean kafkaBinderEnabled() {
        return property("quarkus.micrometer.binder.kafka.enabled").map(Boolean::parseBoolean).orElse(false);
    }

    /** Every configuration name the service reads: properties, {@code ${name}} references, {@code @ConfigProperty} names. */
    public Set<String> configNames() {
        return configNames;
    }

    /** Read by every service through streams-common's KafkaClientConfigSource (its Kafka client properties file). */
    public static final String KAFKA_CLIENT_CONFIG_ENV = "CURATION_KAFKA_CLIENT_CONFIG";

    /** The environment variable MicroProfile Config maps to a property: non-alphanumerics to '_', upper case. */
    public static String envName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /**
     * Whether the service reads environment variable {@code env}: it is the env form of one of its configuration
     * names, of a {@code @ConfigMapping} prefix's member, or {@code JAVA_OPTS} that its Dockerfile's entrypoint expands.
     */
    public boolean readsEnv(String env) {
        if (env.equals(KAFKA_CLIENT_CONFIG_ENV)) {
            return true;
        }
        for (String n : configNames) {
            if (envName(n).equals(env)) {
                return true;
            }
        }
        for (String p : configPrefixes) {
            if (env.startsWith(envName(p) + "_")) {
                return true;
            }
        }
        if (env.equals(ComposeSecurity.CLIENT_CONFIG_ENV)) {
            return true; // the Kafka client configuration file, read by every service's Kafka clients (issue 13)
        }
        return env.equals("JAVA_OPTS") && dockerfile != null && dockerfile.contains("$JAVA_OPTS");
    }

    /** {@code src/main/docker/Dockerfile.jvm}, if the module has one. */
    public Optional<String> dockerfile() {
        return Optional.ofNullable(dockerfile);
    }

    @Override
    public String toString() {
        return name;
    }
}

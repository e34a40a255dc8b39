package io.worldcurate.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.worldcurate.deploy.Yamls.Doc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.worldcurate.deploy.Yamls.at;
import static io.worldcurate.deploy.Yamls.composeDefaults;
import static io.worldcurate.deploy.Yamls.list;
import static io.worldcurate.deploy.Yamls.map;
import static io.worldcurate.deploy.Yamls.str;

/**
 * Checks that {@code docker-compose.yml} and every manifest under {@code deploy/} agree with the services'
 * own configuration. Each check returns the problems it found, one readable line each; none means it passed.
 * The checks read a project root, so they can be run on a modified copy of the project as well.
 */
public final class DeploymentCheck {

    /** A topic every deployment must create, with the configs it must have (from schemas' {@code Topics.all()}). */
    public record ExpectedTopic(String name, Map<String, String> configs) {
    }

    public static final String COMPOSE_FILE = "docker-compose.yml";
    public static final String DEPLOY_DIR = "deploy";
    public static final String IMAGE_PREFIX = "worldcurate/";
    public static final String KAFKA_IMAGE = "apache/kafka";
    public static final String STRIMZI_API = "kafka.strimzi.io/v1beta2";
    /** Off-heap room a container needs above the heap: metaspace, threads, RocksDB. */
    public static final double HEADROOM = 1.25;

    /** Metrics the dashboard must show (the list). */
    public static final List<String> DASHBOARD_REQUIRED = List.of(
            "curation_records_in_total", "curation_records_out_total", "curation_records_dropped_total",
            "curation_records_dead_lettered_total", "curation_lid_detections_total", "curation_balancer_admitted_total",
            "curation_balancer_threshold", "curation_balancer_tail_ratio", "kafka_consumer_fetch_manager_records_lag_max");

    private final Path root;
    private final Map<String, ServiceModule> services = new TreeMap<>();
    private final List<ExpectedTopic> topics;
    private final Map<String, Object> compose;
    private final List<Doc> deployDocs = new ArrayList<>();
    private final List<String> loadProblems = new ArrayList<>();

    private DeploymentCheck(Path root, Collection<ExpectedTopic> topics) {
        this.root = root;
        this.topics = List.copyOf(topics);
        for (String name : ServiceModule.NAMES) {
            services.put(name, ServiceModule.load(root, name));
        }
        Map<String, Object> c = Map.of();
        try {
            List<Doc> docs = Yamls.load(root.resolve(COMPOSE_FILE));
            c = docs.isEmpty() ? Map.of() : docs.get(0).body();
        } catch (RuntimeException e) {
            loadProblems.add(COMPOSE_FILE + ": cannot be read: " + e.getMessage());
        }
        this.compose = c;
        for (Path f : deployFiles(".yaml", ".yml")) {
            try {
                deployDocs.addAll(Yamls.load(f));
            } catch (RuntimeException e) {
                loadProblems.add(rel(f) + ": not valid YAML: " + e.getMessage());
            }
        }
    }

    public static DeploymentCheck of(Path root, Collection<ExpectedTopic> topics) {
        return new DeploymentCheck(root.toAbsolutePath().normalize(), topics);
    }

    public Map<String, ServiceModule> services() {
        return services;
    }

    /** Every YAML document under deploy/. */
    public List<Doc> deployDocs() {
        return deployDocs;
    }

    /** Every check. */
    public List<String> all() {
        List<String> p = new ArrayList<>(loadProblems);
        p.addAll(dockerfiles());
        p.addAll(compose());
        p.addAll(kubernetes());
        p.addAll(kustomize());
        p.addAll(images());
        p.addAll(topics());
        p.addAll(prometheus());
        p.addAll(grafana());
        return p;
    }

    /** Files that could not be parsed. */
    public List<String> loading() {
        return List.copyOf(loadProblems);
    }

    // ------------------------------------------------------------------------------------------ Dockerfiles

    public List<String> dockerfiles() {
        List<String> p = new ArrayList<>();
        for (ServiceModule s : services.values()) {
            String where = s.name() + "/" + ServiceModule.DOCKERFILE;
            Optional<String> df = s.dockerfile();
            if (df.isEmpty()) {
                p.add(where + ": missing");
                continue;
            }
            String text = df.get();
            if (!Pattern.compile("(?m)^FROM\\s+eclipse-temurin:17").matcher(text).find()) {
                p.add(where + ": not FROM an eclipse-temurin:17 image");
            }
            for (String layer : List.of("target/quarkus-app/lib/", "target/quarkus-app/*.jar", "target/quarkus-app/app/",
                    "target/quarkus-app/quarkus/")) {
                if (!Pattern.compile("(?m)^COPY\\b.*\\s" + Pattern.quote(layer) + "\\s").matcher(text).find()) {
                    p.add(where + ": does not COPY " + layer);
                }
            }
            Matcher expose = Pattern.compile("(?m)^EXPOSE\\s+(.+)$").matcher(text);
            Set<Integer> exposed = new LinkedHashSet<>();
            while (expose.find()) {
                for (String port : expose.group(1).trim().split("\\s+")) {
                    exposed.add(Integer.parseInt(port.replaceAll("/.*", "")));
                }
            }
            if (!exposed.equals(Set.of(s.httpPort()))) {
                p.add(where + ": EXPOSE " + exposed + " != quarkus.http.port " + s.httpPort() + " of " + s.name() + "/"
                        + ServiceModule.PROPERTIES);
            }
            if (!text.contains("quarkus-run.jar")) {
                p.add(where + ": does not run quarkus-run.jar");
            }
        }
        return p;
    }

    // ------------------------------------------------------------------------------------------ docker-compose

    private Map<String, Object> composeServices() {
        return map(compose.get("services"));
    }

    /** The service module a compose service or container runs, by its image {@code worldcurate/<module>:tag}. */
    private Optional<ServiceModule> moduleOfImage(String image) {
        if (image == null || !image.startsWith(IMAGE_PREFIX)) {
            return Optional.empty();
        }
        String repo = image.substring(IMAGE_PREFIX.length()).replaceAll("[:@].*$", "");
        return Optional.ofNullable(services.get(repo));
    }

    private static Map<String, String> composeEnv(Map<String, Object> svc) {
        Map<String, String> env = new LinkedHashMap<>();
        Object e = svc.get("environment");
        if (e instanceof Map<?, ?> m) {
            m.forEach((k, v) -> env.put(k.toString(), v == null ? null : composeDefaults(v.toString())));
        } else {
            for (Object o : list(e)) {
                String s = o.toString();
                int eq = s.indexOf('=');
                env.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? null : composeDefaults(s.substring(eq + 1)));
            }
        }
        return env;
    }

    /** Container ports of a compose service's {@code ports}. */
    private static List<Integer> composeContainerPorts(Map<String, Object> svc) {
        List<Integer> ports = new ArrayList<>();
        for (Object o : list(svc.get("ports"))) {
            if (o instanceof Map<?, ?> m) {
                ports.add(Integer.parseInt(str(m.get("target"))));
            } else {
                String s = composeDefaults(o.toString()).replaceAll("/.*$", "");
                String[] parts = s.split(":");
                ports.add(Integer.parseInt(parts[parts.length - 1]));
            }
        }
        return ports;
    }

    /** Container path to source of a compose service's volumes. */
    private static Map<String, String> composeMounts(Map<String, Object> svc) {
        Map<String, String> mounts = new LinkedHashMap<>();
        for (Object o : list(svc.get("volumes"))) {
            if (o instanceof Map<?, ?> m) {
                mounts.put(str(m.get("target")), composeDefaults(str(m.get("source"))));
            } else {
                String[] parts = composeDefaults(o.toString()).split(":");
                if (parts.length >= 2) {
                    mounts.put(parts[1], parts[0]);
                } else {
                    mounts.put(parts[0], null);
                }
            }
        }
        return mounts;
    }

    public List<String> compose() {
        List<String> p = new ArrayList<>();
        Map<String, Object> all = composeServices();
        if (all.isEmpty()) {
            p.add(COMPOSE_FILE + ": no services");
            return p;
        }
        Set<String> deployed = new LinkedHashSet<>();
        for (Map.Entry<String, Object> e : all.entrySet()) {
            Map<String, Object> svc = map(e.getValue());
            Optional<ServiceModule> module = moduleOfImage(composeDefaults(str(svc.get("image"))));
            if (module.isEmpty()) {
                continue;
            }
            ServiceModule s = module.get();
            String where = COMPOSE_FILE + ": service " + e.getKey() + " (" + s.name() + ")";
            String portSource = " != quarkus.http.port " + s.httpPort() + " of " + s.name() + "/" + ServiceModule.PROPERTIES;
            Map<String, String> env = composeEnv(svc);
            boolean profiled = !list(svc.get("profiles")).isEmpty();
            if (!profiled) {
                deployed.add(s.name());
            }

            Object build = svc.get("build");
            if (build != null) {
                String context = build instanceof String b ? b : str(map(build).get("context"));
                String dockerfile = build instanceof String ? "Dockerfile" : Objects.requireNonNullElse(str(map(build).get("dockerfile")), "Dockerfile");
                Path ctx = root.resolve(Objects.requireNonNullElse(context, ".")).normalize();
                if (!ctx.equals(s.dir().normalize())) {
                    p.add(where + ": build context " + context + " is not ./" + s.name());
                }
                if (!dockerfile.equals(ServiceModule.DOCKERFILE) || !Files.isRegularFile(ctx.resolve(dockerfile))) {
                    p.add(where + ": build dockerfile " + dockerfile + " is not the module's " + ServiceModule.DOCKERFILE);
                }
            }

            List<Integer> ports = composeContainerPorts(svc);
            if (ports.isEmpty()) {
                p.add(where + ": publishes no port");
            }
            for (int port : ports) {
                if (port != s.httpPort()) {
                    p.add(where + ": container port " + port + portSource);
                }
            }
            if (env.containsKey("QUARKUS_HTTP_PORT") && !String.valueOf(s.httpPort()).equals(env.get("QUARKUS_HTTP_PORT"))) {
                p.add(where + ": QUARKUS_HTTP_PORT " + env.get("QUARKUS_HTTP_PORT") + portSource);
            }
            for (String name : env.keySet()) {
                if (!s.readsEnv(name)) {
                    p.add(where + ": environment variable " + name + " is no property " + s.name() + " reads");
                }
            }

            String health = list(at(svc, "healthcheck", "test")).stream().map(Object::toString).collect(Collectors.joining(" "));
            if (health.isEmpty()) {
                health = Objects.requireNonNullElse(str(at(svc, "healthcheck", "test")), "");
            }
            String expected = "localhost:" + s.httpPort() + s.readinessPath();
            if (!health.contains(expected)) {
                p.add(where + ": healthcheck '" + health + "' does not request " + expected);
            }

            Map<String, Object> dependsOn = map(svc.get("depends_on"));
            Optional<String> kafka = all.entrySet().stream()
                    .filter(k -> Objects.requireNonNullElse(str(map(k.getValue()).get("image")), "").startsWith(KAFKA_IMAGE + ":"))
                    .map(Map.Entry::getKey).findFirst();
            if (kafka.isPresent() && !"service_healthy".equals(str(at(dependsOn, kafka.get(), "condition")))) {
                p.add(where + ": does not depend on " + kafka.get() + " with condition service_healthy");
            }
            p.addAll(bootstrapProblems(where, env.get("KAFKA_BOOTSTRAP_SERVERS")));

            Map<String, String> mounts = composeMounts(svc);
            // unset: the embedded metadata; set: a folder of one's own, which must be mounted
            String metadataDir = env.get("CURATION_METADATA_DIR");
            if (metadataDir != null && !mounts.containsKey(metadataDir)) {
                p.add(where + ": CURATION_METADATA_DIR " + metadataDir + " is not a mounted volume");
            }
            if (isOnlineBalancer(s, env)) {
                String state = env.get("CURATION_STATE_DIR");
                if (state == null || !mounts.containsKey(state) || mounts.get(state) == null || mounts.get(state).contains("/")) {
                    p.add(where + ": the balancer's CURATION_STATE_DIR (" + state + ") is not on a named volume");
                }
            }

            String javaOpts = env.containsKey("JAVA_OPTS") ? env.get("JAVA_OPTS") : dockerfileJavaOpts(s);
            p.addAll(memoryProblems(where, javaOpts, str(svc.get("mem_limit")), "mem_limit"));
        }
        for (String s : services.keySet()) {
            if (!deployed.contains(s)) {
                p.add(COMPOSE_FILE + ": no service runs " + IMAGE_PREFIX + s);
            }
        }
        p.addAll(composeKafka());
        return p;
    }

    private static boolean isOnlineBalancer(ServiceModule s, Map<String, String> env) {
        return s.name().equals("balancer-service")
                && env.getOrDefault("CURATION_BALANCER_MODE", s.property("curation.balancer.mode").orElse("online")).equals("online");
    }

    private static String dockerfileJavaOpts(ServiceModule s) {
        Matcher m = Pattern.compile("(?m)^ENV\\s+JAVA_OPTS=\"([^\"]*)\"").matcher(s.dockerfile().orElse(""));
        return m.find() ? m.group(1) : null;
    }

    private static List<String> memoryProblems(String where, String javaOpts, String limit, String limitName) {
        List<String> p = new ArrayList<>();
        Optional<Long> heap = Yamls.maxHeap(javaOpts);
        Optional<Long> bytes = Yamls.bytes(limit);
        if (heap.isEmpty()) {
            p.add(where + ": JAVA_OPTS sets no -Xmx (Lingua and the automata need an explicit heap)");
        }
        if (bytes.isEmpty()) {
            p.add(where + ": no memory limit (" + limitName + ")");
        }
        if (heap.isPresent() && bytes.isPresent() && bytes.get() < heap.get() * HEADROOM) {
            p.add(where + ": " + limitName + " " + limit + " leaves less than " + (int) ((HEADROOM - 1) * 100)
                    + "% above the heap (" + javaOpts + ") for metaspace, threads and RocksDB");
        }
        return p;
    }

    /** The compose Kafka broker: a single combined KRaft node that can run transactions. */
    private List<String> composeKafka() {
        List<String> p = new ArrayList<>();
        Optional<Map.Entry<String, Object>> kafka = composeServices().entrySet().stream()
                .filter(e -> Objects.requireNonNullElse(str(map(e.getValue()).get("image")), "").startsWith(KAFKA_IMAGE + ":"))
                .findFirst();
        if (kafka.isEmpty()) {
            p.add(COMPOSE_FILE + ": no " + KAFKA_IMAGE + " service");
            return p;
        }
        String where = COMPOSE_FILE + ": service " + kafka.get().getKey();
        Map<String, Object> svc = map(kafka.get().getValue());
        String image = str(svc.get("image"));
        if (!image.matches(Pattern.quote(KAFKA_IMAGE) + ":4\\.1\\.\\d+")) {
            p.add(where + ": image " + image + " is not " + KAFKA_IMAGE + ":4.1.x");
        }
        Map<String, String> env = composeEnv(svc);
        String roles = env.getOrDefault("KAFKA_PROCESS_ROLES", "");
        if (!Set.of(roles.replace(" ", "").split(",")).equals(Set.of("broker", "controller"))) {
            p.add(where + ": KAFKA_PROCESS_ROLES '" + roles + "' is not broker,controller (one combined node)");
        }
        String nodeId = env.get("KAFKA_NODE_ID");
        String voters = env.getOrDefault("KAFKA_CONTROLLER_QUORUM_VOTERS", "");
        if (nodeId == null || !voters.matches(Pattern.quote(nodeId) + "@[^,]+")) {
            p.add(where + ": KAFKA_CONTROLLER_QUORUM_VOTERS '" + voters + "' is not this node " + nodeId + " alone");
        }
        for (String k : List.of("CLUSTER_ID", "KAFKA_LISTENERS", "KAFKA_ADVERTISED_LISTENERS", "KAFKA_CONTROLLER_LISTENER_NAMES")) {
            if (env.get(k) == null || env.get(k).isBlank()) {
                p.add(where + ": " + k + " is not set");
            }
        }
        for (String k : List.of("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR",
                "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR")) {
            if (!"1".equals(env.get(k))) {
                p.add(where + ": " + k + " must be 1 on a single node (is " + env.get(k) + ")");
            }
        }
        for (Map.Entry<String, Object> e : composeServices().entrySet()) {
            Map<String, String> senv = composeEnv(map(e.getValue()));
            String rf = senv.get("CURATION_TOPICS_REPLICATION_FACTOR");
            if (rf != null && !rf.equals("1")) {
                p.add(COMPOSE_FILE + ": service " + e.getKey() + ": CURATION_TOPICS_REPLICATION_FACTOR " + rf + " > 1 broker");
            }
        }
        return p;
    }

    /** Each host:port of a compose service's KAFKA_BOOTSTRAP_SERVERS is an advertised listener of a compose Kafka service. */
    private List<String> bootstrapProblems(String where, String bootstrap) {
        if (bootstrap == null || bootstrap.isBlank()) {
            return List.of(where + ": KAFKA_BOOTSTRAP_SERVERS is not set");
        }
        List<String> p = new ArrayList<>();
        Set<String> advertised = new LinkedHashSet<>();
        for (Object svc : composeServices().values()) {
            String listeners = composeEnv(map(svc)).get("KAFKA_ADVERTISED_LISTENERS");
            if (listeners != null) {
                for (String l : listeners.split(",")) {
                    advertised.add(l.trim().replaceAll("^[A-Za-z_]+://", ""));
                }
            }
        }
        for (String server : bootstrap.split(",")) {
            if (!advertised.contains(server.trim())) {
                p.add(where + ": KAFKA_BOOTSTRAP_SERVERS " + server.trim() + " is none of the broker's advertised listeners " + advertised);
            }
        }
        return p;
    }

    // ------------------------------------------------------------------------------------------ Kubernetes

    private List<Doc> objects(String kind) {
        return deployDocs.stream().filter(Doc::isKubernetesObject).filter(d -> d.kind().equals(kind)).toList();
    }

    private List<Doc> workloads() {
        return deployDocs.stream().filter(Doc::isKubernetesObject)
                .filter(d -> Set.of("Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob").contains(d.kind())).toList();
    }

    private static Map<String, Object> podSpec(Doc workload) {
        Object spec = workload.kind().equals("CronJob")
                ? at(workload.body(), "spec", "jobTemplate", "spec", "template", "spec")
                : at(workload.body(), "spec", "template", "spec");
        return map(spec);
    }

    private static Map<String, Object> podLabels(Doc workload) {
        return map(at(workload.body(), "spec", "template", "metadata", "labels"));
    }

    private Map<String, Map<String, Object>> configMaps() {
        Map<String, Map<String, Object>> cms = new HashMap<>();
        for (Doc d : objects("ConfigMap")) {
            cms.put(d.name(), map(d.body().get("data")));
        }
        return cms;
    }

    /** A container's environment: envFrom ConfigMaps in order, then env (later wins, as in Kubernetes). */
    private Map<String, String> containerEnv(Map<String, Object> container, String where, List<String> p) {
        Map<String, String> env = new LinkedHashMap<>();
        Map<String, Map<String, Object>> cms = configMaps();
        for (Object from : list(container.get("envFrom"))) {
            String cm = str(at(from, "configMapRef", "name"));
            if (cm != null) {
                if (!cms.containsKey(cm)) {
                    p.add(where + ": envFrom ConfigMap " + cm + " is not defined under " + DEPLOY_DIR + "/");
                } else {
                    cms.get(cm).forEach((k, v) -> env.put(k, str(v)));
                }
            }
        }
        for (Object e : list(container.get("env"))) {
            env.put(str(map(e).get("name")), str(map(e).get("value")));
        }
        return env;
    }

    private static Map<String, Integer> namedPorts(Map<String, Object> container) {
        Map<String, Integer> named = new HashMap<>();
        for (Object port : list(container.get("ports"))) {
            String name = str(map(port).get("name"));
            if (name != null) {
                named.put(name, Integer.parseInt(str(map(port).get("containerPort"))));
            }
        }
        return named;
    }

    /** A port given as a number or as a name of the container's ports. */
    private static Integer resolvePort(Object port, Map<String, Integer> named) {
        String s = str(port);
        if (s == null) {
            return null;
        }
        return s.matches("\\d+") ? Integer.valueOf(s) : named.get(s);
    }

    /** Each container of a workload that runs one of the services. */
    private record ServiceContainer(Doc workload, Map<String, Object> container, ServiceModule module) {
    }

    private List<ServiceContainer> serviceContainers() {
        List<ServiceContainer> out = new ArrayList<>();
        for (Doc w : workloads()) {
            for (Object c : list(podSpec(w).get("containers"))) {
                moduleOfImage(str(map(c).get("image"))).ifPresent(m -> out.add(new ServiceContainer(w, map(c), m)));
            }
        }
        return out;
    }

    public List<String> kubernetes() {
        List<String> p = new ArrayList<>();
        Set<String> deployed = new LinkedHashSet<>();
        for (ServiceContainer sc : serviceContainers()) {
            ServiceModule s = sc.module();
            Doc w = sc.workload();
            Map<String, Object> c = sc.container();
            String where = rel(w.file()) + ": " + w.kind() + " " + w.name() + " container " + str(c.get("name")) + " (" + s.name() + ")";
            String portSource = " != quarkus.http.port " + s.httpPort() + " of " + s.name() + "/" + ServiceModule.PROPERTIES;
            Map<String, Integer> named = namedPorts(c);

            List<Object> ports = list(c.get("ports"));
            if (ports.isEmpty()) {
                p.add(where + ": declares no containerPort");
            }
            for (Object port : ports) {
                int cp = Integer.parseInt(str(map(port).get("containerPort")));
                if (cp != s.httpPort()) {
                    p.add(where + ": containerPort " + cp + portSource);
                }
            }

            Map<String, String> env = containerEnv(c, where, p);
            for (String name : env.keySet()) {
                if (!s.readsEnv(name)) {
                    p.add(where + ": environment variable " + name + " is no property " + s.name() + " reads");
                }
            }
            if (env.containsKey("QUARKUS_HTTP_PORT") && !String.valueOf(s.httpPort()).equals(env.get("QUARKUS_HTTP_PORT"))) {
                p.add(where + ": QUARKUS_HTTP_PORT " + env.get("QUARKUS_HTTP_PORT") + portSource);
            }
            if (env.get("KAFKA_BOOTSTRAP_SERVERS") == null) {
                p.add(where + ": KAFKA_BOOTSTRAP_SERVERS is not set");
            }

            Map<String, String> probes = new LinkedHashMap<>();
            probes.put("readinessProbe", s.readinessPath());
            probes.put("livenessProbe", s.livenessPath());
            probes.put("startupProbe", s.startupPath());
            for (Map.Entry<String, String> probe : probes.entrySet()) {
                Object spec = c.get(probe.getKey());
                if (spec == null) {
                    if (!probe.getKey().equals("startupProbe")) {
                        p.add(where + ": no " + probe.getKey());
                    }
                    continue;
                }
                String path = str(at(spec, "httpGet", "path"));
                if (!probe.getValue().equals(path)) {
                    p.add(where + ": " + probe.getKey() + " path " + path + " is not Quarkus' " + probe.getValue());
                }
                Integer port = resolvePort(at(spec, "httpGet", "port"), named);
                if (port == null || port != s.httpPort()) {
                    p.add(where + ": " + probe.getKey() + " port " + str(at(spec, "httpGet", "port")) + " (" + port + ")" + portSource);
                }
            }

            String javaOpts = env.containsKey("JAVA_OPTS") ? env.get("JAVA_OPTS") : dockerfileJavaOpts(s);
            p.addAll(memoryProblems(where, javaOpts, str(at(c, "resources", "limits", "memory")), "resources.limits.memory"));
            if (str(at(c, "resources", "requests", "memory")) == null) {
                p.add(where + ": no resources.requests.memory");
            }
            if (s.name().equals("lid-service") && "high".equals(env.getOrDefault("CURATION_LID_ACCURACY",
                    s.property("curation.lid.accuracy").orElse("high")))
                    && Yamls.maxHeap(javaOpts).orElse(0L) < 1536L << 20) {
                p.add(where + ": Lingua high accuracy needs -Xmx1536m or more (" + javaOpts + ")");
            }

            Map<String, String> mountVolumes = new LinkedHashMap<>();
            for (Object m : list(c.get("volumeMounts"))) {
                mountVolumes.put(str(map(m).get("mountPath")), str(map(m).get("name")));
            }
            String metadataDir = env.get("CURATION_METADATA_DIR");
            if (metadataDir == null) {
                // the embedded metadata
            } else if (!mountVolumes.containsKey(metadataDir)) {
                p.add(where + ": CURATION_METADATA_DIR " + metadataDir + " is not a mounted volume");
            } else {
                p.addAll(metadataVolumeProblems(where, w, mountVolumes.get(metadataDir)));
            }
            String stateDir = env.get("CURATION_STATE_DIR");
            if (stateDir != null && !mountVolumes.containsKey(stateDir)) {
                p.add(where + ": CURATION_STATE_DIR " + stateDir + " is not a mounted volume");
            }

            if (isOnlineBalancer(s, env)) {
                if (!w.kind().equals("StatefulSet")) {
                    p.add(where + ": the online balancer must be a StatefulSet (its counts are on a PersistentVolume)");
                }
                p.addAll(balancerReplicaProblems(where, s, env, at(w.body(), "spec", "replicas")));
                Set<String> claims = list(at(w.body(), "spec", "volumeClaimTemplates")).stream()
                        .map(t -> str(at(t, "metadata", "name"))).collect(Collectors.toSet());
                if (stateDir == null || !claims.contains(mountVolumes.get(stateDir))) {
                    p.add(where + ": CURATION_STATE_DIR " + stateDir + " is not on a volumeClaimTemplate " + claims);
                }
                String serviceName = str(at(w.body(), "spec", "serviceName"));
                if (objects("Service").stream().noneMatch(d -> d.name().equals(serviceName))) {
                    p.add(where + ": serviceName " + serviceName + " is no Service under " + DEPLOY_DIR + "/");
                }
                deployed.add(s.name());
            } else if (s.name().equals("balancer-service")) {
                String appId = env.get("QUARKUS_KAFKA_STREAMS_APPLICATION_ID");
                String online = env.getOrDefault("CURATION_BALANCER_ONLINE_APPLICATION_ID",
                        s.property("curation.balancer.online-application-id").orElse("balancer-service"));
                if (appId == null || appId.equals(online)) {
                    p.add(where + ": replay needs its own QUARKUS_KAFKA_STREAMS_APPLICATION_ID, not the online balancer's " + online);
                }
            } else if (w.kind().equals("Deployment") && w.name().equals(s.name())) {
                Object replicas = at(w.body(), "spec", "replicas");
                if (replicas == null || Integer.parseInt(str(replicas)) < 2) {
                    p.add(where + ": " + s.name() + " should run 2 replicas or more (is " + replicas + ")");
                }
                deployed.add(s.name());
            }
        }
        for (String s : services.keySet()) {
            if (!deployed.contains(s)) {
                p.add(DEPLOY_DIR + "/: no workload named after " + s + " runs " + IMAGE_PREFIX + s);
            }
        }
        p.addAll(kubernetesServices());
        return p;
    }

    /**
     * The online balancer's replicas share its counting tasks (CURATION_BALANCER_TASKS, partitions of the
     * funnel repartition and of the counts changelog): at least one replica, and no more than the tasks.
     */
    private static List<String> balancerReplicaProblems(String where, ServiceModule s, Map<String, String> env, Object replicasSpec) {
        String tasksValue = env.getOrDefault("CURATION_BALANCER_TASKS", s.property("curation.balancer.tasks").orElse("4"));
        int tasks;
        try {
            tasks = Integer.parseInt(tasksValue.trim());
        } catch (NumberFormatException e) {
            return List.of(where + ": CURATION_BALANCER_TASKS " + tasksValue + " is not a number");
        }
        if (tasks < 1) {
            return List.of(where + ": CURATION_BALANCER_TASKS " + tasks + " must be at least 1");
        }
        int replicas = replicasSpec == null ? 1 : Integer.parseInt(str(replicasSpec));
        if (replicas < 1) {
            return List.of(where + ": the online balancer must have at least 1 replica (is " + replicas + ")");
        }
        if (replicas > tasks) {
            return List.of(where + ": the online balancer has more replicas (" + replicas + ") than counting tasks (CURATION_BALANCER_TASKS "
                    + tasks + "): " + (replicas - tasks) + " would stand idle");
        }
        return List.of();
    }

    /** The metadata volume: a PVC or ConfigMap, or an emptyDir that an init container fills. */
    private List<String> metadataVolumeProblems(String where, Doc workload, String volumeName) {
        Map<String, Object> volume = list(podSpec(workload).get("volumes")).stream().map(Yamls::map)
                .filter(v -> volumeName.equals(str(v.get("name")))).findFirst().orElse(Map.of());
        if (volume.isEmpty()) {
            return List.of(where + ": volume " + volumeName + " is not defined");
        }
        if (volume.containsKey("emptyDir")) {
            boolean filled = list(podSpec(workload).get("initContainers")).stream()
                    .anyMatch(ic -> list(map(ic).get("volumeMounts")).stream().anyMatch(m -> volumeName.equals(str(map(m).get("name")))));
            if (!filled) {
                return List.of(where + ": metadata volume " + volumeName + " is an emptyDir that no init container fills");
            }
        }
        return List.of();
    }

    /** Services that select a service workload expose its HTTP port, and every service has a ClusterIP Service. */
    private List<String> kubernetesServices() {
        List<String> p = new ArrayList<>();
        Set<String> exposed = new LinkedHashSet<>();
        List<ServiceContainer> containers = serviceContainers();
        for (Doc svc : objects("Service")) {
            Map<String, Object> selector = map(at(svc.body(), "spec", "selector"));
            String type = Objects.requireNonNullElse(str(at(svc.body(), "spec", "type")), "ClusterIP");
            boolean headless = "None".equals(str(at(svc.body(), "spec", "clusterIP")));
            for (ServiceContainer sc : containers) {
                if (selector.isEmpty() || !podLabels(sc.workload()).entrySet().containsAll(selector.entrySet())) {
                    continue;
                }
                ServiceModule s = sc.module();
                String where = rel(svc.file()) + ": Service " + svc.name() + " (" + s.name() + ")";
                if (!type.equals("ClusterIP")) {
                    p.add(where + ": type " + type + " is not ClusterIP");
                }
                if (!headless && sc.workload().name().equals(s.name())) {
                    exposed.add(s.name());
                }
                Map<String, Integer> named = namedPorts(sc.container());
                for (Object port : list(at(svc.body(), "spec", "ports"))) {
                    Map<String, Object> pm = map(port);
                    int number = Integer.parseInt(str(pm.get("port")));
                    Integer target = pm.containsKey("targetPort") ? resolvePort(pm.get("targetPort"), named) : Integer.valueOf(number);
                    String source = " != quarkus.http.port " + s.httpPort() + " of " + s.name() + "/" + ServiceModule.PROPERTIES;
                    if (number != s.httpPort()) {
                        p.add(where + ": port " + number + source);
                    }
                    if (target == null || target != s.httpPort()) {
                        p.add(where + ": targetPort " + str(pm.get("targetPort")) + " (" + target + ")" + source);
                    }
                }
            }
        }
        for (String s : services.keySet()) {
            if (!exposed.contains(s)) {
                p.add(DEPLOY_DIR + "/: no ClusterIP Service selects the pods of " + s);
            }
        }
        return p;
    }

    // ------------------------------------------------------------------------------------------ kustomize

    /** Every path a kustomization names exists, and every manifest under deploy/k8s is part of a kustomization. */
    public List<String> kustomize() {
        List<String> p = new ArrayList<>();
        Set<Path> referenced = new LinkedHashSet<>();
        List<Doc> kustomizations = deployDocs.stream().filter(d -> "Kustomization".equals(d.kind())).toList();
        if (kustomizations.stream().noneMatch(d -> d.file().equals(root.resolve(DEPLOY_DIR).resolve("k8s/kustomization.yaml")))) {
            p.add(DEPLOY_DIR + "/k8s/kustomization.yaml: missing");
        }
        for (Doc k : kustomizations) {
            Path dir = k.file().getParent();
            List<String> paths = new ArrayList<>();
            list(k.body().get("resources")).forEach(r -> paths.add(str(r)));
            for (String gen : List.of("configMapGenerator", "secretGenerator")) {
                for (Object g : list(k.body().get(gen))) {
                    list(map(g).get("files")).forEach(f -> paths.add(str(f).replaceAll("^[^=]+=", "")));
                }
            }
            for (String path : paths) {
                Path target = dir.resolve(path).normalize();
                referenced.add(target);
                if (Files.isDirectory(target)) {
                    if (!Files.isRegularFile(target.resolve("kustomization.yaml"))) {
                        p.add(rel(k.file()) + ": resource " + path + " is a directory without kustomization.yaml");
                    }
                } else if (!Files.isRegularFile(target)) {
                    p.add(rel(k.file()) + ": " + path + " does not exist");
                }
            }
        }
        for (Doc d : deployDocs) {
            Path f = d.file();
            if (d.isKubernetesObject() && !referenced.contains(f.normalize())) {
                p.add(rel(f) + ": " + d + " is in no kustomization");
            }
        }
        return p.stream().distinct().toList();
    }

    // ------------------------------------------------------------------------------------------ images

    /** The same image name and tag for each service in docker-compose.yml and in the Kubernetes manifests. */
    public List<String> images() {
        List<String> p = new ArrayList<>();
        Map<String, String> composeImages = new TreeMap<>();
        for (Map.Entry<String, Object> e : composeServices().entrySet()) {
            String image = composeDefaults(str(map(e.getValue()).get("image")));
            moduleOfImage(image).ifPresent(m -> composeImages.merge(m.name(), image, (a, b) -> {
                if (!a.equals(b)) {
                    p.add(COMPOSE_FILE + ": " + m.name() + " runs both " + a + " and " + b);
                }
                return a;
            }));
        }
        List<Doc> kustomizations = deployDocs.stream().filter(d -> "Kustomization".equals(d.kind())).toList();
        for (Doc k : kustomizations) {
            for (Object i : list(k.body().get("images"))) {
                if (str(map(i).get("newName")) != null) {
                    p.add(rel(k.file()) + ": image " + str(map(i).get("name")) + " renamed to " + str(map(i).get("newName"))
                            + ": compose and Kubernetes would differ");
                }
            }
        }
        for (ServiceContainer sc : serviceContainers()) {
            String image = str(sc.container().get("image"));
            String where = rel(sc.workload().file()) + ": " + sc.workload().kind() + " " + sc.workload().name();
            String expected = composeImages.get(sc.module().name());
            if (expected == null) {
                continue;
            }
            String repo = image.replaceAll(":[^/:]*$", "");
            String expectedRepo = expected.replaceAll(":[^/:]*$", "");
            String expectedTag = expected.substring(expectedRepo.length()).replaceFirst("^:", "");
            String tag = image.substring(repo.length()).replaceFirst("^:", "");
            // a kustomization that includes this file (directly or through a directory) may retag the image
            for (Doc k : kustomizations) {
                if (!reaches(k.file().getParent(), sc.workload().file(), new LinkedHashSet<>())) {
                    continue;
                }
                for (Object i : list(k.body().get("images"))) {
                    if (repo.equals(str(map(i).get("name"))) && str(map(i).get("newTag")) != null
                            && !str(map(i).get("newTag")).equals(expectedTag)) {
                        p.add(rel(k.file()) + ": retags " + repo + " to " + str(map(i).get("newTag")) + " for " + where
                                + ", not the tag of " + COMPOSE_FILE + " (" + expected + ")");
                    }
                }
            }
            if (!repo.equals(expectedRepo) || !tag.equals(expectedTag)) {
                p.add(where + ": image " + repo + ":" + tag + " != " + expected + " of " + COMPOSE_FILE);
            }
        }
        return p;
    }

    /** Whether the kustomization in {@code dir} includes {@code file}, directly or through the directories it names. */
    private boolean reaches(Path dir, Path file, Set<Path> seen) {
        if (!seen.add(dir)) {
            return false;
        }
        Path k = dir.resolve("kustomization.yaml");
        if (!Files.isRegularFile(k)) {
            return false;
        }
        Map<String, Object> body = deployDocs.stream().filter(d -> d.file().equals(k)).map(Doc::body).findFirst().orElse(Map.of());
        for (Object r : list(body.get("resources"))) {
            Path target = dir.resolve(str(r)).normalize();
            if (target.equals(file.normalize()) || (Files.isDirectory(target) && reaches(target, file, seen))) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------------------------------ topics

    public List<String> topics() {
        List<String> p = new ArrayList<>();
        List<Doc> kafkaTopics = objects("KafkaTopic");
        Map<String, Doc> byName = new LinkedHashMap<>();
        for (Doc d : kafkaTopics) {
            String where = rel(d.file()) + ": KafkaTopic " + d.name();
            if (!STRIMZI_API.equals(str(d.body().get("apiVersion")))) {
                p.add(where + ": apiVersion " + d.body().get("apiVersion") + " is not " + STRIMZI_API);
            }
            String topic = Objects.requireNonNullElse(str(at(d.body(), "spec", "topicName")), d.name());
            if (byName.put(topic, d) != null) {
                p.add(where + ": topic " + topic + " is defined twice");
            }
        }
        Set<String> expectedNames = topics.stream().map(ExpectedTopic::name).collect(Collectors.toSet());
        for (String name : byName.keySet()) {
            if (!expectedNames.contains(name)) {
                p.add(rel(byName.get(name).file()) + ": KafkaTopic for " + name + ", which is not one of Topics.all()");
            }
        }
        String replication = configMaps().values().stream().map(cm -> str(cm.get("CURATION_TOPICS_REPLICATION_FACTOR")))
                .filter(Objects::nonNull).findFirst().orElse(null);
        Set<String> clusters = new LinkedHashSet<>();
        for (ExpectedTopic t : topics) {
            Doc d = byName.get(t.name());
            if (d == null) {
                p.add(DEPLOY_DIR + "/: no KafkaTopic for " + t.name());
                continue;
            }
            String where = rel(d.file()) + ": KafkaTopic " + d.name() + " (" + t.name() + ")";
            Map<String, Object> config = map(at(d.body(), "spec", "config"));
            for (Map.Entry<String, String> c : t.configs().entrySet()) {
                if (!c.getValue().equals(str(config.get(c.getKey())))) {
                    p.add(where + ": " + c.getKey() + " is " + config.get(c.getKey()) + ", not " + c.getValue());
                }
            }
            String policy = str(config.get("cleanup.policy"));
            if (!t.configs().containsKey("cleanup.policy") && policy != null && policy.contains("compact")) {
                p.add(where + ": compacted, but the topic is not (it would lose records of repeated keys)");
            }
            for (String field : List.of("partitions", "replicas")) {
                String v = str(at(d.body(), "spec", field));
                if (v == null || !v.matches("[1-9]\\d*")) {
                    p.add(where + ": spec." + field + " is " + v);
                }
            }
            String replicas = str(at(d.body(), "spec", "replicas"));
            if (replication != null && !replication.equals(replicas)) {
                p.add(where + ": replicas " + replicas + " != CURATION_TOPICS_REPLICATION_FACTOR " + replication
                        + " (the replication of Kafka Streams' internal topics)");
            }
            String cluster = str(at(d.body(), "metadata", "labels", "strimzi.io/cluster"));
            if (cluster == null) {
                p.add(where + ": no strimzi.io/cluster label");
            } else {
                clusters.add(cluster);
            }
        }
        if (clusters.size() > 1) {
            p.add(DEPLOY_DIR + "/: KafkaTopics name several Strimzi clusters " + clusters);
        }
        for (Map.Entry<String, Map<String, Object>> cm : configMaps().entrySet()) {
            String bootstrap = str(cm.getValue().get("KAFKA_BOOTSTRAP_SERVERS"));
            for (String cluster : clusters) {
                if (bootstrap != null && !bootstrap.startsWith(cluster + "-kafka-bootstrap")) {
                    p.add(DEPLOY_DIR + "/: ConfigMap " + cm.getKey() + ": KAFKA_BOOTSTRAP_SERVERS " + bootstrap
                            + " is not the bootstrap Service of Strimzi cluster " + cluster);
                }
            }
        }
        return p;
    }

    // ------------------------------------------------------------------------------------------ Prometheus

    public List<String> prometheus() {
        List<String> p = new ArrayList<>();
        Path config = root.resolve(DEPLOY_DIR).resolve("prometheus/prometheus.yml");
        String cfgName = rel(config);
        List<Doc> docs = deployDocs.stream().filter(d -> d.file().equals(config)).toList();
        if (docs.isEmpty()) {
            p.add(cfgName + ": missing");
        } else {
            Map<String, String> targetPaths = new HashMap<>();
            for (Object job : list(docs.get(0).body().get("scrape_configs"))) {
                String path = Objects.requireNonNullElse(str(map(job).get("metrics_path")), "/metrics");
                for (Object sc : list(map(job).get("static_configs"))) {
                    for (Object t : list(map(sc).get("targets"))) {
                        targetPaths.put(str(t), path);
                    }
                }
            }
            for (Map.Entry<String, Object> e : composeServices().entrySet()) {
                Optional<ServiceModule> m = moduleOfImage(composeDefaults(str(map(e.getValue()).get("image"))));
                if (m.isEmpty()) {
                    continue;
                }
                String target = e.getKey() + ":" + m.get().httpPort();
                if (!targetPaths.containsKey(target)) {
                    p.add(cfgName + ": does not scrape " + target + " (compose service " + e.getKey() + ", quarkus.http.port of "
                            + m.get().name() + ")");
                } else if (!targetPaths.get(target).equals(m.get().metricsPath())) {
                    p.add(cfgName + ": scrapes " + target + " at " + targetPaths.get(target) + ", not " + m.get().metricsPath());
                }
            }
            boolean mounted = composeServices().values().stream().anyMatch(s ->
                    Objects.requireNonNullElse(str(map(s).get("image")), "").startsWith("prom/prometheus")
                            && composeMounts(map(s)).values().stream().filter(Objects::nonNull)
                            .anyMatch(src -> root.resolve(src).normalize().equals(config)));
            if (!mounted) {
                p.add(COMPOSE_FILE + ": no prom/prometheus service mounts " + cfgName);
            }
        }

        // Kubernetes: ServiceMonitors select the services' Services and scrape their HTTP port at the metrics path
        List<Doc> monitors = objects("ServiceMonitor");
        List<ServiceContainer> containers = serviceContainers();
        Set<String> scraped = new LinkedHashSet<>();
        for (Doc svc : objects("Service")) {
            Map<String, Object> labels = map(at(svc.body(), "metadata", "labels"));
            Map<String, Object> selector = map(at(svc.body(), "spec", "selector"));
            Optional<ServiceContainer> target = containers.stream()
                    .filter(sc -> !selector.isEmpty() && podLabels(sc.workload()).entrySet().containsAll(selector.entrySet()))
                    .findFirst();
            if (target.isEmpty()) {
                continue;
            }
            ServiceModule s = target.get().module();
            Map<String, Integer> named = namedPorts(target.get().container());
            for (Doc mon : monitors) {
                Map<String, Object> match = map(at(mon.body(), "spec", "selector", "matchLabels"));
                if (match.isEmpty() || !labels.entrySet().containsAll(match.entrySet())) {
                    continue;
                }
                String where = rel(mon.file()) + ": ServiceMonitor " + mon.name() + " on Service " + svc.name();
                scraped.add(svc.name());
                for (Object ep : list(at(mon.body(), "spec", "endpoints"))) {
                    String portName = str(map(ep).get("port"));
                    Optional<Map<String, Object>> port = list(at(svc.body(), "spec", "ports")).stream().map(Yamls::map)
                            .filter(pm -> Objects.equals(str(pm.get("name")), portName)).findFirst();
                    Integer number = port.map(pm -> resolvePort(pm.getOrDefault("targetPort", pm.get("port")), named)).orElse(null);
                    if (number == null || number != s.httpPort()) {
                        p.add(where + ": endpoint port " + portName + " (" + number + ") != quarkus.http.port " + s.httpPort()
                                + " of " + s.name());
                    }
                    String path = Objects.requireNonNullElse(str(map(ep).get("path")), "/metrics");
                    if (!path.equals(s.metricsPath())) {
                        p.add(where + ": path " + path + " is not " + s.metricsPath());
                    }
                }
            }
        }
        for (String s : services.keySet()) {
            if (!scraped.contains(s)) {
                p.add(DEPLOY_DIR + "/: no ServiceMonitor scrapes the Service " + s);
            }
        }
        return p;
    }

    // ------------------------------------------------------------------------------------------ Grafana

    /** Every expression of a dashboard (panels nested in rows included). */
    public static List<String> expressions(JsonNode dashboard) {
        List<String> exprs = new ArrayList<>();
        collect(dashboard.path("panels"), exprs);
        return exprs;
    }

    private static void collect(JsonNode panels, List<String> exprs) {
        for (JsonNode panel : panels) {
            for (JsonNode t : panel.path("targets")) {
                if (t.hasNonNull("expr")) {
                    exprs.add(t.get("expr").asText());
                }
            }
            collect(panel.path("panels"), exprs);
        }
    }

    public List<String> grafana() {
        List<String> p = new ArrayList<>();
        Set<String> defined = Metrics.defined(root, Metrics.METER_MODULES);
        Set<String> kafka = Metrics.kafkaClientMetrics();
        List<Path> dashboards = deployFiles(".json");
        Path dashboardsDir = root.resolve(DEPLOY_DIR).resolve("grafana/dashboards");
        if (dashboards.stream().noneMatch(d -> d.getParent().equals(dashboardsDir))) {
            p.add(rel(dashboardsDir) + ": no dashboard");
        }
        Map<String, Path> uids = new HashMap<>();
        ObjectMapper json = new ObjectMapper();
        for (Path file : dashboards) {
            JsonNode dash;
            try {
                dash = json.readTree(file.toFile());
            } catch (IOException e) {
                p.add(rel(file) + ": not valid JSON: " + e.getMessage());
                continue;
            }
            String uid = dash.path("uid").asText(null);
            if (uid != null && uids.put(uid, file) != null) {
                p.add(rel(file) + ": dashboard " + uid + " is also " + rel(uids.get(uid)) + ": keep one copy");
            }
            List<String> exprs = expressions(dash);
            if (exprs.isEmpty()) {
                p.add(rel(file) + ": no panel queries");
            }
            Set<String> used = new LinkedHashSet<>();
            for (String expr : exprs) {
                for (String metric : Metrics.selectedBy(expr)) {
                    used.add(metric);
                    if (!defined.contains(metric) && !kafka.contains(metric)) {
                        p.add(rel(file) + ": metric " + metric + " (in '" + expr + "') is defined by none of the services"
                                + (metric.startsWith("curation_") ? " (their Micrometer meters: " + defined + ")" : ""));
                    }
                }
            }
            if (used.stream().anyMatch(kafka::contains)) {
                for (ServiceModule s : services.values()) {
                    if (!s.kafkaBinderEnabled()) {
                        p.add(rel(file) + ": uses Kafka client metrics, but " + s.name()
                                + " does not set quarkus.micrometer.binder.kafka.enabled=true");
                    }
                }
            }
            if (file.getParent().equals(dashboardsDir)) {
                for (String required : DASHBOARD_REQUIRED) {
                    if (!used.contains(required)) {
                        p.add(rel(file) + ": shows no " + required);
                    }
                }
            }
        }
        p.addAll(grafanaProvisioning(dashboardsDir));
        return p;
    }

    /** docker-compose.yml mounts the dashboards where the provisioning provider reads them, and the datasource is the compose Prometheus. */
    private List<String> grafanaProvisioning(Path dashboardsDir) {
        List<String> p = new ArrayList<>();
        Optional<Map<String, Object>> grafana = composeServices().values().stream().map(Yamls::map)
                .filter(s -> Objects.requireNonNullElse(str(s.get("image")), "").startsWith("grafana/grafana")).findFirst();
        if (grafana.isEmpty()) {
            p.add(COMPOSE_FILE + ": no grafana/grafana service");
            return p;
        }
        Map<String, String> mounts = composeMounts(grafana.get());
        Optional<String> dashboardsMount = mounts.entrySet().stream()
                .filter(e -> e.getValue() != null && root.resolve(e.getValue()).normalize().equals(dashboardsDir))
                .map(Map.Entry::getKey).findFirst();
        Path provisioning = root.resolve(DEPLOY_DIR).resolve("grafana/provisioning");
        Optional<String> provisioningMount = mounts.entrySet().stream()
                .filter(e -> e.getValue() != null && root.resolve(e.getValue()).normalize().equals(provisioning))
                .map(Map.Entry::getKey).findFirst();
        if (dashboardsMount.isEmpty()) {
            p.add(COMPOSE_FILE + ": grafana does not mount " + rel(dashboardsDir));
        }
        if (!provisioningMount.equals(Optional.of("/etc/grafana/provisioning"))) {
            p.add(COMPOSE_FILE + ": grafana does not mount " + rel(provisioning) + " at /etc/grafana/provisioning");
        }
        List<Doc> provisioned = deployDocs.stream().filter(d -> d.file().startsWith(provisioning)).toList();
        Set<String> providerPaths = provisioned.stream().flatMap(d -> list(d.body().get("providers")).stream())
                .map(pr -> str(at(pr, "options", "path"))).filter(Objects::nonNull).collect(Collectors.toSet());
        if (dashboardsMount.isPresent() && !providerPaths.contains(dashboardsMount.get())) {
            p.add(rel(provisioning) + ": no dashboard provider reads " + dashboardsMount.get() + ", where compose mounts the dashboards "
                    + "(providers read " + providerPaths + ")");
        }
        Set<String> prometheusUrls = new LinkedHashSet<>();
        for (Map.Entry<String, Object> e : composeServices().entrySet()) {
            if (Objects.requireNonNullElse(str(map(e.getValue()).get("image")), "").startsWith("prom/prometheus")) {
                prometheusUrls.add("http://" + e.getKey() + ":9090");
            }
        }
        List<String> urls = provisioned.stream().flatMap(d -> list(d.body().get("datasources")).stream())
                .filter(ds -> "prometheus".equals(str(map(ds).get("type")))).map(ds -> str(map(ds).get("url"))).toList();
        if (urls.isEmpty() || !prometheusUrls.containsAll(urls)) {
            p.add(rel(provisioning) + ": Prometheus datasource " + urls + " is not the compose Prometheus " + prometheusUrls);
        }
        return p;
    }

    // ------------------------------------------------------------------------------------------ helpers

    private List<Path> deployFiles(String... suffixes) {
        Path dir = root.resolve(DEPLOY_DIR);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> Stream.of(suffixes).anyMatch(s -> f.getFileName().toString().endsWith(s)))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String rel(Path f) {
        return root.relativize(f.toAbsolutePath().normalize()).toString();
    }
}

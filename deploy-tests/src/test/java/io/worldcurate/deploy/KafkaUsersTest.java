package io.worldcurate.deploy;

import io.worldcurate.cli.security.ServiceAcls;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.resource.PatternType;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static io.worldcurate.deploy.Yamls.at;
import static io.worldcurate.deploy.Yamls.list;
import static io.worldcurate.deploy.Yamls.map;
import static io.worldcurate.deploy.Yamls.str;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/k8s/kafka-users.yaml gives each principal exactly the ACLs {@link ServiceAcls} derives from the
 * topologies (no more, no fewer), and every workload runs with its principal's credentials from the
 * Secret Strimzi makes for its KafkaUser.
 */
class KafkaUsersTest {

    private static final String CLIENT_CONFIG = "/etc/worldcurate/kafka/client.properties";
    /** Which principal each workload image runs as. */
    private static final Map<String, String> PRINCIPAL_OF_IMAGE = Map.of(
            "worldcurate/lid-service", ServiceAcls.LID, "worldcurate/matcher-service", ServiceAcls.MATCHER,
            "worldcurate/balancer-service", ServiceAcls.BALANCER, "worldcurate/curate", ServiceAcls.INGEST);

    private final Path root = ProjectRoot.get();
    private final DeploymentCheck check = ProjectRoot.check(root);

    private List<Yamls.Doc> objects(String kind) {
        return check.deployDocs().stream().filter(Yamls.Doc::isKubernetesObject).filter(d -> d.kind().equals(kind)).toList();
    }

    /** Each KafkaUser's ACLs as "type name patternType Operation" lines. */
    private Map<String, Set<String>> manifestAcls() {
        Map<String, Set<String>> users = new TreeMap<>();
        for (Yamls.Doc u : objects("KafkaUser")) {
            assertThat(str(at(u.body(), "spec", "authentication", "type"))).as(u.toString()).isEqualTo("scram-sha-512");
            assertThat(str(at(u.body(), "spec", "authorization", "type"))).as(u.toString()).isEqualTo("simple");
            assertThat(str(at(u.body(), "metadata", "labels", "strimzi.io/cluster"))).isEqualTo("worldcurate");
            Set<String> acls = new TreeSet<>();
            for (Object acl : list(at(u.body(), "spec", "authorization", "acls"))) {
                Map<String, Object> r = map(map(acl).get("resource"));
                for (Object op : list(map(acl).get("operations"))) {
                    acls.add(str(r.get("type")) + " " + Objects.requireNonNullElse(str(r.get("name")), "kafka-cluster") + " "
                            + Objects.requireNonNullElse(str(r.get("patternType")), "literal") + " " + str(op));
                }
            }
            users.put(u.name(), acls);
        }
        return users;
    }

    private static String strimzi(AclBinding b) {
        String type = switch (b.pattern().resourceType()) {
            case TOPIC -> "topic";
            case GROUP -> "group";
            case TRANSACTIONAL_ID -> "transactionalId";
            case CLUSTER -> "cluster";
            default -> throw new IllegalArgumentException("no Strimzi resource type for " + b);
        };
        String op = java.util.Arrays.stream(b.entry().operation().name().toLowerCase(Locale.ROOT).split("_"))
                .map(w -> Character.toUpperCase(w.charAt(0)) + w.substring(1)).reduce("", String::concat);
        return type + " " + b.pattern().name() + " " + (b.pattern().patternType() == PatternType.PREFIXED ? "prefix" : "literal") + " " + op;
    }

    @Test
    void eachPrincipalHasExactlyTheAclsDerivedFromTheTopologies() {
        Map<String, Set<String>> manifests = manifestAcls();
        Map<String, List<AclBinding>> derived = ServiceAcls.bindings();
        // the Topic Operator creates the topics on Kubernetes: no admin user there
        assertThat(manifests.keySet()).containsExactlyInAnyOrder(ServiceAcls.INGEST, ServiceAcls.LID, ServiceAcls.MATCHER,
                ServiceAcls.BALANCER, ServiceAcls.EXPORT);
        for (var e : manifests.entrySet()) {
            Set<String> expected = new TreeSet<>(derived.get(e.getKey()).stream().map(KafkaUsersTest::strimzi).toList());
            assertThat(e.getValue()).as("ACLs of KafkaUser %s (deploy/k8s/kafka-users.yaml) against ServiceAcls", e.getKey())
                    .containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void theDerivedAclsFollowTheTopologies() {
        Map<String, List<AclBinding>> derived = ServiceAcls.bindings();
        Set<String> lid = new TreeSet<>(derived.get(ServiceAcls.LID).stream().map(KafkaUsersTest::strimzi).toList());
        assertThat(lid).contains("topic crawl.images literal Read", "topic curation.lid literal Write", "topic curation.dlq literal Write",
                "group lid-service prefix All", "topic lid-service prefix All", "transactionalId lid-service prefix All");
        assertThat(lid).noneMatch(a -> a.contains("curation.curated") || a.contains("crawl.images literal Write"));
        Set<String> export = new TreeSet<>(derived.get(ServiceAcls.EXPORT).stream().map(KafkaUsersTest::strimzi).toList());
        assertThat(export).allMatch(a -> a.endsWith(" Read")).contains("topic curation.curated literal Read");
    }

    @Test
    void everyWorkloadRunsWithItsPrincipalsCredentials() {
        int checked = 0;
        for (String kind : List.of("Deployment", "StatefulSet", "Job")) {
            for (Yamls.Doc w : objects(kind)) {
                Map<String, Object> pod = map(at(w.body(), "spec", "template", "spec"));
                Map<String, Object> main = map(list(pod.get("containers")).get(0));
                String image = str(main.get("image")).replaceFirst(":.*$", "");
                String principal = PRINCIPAL_OF_IMAGE.get(image);
                if (principal == null) {
                    continue;
                }
                checked++;
                List<Object> inits = list(pod.get("initContainers"));
                assertThat(inits).as("%s: an init container writing the Kafka client config", w).hasSize(1);
                Map<String, Object> init = map(inits.get(0));
                assertThat(list(init.get("env")).stream().map(e -> str(at(e, "valueFrom", "secretKeyRef", "name"))))
                        .as("%s: the Secret of KafkaUser %s", w, principal).contains(principal);
                assertThat(list(init.get("command")).stream().map(Yamls::str).reduce("", String::concat)).contains(CLIENT_CONFIG)
                        .contains("security.protocol=SASL_PLAINTEXT").contains("sasl.mechanism=SCRAM-SHA-512");
                boolean viaEnv = list(main.get("env")).stream().anyMatch(e -> ServiceModule.KAFKA_CLIENT_CONFIG_ENV.equals(str(map(e).get("name")))
                        && CLIENT_CONFIG.equals(str(map(e).get("value"))));
                List<String> args = list(main.get("args")).stream().map(Yamls::str).toList();
                boolean viaArgs = args.indexOf("--client-config") >= 0 && CLIENT_CONFIG.equals(args.get(args.indexOf("--client-config") + 1));
                assertThat(viaEnv || viaArgs).as("%s reads %s", w, CLIENT_CONFIG).isTrue();
            }
        }
        assertThat(checked).as("the three services, replay and the ingest Job").isGreaterThanOrEqualTo(5);
    }
}

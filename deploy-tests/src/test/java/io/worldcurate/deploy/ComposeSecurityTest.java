package io.worldcurate.deploy;

import io.worldcurate.balancer.BalancerConfig;
import io.worldcurate.balancer.ReplayTopology;
import io.worldcurate.cli.security.ServiceAcls;
import io.worldcurate.schemas.Topic;
import io.worldcurate.schemas.Topics;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml's Kafka security: every service has credentials of its own, and kafka-init.sh grants each
 * principal exactly the topics it reads and writes. The roles are derived as the Kubernetes KafkaUsers' are
 * ({@link ServiceAcls}): each topology's topics from {@code Topology.describe()}, ingest's and export's from the
 * bindings ServiceAcls gives them; compose runs each topology as the principal named after its application id
 * (the replay too), and those ids must be the ones in each service's application.properties.
 */
class ComposeSecurityTest {

    @TempDir
    Path copy;

    /** What each compose principal does, derived from the topologies. */
    static Map<String, ComposeSecurity.Role> roles() {
        Map<String, ComposeSecurity.Role> roles = new TreeMap<>();
        for (ServiceAcls.ServiceTopics t : ServiceAcls.topologies()) {
            String app = t.applicationIds().get(0);
            roles.put(app, new ComposeSecurity.Role(t.reads(), t.writes(), Optional.of(app)));
        }
        Map<String, List<AclBinding>> bindings = ServiceAcls.bindings();
        for (String p : List.of(ServiceAcls.INGEST, ServiceAcls.EXPORT)) {
            roles.put(p, new ComposeSecurity.Role(literalTopics(bindings.get(p), AclOperation.READ),
                    literalTopics(bindings.get(p), AclOperation.WRITE), Optional.empty()));
        }
        return roles;
    }

    private static Set<String> literalTopics(List<AclBinding> bindings, AclOperation op) {
        return bindings.stream().filter(b -> b.pattern().resourceType() == ResourceType.TOPIC)
                .filter(b -> b.pattern().patternType() == PatternType.LITERAL).filter(b -> b.entry().operation() == op)
                .map(b -> b.pattern().name()).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void rolesAreTheTopologiesOfTheServicesThatRunThem() {
        Path root = ProjectRoot.get();
        assertThat(roles()).containsKeys(appId(root, "lid-service"), appId(root, "matcher-service"), appId(root, "balancer-service"),
                ReplayTopology.DEFAULT_APPLICATION_ID, ServiceAcls.INGEST, ServiceAcls.EXPORT);
        // what the derivation must find, so that an empty derivation cannot pass
        assertThat(roles().get("matcher-service").reads()).containsExactly(Topics.LID);
        assertThat(roles().get("matcher-service").writes()).containsExactlyInAnyOrder(Topics.MATCHED, Topics.DLQ);
        assertThat(roles().get(ReplayTopology.DEFAULT_APPLICATION_ID).reads()).contains(Topics.MATCHED)
                .anyMatch(t -> t.startsWith(BalancerConfig.DEFAULT_APPLICATION_ID + "-") && t.endsWith("-changelog"));
        assertThat(roles().get(ServiceAcls.INGEST).writes()).containsExactly(Topics.CRAWL_IMAGES);
        assertThat(roles().get(ServiceAcls.EXPORT).writes()).isEmpty();
    }

    private static String appId(Path root, String module) {
        return ServiceModule.load(root, module).property("quarkus.kafka-streams.application-id").orElseThrow();
    }

    private static ComposeSecurity check(Path root) {
        // the dashboard of each balancer counts the dead letters of every stage
        return ComposeSecurity.load(root).allowingReads("balancer-service", List.of(Topics.DLQ))
                .allowingReads("balancer-replay", List.of(Topics.DLQ));
    }

    private static void assertNone(List<String> problems) {
        assertThat(problems).as("problems:\n  " + String.join("\n  ", problems)).isEmpty();
    }

    @Test
    void rolesCoverEveryTopic() {
        Set<String> used = new HashSet<>();
        roles().values().forEach(r -> {
            used.addAll(r.reads());
            used.addAll(r.writes());
        });
        assertThat(used).containsAll(Topics.all().stream().map(Topic::name).toList());
    }

    @Test
    void everyServiceHasCredentialsOfItsOwn() {
        ComposeSecurity c = check(ProjectRoot.get());
        assertNone(c.credentials());
        assertThat(c.servicePrincipals()).containsEntry("lid-service", "lid-service").containsEntry("matcher-service", "matcher-service")
                .containsEntry("balancer-service", "balancer-service").containsEntry("balancer-replay", "balancer-replay");
        assertThat(c.scramUsers()).contains("admin", "ingest", "export").containsAll(c.servicePrincipals().values());
        assertThat(c.credentialPrincipals()).isEqualTo(c.scramUsers());
    }

    @Test
    void initScriptGrantsEachPrincipalItsTopicsAndNoOther() {
        ComposeSecurity c = check(ProjectRoot.get());
        assertNone(c.acls(roles()));
        // the parser sees the ACLs the functions grant, with their arguments
        assertThat(c.acls()).anySatisfy(a -> {
            assertThat(a.principal()).isEqualTo("matcher-service");
            assertThat(a.allows("Write", "transactional-id", "matcher-service-3f2a-1")).isTrue();
        });
        assertThat(c.acls()).noneMatch(a -> a.principal().equals("lid-service") && a.allows("Write", "topic", Topics.CRAWL_IMAGES));
        assertThat(c.acls()).noneMatch(a -> a.principal().equals("export") && (a.operations().contains("Write") || a.operations().contains("All")));
    }

    @Test
    void initScriptCreatesEveryTopicWithItsConfigs() {
        assertNone(check(ProjectRoot.get()).topics(ProjectRoot.topics()));
    }

    // ------------------------------------------------------------------------------------------ mutations

    private Path mutated(String file, UnaryOperator<String> change) throws IOException {
        Path root = ProjectRoot.get();
        for (String f : List.of(DeploymentCheck.COMPOSE_FILE, ComposeSecurity.INIT_SCRIPT, ComposeSecurity.CREDENTIALS_SCRIPT)) {
            Path target = copy.resolve(f);
            Files.createDirectories(target.getParent());
            String text = Files.readString(root.resolve(f));
            Files.writeString(target, f.equals(file) ? change.apply(text) : text);
        }
        return copy;
    }

    private static UnaryOperator<String> replacing(String from, String to) {
        return s -> {
            assertThat(s).contains(from);
            return s.replace(from, to);
        };
    }

    @Test
    void catchesAServiceUsingAnothersCredentials() throws IOException {
        Path root = mutated(DeploymentCheck.COMPOSE_FILE, replacing("CURATION_KAFKA_CLIENT_CONFIG: /run/secrets/matcher-service.properties",
                "CURATION_KAFKA_CLIENT_CONFIG: /run/secrets/lid-service.properties"));
        assertThat(check(root).credentials()).anyMatch(p -> p.contains("shares the credentials lid-service.properties"));
    }

    @Test
    void catchesAServiceWithoutCredentials() throws IOException {
        Path root = mutated(DeploymentCheck.COMPOSE_FILE, replacing("      CURATION_KAFKA_CLIENT_CONFIG: /run/secrets/balancer-service.properties\n", ""));
        assertThat(check(root).credentials()).anyMatch(p -> p.contains("service balancer-service: CURATION_KAFKA_CLIENT_CONFIG is null"));
    }

    @Test
    void catchesAMissingScramUser() throws IOException {
        Path root = mutated(ComposeSecurity.INIT_SCRIPT, replacing(" matcher-service balancer-service balancer-replay; do", " balancer-service balancer-replay; do"));
        assertThat(check(root).credentials()).anyMatch(p -> p.contains("creates no SCRAM user matcher-service"));
    }

    @Test
    void catchesAMissingInputGrant() throws IOException {
        Path root = mutated(ComposeSecurity.INIT_SCRIPT, replacing("allow matcher-service Read,Describe topic curation.lid\n", ""));
        assertThat(check(root).acls(roles())).anyMatch(p -> p.contains("matcher-service is not allowed Read on topic curation.lid"));
    }

    @Test
    void catchesAWriteBeyondTheRole() throws IOException {
        Path root = mutated(ComposeSecurity.INIT_SCRIPT, replacing("allow lid-service Write,Describe topic curation.lid\n",
                "allow lid-service Write,Describe topic curation.lid\nallow lid-service Write topic crawl.images\n"));
        assertThat(check(root).acls(roles())).anyMatch(p -> p.contains("lid-service may write crawl.images"));
    }

    @Test
    void catchesAReadBeyondTheRole() throws IOException {
        Path root = mutated(ComposeSecurity.INIT_SCRIPT, replacing("allow export Read,Describe topic curation.thresholds\n",
                "allow export Read,Describe topic curation.thresholds\nallow export Read topic crawl.images\n"));
        assertThat(check(root).acls(roles())).anyMatch(p -> p.contains("export may read crawl.images"));
    }

    @Test
    void catchesAnApplicationIdThatIsNotOwned() throws IOException {
        Path root = mutated(ComposeSecurity.INIT_SCRIPT, replacing("streams_app balancer-service balancer-service", "streams_app balancer-service balancer"));
        assertThat(check(root).acls(roles())).anyMatch(p -> p.contains("balancer-service is not allowed Read on group balancer-service"))
                .anyMatch(p -> p.contains("balancer-service is allowed [All] on every topic prefixed balancer-"));
    }

    @Test
    void catchesAPrefixedReadOfAnotherStagesTopics() throws IOException {
        Path root = mutated(ComposeSecurity.INIT_SCRIPT, replacing("allow \"$user\" Describe topic lid-service- prefixed",
                "allow \"$user\" Read,Describe topic lid-service- prefixed"));
        assertThat(check(root).acls(roles())).anyMatch(p -> p.contains("balancer-service is allowed [Read, Describe] on every topic prefixed lid-service-"));
    }

    @Test
    void catchesAnUncompactedThresholdsTopic() throws IOException {
        Path root = mutated(ComposeSecurity.INIT_SCRIPT, replacing("topic curation.thresholds --config cleanup.policy=compact", "topic curation.thresholds"));
        assertThat(check(root).topics(ProjectRoot.topics())).anyMatch(p -> p.contains("curation.thresholds is created without cleanup.policy=compact"));
    }
}

package io.worldcurate.deploy;

import io.worldcurate.balancer.BalancerConfig;
import io.worldcurate.balancer.BalancerTopology;
import io.worldcurate.balancer.ReplayTopology;
import io.worldcurate.schemas.Topic;
import io.worldcurate.schemas.Topics;
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
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml's Kafka security: every service has credentials of its own, and kafka-init.sh grants each
 * principal exactly the topics it reads and writes. The roles name the topics by the constants of {@link Topics}
 * (and the balancer's, for the counts changelog that replay reads); the application ids come from each service's
 * application.properties.
 */
class ComposeSecurityTest {

    @TempDir
    Path copy;

    /** What each compose principal does, by the code's topic names. */
    static Map<String, ComposeSecurity.Role> roles() {
        Path root = ProjectRoot.get();
        String lid = appId(root, "lid-service");
        String matcher = appId(root, "matcher-service");
        String balancer = appId(root, "balancer-service");
        String countsChangelog = BalancerConfig.DEFAULT_APPLICATION_ID + "-" + BalancerTopology.COUNTS_STORE + "-changelog";
        Map<String, ComposeSecurity.Role> roles = new TreeMap<>();
        roles.put("ingest", new ComposeSecurity.Role(Set.of(), Set.of(Topics.CRAWL_IMAGES), Optional.empty()));
        roles.put("lid-service", new ComposeSecurity.Role(Set.of(Topics.CRAWL_IMAGES), Set.of(Topics.LID, Topics.DLQ), Optional.of(lid)));
        roles.put("matcher-service", new ComposeSecurity.Role(Set.of(Topics.LID), Set.of(Topics.MATCHED, Topics.DLQ), Optional.of(matcher)));
        // the online balancer reads the thresholds back into every instance's global store (counting over N tasks)
        roles.put("balancer-service", new ComposeSecurity.Role(Set.of(Topics.MATCHED, Topics.THRESHOLDS),
                Set.of(Topics.CURATED, Topics.THRESHOLDS, Topics.DLQ), Optional.of(balancer)));
        roles.put("balancer-replay", new ComposeSecurity.Role(Set.of(Topics.MATCHED, countsChangelog),
                Set.of(Topics.CURATED_REPLAY, Topics.DLQ), Optional.of(ReplayTopology.DEFAULT_APPLICATION_ID)));
        roles.put("export", new ComposeSecurity.Role(Set.of(Topics.CURATED, Topics.CURATED_REPLAY, Topics.THRESHOLDS), Set.of(),
                Optional.empty()));
        return roles;
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

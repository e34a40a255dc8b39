package io.worldcurate.kafka.embedded;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Like {@link EmbeddedKafkaResource}, on a cluster with SASL/SCRAM and ACLs: one SCRAM user
 * {@value #USER} (allowed everything, on every topic, group and transactional id: this resource proves the
 * service authenticates, not least privilege) whose client properties are written to a file named by the
 * system property {@code curation.kafka.client-config}, which the services read as they read
 * CURATION_KAFKA_CLIENT_CONFIG.
 */
public class SecuredEmbeddedKafkaResource implements QuarkusTestResourceLifecycleManager {

    public static final String USER = "service";
    static final String CLIENT_CONFIG_PROPERTY = "curation.kafka.client-config";

    private static volatile EmbeddedKafkaCluster cluster;
    private static volatile String password;
    private static volatile Path dir;

    @Override
    public Map<String, String> start() {
        cluster = EmbeddedKafkaCluster.builder().security(BrokerSecurity.scram()).start();
        password = BrokerSecurity.randomPassword();
        try (Admin admin = cluster.createAdmin()) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(USER,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password))).all().get(60, TimeUnit.SECONDS);
            AccessControlEntry all = new AccessControlEntry("User:" + USER, "*", AclOperation.ALL, AclPermissionType.ALLOW);
            admin.createAcls(List.of(
                    new AclBinding(new ResourcePattern(ResourceType.TOPIC, "*", PatternType.LITERAL), all),
                    new AclBinding(new ResourcePattern(ResourceType.GROUP, "*", PatternType.LITERAL), all),
                    new AclBinding(new ResourcePattern(ResourceType.TRANSACTIONAL_ID, "*", PatternType.LITERAL), all),
                    new AclBinding(new ResourcePattern(ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL), all)))
                    .all().get(60, TimeUnit.SECONDS);
            dir = Files.createTempDirectory("secured-kafka-resource-");
            Path file = dir.resolve(USER + ".properties");
            Files.writeString(file, "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=" + BrokerSecurity.SCRAM_MECHANISM
                    + "\nsasl.jaas.config=" + BrokerSecurity.scramJaasConfig(USER, password) + "\n");
            System.setProperty(CLIENT_CONFIG_PROPERTY, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the SCRAM user: " + e, e);
        }
        // the services' own property, not kafka.bootstrap.servers: a plain EmbeddedKafkaResource of other
        // test classes (not restricted to them) sets that one too
        return Map.of("kafka.bootstrap.servers", cluster.bootstrapServers(),
                "quarkus.kafka-streams.bootstrap-servers", cluster.bootstrapServers());
    }

    @Override
    public void stop() {
        System.clearProperty(CLIENT_CONFIG_PROPERTY);
        EmbeddedKafkaCluster c = cluster;
        cluster = null;
        if (c != null) {
            c.close();
        }
        try {
            if (dir != null) {
                try (var files = Files.list(dir)) {
                    for (Path f : files.toList()) {
                        Files.deleteIfExists(f);
                    }
                }
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            // a temporary directory left behind
        }
    }

    /** The cluster (its {@link EmbeddedKafkaCluster#clientConfig()} is the super user's). */
    public static EmbeddedKafkaCluster cluster() {
        return cluster;
    }

    /** The SCRAM user's password, for tests that check it never shows. */
    public static String password() {
        return password;
    }
}

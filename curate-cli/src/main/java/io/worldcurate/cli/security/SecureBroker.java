package io.worldcurate.cli.security;

import io.worldcurate.kafka.embedded.BrokerSecurity;
import io.worldcurate.kafka.embedded.EmbeddedKafkaCluster;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AclBinding;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code curate broker --security scram|scram-tls --credentials DIR}: the broker's security, then one
 * SCRAM user per {@link ServiceAcls#PRINCIPALS principal} with a fresh random password, its client
 * properties in {@code DIR/<principal>.properties} (mode 600), and the ACLs of {@link ServiceAcls}.
 */
public final class SecureBroker {

    public enum Mode {
        NONE, SCRAM, SCRAM_TLS;

        public static Mode parse(String s) {
            return switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "none" -> NONE;
                case "scram" -> SCRAM;
                case "scram-tls" -> SCRAM_TLS;
                default -> throw new IllegalArgumentException("unknown security '" + s + "': none, scram or scram-tls");
            };
        }
    }

    private static final int SCRAM_ITERATIONS = 8192;

    private SecureBroker() {
    }

    /** The broker's security for {@code mode} (null for none); scram-tls writes its CA and stores into {@code dir}. */
    public static BrokerSecurity security(Mode mode, Path dir, String host) {
        return switch (mode) {
            case NONE -> null;
            case SCRAM -> {
                privateDirectory(dir);
                yield BrokerSecurity.scram();
            }
            case SCRAM_TLS -> {
                privateDirectory(dir);
                yield BrokerSecurity.scramTls(Certificates.generate(dir, host));
            }
        };
    }

    /**
     * Creates (or gives a new password to) each principal's SCRAM user, writes its client properties
     * and creates the ACLs; returns each principal's properties file.
     */
    public static Map<String, Path> provision(EmbeddedKafkaCluster cluster, Path dir) {
        BrokerSecurity security = cluster.security();
        if (security == null) {
            throw new IllegalStateException("the cluster is not secured");
        }
        Map<String, String> passwords = new LinkedHashMap<>();
        ServiceAcls.PRINCIPALS.forEach(p -> passwords.put(p, BrokerSecurity.randomPassword()));
        Map<String, List<AclBinding>> acls = ServiceAcls.bindings();
        try (Admin admin = cluster.createAdmin()) {
            List<UserScramCredentialAlteration> users = new ArrayList<>();
            passwords.forEach((user, password) -> users.add(new UserScramCredentialUpsertion(user,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS), password)));
            admin.alterUserScramCredentials(users).all().get(60, TimeUnit.SECONDS);
            admin.createAcls(acls.values().stream().flatMap(List::stream).toList()).all().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create the users and ACLs: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out creating the users and ACLs", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        Map<String, Path> files = new LinkedHashMap<>();
        passwords.forEach((user, password) -> files.put(user, writeClientProperties(dir, user, password, security)));
        return files;
    }

    /** The client settings of {@code user}: what {@code --client-config} and CURATION_KAFKA_CLIENT_CONFIG take. */
    public static Map<String, String> clientProperties(String user, String password, BrokerSecurity security) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("security.protocol", security.protocol());
        p.put("sasl.mechanism", BrokerSecurity.SCRAM_MECHANISM);
        p.put("sasl.jaas.config", BrokerSecurity.scramJaasConfig(user, password));
        security.tlsClientConfig().forEach((k, v) -> p.put(k, String.valueOf(v)));
        return p;
    }

    private static Path writeClientProperties(Path dir, String user, String password, BrokerSecurity security) {
        StringBuilder sb = new StringBuilder("# Kafka client settings of principal '" + user + "' (curate broker --security "
                + (security.tls() == null ? "scram" : "scram-tls") + "); for --client-config and CURATION_KAFKA_CLIENT_CONFIG\n");
        clientProperties(user, password, security).forEach((k, v) -> sb.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n'));
        return writePrivate(dir.resolve(user + ".properties"), sb.toString());
    }

    /** Writes a file only its owner can read (mode 600 where the file system has POSIX permissions). */
    static Path writePrivate(Path file, String text) {
        try {
            Files.deleteIfExists(file);
            if (posix()) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(file);
            }
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Mode 600 for a file written by another tool (keytool's stores hold private keys). */
    static void ownerOnly(Path file) throws IOException {
        if (posix()) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }

    static void privateDirectory(Path dir) {
        try {
            if (!Files.isDirectory(dir)) {
                if (posix()) {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectories(dir);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the credentials directory " + dir + ": " + e.getMessage(), e);
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}

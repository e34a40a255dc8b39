package io.worldcurate.kafka.embedded;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Authentication and authorisation of an {@link EmbeddedKafkaCluster}: its client listener takes
 * SASL/SCRAM-SHA-512 (over TLS with {@link #scramTls}), the StandardAuthorizer decides with
 * {@code allow.everyone.if.no.acl.found=false}, and the nodes talk to each other (and to the controllers)
 * as the super user {@value #SUPER_USER} with SASL/PLAIN and a random password made at each start and
 * never written anywhere. Users and ACLs are the caller's: create them with the super user's
 * {@link EmbeddedKafkaCluster#createAdmin() admin client}.
 */
public final class BrokerSecurity {

    public static final String SCRAM_MECHANISM = "SCRAM-SHA-512";
    public static final String SUPER_USER = "broker";
    /** The name of the secured client (and inter-broker) listener. */
    public static final String LISTENER = "CLIENT";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String superUserPassword = randomPassword();
    private final Tls tls;

    /** The stores of the TLS listener: the broker's key and certificate, and the CA it trusts (PKCS12). */
    public record Tls(Path keystore, String keystorePassword, Path truststore, String truststorePassword) {
        public Tls {
            Objects.requireNonNull(keystore);
            Objects.requireNonNull(truststore);
        }
    }

    private BrokerSecurity(Tls tls) {
        this.tls = tls;
    }

    /** SASL_PLAINTEXT with SCRAM-SHA-512. */
    public static BrokerSecurity scram() {
        return new BrokerSecurity(null);
    }

    /** SASL_SSL with SCRAM-SHA-512, the broker presenting the keystore's certificate. */
    public static BrokerSecurity scramTls(Tls tls) {
        return new BrokerSecurity(Objects.requireNonNull(tls));
    }

    /** 24 random bytes, URL-safe Base64 (no quotes, backslashes or {@code $} to escape anywhere). */
    public static String randomPassword() {
        byte[] b = new byte[24];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** {@code SASL_PLAINTEXT} or {@code SASL_SSL}. */
    public String protocol() {
        return tls == null ? "SASL_PLAINTEXT" : "SASL_SSL";
    }

    public Tls tls() {
        return tls;
    }

    /** The JAAS config of a SCRAM client, quoting as JAAS wants. */
    public static String scramJaasConfig(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + jaasEscape(user)
                + "\" password=\"" + jaasEscape(password) + "\";";
    }

    private static String jaasEscape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** The client settings for the TLS listener's truststore (nothing without TLS). */
    public Map<String, Object> tlsClientConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        if (tls != null) {
            c.put("ssl.truststore.location", tls.truststore().toString());
            c.put("ssl.truststore.password", tls.truststorePassword());
            c.put("ssl.truststore.type", "PKCS12");
        }
        return c;
    }

    /** Client settings of the super user (security only: no bootstrap servers). */
    Map<String, Object> superUserClientConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("security.protocol", protocol());
        c.put("sasl.mechanism", "PLAIN");
        c.put("sasl.jaas.config", plainJaas(false));
        c.putAll(tlsClientConfig());
        return c;
    }

    private String plainJaas(boolean server) {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + SUPER_USER
                + "\" password=\"" + superUserPassword + "\"" + (server ? " user_" + SUPER_USER + "=\"" + superUserPassword + "\"" : "")
                + ";";
    }

    /** The broker settings besides listeners and their protocol map. */
    Map<String, String> brokerProperties(String controllerListener) {
        String client = "listener.name." + LISTENER.toLowerCase(java.util.Locale.ROOT) + ".";
        String controller = "listener.name." + controllerListener.toLowerCase(java.util.Locale.ROOT) + ".";
        Map<String, String> p = new LinkedHashMap<>();
        p.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
        p.put("sasl.mechanism.controller.protocol", "PLAIN");
        p.put(client + "sasl.enabled.mechanisms", SCRAM_MECHANISM + ",PLAIN");
        p.put(client + "plain.sasl.jaas.config", plainJaas(true));
        p.put(client + SCRAM_MECHANISM.toLowerCase(java.util.Locale.ROOT) + ".sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        p.put(controller + "sasl.enabled.mechanisms", "PLAIN");
        p.put(controller + "plain.sasl.jaas.config", plainJaas(true));
        p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        p.put("allow.everyone.if.no.acl.found", "false");
        p.put("super.users", "User:" + SUPER_USER);
        if (tls != null) {
            for (String prefix : new String[] {client, ""}) {
                p.put(prefix + "ssl.keystore.location", tls.keystore().toString());
                p.put(prefix + "ssl.keystore.password", tls.keystorePassword());
                p.put(prefix + "ssl.keystore.type", "PKCS12");
                p.put(prefix + "ssl.truststore.location", tls.truststore().toString());
                p.put(prefix + "ssl.truststore.password", tls.truststorePassword());
                p.put(prefix + "ssl.truststore.type", "PKCS12");
            }
            p.put(client + "ssl.client.auth", "none");
        }
        return p;
    }
}

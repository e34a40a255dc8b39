package io.worldcurate.balancer.service;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.jwt.build.Jwt;
import io.worldcurate.kafka.embedded.EmbeddedKafkaResource;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static io.worldcurate.balancer.service.HttpAuthIT.digest;
import static io.worldcurate.balancer.service.HttpAuthIT.perJvm;
import static io.worldcurate.balancer.service.HttpAuthIT.randomPassword;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * Operator authentication with OIDC bearer tokens (curation.http.auth.oidc=true) beside basic: the provider is
 * stood in for by a key pair made by the test (quarkus.oidc.public-key, the issuer checked), and tokens are signed
 * with its private key. A token must be signed by that key, unexpired, from that issuer, and carry the operator
 * role; basic credentials of the realm still work; health and metrics stay open.
 */
@QuarkusTest
@TestProfile(HttpOidcAuthIT.OidcOn.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
class HttpOidcAuthIT {

    static final String ISSUER = "https://sso.worldcurate.test/realms/operators";
    static final String OPERATOR = "alice";
    static final String OPERATOR_PASSWORD = perJvm("worldcurate.test.oidc.operator", HttpAuthIT::randomPassword);

    public static class OidcOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Path dir = Path.of(System.getProperty("java.io.tmpdir"), "worldcurate-test",
                    "http-oidc-" + perJvm("worldcurate.test.oidc.dir", () -> UUID.randomUUID().toString()));
            HttpAuthIT.writeRealm(dir, OPERATOR + "=" + digest(OPERATOR, OPERATOR_PASSWORD) + "\n", OPERATOR + "=operator\n");
            return Map.of(
                    "curation.http.auth.enabled", "true",
                    "curation.http.auth.oidc", "true",
                    "quarkus.oidc.public-key", keys()[0],
                    "quarkus.oidc.token.issuer", ISSUER,
                    "quarkus.security.users.file.users", dir.resolve("users.properties").toString(),
                    "quarkus.security.users.file.roles", dir.resolve("roles.properties").toString(),
                    "kafka-streams.state.dir", dir.resolve("state").toString());
        }
    }

    /** The provider's key pair, made once per JVM: base64 X.509 public key, base64 PKCS#8 private key. */
    static String[] keys() {
        String both = perJvm("worldcurate.test.oidc.keys", () -> {
            try {
                KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                g.initialize(2048);
                KeyPair kp = g.generateKeyPair();
                return Base64.getEncoder().encodeToString(kp.getPublic().getEncoded()) + " "
                        + Base64.getEncoder().encodeToString(kp.getPrivate().getEncoded());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
        return both.split(" ");
    }

    static PrivateKey providerKey() {
        return privateKey(keys()[1]);
    }

    static PrivateKey privateKey(String base64) {
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static PrivateKey otherKey() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair().getPrivate();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String token(String issuer, Set<String> groups, Instant expires, PrivateKey key) {
        return Jwt.issuer(issuer).upn("carol@example.org").groups(groups).issuedAt(Instant.now().minusSeconds(60))
                .expiresAt(expires).sign(key);
    }

    static String operatorToken() {
        return token(ISSUER, Set.of("operator"), Instant.now().plusSeconds(600), providerKey());
    }

    @Test
    void anOperatorsTokenOpensTheDashboardAndApi() {
        String t = operatorToken();
        String status = given().auth().oauth2(t).when().get("/api/status").then().statusCode(200).body("stage", equalTo("balancer"))
                .extract().asString();
        assertThat(status).doesNotContain(t);
        given().auth().oauth2(t).when().get("/api/thresholds").then().statusCode(200);
        given().auth().oauth2(t).when().get("/").then().statusCode(200);
    }

    @Test
    void tokensThatMustNotPassAreRefused() {
        Instant later = Instant.now().plusSeconds(600);
        String viewer = token(ISSUER, Set.of("viewer"), later, providerKey());
        String forged = token(ISSUER, Set.of("operator"), later, otherKey());
        String foreign = token("https://elsewhere.example/realms/operators", Set.of("operator"), later, providerKey());
        String expired = token(ISSUER, Set.of("operator"), Instant.now().minusSeconds(600), providerKey());
        for (String path : new String[] {"/api/status", "/"}) {
            given().when().get(path).then().statusCode(401);
            given().auth().oauth2(viewer).when().get(path).then().statusCode(403);
            given().auth().oauth2(forged).when().get(path).then().statusCode(401);
            given().auth().oauth2(foreign).when().get(path).then().statusCode(401);
            given().auth().oauth2(expired).when().get(path).then().statusCode(401);
            given().auth().oauth2("not-a-jwt").when().get(path).then().statusCode(401);
        }
    }

    @Test
    void basicCredentialsStillWork() {
        given().auth().preemptive().basic(OPERATOR, OPERATOR_PASSWORD).when().get("/api/status").then().statusCode(200);
        given().auth().preemptive().basic(OPERATOR, randomPassword()).when().get("/api/status").then().statusCode(401);
    }

    @Test
    void healthAndMetricsStayOpen() {
        given().when().get("/q/metrics").then().statusCode(200);
        given().when().get("/q/health/live").then().statusCode(200);
        given().auth().oauth2(token(ISSUER, Set.of("operator"), Instant.now().minusSeconds(600), providerKey()))
                .when().get("/q/health/live").then().statusCode(200);
    }
}

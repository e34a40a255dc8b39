package io.worldcurate.balancer.service;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.worldcurate.kafka.embedded.EmbeddedKafkaResource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.containsStringIgnoringCase;
import static org.hamcrest.Matchers.equalTo;

/**
 * Operator authentication on (curation.http.auth.enabled=true) with a properties realm written by the test, random
 * passwords: the dashboard and /api/* need basic credentials of a user with role operator; health and metrics
 * answer without any.
 */
@QuarkusTest
@TestProfile(HttpAuthIT.AuthOn.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
class HttpAuthIT {

    static final String OPERATOR = "alice";
    // the profile runs in Quarkus' class loader, the test in JUnit's: what both must see lives in system properties
    static final String OPERATOR_PASSWORD = perJvm("worldcurate.test.http-auth.operator", HttpAuthIT::randomPassword);
    static final String VIEWER = "bob";
    static final String VIEWER_PASSWORD = perJvm("worldcurate.test.http-auth.viewer", HttpAuthIT::randomPassword);

    public static class AuthOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Path dir = Path.of(System.getProperty("java.io.tmpdir"), "worldcurate-test",
                    "http-auth-" + perJvm("worldcurate.test.http-auth.dir", () -> UUID.randomUUID().toString()));
            Path users = dir.resolve("users.properties");
            Path roles = dir.resolve("roles.properties");
            writeRealm(dir, OPERATOR + "=" + digest(OPERATOR, OPERATOR_PASSWORD) + "\n" + VIEWER + "=" + digest(VIEWER, VIEWER_PASSWORD) + "\n",
                    OPERATOR + "=operator\n" + VIEWER + "=viewer\n");
            return Map.of(
                    "curation.http.auth.enabled", "true",
                    "quarkus.security.users.file.users", users.toString(),
                    "quarkus.security.users.file.roles", roles.toString(),
                    "kafka-streams.state.dir", dir.resolve("state").toString(),
                    // everything the security layers say, into a file the test greps for the secrets
                    "quarkus.log.file.enabled", "true",
                    "quarkus.log.file.path", log().toString(),
                    "quarkus.log.category.\"io.quarkus.vertx.http.runtime.security\".level", "DEBUG",
                    "quarkus.log.category.\"io.quarkus.elytron\".level", "DEBUG",
                    "quarkus.log.category.\"io.quarkus.security\".level", "DEBUG");
        }
    }

    /** Writes a properties realm (users.properties, roles.properties) into {@code dir}. */
    static void writeRealm(Path dir, String users, String roles) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("users.properties"), users, StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("roles.properties"), roles, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path log() {
        return Path.of(System.getProperty("java.io.tmpdir"), "worldcurate-test",
                "http-auth-" + perJvm("worldcurate.test.http-auth.dir", () -> UUID.randomUUID().toString()) + ".log");
    }

    /** The realm's format: HEX(MD5(user:realm:password)), realm "worldcurate" (application.properties). */
    static String digest(String user, String password) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            return HexFormat.of().formatHex(md5.digest((user + ":worldcurate:" + password).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String perJvm(String key, java.util.function.Supplier<String> value) {
        synchronized (System.getProperties()) {
            String v = System.getProperty(key);
            if (v == null) {
                v = value.get();
                System.setProperty(key, v);
            }
            return v;
        }
    }

    static String randomPassword() {
        byte[] b = new byte[18];
        new SecureRandom().nextBytes(b);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    @Test
    void dashboardAndApiNeedAnOperator() {
        String status = given().auth().preemptive().basic(OPERATOR, OPERATOR_PASSWORD).when().get("/api/status")
                .then().statusCode(200).body("stage", equalTo("balancer")).extract().asString();
        assertThat(status).doesNotContain(OPERATOR_PASSWORD).doesNotContain(digest(OPERATOR, OPERATOR_PASSWORD));
        given().auth().preemptive().basic(OPERATOR, OPERATOR_PASSWORD).when().get("/").then().statusCode(200)
                .body(containsString("<html"));
        for (String path : new String[] {"/api/status", "/", "/api/thresholds", "/api/languages/en/entries", "/index.html"}) {
            given().when().get(path).then().statusCode(401)
                    .header("WWW-Authenticate", containsStringIgnoringCase("basic realm=\"worldcurate\""));
            given().auth().preemptive().basic(OPERATOR, OPERATOR_PASSWORD + "x").when().get(path).then().statusCode(401);
            given().auth().preemptive().basic("mallory", OPERATOR_PASSWORD).when().get(path).then().statusCode(401);
            // authenticated, but not an operator
            given().auth().preemptive().basic(VIEWER, VIEWER_PASSWORD).when().get(path).then().statusCode(403);
        }
        // the browser's way: challenged first, then sends the credentials
        given().auth().basic(OPERATOR, OPERATOR_PASSWORD).when().get("/api/status").then().statusCode(200);
    }

    @Test
    void noSecretInTheLog() throws IOException {
        given().auth().preemptive().basic(OPERATOR, OPERATOR_PASSWORD).when().get("/api/status").then().statusCode(200);
        given().auth().preemptive().basic(OPERATOR, OPERATOR_PASSWORD + "x").when().get("/api/status").then().statusCode(401);
        given().auth().preemptive().basic(VIEWER, VIEWER_PASSWORD).when().get("/").then().statusCode(403);
        String log = Files.readString(log(), StandardCharsets.UTF_8);
        // the debug logs of basic authentication were written, and they hold no password and no digest
        assertThat(log).contains("Found basic auth header").contains("operator HTTP authentication is on");
        for (String secret : new String[] {OPERATOR_PASSWORD, VIEWER_PASSWORD, digest(OPERATOR, OPERATOR_PASSWORD),
                digest(VIEWER, VIEWER_PASSWORD)}) {
            assertThat(log).doesNotContain(secret);
        }
    }

    @Test
    void healthAndMetricsStayOpen() throws InterruptedException {
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("# TYPE"));
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        // readiness is DOWN (503) until Kafka Streams runs, but never asks for credentials
        long deadline = System.nanoTime() + 90_000_000_000L;
        int ready;
        do {
            ready = given().when().get("/q/health/ready").then().extract().statusCode();
            assertThat(ready).isNotEqualTo(401);
            if (ready != 200) {
                Thread.sleep(500);
            }
        } while (ready != 200 && System.nanoTime() < deadline);
        assertThat(ready).isEqualTo(200);
        given().when().get("/q/health").then().statusCode(200);
        // a probe sending stale credentials is answered all the same
        given().auth().preemptive().basic(OPERATOR, "stale").when().get("/q/metrics").then().statusCode(200);
    }
}

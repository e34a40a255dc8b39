package io.worldcurate.balancer.service;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The start-up check refuses configurations in which nobody could reach the dashboard, and says why. */
class HttpAuthCheckTest {

    @TempDir
    Path dir;

    private HttpAuthCheck check(boolean oidc, Optional<String> issuer) throws IOException {
        HttpAuthCheck c = new HttpAuthCheck();
        c.enabled = true;
        c.role = "operator";
        c.oidc = oidc;
        c.oidcIssuer = issuer;
        c.oidcPublicKey = Optional.empty();
        c.usersFile = Files.writeString(dir.resolve("users.properties"), "bob=0123\n").toString();
        c.rolesFile = Files.writeString(dir.resolve("roles.properties"), "bob=viewer\n").toString();
        return c;
    }

    @Test
    void oidcWithoutAProviderIsRefused() throws IOException {
        assertThatThrownBy(() -> check(true, Optional.empty()).check(null)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no OIDC provider is configured").hasMessageContaining("quarkus.oidc.auth-server-url");
    }

    @Test
    void basicAloneWithoutAnOperatorIsRefused() throws IOException {
        assertThatThrownBy(() -> check(false, Optional.empty()).check(null)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has role 'operator'").hasMessageContaining("nobody could use the dashboard");
    }

    @Test
    void aMissingRealmIsNamed() throws IOException {
        HttpAuthCheck c = check(false, Optional.empty());
        c.usersFile = dir.resolve("absent.properties").toString();
        assertThatThrownBy(() -> c.check(null)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no users file at").hasMessageContaining("absent.properties");
    }
}

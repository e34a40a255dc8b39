package io.worldcurate.balancer.service;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * With operator authentication on, the service does not start without a way in: a realm of its own with an operator
 * (the properties realm would otherwise fall back to the empty files in the jar, and every operator would get 401
 * without being told why), or OIDC ({@code curation.http.auth.oidc}) with a provider configured.
 * Only names and counts are logged, never a password or its digest.
 */
@ApplicationScoped
public class HttpAuthCheck {

    @ConfigProperty(name = "curation.http.auth.enabled")
    boolean enabled;

    @ConfigProperty(name = "curation.http.auth.role")
    String role;

    @ConfigProperty(name = "curation.http.auth.oidc")
    boolean oidc;

    @ConfigProperty(name = "quarkus.oidc.auth-server-url")
    java.util.Optional<String> oidcIssuer;

    @ConfigProperty(name = "quarkus.oidc.public-key")
    java.util.Optional<String> oidcPublicKey;

    @ConfigProperty(name = "quarkus.security.users.file.users")
    String usersFile;

    @ConfigProperty(name = "quarkus.security.users.file.roles")
    String rolesFile;

    void check(@Observes StartupEvent e) {
        if (!enabled) {
            Log.infof("operator HTTP authentication is off (curation.http.auth.enabled): the dashboard and /api/* are open");
            return;
        }
        if (oidc && oidcIssuer.isEmpty() && oidcPublicKey.isEmpty()) {
            throw new IllegalStateException("curation.http.auth.oidc=true but no OIDC provider is configured: set quarkus.oidc.auth-server-url"
                    + " (QUARKUS_OIDC_AUTH_SERVER_URL, the issuer) or quarkus.oidc.public-key (docs/OPERATIONS.md \"Security\")");
        }
        String oidcSource = oidcIssuer.map(i -> "issuer " + i).orElse("a configured public key");
        if (oidc && !Files.isRegularFile(Path.of(usersFile))) {
            Log.infof("operator HTTP authentication is on: OIDC bearer tokens with role '%s' (%s), no basic realm at %s;"
                    + " health and metrics stay open", role, oidcSource, Path.of(usersFile).toAbsolutePath());
            return;
        }
        Properties users = load(usersFile, "users");
        Properties roles = load(rolesFile, "roles");
        long operators = users.stringPropertyNames().stream()
                .filter(u -> roles.getProperty(u, "").matches("(?:.*,)?\\s*" + Pattern.quote(role) + "\\s*(?:,.*)?"))
                .count();
        if (operators == 0 && !oidc) {
            throw new IllegalStateException("curation.http.auth.enabled=true but no user of " + Path.of(usersFile).toAbsolutePath()
                    + " has role '" + role + "' in " + Path.of(rolesFile).toAbsolutePath() + ": nobody could use the dashboard");
        }
        Log.infof("operator HTTP authentication is on: basic, %d user(s) with role '%s' (%s)%s; health and metrics stay open",
                operators, role, Path.of(usersFile).toAbsolutePath(), oidc ? "; OIDC bearer tokens (" + oidcSource + ")" : "");
    }

    private static Properties load(String file, String what) {
        Path p = Path.of(file);
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("curation.http.auth.enabled=true but there is no " + what + " file at "
                    + p.toAbsolutePath() + " (quarkus.security.users.file." + what + "; mount the realm there, docs/OPERATIONS.md \"Security\")");
        }
        Properties props = new Properties();
        try (Reader r = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
            props.load(r);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot read the " + what + " file " + p.toAbsolutePath(), ex);
        }
        return props;
    }
}

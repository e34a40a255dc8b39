package io.worldcurate.deploy;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.worldcurate.deploy.Yamls.at;
import static io.worldcurate.deploy.Yamls.list;
import static io.worldcurate.deploy.Yamls.map;
import static io.worldcurate.deploy.Yamls.str;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * On Kubernetes the balancer's dashboard and REST API ask for credentials: every workload running the balancer image
 * turns operator authentication on and mounts a Secret where the service reads its realm (its image's working
 * directory + {@code quarkus.security.users.file.users} of application.properties), and its probes ask only paths
 * that application.properties leaves open.
 */
class HttpAuthManifestsTest {

    static final String BALANCER = "balancer-service";

    @Test
    void balancerWorkloadsRequireOperatorCredentialsAndProbesStayOpen() {
        Path root = ProjectRoot.get();
        DeploymentCheck check = ProjectRoot.check(root);
        ServiceModule balancer = check.services().get(BALANCER);
        String usersFile = balancer.property("quarkus.security.users.file.users").orElseThrow();
        String rolesFile = balancer.property("quarkus.security.users.file.roles").orElseThrow();
        String workdir = workdir(balancer);
        String realmDir = workdir + "/" + Path.of(usersFile).getParent();
        assertThat(Path.of(rolesFile).getParent()).isEqualTo(Path.of(usersFile).getParent());
        List<String> open = List.of(balancer.property("quarkus.http.auth.permission.probes.paths").orElseThrow().split(","));
        assertThat(balancer.property("quarkus.http.auth.permission.probes.policy")).contains("permit");

        List<String> problems = new ArrayList<>();
        int workloads = 0;
        for (Yamls.Doc d : check.deployDocs()) {
            if (!"Deployment".equals(d.kind()) && !"StatefulSet".equals(d.kind())) {
                continue;
            }
            Map<String, Object> pod = map(at(d.body(), "spec", "template", "spec"));
            for (Object c : list(pod.get("containers"))) {
                Map<String, Object> container = map(c);
                if (!Objects.requireNonNullElse(str(container.get("image")), "").startsWith(DeploymentCheck.IMAGE_PREFIX + BALANCER + ":")) {
                    continue;
                }
                workloads++;
                String where = d + " container " + container.get("name");
                Optional<String> enabled = list(container.get("env")).stream().map(Yamls::map)
                        .filter(e -> "CURATION_HTTP_AUTH_ENABLED".equals(str(e.get("name")))).map(e -> str(e.get("value"))).findFirst();
                if (!enabled.equals(Optional.of("true"))) {
                    problems.add(where + ": CURATION_HTTP_AUTH_ENABLED is " + enabled.orElse("unset") + ", not true");
                }
                Optional<String> volume = list(container.get("volumeMounts")).stream().map(Yamls::map)
                        .filter(m -> realmDir.equals(str(m.get("mountPath")))).map(m -> str(m.get("name"))).findFirst();
                if (volume.isEmpty()) {
                    problems.add(where + ": nothing mounted at " + realmDir + ", where the service reads its realm");
                } else {
                    Optional<String> secret = list(pod.get("volumes")).stream().map(Yamls::map)
                            .filter(v -> volume.get().equals(str(v.get("name")))).map(v -> str(at(v, "secret", "secretName"))).findFirst();
                    if (secret.isEmpty() || secret.get() == null) {
                        problems.add(where + ": volume " + volume.get() + " at " + realmDir + " is no Secret");
                    }
                }
                for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
                    String path = str(at(container, probe, "httpGet", "path"));
                    if (path != null && open.stream().noneMatch(o -> o.equals(path) || o.endsWith("/*") && path.startsWith(o.substring(0, o.length() - 1)))) {
                        problems.add(where + ": " + probe + " asks " + path + ", which needs credentials (open: " + open + ")");
                    }
                }
            }
        }
        assertThat(workloads).as("workloads running the balancer image").isGreaterThanOrEqualTo(2);
        assertThat(problems).as("problems:\n  " + String.join("\n  ", problems)).isEmpty();
        // Prometheus scrapes the metrics path without credentials
        assertThat(open).contains(balancer.metricsPath());
    }

    private static String workdir(ServiceModule s) {
        Matcher m = Pattern.compile("(?m)^WORKDIR\\s+(\\S+)").matcher(s.dockerfile().orElse(""));
        String dir = null;
        while (m.find()) {
            dir = m.group(1);
        }
        assertThat(dir).as("WORKDIR of " + s.name() + "'s Dockerfile").isNotNull();
        return dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir;
    }
}

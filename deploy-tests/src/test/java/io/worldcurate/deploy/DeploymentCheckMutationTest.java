package io.worldcurate.deploy;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The checks catch drift: each test copies what they read (docker-compose.yml, deploy/, the services'
 * application.properties, Java sources and Dockerfiles) to a temporary directory, changes one thing in the
 * copy, never in the real files, and expects the checks to fail on it.
 */
class DeploymentCheckMutationTest {

    @TempDir
    Path copy;

    @BeforeEach
    void copyProject() throws IOException {
        Path root = ProjectRoot.get();
        List<Path> sources = new ArrayList<>(List.of(root.resolve(DeploymentCheck.COMPOSE_FILE), root.resolve(DeploymentCheck.DEPLOY_DIR)));
        for (String module : Metrics.METER_MODULES) {
            sources.add(root.resolve(module).resolve("src/main/java"));
        }
        for (String service : ServiceModule.NAMES) {
            sources.add(root.resolve(service).resolve(ServiceModule.PROPERTIES));
            sources.add(root.resolve(service).resolve(ServiceModule.DOCKERFILE));
        }
        for (Path src : sources) {
            try (Stream<Path> files = Files.walk(src)) {
                for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                    Path target = copy.resolve(root.relativize(f));
                    Files.createDirectories(target.getParent());
                    Files.copy(f, target);
                }
            }
        }
    }

    private void edit(String file, String from, String to) throws IOException {
        Path f = copy.resolve(file);
        String text = Files.readString(f, StandardCharsets.UTF_8);
        assertThat(text).as(file).contains(from);
        Files.writeString(f, text.replace(from, to), StandardCharsets.UTF_8);
    }

    private List<String> problems() {
        return ProjectRoot.check(copy).all();
    }

    private static String port(String service) throws IOException {
        Path props = ProjectRoot.get().resolve(service).resolve(ServiceModule.PROPERTIES);
        return Files.readAllLines(props).stream().filter(l -> l.startsWith("quarkus.http.port="))
                .findFirst().orElseThrow().substring("quarkus.http.port=".length()).trim();
    }

    @Test
    void theUnchangedCopyPasses() {
        assertThat(problems()).isEmpty();
    }

    @Test
    void aPortChangedOnlyInApplicationPropertiesFailsEveryManifestThatUsesIt() throws IOException {
        String old = port("lid-service");
        String changed = String.valueOf(Integer.parseInt(old) + 10);
        edit("lid-service/" + ServiceModule.PROPERTIES, "quarkus.http.port=" + old, "quarkus.http.port=" + changed);

        List<String> problems = problems();
        assertThat(problems).isNotEmpty().allSatisfy(p -> assertThat(p).contains("lid-service"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("docker-compose.yml").contains("container port " + old))
                .anySatisfy(p -> assertThat(p).startsWith("docker-compose.yml").contains("healthcheck"))
                .anySatisfy(p -> assertThat(p).startsWith("deploy/k8s/lid-service.yaml").contains("containerPort " + old))
                .anySatisfy(p -> assertThat(p).startsWith("deploy/k8s/lid-service.yaml").contains("readinessProbe port"))
                .anySatisfy(p -> assertThat(p).startsWith("deploy/k8s/lid-service.yaml").contains("Service lid-service").contains("port " + old))
                .anySatisfy(p -> assertThat(p).startsWith("deploy/k8s/lid-service.yaml").contains("QUARKUS_HTTP_PORT " + old)
                        .contains("quarkus.http.port " + changed))
                .anySatisfy(p -> assertThat(p).startsWith("deploy/prometheus/prometheus.yml").contains("lid-service:" + changed))
                .anySatisfy(p -> assertThat(p).startsWith("deploy/k8s/servicemonitor.yaml").contains("lid-service"))
                .anySatisfy(p -> assertThat(p).startsWith("lid-service/src/main/docker/Dockerfile.jvm").contains("EXPOSE"));
    }

    @Test
    void theConfigMapsPortMustFollowToo() throws IOException {
        edit("deploy/k8s/configmap.yaml", "QUARKUS_HTTP_PORT: \"" + port("matcher-service") + "\"", "QUARKUS_HTTP_PORT: \"9999\"");
        assertThat(problems()).singleElement().asString().contains("matcher-service").contains("QUARKUS_HTTP_PORT 9999");
    }

    @Test
    void aProbeOffTheQuarkusHealthPathsFails() throws IOException {
        edit("deploy/k8s/balancer-service.yaml", "path: /q/health/live", "path: /health");
        assertThat(problems()).singleElement().asString().contains("livenessProbe path /health");
    }

    @Test
    void anEnvironmentVariableNoServiceReadsFails() throws IOException {
        edit("deploy/k8s/configmap.yaml", "CURATION_T_EN: \"170000\"", "CURATION_TEN: \"170000\"");
        assertThat(problems()).anySatisfy(p -> assertThat(p).contains("balancer-service").contains("CURATION_TEN"));
        edit("docker-compose.yml", "CURATION_LID_ACCURACY: ", "CURATION_LID_ACCURACYY: ");
        assertThat(problems()).anySatisfy(p -> assertThat(p).startsWith("docker-compose.yml").contains("CURATION_LID_ACCURACYY"));
    }

    /** Without CURATION_METADATA_DIR the services use the embedded metadata; a directory named must be mounted. */
    @Test
    void aMetadataDirectoryThatIsNotMountedFails() throws IOException {
        edit("deploy/k8s/configmap.yaml", "CURATION_STATE_DIR: /var/lib/worldcurate/state",
                "CURATION_STATE_DIR: /var/lib/worldcurate/state\n  CURATION_METADATA_DIR: /data/metadata");
        assertThat(problems()).anySatisfy(p -> assertThat(p).contains("lid-service").contains("CURATION_METADATA_DIR /data/metadata is not a mounted volume"));
        edit("docker-compose.yml", "  CURATION_STATE_DIR: /var/lib/worldcurate/state", "  CURATION_STATE_DIR: /var/lib/worldcurate/state\n  CURATION_METADATA_DIR: /data/metadata");
        assertThat(problems()).anySatisfy(p -> assertThat(p).startsWith("docker-compose.yml").contains("CURATION_METADATA_DIR /data/metadata is not a mounted volume"));
    }

    @Test
    void thresholdsMustStayCompactedAndEveryTopicMustExist() throws IOException {
        edit("deploy/k8s/kafka-topics.yaml", "cleanup.policy: compact", "cleanup.policy: delete");
        edit("deploy/k8s/kafka-topics.yaml", "topicName: curation.curated.replay", "topicName: curation.curated.replayed");
        List<String> problems = problems();
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("curation.thresholds").contains("cleanup.policy"))
                .anySatisfy(p -> assertThat(p).contains("no KafkaTopic for curation.curated.replay"))
                .anySatisfy(p -> assertThat(p).contains("curation.curated.replayed, which is not one of Topics.all()"));
    }

    @Test
    void aDashboardMetricNoServiceDefinesFails() throws IOException {
        edit("deploy/grafana/dashboards/worldcurate.json", "rate(curation_records_in_total", "rate(curation_records_read_total");
        assertThat(problems()).anySatisfy(p -> assertThat(p).contains("curation_records_read_total"))
                .anySatisfy(p -> assertThat(p).contains("shows no curation_records_in_total"));
    }

    @Test
    void aMeterRenamedInTheJavaSourcesFailsTheDashboard() throws IOException {
        edit("streams-common/src/main/java/io/worldcurate/streams/StageMetrics.java",
                "Counter.builder(\"curation.records.dropped\")", "Counter.builder(\"curation.records.discarded\")");
        assertThat(problems()).anySatisfy(p -> assertThat(p).contains("metric curation_records_dropped_total")
                .contains("defined by none of the services"));
    }

    @Test
    void prometheusMustScrapeTheMetricsPath() throws IOException {
        edit("deploy/k8s/servicemonitor.yaml", "path: /q/metrics", "path: /metrics");
        edit("deploy/prometheus/prometheus.yml", "targets: [\"matcher-service:", "targets: [\"matcher:");
        List<String> problems = problems();
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("ServiceMonitor").contains("path /metrics"))
                .anySatisfy(p -> assertThat(p).contains("does not scrape matcher-service:"));
    }

    @Test
    void imagesMustAgreeBetweenComposeAndKubernetes() throws IOException {
        edit("deploy/k8s/matcher-service.yaml", "image: worldcurate/matcher-service:", "image: worldcurate/matcher:");
        edit("deploy/k8s/kustomization.yaml", "name: worldcurate/balancer-service\n    newTag: 0.1.0-SNAPSHOT",
                "name: worldcurate/balancer-service\n    newTag: 0.2.0");
        List<String> problems = problems();
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("no workload named after matcher-service"))
                .anySatisfy(p -> assertThat(p).contains("StatefulSet balancer-service").contains("0.2.0"));
    }

    @Test
    void theBalancerHasNoMoreReplicasThanCountingTasks() throws IOException {
        edit("deploy/k8s/balancer-service.yaml", "replicas: 2", "replicas: 5");
        assertThat(problems()).singleElement().asString().contains("more replicas (5) than counting tasks (CURATION_BALANCER_TASKS 4)");
    }

    @Test
    void fewerCountingTasksThanBalancerReplicasIsCaughtToo() throws IOException {
        edit("deploy/k8s/configmap.yaml", "CURATION_BALANCER_TASKS: \"4\"", "CURATION_BALANCER_TASKS: \"1\"");
        assertThat(problems()).singleElement().asString().contains("more replicas (2) than counting tasks (CURATION_BALANCER_TASKS 1)");
    }

    @Test
    void memoryLimitsLeaveRoomAboveTheHeap() throws IOException {
        edit("docker-compose.yml", "mem_limit: 3g", "mem_limit: 2g");
        edit("deploy/k8s/configmap.yaml", "JAVA_OPTS: -Xmx2g", "JAVA_OPTS: -Xmx1g");
        List<String> problems = problems();
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("docker-compose.yml").contains("mem_limit 2g"))
                .anySatisfy(p -> assertThat(p).contains("Lingua high accuracy needs -Xmx1536m"));
    }
}

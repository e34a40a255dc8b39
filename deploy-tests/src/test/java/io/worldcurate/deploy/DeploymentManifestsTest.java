package io.worldcurate.deploy;

import io.worldcurate.schemas.Topics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml and every manifest under deploy/ agree with the services' own configuration
 * (application.properties, @ConfigProperty names, Micrometer meters, Dockerfile.jvm) and with Topics.all().
 */
class DeploymentManifestsTest {

    static DeploymentCheck check;

    @BeforeAll
    static void load() {
        check = ProjectRoot.check(ProjectRoot.get());
    }

    private static void assertNone(List<String> problems) {
        assertThat(problems).as("problems:\n  " + String.join("\n  ", problems)).isEmpty();
    }

    @Test
    void everyManifestParses() {
        assertNone(check.loading());
        // the manifests are there at all: compose, Kubernetes objects, kustomizations, Prometheus, Grafana
        assertThat(check.deployDocs()).extracting(Yamls.Doc::kind).contains("Deployment", "StatefulSet", "Service",
                "ConfigMap", "KafkaTopic", "ServiceMonitor", "Kustomization");
        assertThat(check.services()).containsOnlyKeys(ServiceModule.NAMES);
    }

    @Test
    void dockerfilesCopyTheQuarkusLayersAndExposeTheHttpPort() {
        assertNone(check.dockerfiles());
    }

    @Test
    void composeServicesMatchApplicationProperties() {
        assertNone(check.compose());
    }

    @Test
    void kubernetesWorkloadsAndServicesMatchApplicationProperties() {
        assertNone(check.kubernetes());
    }

    @Test
    void kustomizationsReferenceExistingFilesAndCoverEveryManifest() {
        assertNone(check.kustomize());
    }

    @Test
    void imagesAreTheSameInComposeAndKubernetes() {
        assertNone(check.images());
    }

    @Test
    void everyTopicHasAKafkaTopicAndOnlyThresholdsIsCompacted() {
        assertThat(Topics.all()).hasSize(7);
        assertNone(check.topics());
    }

    @Test
    void prometheusScrapesEveryServiceAtItsPortAndMetricsPath() {
        assertNone(check.prometheus());
    }

    @Test
    void dashboardUsesOnlyMetricsTheServicesDefine() {
        assertNone(check.grafana());
    }

    @Test
    void meterNamesAreReadFromTheSources() {
        Set<String> defined = Metrics.defined(ProjectRoot.get(), Metrics.METER_MODULES);
        assertThat(defined).contains("curation_records_in_total", "curation_records_out_total",
                "curation_records_dropped_total", "curation_records_dead_lettered_total", "curation_lid_detections_total",
                "curation_balancer_admitted_total", "curation_balancer_threshold", "curation_balancer_tail_ratio");
        assertThat(Metrics.kafkaClientMetrics()).contains("kafka_consumer_fetch_manager_records_lag_max");
    }

    @Test
    void environmentVariablesMapToProperties() {
        ServiceModule lid = check.services().get("lid-service");
        assertThat(lid.readsEnv("CURATION_METADATA_DIR")).isTrue();      // curation.metadata-dir
        assertThat(lid.readsEnv("KAFKA_BOOTSTRAP_SERVERS")).isTrue();    // ${kafka.bootstrap.servers:...}
        assertThat(lid.readsEnv("CURATION_STATE_DIR")).isTrue();         // ${CURATION_STATE_DIR:state}
        assertThat(lid.readsEnv("QUARKUS_HTTP_PORT")).isTrue();
        assertThat(lid.readsEnv("JAVA_OPTS")).isTrue();                  // the Dockerfile's entrypoint
        assertThat(lid.readsEnv("CURATION_T_EN")).isFalse();             // the balancer's, not lid's
        assertThat(check.services().get("balancer-service").readsEnv("CURATION_T_EN")).isTrue();
        assertThat(check.services().get("balancer-service").readsEnv("CURATION_TAIL_RATIO")).isTrue();
        assertThat(lid.readsEnv("CURATION_METADATA_DIRECTORY")).isFalse();
        // service-common's CurationConfig, read by every service
        assertThat(ServiceModule.sharedConfigNames(ProjectRoot.get())).containsExactlyInAnyOrder("curation.metadata-dir",
                "curation.max-record-bytes", "curation.topics.create", "curation.topics.partitions", "curation.topics.replication-factor",
                "curation.health.broker-probe-interval");
        assertThat(check.services().get("matcher-service").readsEnv("CURATION_TOPICS_PARTITIONS")).isTrue();
    }
}

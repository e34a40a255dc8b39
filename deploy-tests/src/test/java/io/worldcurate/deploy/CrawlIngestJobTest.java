package io.worldcurate.deploy;

import io.worldcurate.cli.CurateCommand;
import io.worldcurate.schemas.Topics;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static io.worldcurate.deploy.Yamls.at;
import static io.worldcurate.deploy.Yamls.list;
import static io.worldcurate.deploy.Yamls.map;
import static io.worldcurate.deploy.Yamls.str;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Job of deploy/k8s/ingest runs {@code curate ingest --format wat} on a Common Crawl listing, with
 * arguments the command accepts, onto crawl.images at the services' Kafka, with its state on a volume
 * that outlives the pod, in the image curate-cli's Dockerfile builds.
 */
class CrawlIngestJobTest {

    private final Path root = ProjectRoot.get();
    private final DeploymentCheck check = ProjectRoot.check(root);

    private List<Yamls.Doc> docs(String kind) {
        return check.deployDocs().stream().filter(Yamls.Doc::isKubernetesObject).filter(d -> d.kind().equals(kind)).toList();
    }

    private static String after(List<String> args, String option) {
        int i = args.indexOf(option);
        assertThat(i).as(option + " in " + args).isNotNegative();
        return args.get(i + 1);
    }

    @Test
    void theJobIngestsACrawlListingOntoCrawlImagesWithItsStateOnAVolume() throws IOException {
        List<Yamls.Doc> jobs = docs("Job").stream().filter(j -> list(at(j.body(), "spec", "template", "spec", "containers"))
                .stream().anyMatch(c -> Objects.requireNonNullElse(str(map(c).get("image")), "").startsWith("worldcurate/curate:")))
                .toList();
        assertThat(jobs).as("a Job running worldcurate/curate").isNotEmpty();
        String bootstrap = docs("ConfigMap").stream().map(d -> str(at(d.body(), "data", "KAFKA_BOOTSTRAP_SERVERS")))
                .filter(Objects::nonNull).findFirst().orElseThrow();
        for (Yamls.Doc job : jobs) {
            Map<String, Object> pod = map(at(job.body(), "spec", "template", "spec"));
            assertThat(str(pod.get("restartPolicy"))).isIn("OnFailure", "Never");
            Map<String, Object> c = map(list(pod.get("containers")).get(0));
            List<String> args = list(c.get("args")).stream().map(Yamls::str).toList();

            // the command line accepts every argument
            CommandLine cl = CurateCommand.commandLine();
            CommandLine.ParseResult parsed = cl.parseArgs(args.toArray(new String[0]));
            assertThat(parsed.subcommand().commandSpec().name()).isEqualTo("ingest");
            assertThat(after(args, "--format")).isEqualTo("wat");
            assertThat(args).anyMatch(a -> a.matches("https://data\\.commoncrawl\\.org/crawl-data/CC-MAIN-\\d{4}-\\d{2}/wat\\.paths\\.gz"));
            assertThat(after(args, "--topic")).isEqualTo(Topics.CRAWL_IMAGES);
            assertThat(Topics.all()).anyMatch(t -> t.name().equals(Topics.CRAWL_IMAGES));
            assertThat(after(args, "--bootstrap-servers")).isEqualTo(bootstrap);

            // the state file is on a mounted persistent volume claim defined beside the Job
            String state = after(args, "--state");
            Map<String, Object> mount = list(c.get("volumeMounts")).stream().map(Yamls::map)
                    .filter(m -> state.startsWith(str(m.get("mountPath")) + "/")).findFirst().orElseThrow(
                            () -> new AssertionError("--state " + state + " is on no volume mount"));
            Map<String, Object> volume = list(pod.get("volumes")).stream().map(Yamls::map)
                    .filter(v -> str(v.get("name")).equals(str(mount.get("name")))).findFirst().orElseThrow();
            String claim = str(at(volume, "persistentVolumeClaim", "claimName"));
            assertThat(docs("PersistentVolumeClaim")).extracting(Yamls.Doc::name).contains(claim);

            // the heap fits the memory limit
            String javaOpts = list(c.get("env")).stream().map(Yamls::map).filter(e -> "JAVA_TOOL_OPTIONS".equals(str(e.get("name"))))
                    .map(e -> str(e.get("value"))).findFirst().orElseThrow();
            long heap = Yamls.maxHeap(javaOpts).orElseThrow();
            long limit = Yamls.bytes(str(at(c, "resources", "limits", "memory"))).orElseThrow();
            assertThat(heap * DeploymentCheck.HEADROOM).isLessThanOrEqualTo(limit);
        }
        String dockerfile = Files.readString(root.resolve("curate-cli/src/main/docker/Dockerfile.jvm"));
        assertThat(dockerfile).containsPattern("(?m)^FROM\\s+eclipse-temurin:17").contains("io.worldcurate.cli.CurateCommand",
                "target/curate-cli.jar", "target/lib/");
    }
}

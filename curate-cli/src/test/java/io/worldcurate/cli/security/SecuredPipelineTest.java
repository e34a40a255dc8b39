package io.worldcurate.cli.security;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.worldcurate.balancer.BalancerConfig;
import io.worldcurate.balancer.BalancerTopology;
import io.worldcurate.balancer.ReplayTopology;
import io.worldcurate.cli.Cli;
import io.worldcurate.cli.run.InProcessPipeline;
import io.worldcurate.core.output.CurationJson;
import io.worldcurate.core.lang.LanguageAssigner;
import io.worldcurate.core.lang.LidEngines;
import io.worldcurate.core.lang.LidSettings;
import io.worldcurate.core.match.LanguageMatchers;
import io.worldcurate.core.metadata.MetadataSource;
import io.worldcurate.core.threshold.ThresholdParams;
import io.worldcurate.kafka.embedded.BrokerSecurity;
import io.worldcurate.kafka.embedded.EmbeddedKafkaCluster;
import io.worldcurate.schemas.Topics;
import io.worldcurate.streams.CompletionWatcher;
import io.worldcurate.streams.KafkaClientConfig;
import io.worldcurate.streams.TopicAdmin;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The pipeline on a broker with SCRAM and ACLs ({@code curate broker --security}'s code): the three
 * topologies, ingest and export each with its own principal curate exactly what {@code curate batch}
 * does; clients without credentials, with a wrong password, or doing what their ACLs do not allow are
 * refused within 30 s with an error that says so, nothing is half-written, the services keep running,
 * and no password appears in any log or output.
 */
@Timeout(300)
class SecuredPipelineTest {

    static final String METADATA = "src/test/resources/metadata";
    private static final Pattern PASSWORD = Pattern.compile("password=\"([^\"]+)\"");

    @TempDir
    Path tmp;

    @Test
    void scram() throws Exception {
        curateSecured(SecureBroker.Mode.SCRAM);
    }

    @Test
    void scramOverTls() throws Exception {
        curateSecured(SecureBroker.Mode.SCRAM_TLS);
    }

    private void curateSecured(SecureBroker.Mode mode) throws Exception {
        Path input = tmp.resolve("crawl.jsonl.gz");
        Cli.Result gen = Cli.run("generate", "--metadata", METADATA, "--images", "3000", "--languages", "en:6,de:2,fr:2,zh:2",
                "--seed", "3", "--out", input.toString());
        assertThat(gen.exit()).as(gen.err()).isZero();
        Path batch = tmp.resolve("batch");
        Cli.Result b = Cli.run("batch", "--input", input.toString(), "--out", batch.toString(), "--metadata", METADATA,
                "--t-en", "60", "--seed", "7", "--lid", "lingua-low", "--lid-languages", "en,de,fr,zh");
        assertThat(b.exit()).as(b.err()).isZero();
        Set<String> batchCurated = uuids(batch.resolve("curated.jsonl"));
        assertThat(batchCurated).hasSizeBetween(300, 2900);

        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        PrintStream originalOut = System.out;
        System.setErr(new PrintStream(new Tee(originalErr, captured), true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(new Tee(originalOut, captured), true, StandardCharsets.UTF_8));
        List<String> outputs = new ArrayList<>();
        List<String> secrets = new ArrayList<>();
        Path creds = tmp.resolve("credentials");
        try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder()
                .security(SecureBroker.security(mode, creds, "127.0.0.1")).start()) {
            Map<String, Path> files = SecureBroker.provision(kafka, creds);
            String bs = kafka.bootstrapServers();
            for (Path f : files.values()) {
                assertThat(Files.getPosixFilePermissions(f)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
                Matcher m = PASSWORD.matcher(Files.readString(f));
                assertThat(m.find()).isTrue();
                secrets.add(m.group(1));
            }
            Matcher su = PASSWORD.matcher(String.valueOf(kafka.clientConfig().get("sasl.jaas.config")));
            assertThat(su.find()).isTrue();
            secrets.add(su.group(1));
            if (kafka.security().tls() != null) {
                secrets.add(kafka.security().tls().keystorePassword());
            }

            // admin creates the topics; nobody else may
            TopicAdmin.ensureTopics(bs, Topics.all(), 2, (short) 1, config(files.get(ServiceAcls.ADMIN)));

            MetadataSource metadata = MetadataSource.open(Path.of(METADATA), r -> { });
            LidSettings lid = new LidSettings("lingua-low", Set.of("en", "de", "fr", "zh"), 0.0);
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            BalancerConfig balancer = BalancerConfig.defaults(metadata).withThresholds(new ThresholdParams(60, null, 1)).withSeed("7");
            InProcessPipeline.AppIds ids = new InProcessPipeline.AppIds(ServiceAcls.LID, ServiceAcls.MATCHER,
                    BalancerConfig.DEFAULT_APPLICATION_ID, ReplayTopology.DEFAULT_APPLICATION_ID);
            Map<String, Map<String, String>> byAppId = Map.of(
                    ids.lid(), config(files.get(ServiceAcls.LID)), ids.matcher(), config(files.get(ServiceAcls.MATCHER)),
                    ids.balancer(), config(files.get(ServiceAcls.BALANCER)), ids.replay(), config(files.get(ServiceAcls.BALANCER)));
            InProcessPipeline.Settings settings = new InProcessPipeline.Settings(bs, tmp.resolve("state"), ids, 1, (short) 1,
                    InProcessPipeline.lidConfig(new LanguageAssigner(metadata, () -> LidEngines.shared(lid)), 1 << 20, registry),
                    InProcessPipeline.matcherConfig(new LanguageMatchers(metadata), 1 << 20, registry),
                    InProcessPipeline.withMetrics(balancer, BalancerTopology.STAGE, registry));
            try (InProcessPipeline pipeline = new InProcessPipeline(settings, byAppId::get);
                 CompletionWatcher watcher = new CompletionWatcher(bs, kafka.clientConfig())) {
                pipeline.startOnline(Duration.ofMinutes(2));
                Cli.Result ingest = Cli.run("ingest", "--format", "jsonl", input.toString(), "--bootstrap-servers", bs,
                        "--client-config", files.get(ServiceAcls.INGEST).toString());
                outputs.add(ingest.out() + ingest.err());
                assertThat(ingest.exit()).as(ingest.err()).isZero();
                await(watcher, pipeline, pipeline.onlineStages());
                pipeline.startReplay(InProcessPipeline.withMetrics(balancer, ReplayTopology.STAGE, registry), Duration.ofMinutes(2));
                await(watcher, pipeline, pipeline.replayStages());

                Path replayed = tmp.resolve("replayed.jsonl");
                Cli.Result export = Cli.run("export", "--bootstrap-servers", bs, "--topic", Topics.CURATED_REPLAY, "--out",
                        replayed.toString(), "--client-config", files.get(ServiceAcls.EXPORT).toString());
                outputs.add(export.out() + export.err());
                assertThat(export.exit()).as(export.err()).isZero();
                assertThat(uuids(replayed)).isEqualTo(batchCurated);

                Map<String, Long> before = endOffsets(kafka);
                Path wrong = tmp.resolve("wrong.properties");
                Files.writeString(wrong, Files.readString(files.get(ServiceAcls.INGEST)).replaceAll("password=\"[^\"]+\"",
                        "password=\"not-the-password\""));
                refused(outputs, "authentication failed", "ingest", "--format", "jsonl", input.toString(), "--bootstrap-servers", bs,
                        "--timeout", "10");
                refused(outputs, "authentication failed", "ingest", "--format", "jsonl", input.toString(), "--bootstrap-servers", bs,
                        "--client-config", wrong.toString());
                refused(outputs, "authorization failed", "ingest", "--format", "jsonl", input.toString(), "--bootstrap-servers", bs,
                        "--client-config", files.get(ServiceAcls.LID).toString());
                refused(outputs, "authorization failed", "export", "--bootstrap-servers", bs, "--topic", Topics.CURATED, "--out", "-",
                        "--client-config", files.get(ServiceAcls.LID).toString());
                for (String topic : List.of(Topics.CRAWL_IMAGES, "curation.anything")) {
                    refused(outputs, "authorization failed", "ingest", "--format", "jsonl", input.toString(), "--bootstrap-servers", bs,
                            "--topic", topic, "--client-config", files.get(ServiceAcls.EXPORT).toString());
                }
                // export's credentials in a plain producer, onto the topic it may read
                Map<String, Object> producer = new HashMap<>(config(files.get(ServiceAcls.EXPORT)));
                producer.put("bootstrap.servers", bs);
                producer.put("max.block.ms", 30_000);
                long t0 = System.nanoTime();
                try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(producer, new ByteArraySerializer(), new ByteArraySerializer())) {
                    assertThatThrownBy(() -> p.send(new ProducerRecord<>(Topics.CURATED, new byte[] {1})).get(30, TimeUnit.SECONDS))
                            .hasCauseInstanceOf(AuthorizationException.class);
                }
                assertThat(System.nanoTime() - t0).isLessThan(TimeUnit.SECONDS.toNanos(30));
                assertThat(endOffsets(kafka)).as("nothing written by refused clients").isEqualTo(before);
                pipeline.checkHealthy();
            }
        } finally {
            System.setErr(originalErr);
            System.setOut(originalOut);
        }
        String everything = captured.toString(StandardCharsets.UTF_8) + String.join("\n", outputs);
        assertThat(captured.toString(StandardCharsets.UTF_8)).as("the clients' logs were captured").contains("SaslAuthenticationException");
        for (String secret : secrets) {
            assertThat(everything).as("a password in the logs or outputs").doesNotContain(secret);
        }
    }

    private static void refused(List<String> outputs, String why, String... args) {
        long t0 = System.nanoTime();
        Cli.Result r = Cli.run(args);
        double seconds = (System.nanoTime() - t0) / 1e9;
        outputs.add(r.out() + r.err());
        assertThat(r.exit()).as("refused: %s", String.join(" ", args)).isNotZero();
        assertThat(r.err()).as(String.join(" ", args)).containsIgnoringCase(why);
        assertThat(seconds).as("refused within 30 s: %s", r.err()).isLessThan(30);
    }

    private static Map<String, String> config(Path file) {
        return KafkaClientConfig.load(file, "test");
    }

    private static void await(CompletionWatcher watcher, InProcessPipeline pipeline, List<CompletionWatcher.Stage> stages)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (true) {
            pipeline.checkHealthy();
            if (watcher.progress(stages).stream().allMatch(CompletionWatcher.StageProgress::done)) {
                return;
            }
            assertThat(System.nanoTime()).as("pipeline done within 3 min").isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    /** The end offsets of every pipeline topic, uncommitted records included (a half-written one would show). */
    private static Map<String, Long> endOffsets(EmbeddedKafkaCluster kafka) throws Exception {
        try (Admin admin = kafka.createAdmin()) {
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (var d : admin.describeTopics(Topics.all().stream().map(t -> t.name()).toList()).allTopicNames().get(30, TimeUnit.SECONDS).values()) {
                d.partitions().forEach(p -> request.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest()));
            }
            Map<String, Long> ends = new java.util.TreeMap<>();
            admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all().get(30, TimeUnit.SECONDS)
                    .forEach((tp, info) -> ends.merge(tp.topic(), info.offset(), Long::sum));
            return ends;
        }
    }

    private static Set<String> uuids(Path jsonl) throws IOException {
        Set<String> uuids = new TreeSet<>();
        for (String line : Files.readAllLines(jsonl)) {
            if (!line.isBlank()) {
                uuids.add(CurationJson.readTree(line).get("uuid").asText());
            }
        }
        return uuids;
    }

    /** Writes to two streams: the original and the capture. */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws IOException {
            a.write(c);
            synchronized (b) {
                b.write(c);
            }
        }

        @Override
        public void write(byte[] buf, int off, int len) throws IOException {
            a.write(buf, off, len);
            synchronized (b) {
                b.write(buf, off, len);
            }
        }

        @Override
        public void flush() throws IOException {
            a.flush();
        }
    }
}

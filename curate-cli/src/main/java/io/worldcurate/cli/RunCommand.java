package io.worldcurate.cli;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.worldcurate.balancer.BalancerConfig;
import io.worldcurate.balancer.BalancerTopology;
import io.worldcurate.balancer.CountsSnapshot;
import io.worldcurate.balancer.ReplayTopology;
import io.worldcurate.cli.run.InProcessPipeline;
import io.worldcurate.cli.run.LidPreload;
import io.worldcurate.cli.run.PipelineTopics;

import io.worldcurate.core.lang.LanguageAssigner;
import io.worldcurate.core.lang.LidEngines;
import io.worldcurate.core.match.LanguageMatchers;
import io.worldcurate.core.metadata.MetadataSource;
import io.worldcurate.core.output.CurationJson;
import io.worldcurate.core.threshold.ThresholdCalculator;
import io.worldcurate.core.threshold.Thresholds;
import io.worldcurate.kafka.embedded.EmbeddedKafkaCluster;
import io.worldcurate.schemas.Topic;
import io.worldcurate.schemas.Topics;
import io.worldcurate.streams.CompletionWatcher;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code curate run}: the whole streaming pipeline on one command. Starts a real KRaft broker
 * in-process (or uses a given cluster), runs the three topologies of the services in this process,
 * produces the input, waits for the real completion signal (every stage has committed past every
 * input record), then writes the outputs and a report.
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs the whole streaming pipeline (lid -> matcher -> balancer, and replay) on a real Kafka: an "
                + "in-process KRaft broker by default, or --bootstrap-servers. Produces the input, waits until every "
                + "image went through every stage, and writes to --out: curated.jsonl (online decisions, in input order), "
                + "thresholds.json (from the final counts), stats.json, rejects.jsonl, and with --replay replayed.jsonl "
                + "(re-decided with the final counts: equal to 'curate batch')."},
        footer = {"", "Example:", "  curate generate --images 20000 --out sample.jsonl.gz && curate run --input sample.jsonl.gz --out run --replay"})
final class RunCommand implements Callable<Integer> {

    private static final System.Logger LOG = System.getLogger(RunCommand.class.getName());

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--input", required = true, arity = "1..*", paramLabel = "FILE",
            description = "JSONL input files, gzipped or not, produced in the order given.")
    List<Path> inputs;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (created when missing).")
    Path out;

    @Mixin
    CurationOptions curation;

    @Mixin
    CacheOptions cacheOptions;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "Use this Kafka cluster instead of starting one in-process. Its pipeline topics must be empty.")
    String bootstrapServers;

    @Mixin
    ClientConfigOption clientConfig;

    /** The --client-config settings, for every client of the run. */
    private Map<String, String> clientSettings = Map.of();

    @Option(names = "--partitions", paramLabel = "N", description = "Partitions of the pipeline's topics (default: one per stream "
            + "thread on the in-process broker, where more would only add tasks and commits to one process; "
            + DEFAULT_CLUSTER_PARTITIONS + " with --bootstrap-servers).")
    Integer partitions;

    static final int DEFAULT_CLUSTER_PARTITIONS = 4;

    @Option(names = "--replay", description = "Also re-decide every image with the final counts into replayed.jsonl.")
    boolean replay;

    @Option(names = "--stream-threads", paramLabel = "N", description = "Stream threads per topology (default: ${DEFAULT-VALUE}).")
    int streamThreads = 1;

    @Option(names = "--balancer-tasks", paramLabel = "N", description = "Tasks the balancer counts over: partitions of its "
            + "counts changelog and of curation.matched, which this command creates with as many, so that the balancer counts "
            + "straight from it (default: ${DEFAULT-VALUE}).")
    int balancerTasks = BalancerConfig.DEFAULT_TASKS;

    @Option(names = "--commit-interval", paramLabel = "MS", description = "Kafka Streams commit interval of every topology: "
            + "each commit is a transaction (default: ${DEFAULT-VALUE}).")
    int commitIntervalMs = InProcessPipeline.Settings.DEFAULT_COMMIT_INTERVAL_MS;

    @Option(names = "--streams-property", paramLabel = "KEY=VALUE", description = "Extra Kafka Streams setting for the run's "
            + "topologies, e.g. producer.linger.ms=20 or statestore.cache.max.bytes=67108864 (repeatable). The settings this "
            + "command owns (ids, servers, state dir, threads, commit interval, exactly-once) are refused.")
    Map<String, String> streamsProperties = new LinkedHashMap<>();

    @Option(names = "--timeout", paramLabel = "MINUTES", description = "Give up when the pipeline is not done after this long "
            + "(default: ${DEFAULT-VALUE}).")
    long timeoutMinutes = 24 * 60;

    @Override
    public Integer call() throws Exception {
        if (partitions == null) {
            partitions = bootstrapServers == null ? streamThreads : DEFAULT_CLUSTER_PARTITIONS;
        }
        if (partitions < 1 || streamThreads < 1 || balancerTasks < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--partitions, --stream-threads and --balancer-tasks must be at least 1");
        }
        List<String> owned = StreamsPropertyRule.refused(streamsProperties.keySet());
        if (!owned.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--streams-property " + owned.get(0)
                    + " is set by curate run itself" + StreamsPropertyRule.instead(owned.get(0)));
        }
        for (Path in : inputs) {
            if (!Files.isRegularFile(in)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "no such file: " + in);
            }
        }
        clientSettings = clientConfig.load();
        LidPreload lidEngine = LidPreload.start(curation.lidSettings());
        Files.createDirectories(out);
        PrintWriter err = spec.commandLine().getErr();
        RunReport report = new RunReport();
        Path work = Files.createTempDirectory("curate-run-");
        try (EmbeddedKafkaCluster cluster = bootstrapServers == null ? startBroker(work, err, report) : null) {
            String servers = cluster == null ? bootstrapServers : cluster.bootstrapServers();
            short replication = (short) (cluster == null ? Math.min(3, clusterSize(servers)) : 1);
            prepareTopics(servers, replication);
            run(servers, replication, work, report, lidEngine, err);
        } finally {
            deleteRecursively(work);
        }
        report.print(spec.commandLine().getOut(), out);
        return 0;
    }

    private LanguageMatchers loadedMatchers(MetadataSource metadata, PrintWriter err) {
        LanguageMatchers matchers = new LanguageMatchers(metadata, cacheOptions.cache(w -> err.println("warning: " + w)),
                w -> err.println("warning: " + w));
        LanguageMatchers.LoadSummary loaded = matchers.loadAll(Runtime.getRuntime().availableProcessors());
        LOG.log(System.Logger.Level.INFO, () -> "automata: " + loaded);
        return matchers;
    }

    private void run(String servers, short replication, Path work, RunReport report, LidPreload lidEngine, PrintWriter err)
            throws Exception {
        MetadataSource metadata = MetadataSource.open(curation.metadataDir(), r -> err.println("warning: " + r));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        LanguageAssigner assigner = new LanguageAssigner(metadata, () -> LidEngines.shared(curation.lidSettings()));
        BalancerConfig balancerConfig = BalancerConfig.defaults(metadata).withThresholds(curation.thresholdParams())
                .withSeed(curation.seed).withTasks(balancerTasks);
        long countsStarted = System.nanoTime();
        // the balancer checks entry ids against these: counted now, not at each language's first image mid-pipeline
        metadata.languages().parallelStream().forEach(metadata::entries);
        report.setupSeconds.put("metadata counts", (System.nanoTime() - countsStarted) / 1e9);
        long automataStarted = System.nanoTime();
        LanguageMatchers matchers = loadedMatchers(metadata, err);
        report.setupSeconds.put("automata", (System.nanoTime() - automataStarted) / 1e9);
        InProcessPipeline.AppIds ids = InProcessPipeline.AppIds.withPrefix("curate-run-" + UUID.randomUUID().toString().substring(0, 8) + "-");
        InProcessPipeline.Settings settings = new InProcessPipeline.Settings(servers, work.resolve("state"), ids, streamThreads, replication,
                InProcessPipeline.lidConfig(assigner, curation.maxRecordBytes, registry),
                InProcessPipeline.matcherConfig(matchers, curation.maxRecordBytes, registry),
                InProcessPipeline.withMetrics(balancerConfig, BalancerTopology.STAGE, registry), commitIntervalMs);
        CountsSnapshot finalCounts = null;
        long closing;
        Map<String, String> topologySettings = new LinkedHashMap<>(clientSettings);
        topologySettings.putAll(streamsProperties);
        try (InProcessPipeline pipeline = new InProcessPipeline(settings, id -> topologySettings);
             CompletionWatcher watcher = new CompletionWatcher(servers, clientSettings)) {
            report.setupSeconds.put("lid engine wait", lidEngine.await());
            long topologiesStarted = System.nanoTime();
            pipeline.startOnline(Duration.ofMinutes(2));
            report.setupSeconds.put("topologies", (System.nanoTime() - topologiesStarted) / 1e9);
            report.balancerTasks = balancerTasks;
            report.balancerInput = pipeline.balancerInput().name().toLowerCase(java.util.Locale.ROOT);
            // the online stages' times count from here, as a stage's bench counts from its input: setup is reported apart
            long inputStarted = System.nanoTime();
            ProcessCpu cpu = ProcessCpu.start();
            report.ingest = ingest(servers, report);
            await(watcher, pipeline, pipeline.onlineStages(), report, inputStarted);
            report.pipelineCpuSeconds = cpu.secondsSinceStart();
            CountsSnapshot counts = pipeline.counts();
            finalCounts = counts;
            Thresholds thresholds = ThresholdCalculator.compute(counts.countOfCounts(), curation.thresholdParams());
            report.thresholds = thresholds;
            report.lidLabelsWithoutMetadata = assigner.unmappedLabels();
            Files.writeString(out.resolve("thresholds.json"), CurationJson.thresholdsDocument(thresholds, counts.countOfCounts()) + "\n");
            if (replay) {
                long replayStarted = System.nanoTime();
                pipeline.startReplay(InProcessPipeline.withMetrics(balancerConfig, ReplayTopology.STAGE, registry), Duration.ofMinutes(2));
                await(watcher, pipeline, pipeline.replayStages(), report, replayStarted);
            }
            closing = System.nanoTime();
        }
        long writing = System.nanoTime();
        report.finishSeconds.put("close", (writing - closing) / 1e9);
        RunOutputs.write(servers, clientSettings, out, replay, balancerConfig.seed(), report, err, finalCounts);
        report.finishSeconds.put("outputs", (System.nanoTime() - writing) / 1e9);
    }

    private EmbeddedKafkaCluster startBroker(Path work, PrintWriter err, RunReport report) {
        long t0 = System.nanoTime();
        EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.builder().dataDir(work.resolve("kafka")).start();
        report.setupSeconds.put("broker", (System.nanoTime() - t0) / 1e9);
        err.printf("started an in-process Kafka broker at %s in %.1f s%n", cluster.bootstrapServers(), (System.nanoTime() - t0) / 1e9);
        err.flush();
        return cluster;
    }

    private int clusterSize(String servers) throws Exception {
        Properties p = new Properties();
        p.putAll(clientSettings);
        p.put("bootstrap.servers", servers);
        try (Admin admin = Admin.create(p)) {
            return admin.describeCluster().nodes().get(60, TimeUnit.SECONDS).size();
        }
    }

    /** Creates the pipeline's topics, and refuses topics that already hold records: their images would mix with these. */
    private void prepareTopics(String servers, short replication) throws Exception {
        List<Topic<?, ?>> topics = Topics.all();
        PipelineTopics.create(servers, partitions, balancerTasks, replication, curation.maxRecordBytes, clientSettings);
        Properties p = new Properties();
        p.putAll(clientSettings);
        p.put("bootstrap.servers", servers);
        try (Admin admin = Admin.create(p)) {
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (var d : admin.describeTopics(topics.stream().map(Topic::name).toList()).allTopicNames().get(60, TimeUnit.SECONDS).values()) {
                d.partitions().forEach(tp -> request.put(new TopicPartition(d.name(), tp.partition()), OffsetSpec.latest()));
            }
            Map<String, Long> ends = new LinkedHashMap<>();
            admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all().get(60, TimeUnit.SECONDS)
                    .forEach((tp, info) -> ends.merge(tp.topic(), info.offset(), Long::sum));
            for (Map.Entry<String, Long> e : ends.entrySet()) {
                if (e.getValue() > 0) {
                    throw new IllegalStateException("topic " + e.getKey() + " at " + servers + " already holds records; curate run "
                            + "needs empty pipeline topics (run it on the in-process broker, or on a fresh cluster)");
                }
            }
        }
    }

    private RunReport.Ingest ingest(String servers, RunReport report) throws IOException {
        long t0 = System.nanoTime();
        Properties base = KafkaClients.base(servers, "curate-run-ingest", clientSettings);
        if (bootstrapServers == null) {
            base = Ingester.forInProcessBroker(base);
        }
        RunReport.Ingest result = new RunReport.Ingest();
        try (Writer rejects = Files.newBufferedWriter(out.resolve("rejects.jsonl"), StandardCharsets.UTF_8);
             Ingester ingester = new Ingester(base, Topics.CRAWL_IMAGES, Duration.ofSeconds(60), rejects, TerminalProgress.onStderr())) {
            try {
                ingester.ingestJsonl(inputs, curation.maxRecordBytes);
            } finally {
                ingester.flush();
            }
            ingester.checkSent();
            result.read = ingester.read;
            result.produced = ingester.acked.get();
            result.rejected = ingester.rejected;
            result.rejectedByReason.putAll(ingester.rejectedByReason);
        }
        result.seconds = (System.nanoTime() - t0) / 1e9;
        return result;
    }

    /** Waits for the completion signal, showing each stage's progress; fails fast when a topology stops. */
    private void await(CompletionWatcher watcher, InProcessPipeline pipeline, List<CompletionWatcher.Stage> stages, RunReport report,
                       long since) throws Exception {
        TerminalProgress bar = TerminalProgress.onStderr();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(timeoutMinutes);
        while (true) {
            pipeline.checkHealthy();
            List<CompletionWatcher.StageProgress> progress = watcher.progress(stages);
            double now = (System.nanoTime() - since) / 1e9;
            StringBuilder line = new StringBuilder();
            for (CompletionWatcher.StageProgress p : progress) {
                if (p.done()) {
                    report.stageDone.putIfAbsent(p.name(), now);
                }
                line.append(String.format("%s %3.0f%%  ", p.name(), p.total() == 0 ? 100.0 : 100.0 * p.committed() / p.total()));
            }
            bar.line(line.toString().trim());
            if (progress.stream().allMatch(CompletionWatcher.StageProgress::done)) {
                bar.end();
                return;
            }
            if (System.nanoTime() > deadline) {
                bar.end();
                throw new IllegalStateException("the pipeline is not done after " + timeoutMinutes + " minutes: " + progress);
            }
            Thread.sleep(100);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            List<Path> all = new ArrayList<>(files.toList());
            java.util.Collections.reverse(all);
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        }
    }
}

package io.worldcurate.cli;

import io.worldcurate.balancer.BalancerConfig;
import io.worldcurate.balancer.BalancerTopology;
import io.worldcurate.cli.run.InProcessPipeline;
import io.worldcurate.cli.run.PipelineTopics;
import io.worldcurate.core.input.ImageJson;
import io.worldcurate.core.input.ImageValidator;
import io.worldcurate.core.lang.LanguageAssigner;
import io.worldcurate.core.lang.LidSettings;
import io.worldcurate.core.lang.LidEngines;
import io.worldcurate.core.match.ImageIndexer;
import io.worldcurate.core.match.LanguageMatchers;
import io.worldcurate.core.metadata.MetadataSource;
import io.worldcurate.core.model.Image;
import io.worldcurate.core.model.ImageText;
import io.worldcurate.core.model.LangText;
import io.worldcurate.core.synthetic.CrawlGenerator;
import io.worldcurate.core.synthetic.CrawlSettings;
import io.worldcurate.kafka.embedded.EmbeddedKafkaCluster;
import io.worldcurate.lid.LidTopology;
import io.worldcurate.matcher.MatcherTopology;
import io.worldcurate.matcher.MatcherMetrics;
import io.worldcurate.schemas.Topics;
import io.worldcurate.schemas.avro.CrawledImage;
import io.worldcurate.schemas.avro.LangImage;
import io.worldcurate.streams.CompletionWatcher;
import io.worldcurate.streams.ExactlyOnce;
import io.worldcurate.streams.ImageRecords;
import io.worldcurate.streams.TopicAdmin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * {@code curate bench}: records/s of each topology alone, on one stream thread, through a real
 * in-process broker, on a generated crawl. Each stage's input is produced once; each measured run is a
 * fresh application (new consumer group and state) reading it from the beginning until the completion
 * signal, so a run's time includes its start and first rebalance (about a second). The pipeline rows run
 * the three topologies together on each lid row's input, so their times compare with the stages' in one run.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measures each topology (lid, matcher, balancer) alone on one stream thread through a real in-process "
                + "Kafka broker: records/s over repeated runs, median reported. Models and automata are loaded before timing. "
                + "The balancer is also measured over 1, 2 and 4 counting tasks on 1 and 2 stream threads, and the whole pipeline "
                + "(the three topologies together, as 'curate run' runs them) against its slowest stage alone. "
                + "After the runs' rates: seconds from each run's start until the application first reached RUNNING "
                + "(global stores read, first rebalance done), which the rates include."})
final class BenchCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--metadata", paramLabel = "DIR", description = ActiveMetadata.OPTION_DESCRIPTION)
    Path metadata;

    @Option(names = "--images", paramLabel = "N", description = "Generated images (default: ${DEFAULT-VALUE}).")
    int images = 60_000;

    @Option(names = "--repeat", paramLabel = "R", description = "Measured runs per stage (default: ${DEFAULT-VALUE}).")
    int repeat = 3;

    @Option(names = "--lid", paramLabel = "ENGINE",
            description = "Language identification engine of the lid stage: " + LidEngines.HELP + " (default: ${DEFAULT-VALUE}).")
    String lid = LidEngines.DEFAULT;

    @Option(names = "--partitions", paramLabel = "P", description = "Partitions of the input topics (default: ${DEFAULT-VALUE}).")
    int partitions = 4;

    @Option(names = "--only", paramLabel = "PREFIX", description = "Measure only the topologies whose name starts with this "
            + "(lid, matcher, balancer, pipeline); repeatable, e.g. --only 'lid (every' --only 'balancer (online, 4' --only pipeline.")
    List<String> only = List.of();

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the generated crawl (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    /** @param inputPartitions partitions of the input topic, 0 for {@code --partitions} */
    private record Stage(String name, String inputTopic, List<Map.Entry<String, byte[]>> input,
                         Function<String, Topology> topology, Function<String, List<String>> internalTopics, int threads,
                         java.util.function.BiConsumer<String, String> prepare, int inputPartitions) {
        Stage(String name, String inputTopic, List<Map.Entry<String, byte[]>> input,
              Function<String, Topology> topology, Function<String, List<String>> internalTopics) {
            this(name, inputTopic, input, topology, internalTopics, 1, (servers, id) -> { }, 0);
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        MetadataSource md = ActiveMetadata.open(metadata, r -> { });
        LidSettings lidSettings = new LidSettings(lid, Set.of(), 0.0);
        LanguageAssigner assigner = new LanguageAssigner(md, () -> LidEngines.shared(lidSettings));
        LanguageMatchers matchers = new LanguageMatchers(md);

        out.printf(Locale.ROOT, "preparing %d generated images (LID engine %s and automata are loaded now, not timed)%n", images, lidSettings.engine());
        out.flush();
        List<Map.Entry<String, byte[]>> crawled = new ArrayList<>();
        List<Map.Entry<String, byte[]>> crawledTrusted = new ArrayList<>();
        List<Map.Entry<String, byte[]>> langImages = new ArrayList<>();
        List<Map.Entry<String, byte[]>> matched = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        long seq = 0;
        for (var it = new CrawlGenerator(md, CrawlSettings.defaults(images, seed)).images(); it.hasNext(); ) {
            Image image = ImageJson.parse(CrawlGenerator.toJson(it.next()).getBytes(StandardCharsets.UTF_8));
            CrawledImage c = ImageRecords.toCrawledImage(image, seq++);
            crawled.add(Map.entry(image.uuid(), Topics.CRAWLED_IMAGE_SERDE.serialize(Topics.CRAWL_IMAGES, c)));
            if (!seen.add(image.uuid())) {
                continue;
            }
            List<LangText> texts = new ArrayList<>();
            List<ImageText> trusted = new ArrayList<>();
            for (ImageText t : image.texts()) {
                LanguageAssigner.Assignment a = assigner.assign(t.text(), t.lang());
                texts.add(new LangText(t.attr(), t.text(), a.language(), a.detected()));
                trusted.add(new ImageText(t.attr(), t.text(), a.language()));
            }
            crawledTrusted.add(Map.entry(image.uuid(), Topics.CRAWLED_IMAGE_SERDE.serialize(Topics.CRAWL_IMAGES,
                    ImageRecords.toCrawledImage(new Image(image.uuid(), image.url(), image.pageUrl(), trusted), c.getIngestSeq()))));
            LangImage li = ImageRecords.toLangImage(c, texts);
            langImages.add(Map.entry(image.uuid(), Topics.LANG_IMAGE_SERDE.serialize(Topics.LID, li)));
            var m = ImageIndexer.match(image.uuid(), image.url(), image.pageUrl(), texts, matchers);
            if (!m.texts().isEmpty()) {
                matched.add(Map.entry(image.uuid(), Topics.MATCHED_IMAGE_SERDE.serialize(Topics.MATCHED,
                        ImageRecords.toMatchedImage(li, m))));
            }
        }
        BalancerConfig balancer = BalancerConfig.defaults(md);
        List<Stage> stages = new ArrayList<>(List.of(
                new Stage("lid (" + lidSettings.engine() + " for texts without lang)", Topics.CRAWL_IMAGES, crawled,
                        id -> LidTopology.build(new LidTopology.Config(assigner)), id -> List.of(id + "-lid-rekey-repartition")),
                new Stage("lid (every lang trusted)", Topics.CRAWL_IMAGES, crawledTrusted,
                        id -> LidTopology.build(new LidTopology.Config(assigner)), id -> List.of(id + "-lid-rekey-repartition")),
                new Stage("matcher", Topics.LID, langImages,
                        id -> MatcherTopology.build(new MatcherTopology.Config(matchers, ImageValidator.DEFAULT_MAX_RECORD_BYTES,
                                MatcherMetrics.NONE)), id -> List.of()),
                balancerStage("balancer (online)", matched, balancer.withTasks(1), 1, BalancerTopology.Input.MATCHED_PARTITIONS)));
        // the balancer over N counting tasks, on 1 and 2 stream threads, counting straight from curation.matched's N partitions
        // as curate run does; and once through the repartition of a --partitions topic, as balancer-service does
        for (int tasks : new int[] {1, 2, 4}) {
            for (int threads : new int[] {1, 2}) {
                if (tasks == 1 && threads == 1) {
                    continue;
                }
                stages.add(balancerStage("balancer (online, " + tasks + " tasks)", matched, balancer.withTasks(tasks), threads,
                        BalancerTopology.Input.MATCHED_PARTITIONS));
            }
        }
        stages.add(balancerStage("balancer (online, 4 tasks, repartitioned)", matched, balancer.withTasks(4), 1,
                BalancerTopology.Input.REPARTITIONED));

        out.printf(Locale.ROOT, "%-45s %7s %9s  %s%n", "topology", "threads", "records", "records/s: median (runs)");
        stages.removeIf(st -> !selected(st.name()));
        Map<String, Double> medianSeconds = new java.util.LinkedHashMap<>();
        for (Stage stage : stages) {
            List<Double> rates = new ArrayList<>();
            List<Double> starts = new ArrayList<>();
            Path work = Files.createTempDirectory("curate-bench-");
            try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().dataDir(work.resolve("kafka")).start();
                 CompletionWatcher watcher = new CompletionWatcher(kafka.bootstrapServers())) {
                if (stage.inputPartitions() > 0) {
                    TopicAdmin.ensureTopics(kafka.bootstrapServers(), Topics.all().stream().filter(t -> t.name().equals(stage.inputTopic()))
                            .toList(), stage.inputPartitions(), (short) 1, Map.of());
                }
                TopicAdmin.ensureTopics(kafka.bootstrapServers(), Topics.all(), partitions, (short) 1, Map.of());
                produce(kafka.bootstrapServers(), stage.inputTopic(), stage.input());
                for (int r = 0; r < repeat; r++) {
                    String id = "bench-" + r + "-" + stage.name().replaceAll("[^a-z0-9]", "") + "-" + stage.threads();
                    stage.prepare().accept(kafka.bootstrapServers(), id);
                    Properties p = ExactlyOnce.streamsProperties(id, kafka.bootstrapServers(), Topics.DEFAULT_MAX_MESSAGE_BYTES);
                    p.put(StreamsConfig.STATE_DIR_CONFIG, work.resolve("state-" + r).toString());
                    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, stage.threads());
                    // as curate run and the pipeline rows commit, so that a stage alone compares with them
                    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, InProcessPipeline.Settings.DEFAULT_COMMIT_INTERVAL_MS);
                    List<String> topics = new ArrayList<>(List.of(stage.inputTopic()));
                    topics.addAll(stage.internalTopics().apply(id));
                    List<CompletionWatcher.Stage> watch = List.of(new CompletionWatcher.Stage(stage.name(), id, topics));
                    long t0 = System.nanoTime();
                    java.util.concurrent.atomic.AtomicLong running = new java.util.concurrent.atomic.AtomicLong();
                    try (KafkaStreams streams = new KafkaStreams(stage.topology().apply(id), p)) {
                        // when the application first reaches RUNNING: start-up (global stores, first rebalance) is over
                        streams.setStateListener((now, before) -> {
                            if (now == KafkaStreams.State.RUNNING) {
                                running.compareAndSet(0, System.nanoTime());
                            }
                        });
                        streams.start();
                        watcher.awaitDone(watch, Duration.ofHours(1), Duration.ofMillis(100), x -> { });
                        long t1 = System.nanoTime();
                        rates.add(stage.input().size() / ((t1 - t0) / 1e9));
                        starts.add(((running.get() == 0 ? t1 : running.get()) - t0) / 1e9);
                    }
                }
            } finally {
                deleteRecursively(work);
            }
            double median = median(rates);
            StringBuilder runs = new StringBuilder(runs(rates));
            runs.append("; running after");
            starts.forEach(x -> runs.append(String.format(Locale.ROOT, " %.1f", x)));
            runs.append(" s");
            out.printf(Locale.ROOT, "%-45s %7d %9d  %.0f (%s)%n", stage.name(), stage.threads(), stage.input().size(), median,
                    runs.toString().trim());
            out.flush();
            if (stage.threads() == 1) {
                medianSeconds.put(stage.name(), stage.input().size() / median);
            }
        }
        // the pipeline on each lid stage's input: every language trusted, and the LID engine for texts without one
        String lidTrusted = "lid (every lang trusted)";
        String lidEngine = "lid (" + lidSettings.engine() + " for texts without lang)";
        for (var run : List.of(Map.entry(lidTrusted, crawledTrusted), Map.entry(lidEngine, crawled))) {
            String name = PIPELINE + run.getKey().substring("lid".length());
            if (selected(name)) {
                double pipeline = benchPipeline(out, name, run.getValue(), assigner, matchers, balancer);
                printPipelineRatio(out, run.getValue().size() / pipeline,
                        List.of(run.getKey(), "matcher", "balancer (online, 4 tasks)"), medianSeconds);
            }
        }
        return 0;
    }

    private boolean selected(String topology) {
        return only.isEmpty() || only.stream().anyMatch(topology::startsWith);
    }

    /** The pipeline rows' names: this, then the input of the lid row they compare with, e.g. "pipeline (every lang trusted)". */
    static final String PIPELINE = "pipeline";

    /**
     * The three topologies together in this process, as {@code curate run} runs them (one stream thread each, its commit
     * interval, N = 4), on the trusted crawl. Each run gets a fresh broker, so its pipeline topics start empty; its time
     * counts from starting the topologies, as a stage's does, until every stage has committed past every input record.
     */
    private double benchPipeline(PrintWriter out, String name, List<Map.Entry<String, byte[]>> input, LanguageAssigner assigner,
                                 LanguageMatchers matchers, BalancerConfig balancer) throws Exception {
        List<Double> rates = new ArrayList<>();
        for (int r = 0; r < repeat; r++) {
            Path work = Files.createTempDirectory("curate-bench-pipeline-");
            try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().dataDir(work.resolve("kafka")).start();
                 CompletionWatcher watcher = new CompletionWatcher(kafka.bootstrapServers())) {
                PipelineTopics.create(kafka.bootstrapServers(), partitions, BalancerConfig.DEFAULT_TASKS, (short) 1,
                        Topics.DEFAULT_MAX_MESSAGE_BYTES, Map.of());
                produce(kafka.bootstrapServers(), Topics.CRAWL_IMAGES, input);
                InProcessPipeline.Settings settings = new InProcessPipeline.Settings(kafka.bootstrapServers(), work.resolve("state"),
                        InProcessPipeline.AppIds.withPrefix("bench-" + r + "-pipeline-"), 1, (short) 1,
                        new LidTopology.Config(assigner),
                        new MatcherTopology.Config(matchers, ImageValidator.DEFAULT_MAX_RECORD_BYTES, MatcherMetrics.NONE),
                        balancer.withTasks(BalancerConfig.DEFAULT_TASKS));
                long t0 = System.nanoTime();
                try (InProcessPipeline pipeline = new InProcessPipeline(settings)) {
                    pipeline.startOnline(Duration.ofMinutes(2));
                    watcher.awaitDone(pipeline.onlineStages(), Duration.ofHours(1), Duration.ofMillis(100), x -> { });
                    rates.add(input.size() / ((System.nanoTime() - t0) / 1e9));
                }
            } finally {
                deleteRecursively(work);
            }
        }
        double median = median(rates);
        out.printf(Locale.ROOT, "%-45s %7d %9d  %.0f (%s)%n", name, 1, input.size(), median, runs(rates));
        out.flush();
        return median;
    }

    private static double median(List<Double> rates) {
        List<Double> sorted = new ArrayList<>(rates);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    /** Each run's rate, in run order. */
    private static String runs(List<Double> rates) {
        StringBuilder runs = new StringBuilder();
        rates.forEach(x -> runs.append(String.format(Locale.ROOT, " %.0f", x)));
        return runs.toString().trim();
    }

    /** The pipeline's median time against the longest of its stages' median times alone (each on its own input). */
    private static void printPipelineRatio(PrintWriter out, double pipelineSeconds, List<String> stages, Map<String, Double> medianSeconds) {
        if (!medianSeconds.keySet().containsAll(stages)) {
            return;
        }
        String slowest = stages.stream().max(java.util.Comparator.comparingDouble(medianSeconds::get)).orElseThrow();
        out.printf(Locale.ROOT, "pipeline: %.1f s, %.2fx the %.1f s of its slowest stage alone (%s)%n",
                pipelineSeconds, pipelineSeconds / medianSeconds.get(slowest), medianSeconds.get(slowest), slowest);
        out.flush();
    }

    /**
     * The online balancer on {@code curation.matched}: with {@code MATCHED_PARTITIONS} the topic gets one partition per
     * counting task; with {@code REPARTITIONED} it keeps {@code --partitions} and the images go through the repartition.
     */
    private Stage balancerStage(String name, List<Map.Entry<String, byte[]>> matched, BalancerConfig config, int threads,
                                BalancerTopology.Input input) {
        boolean direct = input == BalancerTopology.Input.MATCHED_PARTITIONS;
        return new Stage(name, Topics.MATCHED, matched,
                id -> BalancerTopology.build(config.withOnlineApplicationId(id), input),
                id -> direct ? List.of() : List.of(id + "-" + BalancerTopology.FUNNEL + "-repartition"), threads,
                (servers, id) -> createCountsChangelog(servers, config.withOnlineApplicationId(id)), direct ? config.tasks() : 0);
    }

    private static void createCountsChangelog(String servers, BalancerConfig config) {
        TopicAdmin.ensureTopics(servers, List.of(BalancerTopology.countsChangelog(config)), config.tasks(), (short) 1, Map.of());
    }

    private static void produce(String servers, String topic, List<Map.Entry<String, byte[]>> records) {
        Properties p = Ingester.producerProperties(
                Ingester.forInProcessBroker(KafkaClients.base(servers, "curate-bench", Map.of())), Duration.ofSeconds(60));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            for (Map.Entry<String, byte[]> r : records) {
                producer.send(new ProducerRecord<>(topic, r.getKey(), r.getValue()));
            }
            producer.flush();
        }
    }

    private static void deleteRecursively(Path dir) throws java.io.IOException {
        try (var files = Files.walk(dir)) {
            List<Path> all = new ArrayList<>(files.toList());
            java.util.Collections.reverse(all);
            for (Path f : all) {
                Files.deleteIfExists(f);
            }
        }
    }
}

package io.worldcurate.pipeline;

import io.worldcurate.balancer.CountKeys;
import io.worldcurate.core.batch.BatchCurator;
import io.worldcurate.core.batch.BatchOptions;
import io.worldcurate.core.batch.BatchProgress;
import io.worldcurate.core.batch.BatchResult;
import io.worldcurate.core.count.CountOfCounts;
import io.worldcurate.core.input.ImageJson;
import io.worldcurate.core.input.ImageValidator;
import io.worldcurate.core.input.InvalidRecordException;
import io.worldcurate.core.input.LineReader;
import io.worldcurate.core.lang.LidSettings;
import io.worldcurate.core.metadata.MetadataDirectory;
import io.worldcurate.core.model.Image;
import io.worldcurate.core.model.MatchedImage;
import io.worldcurate.core.model.MatchedText;
import io.worldcurate.core.output.CurationJson;
import io.worldcurate.core.synthetic.CrawlGenerator;
import io.worldcurate.core.synthetic.CrawlSettings;
import io.worldcurate.core.synthetic.LanguageWeight;
import io.worldcurate.core.threshold.ThresholdParams;
import io.worldcurate.schemas.Topics;
import io.worldcurate.streams.ImageRecords;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The input of one test run and what it must produce: a generated crawl ({@link CrawlGenerator}),
 * the records to produce (with their ingest_seq), and batch curation's result on the same input with
 * the same parameters ({@link BatchCurator}), the reference every check compares with.
 */
final class Workload {

    /** The languages of the fixture metadata; LID chooses among them, in low accuracy, in the services and in batch. */
    static final List<String> LANGUAGES = List.of("en", "de", "fr", "zh");

    /** One record to produce to crawl.images. */
    record Input(String key, String uuid, long seq, byte[] value) {
    }

    /** A curated image in the form both batch's curated.jsonl and the replay topic give, comparable field by field. */
    record Curated(String uuid, String url, String text, String lang, List<Integer> entries, double probability) {
        static Curated of(io.worldcurate.core.model.CuratedImage c) {
            return new Curated(c.uuid(), c.url(), c.text(), c.lang(), Arrays.stream(c.entries()).boxed().toList(), c.probability());
        }

        static Curated of(io.worldcurate.schemas.avro.CuratedImage c) {
            return new Curated(c.getUuid(), c.getUrl(), c.getText(), c.getLang(), List.copyOf(c.getEntries()), c.getProbability());
        }
    }

    /** A matched text in a comparable form. */
    record Text(String attr, String text, String lang, List<Integer> entries) {
        static Text of(MatchedText t) {
            return new Text(t.attr(), t.text(), t.lang(), Arrays.stream(t.entries()).boxed().toList());
        }

        static Text of(io.worldcurate.schemas.avro.MatchedText t) {
            return new Text(t.getAttr(), t.getText(), t.getLang(), List.copyOf(t.getEntries()));
        }
    }

    final Path metadataDir;
    final long tEn;
    final String seed;
    final List<Input> inputs;
    /** uuid to the ingest_seq of its first record: the one dedup must keep. */
    final Map<String, Long> firstSeq;
    /** Batch's index: every matched image (after dedup), in input order. */
    final Map<String, List<Text>> matched;
    /** The exact final counts store: {@code <lang>/<entry>} = N[L][e] (> 0 only), {@code <lang>/texts}, {@code <lang>/size}. */
    final Map<String, Long> counts;
    final long matchedTexts;
    /** Batch's curated.jsonl, in input order. */
    final List<Curated> curated;
    final BatchResult batch;

    private Workload(Path metadataDir, long tEn, String seed, List<Input> inputs, Map<String, Long> firstSeq,
                     Map<String, List<Text>> matched, Map<String, Long> counts, long matchedTexts, List<Curated> curated,
                     BatchResult batch) {
        this.metadataDir = metadataDir;
        this.tEn = tEn;
        this.seed = seed;
        this.inputs = inputs;
        this.firstSeq = firstSeq;
        this.matched = matched;
        this.counts = counts;
        this.matchedTexts = matchedTexts;
        this.curated = curated;
        this.batch = batch;
    }

    /**
     * Generates {@code images} images from {@code generatorSeed} into {@code dir}, runs batch curation on
     * them, and reads its outputs back.
     */
    static Workload create(Path dir, Path metadataDir, int images, long generatorSeed, long tEn, String seed) throws IOException {
        Files.createDirectories(dir);
        MetadataDirectory metadata = new MetadataDirectory(metadataDir);
        Path input = dir.resolve("crawl.jsonl");
        CrawlSettings settings = CrawlSettings.defaults(images, generatorSeed).withLanguages(List.of(
                new LanguageWeight("en", 6), new LanguageWeight("de", 2), new LanguageWeight("fr", 2), new LanguageWeight("zh", 2)));
        new CrawlGenerator(metadata, settings).write(input, n -> { });

        // the records as `curate ingest` produces them: parsed, keyed, numbered
        List<Input> inputs = new ArrayList<>();
        Map<String, Long> firstSeq = new LinkedHashMap<>();
        long rejected = 0;
        try (LineReader lines = LineReader.open(input, ImageValidator.DEFAULT_MAX_RECORD_BYTES)) {
            LineReader.Line line;
            while ((line = lines.next()) != null) {
                Image image;
                try {
                    image = ImageJson.parse(line.bytes());
                } catch (InvalidRecordException e) {
                    rejected++;
                    continue;
                }
                long seq = inputs.size();
                byte[] value = Topics.CRAWLED_IMAGE_SERDE.serialize(Topics.CRAWL_IMAGES, ImageRecords.toCrawledImage(image, seq));
                inputs.add(new Input(key(image), image.uuid(), seq, value));
                firstSeq.putIfAbsent(image.uuid(), seq);
            }
        }

        Path batchDir = dir.resolve("batch");
        BatchOptions options = new BatchOptions(List.of(input), metadataDir, batchDir, new ThresholdParams(tEn, null, 1), seed,
                new LidSettings(LidSettings.Accuracy.LOW, Set.copyOf(LANGUAGES), 0.0), 2, ImageValidator.DEFAULT_MAX_RECORD_BYTES);
        BatchResult batch = BatchCurator.run(options, BatchProgress.NONE);
        if (batch.stats().rejected() != rejected) {
            throw new IllegalStateException("batch rejected " + batch.stats().rejected() + " records, the ingest " + rejected);
        }

        Map<String, List<Text>> matched = new LinkedHashMap<>();
        Map<String, Long> counts = new TreeMap<>();
        long matchedTexts = 0;
        for (String l : Files.readAllLines(batchDir.resolve(BatchResult.INDEX), StandardCharsets.UTF_8)) {
            MatchedImage m = CurationJson.readIndexLine(l);
            matched.put(m.uuid(), m.texts().stream().map(Text::of).toList());
            for (MatchedText t : m.texts()) {
                matchedTexts++;
                counts.merge(CountKeys.texts(t.lang()), 1L, Long::sum);
                counts.put(CountKeys.size(t.lang()), (long) metadata.get(t.lang()).size());
                for (int e : t.entries()) {
                    counts.merge(CountKeys.entry(t.lang(), e), 1L, Long::sum);
                }
            }
        }
        List<Curated> curated = Files.readAllLines(batchDir.resolve(BatchResult.CURATED), StandardCharsets.UTF_8).stream()
                .map(l -> Curated.of(CurationJson.readCuratedLine(l))).toList();
        return new Workload(metadataDir, tEn, seed, Collections.unmodifiableList(inputs), Collections.unmodifiableMap(firstSeq),
                Collections.unmodifiableMap(matched), Collections.unmodifiableMap(counts), matchedTexts, curated, batch);
    }

    /**
     * The record key: the uuid, as {@code curate ingest} does, except for a fifth of the urls, keyed by
     * their url so that lid's re-key path (the {@code lid-rekey} repartition topic) carries data too.
     * Every record of a url has the same key, so the copies of a uuid stay in order on one partition.
     */
    private static String key(Image image) {
        return Math.floorMod(image.url().hashCode(), 5) == 0 ? image.url() : image.uuid();
    }

    String describe() {
        Map<String, CountOfCounts> c = batch.counts();
        return String.format("%d records (%d unique uuids, %d keyed by url), %d matched images with %d matched texts, "
                        + "%d admitted by batch (%d on an English text); thresholds %s; languages %s",
                inputs.size(), firstSeq.size(), inputs.stream().filter(i -> !i.key().equals(i.uuid())).count(),
                matched.size(), matchedTexts, curated.size(), curated.stream().filter(x -> x.lang().equals("en")).count(),
                batch.thresholds().byLanguage(), c.keySet());
    }
}

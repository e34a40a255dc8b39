package io.worldcurate.balancer;

import io.worldcurate.core.count.CountOfCounts;
import io.worldcurate.core.decide.Decider;
import io.worldcurate.core.decide.Decision;
import io.worldcurate.core.threshold.ThresholdCalculator;
import io.worldcurate.core.threshold.Thresholds;
import io.worldcurate.schemas.avro.CuratedImage;
import io.worldcurate.schemas.avro.DecisionMode;
import io.worldcurate.schemas.avro.LanguageThreshold;
import io.worldcurate.schemas.avro.MatchedImage;
import io.worldcurate.schemas.avro.MatchedText;
import io.worldcurate.streams.ImageRecords;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The online balancer of spec section 8, one per counting task (partition {@code t} of the
 * repartition by uuid). For each image: count every matched text's entries in this task's partial
 * counters (RocksDB, keys {@code <lang>/<entry>@t}), then decide the image once on its chosen text with
 * N[L][e] = this task's count as it now stands + the other tasks' partial counts as last read from the
 * global store, and the most recently published threshold of that language (global store of
 * {@code curation.thresholds}). Every publish interval task 0 recomputes the thresholds from the
 * global count-of-counts (the sums over tasks) and publishes the changed ones. Before a language's
 * first publication, a task decides it with a threshold computed from its own counts.
 *
 * <p>The store is the truth of this task's counts (its changelog restores them and publishes them), and
 * it is written through at every increment, so what a commit takes is always exact. Reads come from
 * memory: this task's counts are mirrored in {@link #own} (loaded from the store in {@link #init}, which
 * runs again whenever the task is restored or revived), the other tasks' partials and the published
 * thresholds from the global side's in-memory mirrors ({@link GlobalCounts}, {@link PublishedThresholds}).
 */
final class OnlineBalancer implements Processor<String, MatchedImage, String, BalancerOutput> {

    private final BalancerConfig config;
    private final GlobalCounts global;
    private final PublishedThresholds published;
    private final Decider decider;
    private ProcessorContext<String, BalancerOutput> context;
    private int task;
    private KeyValueStore<String, Long> counts;
    private Map<String, CountOfCounts> countOfCounts;
    /** This task's partial counts N_t[L][·] as the store holds them (a mirror: every increment is also put). */
    private Map<String, long[]> own;
    /** What task 0 last published, so that only changes are published. */
    private final Map<String, LanguageThreshold> current = new HashMap<>();
    /** Thresholds from this task's own counts, for languages not published yet; cleared every interval. */
    private Thresholds provisional;
    private long publishedVersion = -1;

    OnlineBalancer(BalancerConfig config, GlobalCounts global, PublishedThresholds published) {
        this.config = config;
        this.global = global;
        this.published = published;
        this.decider = new Decider(config.seed());
    }

    @Override
    public void init(ProcessorContext<String, BalancerOutput> context) {
        this.context = context;
        // init runs again on the same instance when Kafka Streams revives a corrupted task: start clean
        current.clear();
        provisional = null;
        publishedVersion = -1;
        this.task = context.taskId().partition();
        this.counts = context.getStateStore(BalancerTopology.COUNTS_STORE);
        // the store is restored from its changelog (exactly the committed state): rebuild from it
        CountsSnapshot snapshot = CountsSnapshot.of(counts);
        this.countOfCounts = new HashMap<>(snapshot.countOfCounts());
        this.own = new HashMap<>(snapshot.vectors());
        if (task == 0) {
            ReadOnlyKeyValueStore<String, LanguageThreshold> publishedStore = context.getStateStore(BalancerTopology.THRESHOLDS_STORE);
            try (KeyValueIterator<String, LanguageThreshold> it = publishedStore.all()) {
                while (it.hasNext()) {
                    KeyValue<String, LanguageThreshold> kv = it.next();
                    current.put(kv.key, kv.value);
                }
            }
        }
        context.schedule(config.publishInterval(), PunctuationType.WALL_CLOCK_TIME, now -> {
            provisional = null;
            if (task == 0) {
                publish(now);
            }
        });
    }

    @Override
    public void process(Record<String, MatchedImage> record) {
        MatchedImage image = record.value();
        for (MatchedText t : image.getTexts()) {
            count(t);
        }
        MatchedText chosen = image.getTexts().get(decider.chosenIndex(image.getUuid(), image.getTexts().size()));
        String lang = chosen.getLang();
        long threshold = threshold(lang);
        int[] entries = ImageRecords.entries(chosen);
        long[] mine = own.get(lang);
        long[] n = new long[entries.length];
        for (int i = 0; i < entries.length; i++) {
            n[i] = mine[entries[i]];
            if (config.tasks() > 1) {
                n[i] += global.others(lang, entries[i], task);
            }
        }
        Decision d = decider.decide(image.getUuid(), lang, entries, n, threshold);
        config.metrics().decided(lang, d.admitted());
        if (!d.admitted()) {
            config.metrics().stage().dropped("not admitted");
            return;
        }
        List<Long> usedCounts = new ArrayList<>(n.length);
        for (long c : n) {
            usedCounts.add(c);
        }
        CuratedImage curated = CuratedImage.newBuilder()
                .setUuid(image.getUuid()).setUrl(image.getUrl()).setPageUrl(image.getPageUrl()).setIngestSeq(image.getIngestSeq())
                .setText(chosen.getText()).setAttr(chosen.getAttr()).setLang(lang).setEntries(chosen.getEntries())
                .setProbability(d.probability()).setCounts(usedCounts).setThreshold(threshold)
                .setMode(DecisionMode.ONLINE).setDecidedAt(Instant.ofEpochMilli(context.currentSystemTimeMs()))
                .build();
        config.metrics().stage().out();
        context.forward(record.withKey(image.getUuid()).withValue(new BalancerOutput.Admitted(curated)));
    }

    private void count(MatchedText t) {
        String lang = t.getLang();
        CountOfCounts coc = countOfCounts.get(lang);
        if (coc == null) {
            int size = config.metadata().entries(lang);
            counts.put(CountKeys.size(lang, task), (long) size);
            coc = new CountOfCounts(size);
            countOfCounts.put(lang, coc);
            own.put(lang, new long[size]);
        }
        long[] mine = own.get(lang);
        for (int e : t.getEntries()) {
            long before = mine[e];
            // the store first: if the put fails, the mirror still equals the store
            counts.put(CountKeys.entry(lang, e, task), before + 1);
            mine[e] = before + 1;
            coc.increment(before);
        }
        coc.addMatchedTexts(1);
        counts.put(CountKeys.texts(lang, task), coc.matchedTexts());
    }

    /** The last published threshold of {@code lang}, or, before its first publication, one from this task's counts. */
    private long threshold(String lang) {
        LanguageThreshold t = published.get(lang);
        if (t != null) {
            return t.getThreshold();
        }
        if (provisional == null || !provisional.byLanguage().containsKey(lang)) {
            provisional = ThresholdCalculator.compute(countOfCounts, config.thresholds());
        }
        return provisional.byLanguage().get(lang);
    }

    /** Task 0: recomputes every threshold from the global count-of-counts and publishes those that changed. */
    private void publish(long now) {
        long version = global.version();
        if (version == publishedVersion) {
            return;
        }
        publishedVersion = version;
        Map<String, CountOfCounts> countOfCounts = global.countOfCounts();
        Thresholds t = ThresholdCalculator.compute(countOfCounts, config.thresholds());
        for (Map.Entry<String, Long> e : t.byLanguage().entrySet()) {
            String lang = e.getKey();
            CountOfCounts coc = countOfCounts.get(lang);
            LanguageThreshold next = LanguageThreshold.newBuilder()
                    .setLang(lang).setThreshold(e.getValue()).setTailRatio(t.tailRatio())
                    .setMatchedTexts(coc.matchedTexts()).setMatchedEntries(coc.nonZeroEntries())
                    .setMetadataEntries(coc.metadataEntries()).setComputedAt(Instant.ofEpochMilli(now))
                    .build();
            LanguageThreshold before = current.get(lang);
            if (before != null && sameFigures(before, next)) {
                continue;
            }
            current.put(lang, next);
            config.metrics().threshold(lang, next.getThreshold(), next.getTailRatio());
            context.forward(new Record<String, BalancerOutput>(lang, new BalancerOutput.Threshold(next), now));
        }
    }

    private static boolean sameFigures(LanguageThreshold a, LanguageThreshold b) {
        return a.getThreshold() == b.getThreshold() && a.getTailRatio() == b.getTailRatio()
                && a.getMatchedTexts() == b.getMatchedTexts() && a.getMatchedEntries() == b.getMatchedEntries()
                && a.getMetadataEntries() == b.getMetadataEntries();
    }
}

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

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The online balancer of spec section 8, the one task every matched image is funnelled to. For each
 * image: count every matched text's entries (one counter per (language, entry) in RocksDB, with the
 * count-of-counts kept in step in memory), then decide the image once on its chosen text with the
 * counts as they now stand and the most recently published threshold of that language. Every
 * publish interval the thresholds are recomputed from the count-of-counts and the changed ones
 * published; a language seen for the first time is published at once, so every decision uses a
 * published threshold.
 */
final class OnlineBalancer implements Processor<String, MatchedImage, String, BalancerOutput> {

    private final BalancerConfig config;
    private final Decider decider;
    private ProcessorContext<String, BalancerOutput> context;
    private KeyValueStore<String, Long> counts;
    private KeyValueStore<String, LanguageThreshold> published;
    private Map<String, CountOfCounts> countOfCounts;
    private final Map<String, LanguageThreshold> current = new HashMap<>();
    private boolean changedSincePublish;

    OnlineBalancer(BalancerConfig config) {
        this.config = config;
        this.decider = new Decider(config.seed());
    }

    @Override
    public void init(ProcessorContext<String, BalancerOutput> context) {
        this.context = context;
        // init runs again on the same instance when Kafka Streams revives a corrupted task: start clean
        current.clear();
        changedSincePublish = false;
        this.counts = context.getStateStore(BalancerTopology.COUNTS_STORE);
        this.published = context.getStateStore(BalancerTopology.THRESHOLDS_STORE);
        // the stores are restored from their changelogs (exactly the committed state): rebuild from them
        this.countOfCounts = new HashMap<>(CountsSnapshot.of(counts).countOfCounts());
        try (KeyValueIterator<String, LanguageThreshold> it = published.all()) {
            while (it.hasNext()) {
                KeyValue<String, LanguageThreshold> kv = it.next();
                current.put(kv.key, kv.value);
            }
        }
        context.schedule(config.publishInterval(), PunctuationType.WALL_CLOCK_TIME, now -> {
            if (changedSincePublish) {
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
        changedSincePublish = true;
        MatchedText chosen = image.getTexts().get(decider.chosenIndex(image.getUuid(), image.getTexts().size()));
        String lang = chosen.getLang();
        if (!current.containsKey(lang)) {
            publish(context.currentSystemTimeMs());
        }
        long threshold = current.get(lang).getThreshold();
        int[] entries = ImageRecords.entries(chosen);
        long[] n = new long[entries.length];
        for (int i = 0; i < entries.length; i++) {
            n[i] = counts.get(CountKeys.entry(lang, entries[i]));
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
            int size = config.metadata().get(lang).size();
            coc = new CountOfCounts(size);
            countOfCounts.put(lang, coc);
            counts.put(CountKeys.size(lang), (long) size);
        }
        for (int e : t.getEntries()) {
            String key = CountKeys.entry(lang, e);
            Long old = counts.get(key);
            long before = old == null ? 0 : old;
            counts.put(key, before + 1);
            coc.increment(before);
        }
        coc.addMatchedTexts(1);
        counts.put(CountKeys.texts(lang), coc.matchedTexts());
    }

    /** Recomputes every threshold and publishes those that changed. */
    private void publish(long now) {
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
            published.put(lang, next);
            config.metrics().threshold(lang, next.getThreshold(), next.getTailRatio());
            context.forward(new Record<String, BalancerOutput>(lang, new BalancerOutput.Threshold(next), now));
        }
        changedSincePublish = false;
    }

    private static boolean sameFigures(LanguageThreshold a, LanguageThreshold b) {
        return a.getThreshold() == b.getThreshold() && a.getTailRatio() == b.getTailRatio()
                && a.getMatchedTexts() == b.getMatchedTexts() && a.getMatchedEntries() == b.getMatchedEntries()
                && a.getMetadataEntries() == b.getMetadataEntries();
    }
}

package io.worldcurate.balancer;

import io.worldcurate.core.decide.Decider;
import io.worldcurate.core.decide.Decision;
import io.worldcurate.core.threshold.ThresholdCalculator;
import io.worldcurate.core.threshold.Thresholds;
import io.worldcurate.schemas.Topics;
import io.worldcurate.schemas.avro.CuratedImage;
import io.worldcurate.schemas.avro.DecisionMode;
import io.worldcurate.schemas.avro.MatchedImage;
import io.worldcurate.schemas.avro.MatchedText;
import io.worldcurate.streams.Decoded;
import io.worldcurate.streams.ImageRecords;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Replay (spec section 8): re-decides every image of {@code curation.matched} with the final,
 * frozen counts and thresholds, into {@code curation.curated.replay}. The counts come from the online
 * balancer's counts changelog, read into a global store before processing starts and frozen at the
 * first record; thresholds are computed from them once. On a finite input whose online run has
 * finished, the result equals {@code curate batch} image for image.
 */
public final class ReplayTopology {

    public static final String STAGE = "replay";
    public static final String FROZEN_COUNTS_STORE = "replay-counts";
    public static final String DEFAULT_APPLICATION_ID = "balancer-replay";

    private ReplayTopology() {
    }

    public static Topology build(BalancerConfig config) {
        StreamsBuilder builder = new StreamsBuilder();
        build(builder, config);
        return builder.build();
    }

    public static void build(StreamsBuilder builder, BalancerConfig config) {
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(FROZEN_COUNTS_STORE), Serdes.String(), Serdes.Long())
                        .withLoggingDisabled(),
                config.countsChangelogTopic(),
                Consumed.with(Serdes.String(), Serdes.Long()).withName("replay-counts-changelog"),
                () -> new Processor<String, Long, Void, Void>() {
                    private KeyValueStore<String, Long> store;

                    @Override
                    public void init(ProcessorContext<Void, Void> context) {
                        store = context.getStateStore(FROZEN_COUNTS_STORE);
                    }

                    @Override
                    public void process(Record<String, Long> record) {
                        if (record.value() == null) {
                            store.delete(record.key());
                        } else {
                            store.put(record.key(), record.value());
                        }
                    }
                });

        // records the online balancer dead-lettered are dropped here: it already reported them
        BalancerTopology.decodedMatchedImages(builder, config, STAGE)
                .filter((k, v) -> !v.isDead(), Named.as(STAGE + "-drop-dead"))
                .mapValues(Decoded::value, Named.as(STAGE + "-value"))
                .process(() -> new Redecide(config), Named.as(STAGE + "-redecide"))
                .to(Topics.CURATED_REPLAY, Produced.with(Topics.KEY_SERDE, Topics.CURATED_IMAGE_SERDE).withName(STAGE + "-out"));
    }

    /** Re-decides on the frozen counts; the snapshot is taken once per task, when its first image arrives. */
    static final class Redecide implements Processor<String, MatchedImage, String, CuratedImage> {
        private final BalancerConfig config;
        private final Decider decider;
        private ProcessorContext<String, CuratedImage> context;
        private KeyValueStore<String, Long> store;
        private CountsSnapshot frozen;
        private Thresholds thresholds;

        Redecide(BalancerConfig config) {
            this.config = config;
            this.decider = new Decider(config.seed());
        }

        @Override
        public void init(ProcessorContext<String, CuratedImage> context) {
            this.context = context;
            this.store = context.getStateStore(FROZEN_COUNTS_STORE);
        }

        @Override
        public void process(Record<String, MatchedImage> record) {
            if (frozen == null) {
                frozen = CountsSnapshot.of(store);
                thresholds = ThresholdCalculator.compute(frozen.countOfCounts(), config.thresholds());
            }
            MatchedImage image = record.value();
            MatchedText chosen = image.getTexts().get(decider.chosenIndex(image.getUuid(), image.getTexts().size()));
            String lang = chosen.getLang();
            Long t = thresholds.byLanguage().get(lang);
            if (t == null) {
                // counted after the snapshot (the online run was not finished): cannot be re-decided exactly
                config.metrics().stage().dropped("not in frozen counts");
                return;
            }
            int[] entries = ImageRecords.entries(chosen);
            long[] n = new long[entries.length];
            List<Long> usedCounts = new ArrayList<>(n.length);
            for (int i = 0; i < entries.length; i++) {
                n[i] = frozen.count(lang, entries[i]);
                usedCounts.add(n[i]);
            }
            Decision d = decider.decide(image.getUuid(), lang, entries, n, t);
            config.metrics().decided(lang, d.admitted());
            if (!d.admitted()) {
                config.metrics().stage().dropped("not admitted");
                return;
            }
            config.metrics().stage().out();
            context.forward(record.withKey(image.getUuid()).withValue(CuratedImage.newBuilder()
                    .setUuid(image.getUuid()).setUrl(image.getUrl()).setPageUrl(image.getPageUrl()).setIngestSeq(image.getIngestSeq())
                    .setText(chosen.getText()).setAttr(chosen.getAttr()).setLang(lang).setEntries(chosen.getEntries())
                    .setProbability(d.probability()).setCounts(usedCounts).setThreshold(t)
                    .setMode(DecisionMode.REPLAY).setDecidedAt(Instant.ofEpochMilli(context.currentSystemTimeMs()))
                    .build()));
        }
    }
}

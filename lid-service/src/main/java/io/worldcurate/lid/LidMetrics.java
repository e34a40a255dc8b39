package io.worldcurate.lid;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.worldcurate.streams.StageMetrics;

import java.util.concurrent.ConcurrentHashMap;

/** lid-service's counters: the stage's own, and texts identified per language. */
public interface LidMetrics {

    LidMetrics NONE = new LidMetrics() {
    };

    default StageMetrics stage() {
        return StageMetrics.NONE;
    }

    /** A text's language was chosen by identification (not trusted from the input). */
    default void detected(String language) {
    }

    /**
     * Counts, by the engine's label, the texts that identification sent to {@code other} because the label has
     * no metadata ({@code curation.lid.labels.without.metadata}); a label set bounded by the engine's.
     */
    static java.util.function.Consumer<String> labelsWithoutMetadata(MeterRegistry registry) {
        ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();
        return label -> counters.computeIfAbsent(label, l -> Counter.builder("curation.lid.labels.without.metadata")
                .description("Texts identified with a label that has no metadata, so sent to other, by label")
                .tag("label", l).register(registry)).increment();
    }

    static LidMetrics micrometer(MeterRegistry registry) {
        StageMetrics stage = StageMetrics.micrometer(LidTopology.STAGE, registry);
        ConcurrentHashMap<String, Counter> detections = new ConcurrentHashMap<>();
        return new LidMetrics() {
            @Override
            public StageMetrics stage() {
                return stage;
            }

            @Override
            public void detected(String language) {
                detections.computeIfAbsent(language, l -> Counter.builder("curation.lid.detections")
                        .description("Texts whose language was identified, by metadata language")
                        .tag("lang", l).register(registry)).increment();
            }
        };
    }
}

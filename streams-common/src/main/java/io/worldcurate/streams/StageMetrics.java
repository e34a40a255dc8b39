package io.worldcurate.streams;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The counters every stage keeps, in Micrometer: records in and out, dropped (with why) and
 * dead-lettered (with the kind of reason). Counters live in memory: after a crash they count
 * re-processed records again, unlike the topics and stores, which are exactly-once.
 */
public interface StageMetrics {

    StageMetrics NONE = new StageMetrics() {
    };

    default void in() {
    }

    default void out() {
    }

    default void dropped(String why) {
    }

    default void deadLettered(String kind) {
    }

    /** Counter {@code curation_records_in_total{stage}} and its siblings, registered in {@code registry}. */
    static StageMetrics micrometer(String stage, MeterRegistry registry) {
        Counter in = Counter.builder("curation.records.in").description("Records read by the stage")
                .tag("stage", stage).register(registry);
        Counter out = Counter.builder("curation.records.out").description("Records written by the stage")
                .tag("stage", stage).register(registry);
        ConcurrentHashMap<String, Counter> dropped = new ConcurrentHashMap<>();
        ConcurrentHashMap<String, Counter> dead = new ConcurrentHashMap<>();
        return new StageMetrics() {
            @Override
            public void in() {
                in.increment();
            }

            @Override
            public void out() {
                out.increment();
            }

            @Override
            public void dropped(String why) {
                dropped.computeIfAbsent(why, w -> Counter.builder("curation.records.dropped")
                        .description("Records the stage dropped on purpose (duplicates, no match, not admitted)")
                        .tag("stage", stage).tag("reason", w).register(registry)).increment();
            }

            @Override
            public void deadLettered(String kind) {
                dead.computeIfAbsent(kind, k -> Counter.builder("curation.records.dead.lettered")
                        .description("Records the stage sent to the dead-letter topic")
                        .tag("stage", stage).tag("reason", k).register(registry)).increment();
            }
        };
    }
}

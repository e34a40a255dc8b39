package io.worldcurate.matcher;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.worldcurate.streams.StageMetrics;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * matcher-service's meters: the stage's own counters, texts with a match per language, and how long
 * each language's automaton took to build.
 */
public interface MatcherMetrics {

    MatcherMetrics NONE = new MatcherMetrics() {
    };

    default StageMetrics stage() {
        return StageMetrics.NONE;
    }

    /** A text of {@code language} matched at least one entry (and is kept). */
    default void matched(String language) {
    }

    /** The automaton of {@code language} was built (its metadata loaded, spaced and compiled) in {@code nanos}. */
    default void automatonBuilt(String language, long nanos) {
    }

    static MatcherMetrics micrometer(MeterRegistry registry) {
        StageMetrics stage = StageMetrics.micrometer(MatcherTopology.STAGE, registry);
        ConcurrentHashMap<String, Counter> matched = new ConcurrentHashMap<>();
        ConcurrentHashMap<String, AtomicLong> buildNanos = new ConcurrentHashMap<>();
        return new MatcherMetrics() {
            @Override
            public StageMetrics stage() {
                return stage;
            }

            @Override
            public void matched(String language) {
                matched.computeIfAbsent(language, l -> Counter.builder("curation.matcher.matched.texts")
                        .description("Texts with at least one matched metadata entry, by metadata language")
                        .tag("lang", l).register(registry)).increment();
            }

            @Override
            public void automatonBuilt(String language, long nanos) {
                buildNanos.computeIfAbsent(language, l -> {
                    AtomicLong holder = new AtomicLong();
                    Gauge.builder("curation.matcher.automaton.build.seconds", holder, n -> n.get() / 1e9)
                            .description("Time to load, space and build the language's Aho-Corasick automaton (once per process)")
                            .baseUnit("seconds").tag("lang", l).strongReference(true).register(registry);
                    return holder;
                }).set(nanos);
            }
        };
    }
}

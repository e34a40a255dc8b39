package io.worldcurate.balancer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.worldcurate.streams.StageMetrics;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** balancer-service's counters and gauges. */
public interface BalancerMetrics {

    BalancerMetrics NONE = new BalancerMetrics() {
    };

    default StageMetrics stage() {
        return StageMetrics.NONE;
    }

    /** An image was decided on a text of {@code lang}; {@code admitted} says how. */
    default void decided(String lang, boolean admitted) {
    }

    /** A threshold was published. */
    default void threshold(String lang, long threshold, double tailRatio) {
    }

    static BalancerMetrics micrometer(String stage, MeterRegistry registry) {
        StageMetrics stageMetrics = StageMetrics.micrometer(stage, registry);
        ConcurrentHashMap<String, Counter> admitted = new ConcurrentHashMap<>();
        ConcurrentHashMap<String, Counter> decided = new ConcurrentHashMap<>();
        ConcurrentHashMap<String, AtomicLong> thresholds = new ConcurrentHashMap<>();
        AtomicLong tailRatioBits = new AtomicLong(Double.doubleToLongBits(Double.NaN));
        Gauge.builder("curation.balancer.tail.ratio", tailRatioBits, v -> Double.longBitsToDouble(v.get()))
                .description("Tail ratio p of the last published thresholds").tag("stage", stage).register(registry);
        return new BalancerMetrics() {
            @Override
            public StageMetrics stage() {
                return stageMetrics;
            }

            @Override
            public void decided(String lang, boolean ok) {
                decided.computeIfAbsent(lang, l -> Counter.builder("curation.balancer.decided")
                        .description("Images decided, by language of the chosen text")
                        .tag("stage", stage).tag("lang", l).register(registry)).increment();
                if (ok) {
                    admitted.computeIfAbsent(lang, l -> Counter.builder("curation.balancer.admitted")
                            .description("Images admitted, by language of the chosen text")
                            .tag("stage", stage).tag("lang", l).register(registry)).increment();
                }
            }

            @Override
            public void threshold(String lang, long threshold, double tailRatio) {
                thresholds.computeIfAbsent(lang, l -> {
                    AtomicLong v = new AtomicLong();
                    Gauge.builder("curation.balancer.threshold", v, AtomicLong::get)
                            .description("Current threshold t_lang").tag("stage", stage).tag("lang", l).register(registry);
                    return v;
                }).set(threshold);
                tailRatioBits.set(Double.doubleToLongBits(tailRatio));
            }
        };
    }
}

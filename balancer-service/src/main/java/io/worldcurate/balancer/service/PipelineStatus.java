package io.worldcurate.balancer.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.worldcurate.balancer.BalancerTopology;
import io.worldcurate.balancer.ReplayTopology;
import io.worldcurate.schemas.avro.LanguageThreshold;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The dashboard's one document ({@code GET /api/status}): per language the last published threshold
 * and counts (store {@code balancer-thresholds}) with the images decided and admitted (this
 * instance's Micrometer counters), the tail ratio, the dead letters per stage and reason, and the
 * consumer lag per group and topic.
 */
@ApplicationScoped
public class PipelineStatus {

    static final String DECIDED = "curation.balancer.decided";
    static final String ADMITTED = "curation.balancer.admitted";
    static final String TAIL_RATIO = "curation.balancer.tail.ratio";

    @Inject
    BalancerQueries queries;

    @Inject
    KafkaStreams streams;

    @Inject
    MeterRegistry registry;

    @Inject
    DashboardKafka kafka;

    @ConfigProperty(name = "curation.balancer.mode", defaultValue = "online")
    String mode;

    public Map<String, Object> status() {
        long now = System.currentTimeMillis();
        boolean online = !mode.trim().toLowerCase(Locale.ROOT).equals("replay");
        String stage = online ? BalancerTopology.STAGE : ReplayTopology.STAGE;

        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("generated_at", Instant.ofEpochMilli(now).toString());
        doc.put("generated_at_ms", now);
        doc.put("mode", online ? "online" : "replay");
        doc.put("stage", stage);
        doc.put("streams_state", streams.state().toString());

        Map<String, LanguageThreshold> published = Map.of();
        Map<String, Object> stores = new LinkedHashMap<>();
        if (online) {
            try {
                published = queries.publishedThresholds();
                stores.put("available", true);
            } catch (BalancerQueries.NotHere e) {
                stores.put("available", false);
                stores.put("error", e.getMessage());
                e.host().ifPresent(h -> stores.put("active_host", h.host() + ":" + h.port()));
            } catch (RuntimeException e) {
                stores.put("available", false);
                stores.put("error", e.toString());
            }
        } else {
            stores.put("available", false);
            stores.put("error", "replay mode keeps no thresholds store");
        }
        doc.put("stores", stores);

        Double tailRatio = null;
        for (LanguageThreshold t : published.values()) {
            tailRatio = t.getTailRatio();
        }
        if (tailRatio == null) {
            Gauge g = registry.find(TAIL_RATIO).tag("stage", stage).gauge();
            if (g != null && !Double.isNaN(g.value())) {
                tailRatio = g.value();
            }
        }
        doc.put("tail_ratio", tailRatio);

        // admitted first: an image's decided counter is incremented before its admitted one, so reading
        // them in the other order could show more admitted than decided while images are flowing
        Map<String, Long> admitted = counters(ADMITTED, stage);
        Map<String, Long> decided = counters(DECIDED, stage);
        TreeMap<String, Map<String, Object>> languages = new TreeMap<>();
        published.keySet().forEach(l -> languages.put(l, new LinkedHashMap<>()));
        decided.keySet().forEach(l -> languages.put(l, new LinkedHashMap<>()));
        long texts = 0;
        long allDecided = 0;
        long allAdmitted = 0;
        for (Map.Entry<String, Map<String, Object>> e : languages.entrySet()) {
            String lang = e.getKey();
            Map<String, Object> l = e.getValue();
            LanguageThreshold t = published.get(lang);
            l.put("threshold", t == null ? null : t.getThreshold());
            l.put("matched_texts", t == null ? null : t.getMatchedTexts());
            l.put("matched_entries", t == null ? null : t.getMatchedEntries());
            l.put("metadata_entries", t == null ? null : t.getMetadataEntries());
            l.put("computed_at", t == null ? null : t.getComputedAt().toString());
            long d = decided.getOrDefault(lang, 0L);
            long a = admitted.getOrDefault(lang, 0L);
            l.put("decided", d);
            l.put("admitted", a);
            l.put("admitted_ratio", d == 0 ? null : (double) a / d);
            texts += t == null ? 0 : t.getMatchedTexts();
            allDecided += d;
            allAdmitted += a;
        }
        doc.put("languages", languages);
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("languages", languages.size());
        totals.put("matched_texts", texts);
        totals.put("decided", allDecided);
        totals.put("admitted", allAdmitted);
        totals.put("admitted_ratio", allDecided == 0 ? null : (double) allAdmitted / allDecided);
        doc.put("totals", totals);

        doc.put("dead_letters", kafka.deadLetters().<Object>map(s -> s).orElse(null));
        doc.put("lag", kafka.lag().<Object>map(r -> r).orElse(null));
        return doc;
    }

    /** The values of counter {@code name} of {@code stage} by language (this process's, since it started). */
    private Map<String, Long> counters(String name, String stage) {
        Map<String, Long> out = new HashMap<>();
        for (Counter c : registry.find(name).tag("stage", stage).counters()) {
            String lang = c.getId().getTag("lang");
            if (lang != null) {
                out.merge(lang, Math.round(c.count()), Long::sum);
            }
        }
        return out;
    }
}

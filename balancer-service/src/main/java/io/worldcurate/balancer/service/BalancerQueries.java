package io.worldcurate.balancer.service;

import io.worldcurate.balancer.BalancerTopology;
import io.worldcurate.balancer.CountKeys;
import io.worldcurate.core.decide.Decider;
import io.worldcurate.core.metadata.MetadataSource;
import io.worldcurate.schemas.avro.LanguageThreshold;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Interactive queries on the balancer's stores: the global stores every instance holds (every task's
 * partial counts, and the published thresholds), so any instance answers with global figures.
 */
@ApplicationScoped
public class BalancerQueries {

    /** The store is on another instance, or nowhere right now (rebalancing). */
    public static final class NotHere extends RuntimeException {
        private final transient Optional<HostInfo> host;

        NotHere(Optional<HostInfo> host, String message) {
            super(message);
            this.host = host;
        }

        public Optional<HostInfo> host() {
            return host;
        }
    }

    public record HeadEntry(int id, String entry, long count, double probability) {
    }

    @Inject
    KafkaStreams streams;

    @Inject
    MetadataSource metadata;

    /** The thresholds document of spec section 9, from the last published thresholds. */
    public Map<String, Object> thresholds() {
        Map<String, Object> languages = new TreeMap<>();
        double tailRatio = Double.NaN;
        for (Map.Entry<String, LanguageThreshold> e : publishedThresholds().entrySet()) {
            LanguageThreshold t = e.getValue();
            tailRatio = t.getTailRatio();
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("threshold", t.getThreshold());
            l.put("matched_texts", t.getMatchedTexts());
            l.put("matched_entries", t.getMatchedEntries());
            l.put("metadata_entries", t.getMetadataEntries());
            l.put("computed_at", t.getComputedAt().toString());
            languages.put(e.getKey(), l);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("tail_ratio", Double.isNaN(tailRatio) ? null : tailRatio);
        doc.put("languages", languages);
        return doc;
    }

    /** Every language's last published threshold record (threshold, tail ratio, counts), by language. */
    public Map<String, LanguageThreshold> publishedThresholds() {
        ReadOnlyKeyValueStore<String, LanguageThreshold> store = store(BalancerTopology.THRESHOLDS_STORE);
        Map<String, LanguageThreshold> out = new TreeMap<>();
        try (KeyValueIterator<String, LanguageThreshold> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, LanguageThreshold> kv = it.next();
                if (kv.value != null) {
                    out.put(kv.key, kv.value);
                }
            }
        }
        return out;
    }

    /** The {@code top} entries of {@code lang} with the highest counts (ties by id), with their probabilities. */
    public List<HeadEntry> headEntries(String lang, int top) {
        ReadOnlyKeyValueStore<String, Long> counts = store(BalancerTopology.GLOBAL_COUNTS_STORE);
        ReadOnlyKeyValueStore<String, LanguageThreshold> thresholds = store(BalancerTopology.THRESHOLDS_STORE);
        LanguageThreshold t = thresholds.get(lang);
        Map<Integer, Long> sums = new java.util.HashMap<>();
        try (KeyValueIterator<String, Long> it = counts.prefixScan(CountKeys.prefix(lang), Serdes.String().serializer())) {
            while (it.hasNext()) {
                KeyValue<String, Long> kv = it.next();
                CountKeys.Key k = CountKeys.parse(kv.key);
                if (k.isEntry() && k.lang().equals(lang) && kv.value != null) {
                    sums.merge(k.entry(), kv.value, Long::sum);
                }
            }
        }
        List<long[]> all = new ArrayList<>();
        sums.forEach((e, n) -> all.add(new long[] {e, n}));
        all.sort(Comparator.<long[]>comparingLong(a -> -a[1]).thenComparingLong(a -> a[0]));
        List<HeadEntry> out = new ArrayList<>();
        for (long[] a : all.subList(0, Math.min(top, all.size()))) {
            int id = (int) a[0];
            String name = metadata.has(lang) ? metadata.get(lang).entry(id) : null;
            out.add(new HeadEntry(id, name, a[1], t == null ? 1.0 : Decider.entryProbability(a[1], t.getThreshold())));
        }
        return out;
    }

    public boolean knowsLanguage(String lang) {
        ReadOnlyKeyValueStore<String, Long> counts = store(BalancerTopology.GLOBAL_COUNTS_STORE);
        try (KeyValueIterator<String, Long> it = counts.prefixScan(CountKeys.texts(lang) + "@", Serdes.String().serializer())) {
            return it.hasNext();
        }
    }

    private <V> ReadOnlyKeyValueStore<String, V> store(String name) {
        try {
            return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore()));
        } catch (InvalidStateStoreException e) {
            KeyQueryMetadata where = streams.queryMetadataForKey(name, "any", Serdes.String().serializer());
            Optional<HostInfo> host = where == null || where == KeyQueryMetadata.NOT_AVAILABLE
                    ? Optional.empty() : Optional.of(where.activeHost());
            throw new NotHere(host, "store " + name + " is not available on this instance: " + e.getMessage());
        }
    }
}

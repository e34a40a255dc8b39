package io.worldcurate.balancer;

import io.worldcurate.schemas.avro.LanguageThreshold;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The thresholds published on {@code curation.thresholds}, as the global store
 * {@link BalancerTopology#THRESHOLDS_STORE} keeps them, mirrored in memory so that a decision does not
 * read (and decode) a store record per image. One object per topology: the global thread writes it (and
 * rebuilds it from the store when the store is restored), the counting tasks read it.
 */
final class PublishedThresholds {

    private final Map<String, LanguageThreshold> byLanguage = new ConcurrentHashMap<>();

    /** The last published threshold of {@code lang}, or null before its first publication. */
    LanguageThreshold get(String lang) {
        return byLanguage.get(lang);
    }

    /** The global store's update processor: keeps the store and the mirror in step. */
    Processor<String, LanguageThreshold, Void, Void> updater() {
        return new Processor<>() {
            private KeyValueStore<String, LanguageThreshold> store;

            @Override
            public void init(ProcessorContext<Void, Void> context) {
                store = context.getStateStore(BalancerTopology.THRESHOLDS_STORE);
                byLanguage.clear();
                try (KeyValueIterator<String, LanguageThreshold> it = store.all()) {
                    while (it.hasNext()) {
                        KeyValue<String, LanguageThreshold> kv = it.next();
                        if (kv.value != null) {
                            byLanguage.put(kv.key, kv.value);
                        }
                    }
                }
            }

            @Override
            public void process(Record<String, LanguageThreshold> record) {
                if (record.value() == null) {
                    store.delete(record.key());
                    byLanguage.remove(record.key());
                } else {
                    store.put(record.key(), record.value());
                    byLanguage.put(record.key(), record.value());
                }
            }
        };
    }
}

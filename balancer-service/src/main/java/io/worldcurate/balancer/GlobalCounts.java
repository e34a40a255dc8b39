package io.worldcurate.balancer;

import io.worldcurate.core.count.CountOfCounts;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The global side of local-global counting: every instance reads every task's partial counts (the
 * counts changelog, all its partitions, read_committed) into the global store
 * {@link BalancerTopology#GLOBAL_COUNTS_STORE}, and keeps the count-of-counts of their sums in memory,
 * from which the thresholds are computed. One object per topology (so per Kafka Streams instance):
 * the global thread writes it, the counting tasks read it.
 *
 * <p>The global store's partial counts are mirrored in memory ({@link #others}): a decision reads the other
 * tasks' partials from there instead of making N − 1 RocksDB gets per entry, and the global thread sums
 * them from there when a partial changes. The store stays the source of the mirror (it is rebuilt from
 * the store whenever the store is restored) and what the REST API reads.
 */
public final class GlobalCounts {

    private final BalancerConfig config;
    private final Map<String, CountOfCounts> countOfCounts = new HashMap<>();
    /** Per language, every task's partial count: index entry × tasks + task. Written by the global thread only. */
    private final Map<String, AtomicLongArray> partials = new ConcurrentHashMap<>();
    private long version;

    GlobalCounts(BalancerConfig config) {
        this.config = config;
    }

    /** N[L][e] summed over the partial counts of every task except {@code exceptTask} (-1: all tasks). */
    static long sum(ReadOnlyKeyValueStore<String, Long> store, String lang, int entry, int tasks, int exceptTask) {
        long n = 0;
        for (int q = 0; q < tasks; q++) {
            if (q != exceptTask) {
                Long v = store.get(CountKeys.entry(lang, entry, q));
                if (v != null) {
                    n += v;
                }
            }
        }
        return n;
    }

    /**
     * N[L][e] summed over the partial counts of every task except {@code exceptTask}, as read so far by the
     * global thread (from memory: the mirror of the global store).
     */
    long others(String lang, int entry, int exceptTask) {
        AtomicLongArray a = partials.get(lang);
        int tasks = config.tasks();
        if (a == null || entry < 0 || (long) entry * tasks + tasks > a.length()) {
            return 0;
        }
        int base = entry * tasks;
        long n = 0;
        for (int q = 0; q < tasks; q++) {
            if (q != exceptTask) {
                n += a.get(base + q);
            }
        }
        return n;
    }

    /** The mirror's slot of a partial count, or -1 when it has none (unknown language, entry or task out of range). */
    private int slot(CountKeys.Key k, boolean create) {
        int tasks = config.tasks();
        if (!k.isEntry() || !k.isPartial() || k.task() >= tasks || !config.metadata().has(k.lang())) {
            return -1;
        }
        AtomicLongArray a = create
                ? partials.computeIfAbsent(k.lang(), l -> new AtomicLongArray(Math.multiplyExact(config.metadata().entries(l), tasks)))
                : partials.get(k.lang());
        if (a == null || (long) k.entry() * tasks + tasks > a.length()) {
            return -1;
        }
        return k.entry() * tasks + k.task();
    }

    /** A copy of every language's global count-of-counts, as of the partial counts read so far. */
    synchronized Map<String, CountOfCounts> countOfCounts() {
        Map<String, CountOfCounts> copy = new TreeMap<>();
        countOfCounts.forEach((lang, c) -> copy.put(lang, c.copy()));
        return copy;
    }

    /** Grows with every change of the count-of-counts. */
    synchronized long version() {
        return version;
    }

    private CountOfCounts of(String lang) {
        version++;
        return countOfCounts.computeIfAbsent(lang, l -> new CountOfCounts(config.metadata().entries(l)));
    }

    private synchronized void changed(String lang, long sumBefore, long sumAfter) {
        of(lang).change(sumBefore, sumAfter);
    }

    private synchronized void textsChanged(String lang, long delta) {
        of(lang).addMatchedTexts(delta);
    }

    /** Rebuilds the count-of-counts from the whole store (after it was restored, whichever way). */
    private synchronized void rebuild(KeyValueStore<String, Long> store) {
        countOfCounts.clear();
        partials.clear();
        Map<String, Map<Integer, Long>> sums = new HashMap<>();
        Map<String, Long> texts = new HashMap<>();
        try (KeyValueIterator<String, Long> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, Long> kv = it.next();
                CountKeys.Key k = CountKeys.parse(kv.key);
                if (kv.value == null || !config.metadata().has(k.lang())) {
                    continue;
                }
                int slot = slot(k, true);
                if (slot >= 0) {
                    partials.get(k.lang()).set(slot, kv.value);
                }
                if (k.isEntry()) {
                    sums.computeIfAbsent(k.lang(), l -> new HashMap<>()).merge(k.entry(), kv.value, Long::sum);
                } else if (CountKeys.TEXTS.equals(k.counter())) {
                    texts.merge(k.lang(), kv.value, Long::sum);
                }
            }
        }
        sums.forEach((lang, byEntry) -> {
            CountOfCounts c = of(lang);
            byEntry.values().forEach(n -> c.change(0, n));
        });
        texts.forEach((lang, n) -> of(lang).addMatchedTexts(n));
    }

    /** The global store's update processor: keeps the store and the count-of-counts in step. */
    Processor<String, Long, Void, Void> updater() {
        return new Processor<>() {
            private KeyValueStore<String, Long> store;

            @Override
            public void init(ProcessorContext<Void, Void> context) {
                store = context.getStateStore(BalancerTopology.GLOBAL_COUNTS_STORE);
                rebuild(store);
            }

            @Override
            public void process(Record<String, Long> record) {
                CountKeys.Key k = CountKeys.parse(record.key());
                long after = record.value() == null ? 0 : record.value();
                boolean known = config.metadata().has(k.lang());
                int slot = known ? slot(k, true) : -1;
                // the mirror holds what the store holds for every slot: no RocksDB read for a partial count
                long before = slot >= 0 ? partials.get(k.lang()).get(slot) : storedValue(record.key());
                if (known && k.isEntry() && k.isPartial() && before != after) {
                    long sumBefore = slot >= 0 ? others(k.lang(), k.entry(), -1) : sum(store, k.lang(), k.entry(), config.tasks(), -1);
                    changed(k.lang(), sumBefore, sumBefore - before + after);
                } else if (known && CountKeys.TEXTS.equals(k.counter()) && before != after) {
                    textsChanged(k.lang(), after - before);
                }
                if (record.value() == null) {
                    store.delete(record.key());
                } else {
                    store.put(record.key(), record.value());
                }
                if (slot >= 0) {
                    partials.get(k.lang()).set(slot, after);
                }
            }

            private long storedValue(String key) {
                Long v = store.get(key);
                return v == null ? 0 : v;
            }
        };
    }
}

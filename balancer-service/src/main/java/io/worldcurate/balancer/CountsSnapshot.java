package io.worldcurate.balancer;

import io.worldcurate.core.count.CountOfCounts;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every language's counts read out of a counts store at one moment: count vectors, metadata sizes
 * and count-of-counts. Partial counts of several tasks ({@code <lang>/<entry>@<task>}) are summed, so
 * the snapshot of the online balancer's counts changelog (all its partitions) holds the global counts;
 * replay freezes the final counts in one.
 */
public final class CountsSnapshot {

    private final Map<String, long[]> counts;
    private final Map<String, CountOfCounts> countOfCounts;

    private CountsSnapshot(Map<String, long[]> counts, Map<String, CountOfCounts> countOfCounts) {
        this.counts = counts;
        this.countOfCounts = countOfCounts;
    }

    public static CountsSnapshot of(ReadOnlyKeyValueStore<String, Long> store) {
        Map<String, Long> sizes = new HashMap<>();
        Map<String, Long> texts = new HashMap<>();
        Map<String, Map<Integer, Long>> entries = new HashMap<>();
        try (KeyValueIterator<String, Long> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, Long> kv = it.next();
                if (kv.value == null) {
                    continue;
                }
                CountKeys.Key k = CountKeys.parse(kv.key);
                if (k.isEntry()) {
                    entries.computeIfAbsent(k.lang(), l -> new HashMap<>()).merge(k.entry(), kv.value, Long::sum);
                } else if (k.counter().equals(CountKeys.SIZE)) {
                    sizes.put(k.lang(), kv.value);
                } else {
                    texts.merge(k.lang(), kv.value, Long::sum);
                }
            }
        }
        Map<String, long[]> counts = new TreeMap<>();
        Map<String, CountOfCounts> cocs = new TreeMap<>();
        for (Map.Entry<String, Long> s : sizes.entrySet()) {
            String lang = s.getKey();
            long[] vector = new long[Math.toIntExact(s.getValue())];
            CountOfCounts coc = new CountOfCounts(vector.length);
            Map<Long, Long> byCount = new HashMap<>();
            entries.getOrDefault(lang, Map.of()).forEach((e, n) -> {
                vector[e] = n;
                if (n > 0) {
                    byCount.merge(n, 1L, Long::sum);
                }
            });
            byCount.forEach(coc::add);
            coc.addMatchedTexts(texts.getOrDefault(lang, 0L));
            counts.put(lang, vector);
            cocs.put(lang, coc);
        }
        return new CountsSnapshot(counts, cocs);
    }

    /** N[L][e], 0 for an unknown language or entry. */
    public long count(String lang, int entry) {
        long[] v = counts.get(lang);
        return v == null || entry < 0 || entry >= v.length ? 0 : v[entry];
    }

    /** Every language's count vector N[L][·], indexed by entry id (the snapshot's own arrays). */
    public Map<String, long[]> vectors() {
        return counts;
    }

    public Map<String, CountOfCounts> countOfCounts() {
        return countOfCounts;
    }
}

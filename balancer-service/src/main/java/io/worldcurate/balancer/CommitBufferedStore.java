package io.worldcurate.balancer;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A key-value store layer that keeps the last value put for each key since the last commit in a hash map,
 * and writes them to the store beneath (and so to its changelog) when Kafka Streams flushes the caches
 * before every commit. For counters that change many times between two commits this does what the record
 * cache does (one changelog record per key per commit) without the record cache's work on every put:
 * serializing the key and value, a sorted map of byte arrays, the LRU list and the size accounting. The
 * counting task's puts were a quarter of its time through the record cache (docs/PERFORMANCE.md).
 *
 * <p>What a commit takes is exact: Kafka Streams calls {@link #flushCache()} in its preparation of every
 * commit (and of a clean close), after the last record of the commit was processed and before the
 * transaction commits, so the buffered values go into the same transaction as the input offsets they
 * count. A task closed dirty drops the buffer with its uncommitted transaction ({@link #close()}, and
 * {@link #init} on revival), as does a task recycled between active and standby ({@link #clearCache()}). The hook is Kafka Streams' internal {@link CachedStateStore}, the interface of its own
 * record cache; {@code CommitBufferedStoreTest} fails if a commit stops calling it.
 *
 * <p>Reads see the buffered values. {@link #all()} and {@link #range} materialise their result (they serve
 * start-up and tests, not the per-record path); keys are compared as strings, which is the store's byte
 * order for the ASCII keys of {@link CountKeys}. Interactive queries from other threads read the buffer
 * safely (a concurrent map) but may see a value that is not committed yet, as with any store under
 * exactly-once.
 */
final class CommitBufferedStore implements KeyValueStore<String, Long>, CachedStateStore<String, Long> {

    private final KeyValueStore<String, Long> inner;
    private final Map<String, Long> pending = new ConcurrentHashMap<>();

    CommitBufferedStore(KeyValueStore<String, Long> inner) {
        this.inner = inner;
    }

    /** A builder of the store {@code inner} builds (which must have no record cache), with this layer on top. */
    static StoreBuilder<KeyValueStore<String, Long>> builder(StoreBuilder<KeyValueStore<String, Long>> inner) {
        return new Builder(inner);
    }

    @Override
    public void put(String key, Long value) {
        if (value == null) {
            delete(key);
        } else {
            pending.put(key, value);
        }
    }

    @Override
    public Long putIfAbsent(String key, Long value) {
        Long current = get(key);
        if (current == null) {
            put(key, value);
        }
        return current;
    }

    @Override
    public void putAll(List<KeyValue<String, Long>> entries) {
        for (KeyValue<String, Long> kv : entries) {
            put(kv.key, kv.value);
        }
    }

    @Override
    public Long delete(String key) {
        Long buffered = pending.remove(key);
        Long stored = inner.delete(key);
        return buffered != null ? buffered : stored;
    }

    @Override
    public Long get(String key) {
        Long buffered = pending.get(key);
        return buffered != null ? buffered : inner.get(key);
    }

    @Override
    public KeyValueIterator<String, Long> range(String from, String to) {
        TreeMap<String, Long> view = new TreeMap<>();
        try (KeyValueIterator<String, Long> it = inner.range(from, to)) {
            it.forEachRemaining(kv -> view.put(kv.key, kv.value));
        }
        pending.forEach((k, v) -> {
            if ((from == null || k.compareTo(from) >= 0) && (to == null || k.compareTo(to) <= 0)) {
                view.put(k, v);
            }
        });
        return iterator(view);
    }

    @Override
    public KeyValueIterator<String, Long> all() {
        return range(null, null);
    }

    @Override
    public long approximateNumEntries() {
        return inner.approximateNumEntries() + pending.size();
    }

    /** Writes the buffered values to the store beneath: called by Kafka Streams before every commit. */
    @Override
    public void flushCache() {
        if (!pending.isEmpty()) {
            List<KeyValue<String, Long>> batch = new ArrayList<>(pending.size());
            pending.forEach((k, v) -> batch.add(KeyValue.pair(k, v)));
            inner.putAll(batch);
            for (KeyValue<String, Long> kv : batch) {
                pending.remove(kv.key, kv.value);
            }
        }
        if (inner instanceof CachedStateStore<?, ?> cached) {
            cached.flushCache();
        }
    }

    @Override
    public void clearCache() {
        pending.clear();
        if (inner instanceof CachedStateStore<?, ?> cached) {
            cached.clearCache();
        }
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<String, Long> listener, boolean sendOldValues) {
        return false;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        pending.clear();
        inner.init(context, root);
    }

    /** Kafka Streams flushes the stores before it writes a checkpoint; the buffer goes first, so the checkpoint covers it. */
    @Override
    public void flush() {
        flushCache();
        inner.flush();
    }

    @Override
    public void close() {
        pending.clear();
        inner.close();
    }

    @Override
    public boolean persistent() {
        return inner.persistent();
    }

    @Override
    public boolean isOpen() {
        return inner.isOpen();
    }

    /** Interactive queries (v2) read the store beneath: the values as of the last commit's flush. */
    @Override
    public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
        return inner.query(query, positionBound, config);
    }

    @Override
    public Position getPosition() {
        return inner.getPosition();
    }

    private static KeyValueIterator<String, Long> iterator(TreeMap<String, Long> view) {
        Iterator<Map.Entry<String, Long>> it = view.entrySet().iterator();
        return new KeyValueIterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public KeyValue<String, Long> next() {
                Map.Entry<String, Long> e = it.next();
                return KeyValue.pair(e.getKey(), e.getValue());
            }

            @Override
            public String peekNextKey() {
                throw new UnsupportedOperationException("peekNextKey");
            }

            @Override
            public void close() {
            }
        };
    }

    private record Builder(StoreBuilder<KeyValueStore<String, Long>> inner) implements StoreBuilder<KeyValueStore<String, Long>> {

        @Override
        public StoreBuilder<KeyValueStore<String, Long>> withCachingEnabled() {
            throw new UnsupportedOperationException("the commit buffer is this store's cache");
        }

        @Override
        public StoreBuilder<KeyValueStore<String, Long>> withCachingDisabled() {
            return this;
        }

        @Override
        public StoreBuilder<KeyValueStore<String, Long>> withLoggingEnabled(Map<String, String> config) {
            return new Builder(inner.withLoggingEnabled(config));
        }

        @Override
        public StoreBuilder<KeyValueStore<String, Long>> withLoggingDisabled() {
            return new Builder(inner.withLoggingDisabled());
        }

        @Override
        public KeyValueStore<String, Long> build() {
            return new CommitBufferedStore(inner.build());
        }

        @Override
        public Map<String, String> logConfig() {
            return inner.logConfig();
        }

        @Override
        public boolean loggingEnabled() {
            return inner.loggingEnabled();
        }

        @Override
        public String name() {
            return inner.name();
        }
    }
}

package io.worldcurate.balancer;

import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class CommitBufferedStoreTest {

    private static final String STORE = "counts";
    private static final String APP = "buffered-test";

    @TempDir
    Path dir;

    /** Counts every word of a line: the same key incremented several times before one commit. */
    static final class WordCounter implements Processor<String, String, String, String> {
        private KeyValueStore<String, Long> counts;
        private ProcessorContext<String, String> context;

        @Override
        public void init(ProcessorContext<String, String> context) {
            this.context = context;
            this.counts = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<String, String> record) {
            for (String word : record.value().split(" ")) {
                Long n = counts.get(word);
                counts.put(word, n == null ? 1 : n + 1);
            }
            List<String> all = new ArrayList<>();
            try (KeyValueIterator<String, Long> it = counts.all()) {
                it.forEachRemaining(kv -> all.add(kv.key + "=" + kv.value));
            }
            context.forward(record.withValue(String.join(",", all)));
        }
    }

    @Test
    void aCommitWritesTheLastValueOfEachChangedKeyOnceToTheChangelog() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(CommitBufferedStore.builder(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(), Serdes.Long()).withCachingDisabled()));
        builder.stream("lines", Consumed.with(Serdes.String(), Serdes.String()))
                .process(WordCounter::new, STORE)
                .to("views");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, APP);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        props.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), props, Instant.ofEpochMilli(0))) {
            TestInputTopic<String, String> lines = driver.createInputTopic("lines", new StringSerializer(), new StringSerializer());
            TestOutputTopic<String, String> views = driver.createOutputTopic("views", new StringDeserializer(), new StringDeserializer());
            TestOutputTopic<String, Long> changelog = driver.createOutputTopic(APP + "-" + STORE + "-changelog",
                    new StringDeserializer(), new LongDeserializer());

            // the driver commits after every input record
            lines.pipeInput("k", "dog dog cat dog");
            assertThat(views.readValue()).as("reads before the commit see the buffered values, in key order").isEqualTo("cat=1,dog=3");
            assertThat(changelog.readKeyValuesToList()).as("one record per changed key, its last value")
                    .containsExactlyInAnyOrder(KeyValue.pair("dog", 3L), KeyValue.pair("cat", 1L));

            lines.pipeInput("k", "cat cat");
            assertThat(views.readValue()).isEqualTo("cat=3,dog=3");
            assertThat(changelog.readKeyValuesToList()).as("only what changed since the last commit")
                    .containsExactly(KeyValue.pair("cat", 3L));

            KeyValueStore<String, Long> store = driver.getKeyValueStore(STORE);
            assertThat(store.get("dog")).isEqualTo(3L);
            assertThat(store.get("cat")).isEqualTo(3L);
        }
    }

    private static CommitBufferedStore open(String name) {
        KeyValueStore<String, Long> inner = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), Serdes.Long())
                .withLoggingDisabled().withCachingDisabled().build();
        CommitBufferedStore store = new CommitBufferedStore(inner);
        MockProcessorContext<String, Long> context = new MockProcessorContext<>();
        store.init(context.getStateStoreContext(), store);
        return store;
    }

    private static List<String> keys(KeyValueIterator<String, Long> it) {
        List<String> keys = new ArrayList<>();
        try (it) {
            it.forEachRemaining(kv -> keys.add(kv.key + "=" + kv.value));
        }
        return keys;
    }

    @Test
    void readsMergeTheBufferWithTheStoreBeneath() {
        CommitBufferedStore store = open("merge");
        store.put("en/1@0", 1L);
        store.put("en/2@0", 5L);
        store.flushCache();
        store.put("en/2@0", 6L);
        store.put("en/3@0", 1L);
        store.put("fr/1@0", 2L);

        assertThat(store.get("en/2@0")).isEqualTo(6L);
        assertThat(store.get("en/1@0")).isEqualTo(1L);
        assertThat(keys(store.all())).containsExactly("en/1@0=1", "en/2@0=6", "en/3@0=1", "fr/1@0=2");
        assertThat(keys(store.range("en/2", "en/9"))).containsExactly("en/2@0=6", "en/3@0=1");
        assertThat(store.putIfAbsent("en/1@0", 9L)).isEqualTo(1L);
        assertThat(store.putIfAbsent("de/1@0", 4L)).isNull();
        assertThat(store.get("de/1@0")).isEqualTo(4L);

        assertThat(store.delete("en/2@0")).isEqualTo(6L);
        assertThat(store.get("en/2@0")).as("deleted in the buffer and beneath").isNull();
        store.flushCache();
        assertThat(store.get("en/2@0")).isNull();
        assertThat(keys(store.all())).containsExactly("de/1@0=4", "en/1@0=1", "en/3@0=1", "fr/1@0=2");
    }

    @Test
    void clearingTheCacheDropsWhatNoCommitTook() {
        CommitBufferedStore store = open("recycled");
        store.put("en/1@0", 1L);
        store.flushCache();
        store.put("en/1@0", 2L);
        store.put("en/2@0", 1L);
        store.clearCache();
        assertThat(store.get("en/1@0")).isEqualTo(1L);
        assertThat(store.get("en/2@0")).isNull();
        assertThat(keys(store.all())).containsExactly("en/1@0=1");
    }

    @Test
    void aStoreClosedAndOpenedAgainHasNoBufferedValues() {
        CommitBufferedStore store = open("dirty");
        store.put("en/1@0", 1L);
        // a dirty close: no commit, so no flushCache before it
        store.close();
        store.init(new MockProcessorContext<String, Long>().getStateStoreContext(), store);
        assertThat(store.get("en/1@0")).isNull();
        assertThat(keys(store.all())).isEmpty();
    }
}

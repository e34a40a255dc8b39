package io.worldcurate.streams;

import io.worldcurate.schemas.Topics;
import io.worldcurate.schemas.avro.DeadLetter;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the poison-record tests of the three stages share: a running topology that remembers whether it
 * ever went to ERROR, the bad records every stage must survive, and the checks of their dead letters.
 */
public final class PoisonRecords {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private PoisonRecords() {
    }

    /** A KafkaStreams client that records every state it went through. */
    public record Running(KafkaStreams streams, AtomicBoolean error) implements AutoCloseable {
        public boolean everInError() {
            return error.get();
        }

        @Override
        public void close() {
            streams.close(Duration.ofSeconds(30));
        }
    }

    /** Starts {@code topology} and waits until it is RUNNING. */
    public static Running start(Topology topology, Properties props) throws InterruptedException {
        KafkaStreams streams = new KafkaStreams(topology, props);
        AtomicBoolean error = new AtomicBoolean();
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.ERROR) {
                error.set(true);
            }
        });
        streams.start();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline || error.get()) {
                streams.close(Duration.ofSeconds(10));
                throw new AssertionError("the topology did not reach RUNNING: " + streams.state());
            }
            Thread.sleep(50);
        }
        return new Running(streams, error);
    }

    /** A size a little under what a stage may write to a topic with {@code max.message.bytes = limit}. */
    public static int justUnder(int limit) {
        return limit - RecordLimits.RECORD_OVERHEAD - 256;
    }

    /** The largest n whose {@code serialized(n)} has at most {@code maxBytes} bytes. */
    public static int largest(int maxBytes, IntFunction<byte[]> serialized) {
        int lo = 1;
        int hi = 2;
        while (serialized.apply(hi).length <= maxBytes) {
            lo = hi;
            hi *= 2;
        }
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (serialized.apply(mid).length <= maxBytes) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * Sends the bad records every stage must survive, keyed by what they are: {@code random} (random bytes),
     * {@code empty} (no bytes), {@code null} (no value) and {@code at-limit} (random bytes as large as the
     * topic accepts), then {@code extra}. Returns every key with the value sent.
     */
    public static Map<String, byte[]> sendBadRecords(String servers, String topic, int limit, Map<String, byte[]> extra) {
        Random random = new Random(9);
        byte[] noise = new byte[300];
        random.nextBytes(noise);
        byte[] atLimit = new byte[limit - 100];
        random.nextBytes(atLimit);
        Map<String, byte[]> sent = new LinkedHashMap<>();
        sent.put("random", noise);
        sent.put("empty", new byte[0]);
        sent.put("null", null);
        sent.put("at-limit", atLimit);
        sent.putAll(extra);
        try (KafkaProducer<String, byte[]> producer = producer(servers)) {
            sent.forEach((k, v) -> producer.send(new ProducerRecord<>(topic, k, v)));
            producer.flush();
        }
        return sent;
    }

    public static void send(String servers, String topic, String key, byte[] value) {
        try (KafkaProducer<String, byte[]> producer = producer(servers)) {
            producer.send(new ProducerRecord<>(topic, key, value));
            producer.flush();
        }
    }

    private static KafkaProducer<String, byte[]> producer(String servers) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024);
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * The committed values of {@code topic}: waits for {@code count}, then reads two seconds more so
     * that a record too many shows.
     */
    public static <V> List<V> read(String servers, String topic, Deserializer<V> deserializer, int count) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "poison-read-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
        List<V> values = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            long quietUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, quietUntil)) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(deserializer.deserialize(topic, r.value())));
                if (values.size() >= count && quietUntil == Long.MAX_VALUE) {
                    quietUntil = System.nanoTime() + Duration.ofSeconds(2).toNanos();
                }
            }
        }
        assertThat(values).as("records in " + topic).hasSize(count);
        return values;
    }

    /**
     * Checks that each key of {@code reasons} has exactly one dead letter, whose reason starts with the
     * given prefix, that every dead letter fits in a topic with {@code max.message.bytes = limit}, and that
     * the dead letters of input records carry their size, SHA-256 and first bytes.
     */
    public static void assertDeadLetters(List<DeadLetter> dead, Map<String, byte[]> sent, Map<String, String> reasons, int limit) {
        for (var e : reasons.entrySet()) {
            List<DeadLetter> letters = dead.stream().filter(d -> d.getOriginalKey() != null
                    && StandardCharsets.UTF_8.decode(d.getOriginalKey().duplicate()).toString().equals(e.getKey())).toList();
            assertThat(letters).as("dead letters of " + e.getKey()).hasSize(1);
            DeadLetter d = letters.get(0);
            assertThat(d.getReason()).as("reason for " + e.getKey()).startsWith(e.getValue());
            assertThat(d.getPartition()).isNotNegative();
            assertThat(d.getOffset()).isNotNegative();
            int size = Topics.DEAD_LETTER_SERDE.serialize(Topics.DLQ, d).length + e.getKey().length();
            assertThat(RecordLimits.fits(0, size, limit)).as("dead letter of " + e.getKey() + " (" + size + " bytes) fits").isTrue();
            byte[] value = sent.get(e.getKey());
            if (value == null) {
                assertThat(d.getOriginalValue()).isNull();
                assertThat(d.getOriginalSize()).isEqualTo(-1);
                continue;
            }
            if (e.getValue().startsWith(OutputSizeCheck.REASON)) {
                continue; // its value is the output, not the input
            }
            assertThat(d.getOriginalSize()).isEqualTo(value.length);
            assertThat(d.getOriginalSha256()).isEqualTo(DeadLetters.sha256(value));
            byte[] kept = bytes(d.getOriginalValue());
            assertThat(d.getValueTruncated()).isEqualTo(kept.length < value.length);
            assertThat(java.util.Arrays.copyOf(value, kept.length)).isEqualTo(kept);
        }
    }

    public static byte[] bytes(ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return out;
    }
}

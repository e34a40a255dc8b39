package io.worldcurate.streams;

import io.worldcurate.schemas.Topic;
import io.worldcurate.schemas.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

/** Where every topology sends what it cannot process: dead letters to {@code curation.dlq}, values onwards. */
public final class DeadLetterRoute {

    private DeadLetterRoute() {
    }

    /**
     * Sends the dead letters of {@code decoded} to {@code curation.dlq} and returns the values. Processor
     * names start with {@code name}.
     */
    public static <V> KStream<String, V> valuesOf(KStream<String, Decoded<V>> decoded, String name) {
        var branches = decoded.split(Named.as(name + "-"))
                .branch((k, v) -> v.isDead(), Branched.as("dead"))
                .defaultBranch(Branched.as("ok"));
        toDeadLetterTopic(branches.get(name + "-dead"), name);
        return branches.get(name + "-ok").mapValues(Decoded::value, Named.as(name + "-value"));
    }

    /** Writes the dead letters of {@code dead} (all of which are dead) to {@code curation.dlq}. */
    public static <V> void toDeadLetterTopic(KStream<String, Decoded<V>> dead, String name) {
        dead.map((k, v) -> KeyValue.pair(DeadLetters.recordKey(k), v.letter()), Named.as(name + "-dead-letter"))
                .to(Topics.DLQ, Produced.with(Topics.KEY_SERDE, Topics.DEAD_LETTER_SERDE).withName(name + "-dlq"));
    }

    /**
     * Writes the values of {@code decoded} to {@code out} and its dead letters to {@code curation.dlq}, after
     * {@link OutputSizeCheck}: a value too large for {@code out} (whose {@code max.message.bytes} is
     * {@code limit}) becomes a dead letter with reason {@code oversized output}.
     */
    public static <V> void to(KStream<String, Decoded<V>> decoded, String name, String stage, Topic<String, V> out,
                              int limit, StageMetrics metrics) {
        KStream<String, Decoded<byte[]>> checked = decoded.process(
                () -> new OutputSizeCheck<>(stage, out.name(), out.valueSerde().serializer(), limit, metrics),
                Named.as(name + "-size-check"));
        valuesOf(checked, name)
                .to(out.name(), Produced.with(Topics.KEY_SERDE, Serdes.ByteArray()).withName(name + "-out"));
    }
}

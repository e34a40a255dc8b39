package io.worldcurate.streams;

import io.worldcurate.schemas.Topics;
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
        branches.get(name + "-dead").mapValues(Decoded::letter, Named.as(name + "-dead-letter"))
                .to(Topics.DLQ, Produced.with(Topics.KEY_SERDE, Topics.DEAD_LETTER_SERDE).withName(name + "-dlq"));
        return branches.get(name + "-ok").mapValues(Decoded::value, Named.as(name + "-value"));
    }
}

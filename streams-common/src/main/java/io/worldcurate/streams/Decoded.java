package io.worldcurate.streams;

import io.worldcurate.schemas.avro.DeadLetter;

/**
 * A record after decoding and validation: its value, or the dead letter that says why it has none.
 * Lives only between two processors of one sub-topology, so it needs no serde.
 */
public sealed interface Decoded<V> {

    record Ok<V>(V value) implements Decoded<V> {
    }

    record Dead<V>(DeadLetter letter) implements Decoded<V> {
    }

    default boolean isDead() {
        return this instanceof Dead;
    }

    default V value() {
        if (this instanceof Ok<V> ok) {
            return ok.value();
        }
        throw new IllegalStateException("a dead letter has no value");
    }

    default DeadLetter letter() {
        if (this instanceof Dead<V> dead) {
            return dead.letter();
        }
        throw new IllegalStateException("a decoded value is not a dead letter");
    }
}

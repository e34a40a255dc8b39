package io.worldcurate.streams;

import java.nio.charset.StandardCharsets;

/**
 * How large a record a stage may write to a topic created with {@code max.message.bytes = limit}.
 *
 * <p>The broker checks the size of a whole record batch against {@code max.message.bytes}; a record
 * too large for it aborts the stage's transaction. A stage therefore checks each record before it
 * writes it: key + value + {@link #RECORD_OVERHEAD} must not exceed the limit.
 */
public final class RecordLimits {

    /**
     * Bytes a record needs besides its key and value when it is alone in a batch: the batch header
     * (61 bytes), the record's own varint header (at most ~25 bytes) and room for small headers.
     */
    public static final int RECORD_OVERHEAD = 512;

    /** Longest key kept as the key of a dead letter; longer keys are cut (see {@link DeadLetters}). */
    public static final int MAX_DEAD_LETTER_KEY_BYTES = 4096;

    private RecordLimits() {
    }

    /** Whether a record with this key and value fits in a topic with {@code max.message.bytes = limit}. */
    public static boolean fits(int keyBytes, int valueBytes, int limit) {
        return (long) keyBytes + valueBytes + RECORD_OVERHEAD <= limit;
    }

    public static int utf8Length(String s) {
        return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
    }
}

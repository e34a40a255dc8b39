package io.worldcurate.streams;

import io.worldcurate.core.input.InvalidRecordException;
import io.worldcurate.schemas.Topics;
import io.worldcurate.schemas.avro.DeadLetter;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Builds the dead letters every stage sends to {@code curation.dlq}. A dead letter always fits in
 * {@code curation.dlq}: it keeps the reason, where the record came from, its key, the size and SHA-256
 * of the whole value, and as many of the value's first bytes as fit ({@code value_truncated} says
 * when not all did).
 */
public final class DeadLetters {

    /** Reasons longer than this are cut: a reason is for people, and must not crowd out the value. */
    static final int MAX_REASON_CHARS = 2000;

    private DeadLetters() {
    }

    /** A dead letter that fits in a {@code curation.dlq} with the default {@code max.message.bytes}. */
    public static DeadLetter of(String stage, String reason, Optional<RecordMetadata> where, String key, byte[] value) {
        return of(stage, reason, where, key, value, Topics.DEFAULT_MAX_MESSAGE_BYTES);
    }

    /**
     * @param where the record's source topic, partition and offset, when the processor knows them
     * @param value the original value bytes, kept (as far as they fit) so the record can be inspected and replayed
     * @param dlqLimit {@code max.message.bytes} of {@code curation.dlq}: the dead letter, keyed by
     *     {@link #recordKey(String)}, fits in it
     */
    public static DeadLetter of(String stage, String reason, Optional<RecordMetadata> where, String key, byte[] value,
                                int dlqLimit) {
        return of(stage, reason, where.map(RecordMetadata::topic).orElse(""), where.map(RecordMetadata::partition).orElse(-1),
                where.map(RecordMetadata::offset).orElse(-1L), key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value, dlqLimit);
    }

    /** The same from raw coordinates and key bytes (as a production error handler sees them). */
    public static DeadLetter of(String stage, String reason, String topic, int partition, long offset, byte[] key,
                                byte[] value, int dlqLimit) {
        int maxReason = Math.min(MAX_REASON_CHARS, Math.max(64, dlqLimit / 16));
        String shortReason = reason.length() > maxReason ? reason.substring(0, maxReason) + "…" : reason;
        byte[] keptKey = key == null || key.length <= RecordLimits.MAX_DEAD_LETTER_KEY_BYTES ? key
                : Arrays.copyOf(key, RecordLimits.MAX_DEAD_LETTER_KEY_BYTES);
        DeadLetter letter = DeadLetter.newBuilder()
                .setReason(shortReason)
                .setStage(stage)
                .setSourceTopic(topic)
                .setPartition(partition)
                .setOffset(offset)
                .setOriginalKey(keptKey == null ? null : ByteBuffer.wrap(keptKey))
                .setOriginalValue(null)
                .setOriginalSize(value == null ? -1 : value.length)
                .setOriginalSha256(value == null ? null : sha256(value))
                .setValueTruncated(false)
                .setFailedAt(Instant.now())
                .build();
        if (value == null) {
            return letter;
        }
        int withoutValue = Topics.DEAD_LETTER_SERDE.serialize(Topics.DLQ, letter).length;
        // the value's length prefix (<= 5 bytes), and the dead letter's record key
        int room = dlqLimit - RecordLimits.RECORD_OVERHEAD - withoutValue - 5 - (keptKey == null ? 0 : keptKey.length);
        if (value.length <= room) {
            letter.setOriginalValue(ByteBuffer.wrap(value));
        } else {
            letter.setOriginalValue(ByteBuffer.wrap(Arrays.copyOf(value, Math.max(0, room))));
            letter.setValueTruncated(true);
        }
        return letter;
    }

    /** The key a dead letter is written with: the failed record's key, cut like {@code original_key}. */
    public static String recordKey(String key) {
        if (key == null || key.length() * 3 <= RecordLimits.MAX_DEAD_LETTER_KEY_BYTES) {
            return key;
        }
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        return bytes.length <= RecordLimits.MAX_DEAD_LETTER_KEY_BYTES ? key
                : new String(bytes, 0, RecordLimits.MAX_DEAD_LETTER_KEY_BYTES / 2, StandardCharsets.UTF_8);
    }

    /** Lowercase hex SHA-256 of {@code bytes}. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** The label metrics and stats count a reason under (see {@link InvalidRecordException#kindOf}). */
    public static String kind(String reason) {
        return InvalidRecordException.kindOf(reason);
    }
}

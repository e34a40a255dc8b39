package io.worldcurate.streams;

import io.worldcurate.core.input.InvalidRecordException;
import io.worldcurate.schemas.avro.DeadLetter;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/** Builds the dead letters every stage sends to {@code curation.dlq}. */
public final class DeadLetters {

    private DeadLetters() {
    }

    /**
     * @param where the record's source topic, partition and offset, when the processor knows them
     * @param value the original value bytes, kept so the record can be inspected and replayed
     */
    public static DeadLetter of(String stage, String reason, Optional<RecordMetadata> where, String key, byte[] value) {
        return DeadLetter.newBuilder()
                .setReason(reason)
                .setStage(stage)
                .setSourceTopic(where.map(RecordMetadata::topic).orElse(""))
                .setPartition(where.map(RecordMetadata::partition).orElse(-1))
                .setOffset(where.map(RecordMetadata::offset).orElse(-1L))
                .setOriginalKey(key == null ? null : ByteBuffer.wrap(key.getBytes(StandardCharsets.UTF_8)))
                .setOriginalValue(value == null ? null : ByteBuffer.wrap(value))
                .setFailedAt(Instant.now())
                .build();
    }

    /** The label metrics and stats count a reason under (see {@link InvalidRecordException#kindOf}). */
    public static String kind(String reason) {
        return InvalidRecordException.kindOf(reason);
    }
}

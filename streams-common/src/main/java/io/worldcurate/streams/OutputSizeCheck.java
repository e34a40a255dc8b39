package io.worldcurate.streams;

import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The last step before a stage writes its output: serialises the value and checks that the record fits
 * in the output topic. One that would not is turned into a dead letter with reason {@code oversized
 * output}, so that the broker never refuses a record (which would abort the transaction and stop the
 * stage on the same record again and again). Dead letters pass through unchanged.
 */
public final class OutputSizeCheck<V> implements Processor<String, Decoded<V>, String, Decoded<byte[]>> {

    public static final String REASON = "oversized output";

    private final String stage;
    private final String topic;
    private final Serializer<V> serializer;
    private final int limit;
    private final StageMetrics metrics;
    private ProcessorContext<String, Decoded<byte[]>> context;

    /** @param limit {@code max.message.bytes} of {@code topic}, which is also the limit of {@code curation.dlq} */
    public OutputSizeCheck(String stage, String topic, Serializer<V> serializer, int limit, StageMetrics metrics) {
        this.stage = stage;
        this.topic = topic;
        this.serializer = serializer;
        this.limit = limit;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Decoded<byte[]>> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, Decoded<V>> record) {
        if (record.value().isDead()) {
            context.forward(record.withValue(new Decoded.Dead<>(record.value().letter())));
            return;
        }
        byte[] bytes = serializer.serialize(topic, record.value().value());
        int keyBytes = RecordLimits.utf8Length(record.key());
        if (RecordLimits.fits(keyBytes, bytes.length, limit)) {
            context.forward(record.withValue(new Decoded.Ok<>(bytes)));
            return;
        }
        String reason = REASON + ": " + topic + " record of " + (keyBytes + bytes.length) + " bytes (key and value) exceeds "
                + (limit - RecordLimits.RECORD_OVERHEAD) + ", the limit of " + limit + " less " + RecordLimits.RECORD_OVERHEAD
                + " bytes of record overhead";
        metrics.deadLettered(DeadLetters.kind(reason));
        context.forward(record.withValue(new Decoded.Dead<>(
                DeadLetters.of(stage, reason, context.recordMetadata(), record.key(), bytes, limit))));
    }
}

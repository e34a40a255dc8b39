package io.worldcurate.streams;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The first step of every topology: decodes the raw value, checks it, and forwards either the value
 * or a dead letter with the reason and the original bytes. A bad record never stops the stream.
 */
public final class DecodeProcessor<V> implements Processor<String, byte[], String, Decoded<V>> {

    /** Says what is wrong with a decoded value, or null when nothing is. */
    @FunctionalInterface
    public interface Check<V> {
        String problem(String key, V value);
    }

    private final String stage;
    private final Deserializer<V> deserializer;
    private final Check<V> check;
    private final int maxValueBytes;
    private final StageMetrics metrics;
    private ProcessorContext<String, Decoded<V>> context;

    public DecodeProcessor(String stage, Deserializer<V> deserializer, Check<V> check, int maxValueBytes, StageMetrics metrics) {
        this.stage = stage;
        this.deserializer = deserializer;
        this.check = check;
        this.maxValueBytes = maxValueBytes;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Decoded<V>> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        metrics.in();
        String problem = null;
        V value = null;
        byte[] bytes = record.value();
        String topic = context.recordMetadata().map(m -> m.topic()).orElse(null);
        if (bytes == null) {
            problem = "no value";
        } else if (bytes.length > maxValueBytes) {
            problem = "oversized: record of " + bytes.length + " bytes exceeds the limit of " + maxValueBytes;
        } else {
            try {
                value = deserializer.deserialize(topic, bytes);
                problem = check.problem(record.key(), value);
            } catch (SerializationException e) {
                problem = "undecodable: " + e.getMessage();
            } catch (RuntimeException e) {
                problem = "invalid: " + e;
            }
        }
        if (problem == null) {
            context.forward(record.withValue(new Decoded.Ok<>(value)));
        } else {
            metrics.deadLettered(DeadLetters.kind(problem));
            context.forward(record.withValue(new Decoded.Dead<>(
                    DeadLetters.of(stage, problem, context.recordMetadata(), record.key(), bytes, maxValueBytes))));
        }
    }

}

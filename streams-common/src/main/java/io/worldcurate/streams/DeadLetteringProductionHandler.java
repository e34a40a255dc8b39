package io.worldcurate.streams;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * Kafka Streams' {@code production.exception.handler} for every stage: a record the producer or the
 * broker refuses because of its size, or that cannot be serialised, is dead-lettered (source record,
 * truncated, with the reason) and the stage goes on, instead of the default FAIL that stops the client.
 * Any other error still fails: it is not the record's fault (authorisation, a missing topic...).
 *
 * <p>The stages check sizes before writing ({@link OutputSizeCheck}), so this is the net for what slips
 * through. Under exactly-once a size error the broker returns may still abort the transaction; the
 * task is then re-run, and the size check, not this handler, is what breaks the loop.
 */
public final class DeadLetteringProductionHandler implements ProductionExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetteringProductionHandler.class);

    private DeadLetterSender sender;

    @Override
    public void configure(Map<String, ?> configs) {
        sender = new DeadLetterSender(configs);
    }

    @Override
    public ProductionExceptionHandlerResponse handle(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record,
                                                     Exception exception) {
        if (!(exception instanceof RecordTooLargeException || exception instanceof RecordBatchTooLargeException)) {
            LOG.error("cannot write to {} (not a size error, the stage stops): {}", record.topic(), exception.toString());
            return ProductionExceptionHandlerResponse.FAIL;
        }
        deadLetter("oversized output: " + record.topic() + " refused the record: " + exception.getMessage(), context);
        return ProductionExceptionHandlerResponse.CONTINUE;
    }

    @Override
    public ProductionExceptionHandlerResponse handleSerializationException(ErrorHandlerContext context, ProducerRecord record,
                                                                           Exception exception,
                                                                           SerializationExceptionOrigin origin) {
        deadLetter("unserialisable output: " + record.topic() + " " + origin.toString().toLowerCase() + ": " + exception, context);
        return ProductionExceptionHandlerResponse.CONTINUE;
    }

    private void deadLetter(String reason, ErrorHandlerContext context) {
        LOG.warn("dead-lettering {}-{}@{}: {}", context.topic(), context.partition(), context.offset(), reason);
        sender.send(reason, context.topic(), context.partition(), context.offset(), context.sourceRawKey(), context.sourceRawValue());
    }
}

package io.worldcurate.streams;

import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * Kafka Streams' {@code processing.exception.handler} for every stage: an exception a processor did not
 * catch itself dead-letters the source record with the exception as reason, and the stage goes on
 * (the default, LogAndFail, stops the client). The processors dead-letter what they know can fail
 * (decoding, validation, language identification, matching); this is the net for the rest.
 */
public final class DeadLetteringProcessingHandler implements ProcessingExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetteringProcessingHandler.class);

    private DeadLetterSender sender;

    @Override
    public void configure(Map<String, ?> configs) {
        sender = new DeadLetterSender(configs);
    }

    @Override
    public ProcessingHandlerResponse handle(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        String reason = "processing failed in " + context.processorNodeId() + ": " + exception;
        LOG.warn("dead-lettering {}-{}@{}: {}", context.topic(), context.partition(), context.offset(), reason);
        sender.send(reason, context.topic(), context.partition(), context.offset(), context.sourceRawKey(), context.sourceRawValue());
        return ProcessingHandlerResponse.CONTINUE;
    }
}

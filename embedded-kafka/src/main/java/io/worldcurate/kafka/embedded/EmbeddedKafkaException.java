package io.worldcurate.kafka.embedded;

/**
 * Thrown when the embedded cluster cannot be prepared, started, stopped or used in time: formatting
 * failed, a node did not start, the cluster did not become ready, a topic could not be created.
 */
public class EmbeddedKafkaException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public EmbeddedKafkaException(String message) {
        super(message);
    }

    public EmbeddedKafkaException(String message, Throwable cause) {
        super(message, cause);
    }
}

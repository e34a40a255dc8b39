package io.worldcurate.kafka.embedded;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link EmbeddedKafkaCluster} per test class, started before its first test and closed after its
 * last: {@code @RegisterExtension static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();}
 * then {@code KAFKA.cluster()} in the tests.
 */
public final class EmbeddedKafkaExtension implements BeforeAllCallback, AfterAllCallback {

    private EmbeddedKafkaCluster cluster;

    @Override
    public void beforeAll(ExtensionContext context) {
        cluster = EmbeddedKafkaCluster.builder().start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
    }

    /** The running cluster. */
    public EmbeddedKafkaCluster cluster() {
        if (cluster == null) {
            throw new IllegalStateException("the embedded Kafka cluster is not started (register the extension as a static field)");
        }
        return cluster;
    }
}

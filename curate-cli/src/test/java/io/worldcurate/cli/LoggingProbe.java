package io.worldcurate.cli;

import org.slf4j.LoggerFactory;

/** A child-JVM main for {@link CliLoggingTest}: the curate logging setup, then one event of each kind. */
public final class LoggingProbe {

    private LoggingProbe() {
    }

    public static void main(String[] args) {
        CliLogging.configure(CliLogging.verboseRequested(args));
        java.util.logging.Logger jul = java.util.logging.Logger.getLogger("probe.Jul");
        jul.info("jul info event");
        jul.warning("jul warning event");
        jul.severe("jul severe event");
        jul.fine("jul fine event");
        System.getLogger("probe.SystemLogger").log(System.Logger.Level.INFO, "system logger info event");
        System.getLogger("probe.SystemLogger").log(System.Logger.Level.WARNING, "system logger warning event");
        LoggerFactory.getLogger("probe.Slf4j").info("slf4j info event");
        LoggerFactory.getLogger("probe.Slf4j").warn("slf4j warning event");
        // a known-harmless Kafka client warning that simplelogger.properties silences
        LoggerFactory.getLogger("org.apache.kafka.clients.consumer.internals.OffsetFetcherUtils")
                .warn("Not updating last stable offset for partition t-0 as it is no longer assigned");
    }
}

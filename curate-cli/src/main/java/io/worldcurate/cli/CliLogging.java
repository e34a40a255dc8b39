package io.worldcurate.cli;

import org.slf4j.bridge.SLF4JBridgeHandler;

import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.LogManager;

/**
 * The curate command's one logging setup: everything goes through SLF4J to slf4j-simple, one line per
 * event on stderr ({@code simplelogger.properties}). Kafka logs through SLF4J already; java.util.logging
 * (and {@link System.Logger}, which writes to it), used by the matcher and others, is bridged to it.
 *
 * <p>Warnings and errors by default; {@code --verbose} adds info. It must be applied before the first
 * SLF4J logger is made, since slf4j-simple reads its levels once, so {@link CurateCommand#main} applies it
 * before parsing the command line. Kafka's own loggers stay at warn under {@code --verbose} (their info
 * is hundreds of lines per broker start); a {@code -Dorg.slf4j.simpleLogger.log.<name>=<level>} given in
 * {@code CURATE_JAVA_OPTS} overrides any level.
 */
public final class CliLogging {

    static final String VERBOSE_OPTION = "--verbose";
    static final String DEFAULT_LEVEL_PROPERTY = "org.slf4j.simpleLogger.defaultLogLevel";

    private CliLogging() {
    }

    /** True when {@code args} holds {@code --verbose} before any {@code --} end-of-options marker. */
    static boolean verboseRequested(String[] args) {
        for (String a : args) {
            if (a.equals("--")) {
                return false;
            }
            if (a.equals(VERBOSE_OPTION)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Sets slf4j-simple's default level (info when verbose, else warn) unless a system property sets it
     * already, and routes java.util.logging to SLF4J at the same level.
     */
    static void configure(boolean verbose) {
        String level = System.getProperty(DEFAULT_LEVEL_PROPERTY);
        if (level == null || level.isBlank()) {
            level = verbose ? "info" : "warn";
            System.setProperty(DEFAULT_LEVEL_PROPERTY, level);
        }
        // JUL's default console handler prints two lines per record; the bridge gives SLF4J's one line
        LogManager.getLogManager().reset();
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        // records below the level are dropped in JUL already, so they cost nothing to make
        java.util.logging.Logger.getLogger("").setLevel(julLevel(level));
    }

    /** The java.util.logging level that lets through what slf4j-simple's {@code level} shows. */
    static Level julLevel(String slf4jLevel) {
        return switch (slf4jLevel.trim().toLowerCase(Locale.ROOT)) {
            case "trace" -> Level.ALL;
            case "debug" -> Level.FINE;
            case "info" -> Level.INFO;
            case "error" -> Level.SEVERE;
            case "off" -> Level.OFF;
            default -> Level.WARNING;
        };
    }
}

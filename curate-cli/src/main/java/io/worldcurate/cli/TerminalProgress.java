package io.worldcurate.cli;

import java.io.PrintStream;

/**
 * A one-line progress display on stderr, redrawn at most a few times a second; silent when stderr
 * is not a terminal (pipes and CI logs get only the final report).
 */
final class TerminalProgress {

    private final PrintStream err;
    private final boolean enabled;
    private final long started = System.nanoTime();
    private long lastDraw;
    private boolean drawn;

    TerminalProgress(PrintStream err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
    }

    static TerminalProgress onStderr() {
        return new TerminalProgress(System.err, System.console() != null && !"dumb".equals(System.getenv("TERM")));
    }

    double elapsedSeconds() {
        return (System.nanoTime() - started) / 1e9;
    }

    /** Redraws {@code label: done [of total] (rate/s)} when enough time has passed. */
    void show(String label, long done, long total, String unit) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastDraw < 200_000_000L && (total <= 0 || done < total)) {
            return;
        }
        lastDraw = now;
        double secs = Math.max(1e-9, elapsedSeconds());
        StringBuilder sb = new StringBuilder("\r").append(label).append(": ").append(done);
        if (total > 0) {
            sb.append(String.format(" / %d (%.0f%%)", total, 100.0 * done / total));
        }
        sb.append(String.format("  %.0f %s/s  %.0fs   ", done / secs, unit, secs));
        err.print(sb);
        err.flush();
        drawn = true;
    }

    /** Draws a percentage bar of {@code fraction} with a count. */
    void bar(String label, double fraction, long count, String unit) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastDraw < 200_000_000L && fraction < 1.0) {
            return;
        }
        lastDraw = now;
        int width = 30;
        int filled = (int) Math.round(Math.max(0, Math.min(1, fraction)) * width);
        double secs = Math.max(1e-9, elapsedSeconds());
        err.printf("\r%s [%s%s] %3.0f%% %d %s (%.0f/s)   ", label, "#".repeat(filled), ".".repeat(width - filled),
                100 * fraction, count, unit, count / secs);
        err.flush();
        drawn = true;
    }

    /** Redraws a free-form status line when enough time has passed. */
    void line(String text) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastDraw < 200_000_000L) {
            return;
        }
        lastDraw = now;
        err.printf("\r%s  %.0fs   ", text, elapsedSeconds());
        err.flush();
        drawn = true;
    }

    void end() {
        if (enabled && drawn) {
            err.println();
            drawn = false;
        }
    }
}

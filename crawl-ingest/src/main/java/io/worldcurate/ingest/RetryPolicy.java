package io.worldcurate.ingest;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often and how long to wait before fetching again after a transfer fault: {@code retries}
 * consecutive faults without progress are allowed; the n-th waits {@code initial * 2^(n-1)}, at most
 * {@code max}, times a random factor in [0.5, 1] so that many clients do not come back together.
 */
public record RetryPolicy(int retries, Duration initial, Duration max) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(8, Duration.ofSeconds(1), Duration.ofSeconds(60));

    public RetryPolicy {
        if (retries < 0) {
            throw new IllegalArgumentException("retries must be at least 0, got " + retries);
        }
        if (initial.isNegative() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff must be 0 <= initial <= max, got " + initial + ", " + max);
        }
    }

    /** The wait before attempt {@code failure + 1}, after {@code failure} (1-based) consecutive faults. */
    public Duration delay(int failure) {
        double base = initial.toNanos() * Math.pow(2, Math.min(failure - 1, 40));
        double capped = Math.min(base, (double) max.toNanos());
        return Duration.ofNanos((long) (capped * (0.5 + 0.5 * ThreadLocalRandom.current().nextDouble())));
    }
}

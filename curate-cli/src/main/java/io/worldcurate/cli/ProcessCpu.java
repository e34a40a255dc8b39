package io.worldcurate.cli;

import java.lang.management.ManagementFactory;

/** CPU time of this whole process over an interval, where the JVM reports it. */
final class ProcessCpu {

    private final long startNanos;

    private ProcessCpu(long startNanos) {
        this.startNanos = startNanos;
    }

    static ProcessCpu start() {
        return new ProcessCpu(nanos());
    }

    /** CPU seconds used since {@link #start()}, or -1 when the JVM does not report process CPU time. */
    double secondsSinceStart() {
        long now = nanos();
        return now < 0 || startNanos < 0 ? -1 : (now - startNanos) / 1e9;
    }

    private static long nanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }
}

package io.worldcurate.pipeline;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/** The tests' progress lines, timestamped, on stdout (surefire shows them in the build log). */
final class Log {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private Log() {
    }

    static void info(String format, Object... args) {
        System.out.println(LocalTime.now().format(TIME) + " [pipeline] " + String.format(format, args));
        System.out.flush();
    }
}

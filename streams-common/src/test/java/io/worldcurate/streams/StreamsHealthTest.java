package io.worldcurate.streams;

import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Health with no broker at all: answers at once, readiness DOWN with the reason, liveness UP. */
class StreamsHealthTest {

    @Test
    void withoutABrokerReadinessIsDownWithAReasonAndEveryAnswerIsImmediate() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // free once closed: nothing listens there
        }
        try (StreamsHealth health = new StreamsHealth(() -> null, "127.0.0.1:" + port, List.of("crawl.images"),
                Duration.ofMillis(500), Map.of()).start()) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            StreamsHealth.Status ready;
            do {
                long t0 = System.nanoTime();
                ready = health.readiness();
                StreamsHealth.Status live = health.liveness();
                assertThat((System.nanoTime() - t0) / 1_000_000).as("ms to answer").isLessThan(100);
                assertThat(live.up()).isTrue();
                assertThat(live.data()).containsEntry("state", "NOT_CREATED");
                assertThat(ready.up()).isFalse();
                Thread.sleep(100);
            } while (!ready.data().getOrDefault("reason", "").startsWith("broker unreachable") && System.nanoTime() < deadline);
            assertThat(ready.data().get("reason")).startsWith("broker unreachable");
        }
    }
}

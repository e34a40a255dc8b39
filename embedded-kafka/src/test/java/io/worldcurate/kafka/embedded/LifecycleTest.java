package io.worldcurate.kafka.embedded;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static io.worldcurate.kafka.embedded.TestClients.readAll;
import static org.assertj.core.api.Assertions.assertThat;

/** What a cluster leaves behind: threads, ports, files, output. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LifecycleTest {

    @Test
    void closeLeavesNoNonDaemonThreadNoBoundPortAndNoTemporaryDirectory() throws Exception {
        Set<Thread> before = nonDaemonThreads();
        int brokerPort;
        int controllerPort;
        Path dataDir;
        try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().start()) {
            brokerPort = kafka.brokerPort(0);
            controllerPort = kafka.controllerPort(0);
            dataDir = kafka.dataDir();
            kafka.createTopic("t", 1, 1);
            try (KafkaProducer<String, String> producer = TestClients.producer(kafka)) {
                TestClients.send(producer, "t", List.of("x"));
            }
            assertThat(readAll(kafka, "t", 1, Duration.ofSeconds(30), Map.of())).hasSize(1);
            assertThat(RestartTest.bindable(brokerPort)).as("broker port in use while running").isFalse();
            assertThat(nonDaemonThreads()).as("the broker does run non-daemon threads").hasSizeGreaterThan(before.size());
        }
        assertThat(dataDir).doesNotExist();
        assertThat(RestartTest.bindable(brokerPort)).as("broker port freed").isTrue();
        assertThat(RestartTest.bindable(controllerPort)).as("controller port freed").isTrue();

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        Set<String> leftOver;
        do {
            leftOver = nonDaemonThreads().stream().filter(t -> !before.contains(t))
                    .map(Thread::getName).collect(Collectors.toSet());
            if (leftOver.isEmpty()) {
                break;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        assertThat(leftOver).as("non-daemon threads left after close").isEmpty();
    }

    @Test
    void aJvmThatUsedAClusterExitsAndPrintsNothingOnStdout() throws Exception {
        // the test class path minus slf4j-simple: the broker then logs through SLF4J's no-op fallback,
        // as it does for a caller that brings no SLF4J provider; minus JBoss LogManager too, which is
        // only there for EmbeddedKafkaResource's Quarkus (it takes over java.util.logging when present)
        // (Surefire runs tests through a manifest-only jar and puts the real class path in its own property)
        String testClassPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String classPath = Arrays.stream(testClassPath.split(File.pathSeparator))
                .filter(e -> !e.contains("slf4j-simple") && !e.contains("jboss-logmanager"))
                .collect(Collectors.joining(File.pathSeparator));
        Path out = Files.createTempFile("embedded-kafka-child", ".out");
        Path err = Files.createTempFile("embedded-kafka-child", ".err");
        try {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m", "-cp", classPath, ChildMain.class.getName()));
            Process process = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            boolean exited = process.waitFor(90, TimeUnit.SECONDS);
            if (!exited) {
                process.destroyForcibly();
            }
            String stdout = Files.readString(out, StandardCharsets.UTF_8);
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            assertThat(exited).as("child JVM exited by itself; stderr:%n%s", stderr).isTrue();
            assertThat(process.exitValue()).as("exit code; stderr:%n%s", stderr).isZero();
            assertThat(stdout.strip()).isEqualTo(ChildMain.DONE);
            assertThat(stderr.lines().filter(l -> !l.startsWith("SLF4J")).toList())
                    .as("stderr of the child").isEmpty();
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static Set<Thread> nonDaemonThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !t.isDaemon())
                .collect(Collectors.toSet());
    }

    /** Starts a cluster, uses it, closes it and returns from main without calling System.exit. */
    public static final class ChildMain {
        static final String DONE = "child done";

        public static void main(String[] args) throws Exception {
            try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().start()) {
                kafka.createTopic("child", 1, 1);
                try (KafkaProducer<String, String> producer = TestClients.producer(kafka)) {
                    TestClients.send(producer, "child", List.of("v"));
                }
                if (readAll(kafka, "child", 1, Duration.ofSeconds(30), Map.of()).size() != 1) {
                    throw new AssertionError("record not read back");
                }
            }
            System.out.println(DONE);
        }
    }
}

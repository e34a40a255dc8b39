package io.worldcurate.pipeline;

import io.worldcurate.kafka.embedded.EmbeddedKafkaCluster;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A single-node KRaft broker (embedded-kafka) in a child JVM, so that it can be SIGKILLed, and started
 * again on the same data directory and ports: a hard crash of the broker, with log recovery at restart.
 */
final class BrokerProcess implements AutoCloseable {

    static final String READY = "broker ready";

    private final Path dataDir;
    private final Path logDir;
    private final int port;
    private final int controllerPort;
    private Process process;
    private int incarnation;

    BrokerProcess(Path dataDir, Path logDir, int port, int controllerPort) {
        this.dataDir = dataDir;
        this.logDir = logDir;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Starts the broker and waits until it says it is ready. */
    synchronized void start(Duration timeout) throws InterruptedException {
        incarnation++;
        try {
            Files.createDirectories(logDir);
            String testClassPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            String classPath = Arrays.stream(testClassPath.split(File.pathSeparator))
                    .filter(e -> !e.contains("jboss-logmanager")).collect(Collectors.joining(File.pathSeparator));
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx768m", "-XX:+UseSerialGC", "-cp", classPath, Main.class.getName(), dataDir.toString(),
                    Integer.toString(port), Integer.toString(controllerPort)));
            Path out = logDir.resolve("broker." + incarnation + ".out");
            process = new ProcessBuilder(cmd).redirectOutput(out.toFile())
                    .redirectError(logDir.resolve("broker." + incarnation + ".err").toFile()).start();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!Files.readString(out).contains(READY)) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError("the broker did not start (incarnation " + incarnation + "), see " + out);
                }
                Thread.sleep(100);
            }
            Log.info("broker started (incarnation %d, pid %d) at %s", incarnation, process.pid(), bootstrapServers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGKILL: no shutdown, no flush; the next start recovers the logs. */
    synchronized void kill() throws InterruptedException {
        long pid = process.pid();
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 137) {
            throw new AssertionError("broker (pid " + pid + ") not killed by SIGKILL");
        }
        Log.info("broker SIGKILLed (pid %d)", pid);
    }

    @Override
    public synchronized void close() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    /** The child: the broker on the given data directory and ports, until killed. */
    public static final class Main {
        public static void main(String[] args) throws Exception {
            EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.builder().dataDir(Path.of(args[0]))
                    .port(Integer.parseInt(args[1])).controllerPort(Integer.parseInt(args[2]))
                    .startupTimeout(Duration.ofMinutes(3)).start();
            System.out.println(READY + " at " + cluster.bootstrapServers());
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}

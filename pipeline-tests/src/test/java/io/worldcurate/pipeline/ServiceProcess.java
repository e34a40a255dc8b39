package io.worldcurate.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One instance of a service, run as its own OS process from its {@code quarkus-run.jar}: started,
 * killed with SIGKILL, restarted on the same or a wiped state directory. Each incarnation writes its
 * stdout and stderr to {@code <logDir>/<name>.<incarnation>.out|err}.
 */
final class ServiceProcess {

    /** The three services and where their runnable jar is. */
    enum Service {
        LID("lid-service"), MATCHER("matcher-service"), BALANCER("balancer-service");

        final String module;

        Service(String module) {
            this.module = module;
        }

        /** {@code <project>/<module>/target/quarkus-app/quarkus-run.jar}; fails with what to do when absent. */
        Path builtJar() {
            Path jar = projectDir().resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " does not exist: build the services first, e.g. "
                        + "./mvnw -B -q -pl pipeline-tests -am install -DskipTests (from " + projectDir() + ")");
            }
            return jar;
        }

        /**
         * The jar the processes run: a snapshot of the built {@code quarkus-app} folder, taken once per
         * test JVM (hard links, or copies where links fail), so that a rebuild of the service while the
         * tests run does not pull class files from under running processes.
         */
        Path jar() {
            synchronized (SNAPSHOTS) {
                return SNAPSHOTS.computeIfAbsent(this, s -> snapshot(s.builtJar().getParent(),
                        projectDir().resolve("pipeline-tests/target/service-apps").resolve(s.module)).resolve("quarkus-run.jar"));
            }
        }

        static Path projectDir() {
            String dir = System.getProperty("pipeline.project.dir");
            if (dir != null && !dir.isBlank() && Files.isDirectory(Path.of(dir).resolve(LID.module))) {
                return Path.of(dir).toAbsolutePath().normalize();
            }
            // run from the module directory (surefire's default working directory)
            return Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
        }
    }

    private static final Map<Service, Path> SNAPSHOTS = new EnumMap<>(Service.class);

    private static Path snapshot(Path app, Path to) {
        deleteRecursively(to);
        try (Stream<Path> files = Files.walk(app)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(app.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    try {
                        Files.createLink(target, f);
                    } catch (IOException | UnsupportedOperationException e) {
                        Files.copy(f, target);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot snapshot " + app + " to " + to, e);
        }
        Log.info("runs %s from a snapshot of %s", to, app);
        return to;
    }

    /** Every process started by any test of this JVM, killed by a shutdown hook if a test could not. */
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "kill-service-processes"));
    }

    final String name;
    final Service service;
    final Path stateDir;
    final int httpPort;
    private final Path logDir;
    private final Map<String, String> env;
    private final List<String> systemProperties;
    private final List<Path> logs = new ArrayList<>();
    private Process process;
    private int incarnation;
    /** Set when this test killed the current incarnation on purpose. */
    private boolean killed;

    ServiceProcess(String name, Service service, Path stateDir, Path logDir, int httpPort, Map<String, String> env,
                   List<String> systemProperties) {
        this.name = name;
        this.service = service;
        this.stateDir = stateDir;
        this.logDir = logDir;
        this.httpPort = httpPort;
        this.env = new LinkedHashMap<>(env);
        this.systemProperties = List.copyOf(systemProperties);
    }

    synchronized void start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is running already");
        }
        incarnation++;
        try {
            Files.createDirectories(stateDir);
            Files.createDirectories(logDir);
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.add("-Xmx512m");
            cmd.add("-XX:+UseSerialGC");
            cmd.add("-XX:+ExitOnOutOfMemoryError");
            cmd.addAll(systemProperties);
            cmd.add("-jar");
            cmd.add(service.jar().toString());
            ProcessBuilder pb = new ProcessBuilder(cmd);
            // nothing of the caller's environment may configure the service behind the test's back
            pb.environment().keySet().removeIf(k -> k.startsWith("CURATION_") || k.startsWith("QUARKUS_") || k.startsWith("KAFKA_"));
            pb.environment().putAll(env);
            pb.environment().values().removeIf(String::isEmpty); // an empty value in env removes the variable
            pb.environment().put("CURATION_STATE_DIR", stateDir.toString());
            pb.environment().put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
            pb.directory(stateDir.getParent().toFile());
            Path out = logDir.resolve(name + "." + incarnation + ".out");
            Path err = logDir.resolve(name + "." + incarnation + ".err");
            logs.add(out);
            logs.add(err);
            pb.redirectOutput(out.toFile());
            pb.redirectError(err.toFile());
            process = pb.start();
            killed = false;
            LIVE.add(process);
            Log.info("started %s (%s, incarnation %d, pid %d, state %s, http %d)", name, service.module, incarnation, process.pid(),
                    stateDir, httpPort);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** SIGKILL, then checks through {@link ProcessHandle} that the process is really gone. */
    synchronized void kill() {
        if (process == null) {
            return;
        }
        long pid = process.pid();
        killed = true;
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError(name + " (pid " + pid + ") still alive 30 s after SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isPresent() && handle.get().isAlive()) {
            throw new AssertionError(name + " (pid " + pid + ") is still alive after SIGKILL");
        }
        if (process.exitValue() != 137) {
            throw new AssertionError(name + " (pid " + pid + ") exited with " + process.exitValue() + ", not 137 (SIGKILL)");
        }
        LIVE.remove(process);
        Log.info("killed %s (pid %d, exit %d)", name, pid, process.exitValue());
    }

    /** Deletes the state directory (RocksDB stores, checkpoints, process id): the next start restores from the changelogs. */
    synchronized void wipeState() {
        if (isAlive()) {
            throw new IllegalStateException("wiping the state of running " + name);
        }
        deleteRecursively(stateDir);
    }

    synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Running, or deliberately killed: false when the process died on its own (a crash the test did not cause). */
    synchronized boolean diedOnItsOwn() {
        return process != null && !process.isAlive() && !killed;
    }

    synchronized String exitDescription() {
        if (process == null) {
            return "never started";
        }
        return process.isAlive() ? "running (pid " + process.pid() + ")" : "exited with " + process.exitValue();
    }

    /** The body of the service's health endpoint ({@code /q/health}), or null when it does not answer. */
    String health() {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + httpPort + "/q/health").toURL().openConnection();
            c.setConnectTimeout(1000);
            c.setReadTimeout(3000);
            try {
                int code = c.getResponseCode();
                try (var in = code >= 400 ? c.getErrorStream() : c.getInputStream()) {
                    return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            } finally {
                c.disconnect();
            }
        } catch (IOException e) {
            return null;
        }
    }

    /** Kafka Streams' state as the health endpoint reports it, or null when the service does not answer (yet). */
    String streamsState() {
        String h = health();
        if (h == null) {
            return null;
        }
        Matcher m = STATE.matcher(h);
        return m.find() ? m.group(1) : null;
    }

    private static final Pattern STATE = Pattern.compile("\"state\"\\s*:\\s*\"([A-Z_]+)\"");

    /**
     * True when Kafka Streams is RUNNING, as the health endpoint reports it. Quarkus' readiness check
     * ({@code /q/health/ready}) only looks at the topics: it is UP while Kafka Streams is still CREATED.
     */
    boolean isRunning() {
        return "RUNNING".equals(streamsState());
    }

    void awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!isRunning()) {
            if (!isAlive()) {
                throw new AssertionError(name + " exited while starting: " + exitDescription());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + " not running after " + timeout + "; health: " + health());
            }
            Thread.sleep(250);
        }
    }

    /** Kills the current incarnation if it runs (cleanup: no checks). */
    synchronized void destroy() {
        if (process != null) {
            killed = true;
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            LIVE.remove(process);
        }
    }

    /** The last {@code lines} lines of every log file of every incarnation. */
    synchronized String tails(int lines) {
        StringBuilder sb = new StringBuilder();
        for (Path log : logs) {
            try {
                if (Files.size(log) == 0) {
                    continue;
                }
            } catch (IOException e) {
                // reported below
            }
            sb.append("----- ").append(log).append(" (last ").append(lines).append(" lines) -----\n");
            try {
                List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
                all.subList(Math.max(0, all.size() - lines), all.size()).forEach(l -> sb.append(l).append('\n'));
            } catch (IOException e) {
                sb.append("(unreadable: ").append(e.getMessage()).append(")\n");
            }
        }
        return sb.toString();
    }

    /** The stdout file of the current incarnation. */
    synchronized Path currentOut() {
        if (logs.isEmpty()) {
            throw new IllegalStateException(name + " never started");
        }
        return logs.get(logs.size() - 2);
    }

    List<Path> logs() {
        return List.copyOf(logs);
    }

    int incarnations() {
        return incarnation;
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}

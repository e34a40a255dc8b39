package io.worldcurate.cli;

import io.worldcurate.schemas.Topic;
import io.worldcurate.schemas.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(180)
class BrokerCommandTest {

    @TempDir
    Path tmp;

    /** A broker command running in its own thread, as {@code curate broker ARGS} would. */
    private static final class Running {
        final BrokerCommand command;
        final Thread thread;
        final AtomicInteger exit = new AtomicInteger(-1);
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();

        Running(String... args) {
            CommandLine cl = CurateCommand.commandLine();
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            command = cl.getSubcommands().get("broker").getCommand();
            String[] all = new String[args.length + 1];
            all[0] = "broker";
            System.arraycopy(args, 0, all, 1, args.length);
            thread = new Thread(() -> exit.set(cl.execute(all)), "broker-command");
            thread.start();
        }

        String awaitReady() throws InterruptedException {
            String servers = command.awaitReady(Duration.ofSeconds(90));
            assertThat(servers).as("ready; stderr: %s", err).isNotNull();
            return servers;
        }

        int stop() throws InterruptedException {
            command.stop();
            thread.join(TimeUnit.SECONDS.toMillis(60));
            assertThat(thread.isAlive()).as("broker command still running").isFalse();
            return exit.get();
        }
    }

    private static Admin admin(String servers) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000));
    }

    @Test
    void runsUntilStoppedWithEveryTopicCreatedThenDeletesItsTemporaryData() throws Exception {
        Running broker = new Running("--port", "0", "--create-topics", "--partitions", "2");
        try {
            checkReadyBroker(broker);
        } finally {
            broker.command.stop();
        }
        String servers = broker.command.awaitReady(Duration.ZERO);
        assertThat(broker.stop()).as(broker.err.toString()).isZero();
        assertThat(broker.err.toString()).contains("kafka stopped and its data deleted");
        assertThat(dataDir(broker.out.toString())).doesNotExist();
        int port = Integer.parseInt(servers.substring(servers.lastIndexOf(':') + 1));
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
        }
    }

    private static void checkReadyBroker(Running broker) throws Exception {
        String servers = broker.awaitReady();

        List<String> names = Topics.all().stream().map(Topic::name).toList();
        try (Admin admin = admin(servers)) {
            assertThat(admin.listTopics().names().get()).containsAll(names);
            Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames().get();
            assertThat(described.values()).allSatisfy(d -> assertThat(d.partitions()).hasSize(2));
            ConfigResource thresholds = new ConfigResource(ConfigResource.Type.TOPIC, Topics.THRESHOLDS);
            Config config = admin.describeConfigs(List.of(thresholds)).all().get().get(thresholds);
            assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
        }
        String line = broker.out.toString();
        assertThat(line).startsWith("kafka ready: bootstrap servers " + servers + " (1 node, cluster ")
                .contains("(temporary, deleted on exit)", "topics: 7 created (2 partitions, replication 1)");
        assertThat(line.lines()).hasSize(1);
        assertThat(dataDir(line)).isDirectory();
    }

    @Test
    void securityScramWritesEachPrincipalsClientConfigAndRefusesOthers() throws Exception {
        Path creds = tmp.resolve("creds");
        Running broker = new Running("--port", "0", "--create-topics", "--partitions", "2", "--security", "scram",
                "--credentials", creds.toString());
        try {
            String servers = broker.awaitReady();
            assertThat(broker.out.toString()).contains("topics: 7 created", "SASL_PLAINTEXT SCRAM-SHA-512 with ACLs");
            assertThat(java.nio.file.Files.getPosixFilePermissions(creds)).isEqualTo(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            for (String principal : io.worldcurate.cli.security.ServiceAcls.PRINCIPALS) {
                Path f = creds.resolve(principal + ".properties");
                assertThat(java.nio.file.Files.getPosixFilePermissions(f)).isEqualTo(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
                assertThat(java.nio.file.Files.readString(f)).contains("security.protocol=SASL_PLAINTEXT", "sasl.mechanism=SCRAM-SHA-512",
                        "username=\"" + principal + "\"");
            }
            // admin's file works as a client config: it sees the topics --create-topics made
            Map<String, Object> config = new java.util.HashMap<>(io.worldcurate.streams.KafkaClientConfig.load(creds.resolve("admin.properties"), "test"));
            config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
            try (Admin admin = Admin.create(config)) {
                assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS))
                        .containsAll(Topics.all().stream().map(Topic::name).toList());
            }
            assertThat(broker.out.toString() + broker.err).doesNotContain(passwordOf(creds.resolve("admin.properties")));
        } finally {
            broker.command.stop();
        }
        assertThat(broker.stop()).as(broker.err.toString()).isZero();
        Cli.Result missing = Cli.run("broker", "--security", "scram");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("--security scram needs --credentials DIR");
        Cli.Result unknown = Cli.run("broker", "--security", "kerberos", "--credentials", creds.toString());
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown security 'kerberos'");
    }

    private static String passwordOf(Path file) throws java.io.IOException {
        Matcher m = Pattern.compile("password=\"([^\"]+)\"").matcher(java.nio.file.Files.readString(file));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    @Test
    void keepsItsDataAcrossRestartsWithData() throws Exception {
        Path data = tmp.resolve("kafka");
        Running first = new Running("--port", "0", "--data", data.toString(), "--create-topics", "--partitions", "1");
        try {
            first.awaitReady();
        } finally {
            first.command.stop();
        }
        assertThat(first.stop()).as(first.err.toString()).isZero();
        assertThat(first.err.toString()).contains("data kept in " + data.toAbsolutePath());
        assertThat(Files.exists(data.resolve("cluster.properties"))).isTrue();

        Running second = new Running("--port", "0", "--data", data.toString(), "--create-topics");
        try (Admin admin = admin(second.awaitReady())) {
            assertThat(admin.describeTopics(List.of(Topics.CRAWL_IMAGES)).allTopicNames().get()
                    .get(Topics.CRAWL_IMAGES).partitions()).hasSize(1);
        } finally {
            second.command.stop();
        }
        assertThat(second.out.toString()).contains("(kept)", "topics: 0 created", "7 existed");
        assertThat(second.stop()).isZero();
        assertThat(data).isDirectory();
    }

    @Test
    void aTakenPortIsReportedClearly() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            Cli.Result r = Cli.run("broker", "--port", Integer.toString(taken.getLocalPort()));
            assertThat(r.exit()).isEqualTo(1);
            assertThat(r.err()).contains("curate: cannot start kafka on 127.0.0.1:" + taken.getLocalPort()
                    + ": address already in use");
        }
    }

    private static Path dataDir(String line) {
        Matcher m = Pattern.compile("data in (\\S+) \\(").matcher(line);
        assertThat(m.find()).as(line).isTrue();
        return Path.of(m.group(1));
    }
}

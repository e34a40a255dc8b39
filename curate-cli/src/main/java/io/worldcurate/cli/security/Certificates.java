package io.worldcurate.cli.security;

import io.worldcurate.kafka.embedded.BrokerSecurity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The TLS material of {@code curate broker --security scram-tls}, made with the JDK's keytool (no other
 * library): a CA ({@code ca.p12}, {@code ca.crt}), the broker's key and certificate signed by it for the
 * host, 127.0.0.1 and localhost ({@code broker.p12}), and a truststore holding the CA for clients
 * ({@code truststore.p12}). Store passwords go to keytool through its environment, never its arguments.
 */
final class Certificates {

    private static final String VALIDITY_DAYS = "825";

    private Certificates() {
    }

    static BrokerSecurity.Tls generate(Path dir, String host) {
        String caPass = BrokerSecurity.randomPassword();
        String brokerPass = BrokerSecurity.randomPassword();
        String trustPass = BrokerSecurity.randomPassword();
        Path ca = dir.resolve("ca.p12");
        Path caCert = dir.resolve("ca.crt");
        Path broker = dir.resolve("broker.p12");
        Path csr = dir.resolve("broker.csr");
        Path brokerCert = dir.resolve("broker.crt");
        Path trust = dir.resolve("truststore.p12");
        try {
            for (Path p : List.of(ca, caCert, broker, csr, brokerCert, trust)) {
                Files.deleteIfExists(p);
            }
            Map<String, String> env = Map.of("CA_PASS", caPass, "BROKER_PASS", brokerPass, "TRUST_PASS", trustPass);
            keytool(env, "-genkeypair", "-keystore", ca, "-storetype", "PKCS12", "-storepass:env", "CA_PASS", "-alias", "ca",
                    "-dname", "CN=worldcurate local CA", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", VALIDITY_DAYS,
                    "-ext", "bc:c");
            keytool(env, "-exportcert", "-keystore", ca, "-storepass:env", "CA_PASS", "-alias", "ca", "-rfc", "-file", caCert);
            keytool(env, "-genkeypair", "-keystore", broker, "-storetype", "PKCS12", "-storepass:env", "BROKER_PASS",
                    "-alias", "broker", "-dname", "CN=" + host, "-keyalg", "EC", "-groupname", "secp256r1", "-validity", VALIDITY_DAYS);
            keytool(env, "-certreq", "-keystore", broker, "-storepass:env", "BROKER_PASS", "-alias", "broker", "-file", csr);
            keytool(env, "-gencert", "-keystore", ca, "-storepass:env", "CA_PASS", "-alias", "ca", "-infile", csr, "-outfile",
                    brokerCert, "-rfc", "-validity", VALIDITY_DAYS, "-ext", "SAN=" + subjectAltNames(host), "-ext", "EKU=serverAuth");
            keytool(env, "-importcert", "-keystore", broker, "-storepass:env", "BROKER_PASS", "-alias", "ca", "-file", caCert, "-noprompt");
            keytool(env, "-importcert", "-keystore", broker, "-storepass:env", "BROKER_PASS", "-alias", "broker", "-file", brokerCert);
            keytool(env, "-importcert", "-keystore", trust, "-storetype", "PKCS12", "-storepass:env", "TRUST_PASS", "-alias", "ca",
                    "-file", caCert, "-noprompt");
            Files.deleteIfExists(csr);
            for (Path p : List.of(ca, broker, trust)) {
                SecureBroker.ownerOnly(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write TLS material into " + dir + ": " + e.getMessage(), e);
        }
        return new BrokerSecurity.Tls(broker, brokerPass, trust, trustPass);
    }

    private static String subjectAltNames(String host) {
        List<String> names = new ArrayList<>(List.of("ip:127.0.0.1", "dns:localhost"));
        if (host.matches("[0-9.]+|.*:.*")) {
            if (!host.equals("127.0.0.1")) {
                names.add("ip:" + host);
            }
        } else if (!host.equals("localhost")) {
            names.add("dns:" + host);
        }
        return String.join(",", names);
    }

    private static void keytool(Map<String, String> env, Object... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        for (Object a : args) {
            cmd.add(a.toString());
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("keytool " + args[0] + " did not finish within 60 s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("keytool " + args[0] + " failed: " + output.trim());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run keytool: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}

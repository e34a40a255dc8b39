package io.worldcurate.deploy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Metric names as Prometheus sees them: the services' own Micrometer meters, and the Kafka client metrics. */
public final class Metrics {

    /** Modules whose meters the services register (the services and the library that holds the stage counters). */
    public static final Set<String> METER_MODULES = Set.of("streams-common", "lid-service", "matcher-service", "balancer-service");

    private static final Pattern BUILDER = Pattern.compile("\\b(Counter|Gauge|Timer|DistributionSummary|FunctionCounter|TimeGauge)"
            + "\\s*\\.\\s*builder\\s*\\(\\s*\"([A-Za-z0-9_.]+)\"");

    private Metrics() {
    }

    /**
     * The Prometheus names of every meter built with a literal name in the Java sources of {@code modules}:
     * Micrometer's Prometheus naming turns dots into underscores, adds {@code _total} to counters, and
     * {@code _seconds_count/_sum/_max} (timers) or {@code _count/_sum/_max} (summaries).
     */
    public static Set<String> defined(Path root, Collection<String> modules) {
        Set<String> names = new TreeSet<>();
        for (String module : modules) {
            Path java = root.resolve(module).resolve("src/main/java");
            if (!Files.isDirectory(java)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(java)) {
                for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                    Matcher m = BUILDER.matcher(Files.readString(f, StandardCharsets.UTF_8));
                    while (m.find()) {
                        names.addAll(prometheusNames(m.group(1), m.group(2)));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + java, e);
            }
        }
        return names;
    }

    static Set<String> prometheusNames(String type, String micrometerName) {
        String base = micrometerName.replace('.', '_');
        return switch (type) {
            case "Counter", "FunctionCounter" -> Set.of(base.endsWith("_total") ? base : base + "_total");
            case "Timer" -> {
                String s = base.endsWith("_seconds") ? base : base + "_seconds";
                yield Set.of(s + "_count", s + "_sum", s + "_max", s + "_bucket");
            }
            case "DistributionSummary" -> Set.of(base + "_count", base + "_sum", base + "_max", base + "_bucket");
            default -> Set.of(base);
        };
    }

    /** The Kafka client and Kafka Streams metrics the services serve (kafka-client-metrics.txt, read off /q/metrics). */
    public static Set<String> kafkaClientMetrics() {
        Set<String> names = new LinkedHashSet<>();
        try (InputStream in = Metrics.class.getResourceAsStream("kafka-client-metrics.txt");
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                line = line.strip();
                if (!line.isEmpty() && !line.startsWith("#")) {
                    names.add(line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    private static final Set<String> PROMQL_WORDS = Set.of(
            // keywords and modifiers
            "by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless", "offset", "bool",
            "inf", "nan", "Inf", "NaN",
            // aggregations
            "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk", "topk", "quantile",
            "limitk", "limit_ratio");

    /**
     * The metric names a PromQL expression selects: what is left once strings, label matchers, range and
     * subquery brackets, Grafana variables, grouping clauses, functions, aggregations and keywords are removed.
     */
    public static Set<String> selectedBy(String expr) {
        String s = expr;
        s = s.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`", " ");
        s = s.replaceAll("\\{[^}]*}", " ");
        s = s.replaceAll("\\[[^]]*]", " ");
        s = s.replaceAll("\\$\\{[^}]*}|\\$[A-Za-z_][A-Za-z0-9_]*", " ");
        s = s.replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> names = new LinkedHashSet<>();
        Matcher m = Pattern.compile("(?<![A-Za-z0-9_:.])([A-Za-z_:][A-Za-z0-9_:]*)(\\s*\\()?").matcher(s);
        while (m.find()) {
            String word = m.group(1);
            boolean call = m.group(2) != null;
            if (call || PROMQL_WORDS.contains(word)) {
                continue;
            }
            names.add(word);
        }
        return names;
    }
}

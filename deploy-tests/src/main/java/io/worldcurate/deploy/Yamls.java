package io.worldcurate.deploy;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** YAML loading and small helpers to walk the maps and lists SnakeYAML builds. */
public final class Yamls {

    /** One YAML document of a file. */
    public record Doc(Path file, int index, Map<String, Object> body) {
        public String kind() {
            return body.get("kind") instanceof String s ? s : null;
        }

        public String name() {
            return str(at(body, "metadata", "name"));
        }

        /** A Kubernetes object (kind and apiVersion strings), not a kustomization. */
        public boolean isKubernetesObject() {
            return body.get("apiVersion") instanceof String && kind() != null && !kind().equals("Kustomization");
        }

        @Override
        public String toString() {
            return file.getFileName() + (kind() != null ? " " + kind() + "/" + name() : "");
        }
    }

    private Yamls() {
    }

    /** Every document of a YAML file; empty documents (a lone {@code ---}) are skipped. */
    public static List<Doc> load(Path file) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Yaml yaml = new Yaml(new SafeConstructor(options));
        List<Doc> docs = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int i = 0;
            for (Object o : yaml.loadAll(r)) {
                if (o == null) {
                    i++;
                    continue;
                }
                if (!(o instanceof Map<?, ?>)) {
                    throw new IllegalArgumentException(file + ": document " + i + " is not a mapping");
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> body = (Map<String, Object>) o;
                docs.add(new Doc(file, i++, body));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return docs;
    }

    /** The value at a path of map keys (and list indexes given as numbers), or null. */
    public static Object at(Object node, Object... path) {
        Object cur = node;
        for (Object p : path) {
            if (cur instanceof Map<?, ?> m) {
                cur = m.get(p instanceof Integer ? p : p.toString());
            } else if (cur instanceof List<?> l && p instanceof Integer i) {
                cur = i < l.size() ? l.get(i) : null;
            } else {
                return null;
            }
        }
        return cur;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    public static List<Object> list(Object o) {
        return o instanceof List<?> l ? (List<Object>) l : List.of();
    }

    /** A scalar as a string (numbers and booleans too), or null. */
    public static String str(Object o) {
        return o == null || o instanceof Map || o instanceof List ? null : o.toString();
    }

    private static final Pattern COMPOSE_VAR = Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?}");

    /**
     * A docker-compose value with its variables interpolated as when none is set: {@code ${X:-d}} and
     * {@code ${X-d}} give d, {@code ${X}} the empty string, {@code $$} a dollar.
     */
    public static String composeDefaults(String value) {
        if (value == null) {
            return null;
        }
        Matcher m = COMPOSE_VAR.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String rep;
            if (m.group().equals("$$")) {
                rep = "$";
            } else if (m.group(2) != null && m.group(2).endsWith("-")) {
                rep = m.group(3);
            } else {
                rep = "";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(rep));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Bytes of a Kubernetes quantity (3Gi, 1536Mi, 2G) or a Docker size (3g, 1536m, 512mb). */
    public static Optional<Long> bytes(String size) {
        if (size == null) {
            return Optional.empty();
        }
        Matcher m = Pattern.compile("^\\s*(\\d+(?:\\.\\d+)?)\\s*([A-Za-z]*)\\s*$").matcher(size);
        if (!m.matches()) {
            return Optional.empty();
        }
        double n = Double.parseDouble(m.group(1));
        long unit = switch (m.group(2)) {
            case "", "b", "B" -> 1L;
            case "k", "kb", "K", "KB", "Ki" -> 1L << 10;
            case "m", "mb", "M", "MB", "Mi" -> 1L << 20;
            case "g", "gb", "G", "GB", "Gi" -> 1L << 30;
            case "t", "T", "Ti" -> 1L << 40;
            default -> -1L;
        };
        // Kubernetes' decimal suffixes (k, M, G) are powers of 1000, Docker's are powers of 1024: the
        // difference is under 7%, below the headroom checked, so both are read as binary here
        return unit < 0 ? Optional.empty() : Optional.of((long) (n * unit));
    }

    /** The maximum heap of JVM options ({@code -Xmx2g}), in bytes. */
    public static Optional<Long> maxHeap(String javaOpts) {
        if (javaOpts == null) {
            return Optional.empty();
        }
        Matcher m = Pattern.compile("-Xmx(\\d+)([kKmMgG]?)").matcher(javaOpts);
        Long last = null;
        while (m.find()) {
            long n = Long.parseLong(m.group(1));
            last = switch (m.group(2).toLowerCase()) {
                case "k" -> n << 10;
                case "m" -> n << 20;
                case "g" -> n << 30;
                default -> n;
            };
        }
        return Optional.ofNullable(last);
    }
}

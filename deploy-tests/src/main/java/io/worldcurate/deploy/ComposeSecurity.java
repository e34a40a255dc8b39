package io.worldcurate.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.worldcurate.deploy.Yamls.composeDefaults;
import static io.worldcurate.deploy.Yamls.list;
import static io.worldcurate.deploy.Yamls.map;
import static io.worldcurate.deploy.Yamls.str;

/**
 * The Kafka security of docker-compose.yml: each service's own SASL/SCRAM credentials (a client configuration
 * mounted as a compose secret and named by {@code CURATION_KAFKA_CLIENT_CONFIG}), the SCRAM users and topics that
 * {@code deploy/compose/kafka-init.sh} creates, and the ACLs it grants, read from the script itself: its
 * {@code allow} lines, and the shell functions that call {@code allow}, expanded with their arguments.
 */
public final class ComposeSecurity {

    public static final String INIT_SCRIPT = "deploy/compose/kafka-init.sh";
    public static final String CREDENTIALS_SCRIPT = "deploy/compose/kafka-credentials.sh";
    public static final String CLIENT_CONFIG_ENV = "CURATION_KAFKA_CLIENT_CONFIG";
    public static final String SECRETS_DIR = "/run/secrets/";

    /** One ACL of the script: {@code allow PRINCIPAL OPS TYPE NAME [literal|prefixed]}. */
    public record Acl(String principal, Set<String> operations, String type, String name, boolean prefixed) {

        /** Whether this ACL allows {@code operation} on the resource {@code type name}. */
        public boolean allows(String operation, String type, String name) {
            return this.type.equals(type)
                    && (operations.contains(operation) || operations.contains("All"))
                    && (prefixed ? name.startsWith(this.name) : this.name.equals(name) || this.name.equals("*"));
        }
    }

    /** What a principal must be allowed to do: topics read and written, and its Kafka Streams application id, if any. */
    public record Role(Set<String> reads, Set<String> writes, Optional<String> applicationId) {
    }

    private final Map<String, Object> compose;
    private final String initScript;
    private final String credentialsScript;
    private final List<Acl> acls;
    private final Map<String, List<String>> topicsCreated;

    private ComposeSecurity(Map<String, Object> compose, String initScript, String credentialsScript) {
        this.compose = compose;
        this.initScript = initScript;
        this.credentialsScript = credentialsScript;
        this.acls = parseAcls(initScript);
        this.topicsCreated = parseTopics(initScript);
    }

    public static ComposeSecurity load(Path root) {
        List<Yamls.Doc> docs = Yamls.load(root.resolve(DeploymentCheck.COMPOSE_FILE));
        return new ComposeSecurity(docs.isEmpty() ? Map.of() : docs.get(0).body(), read(root.resolve(INIT_SCRIPT)),
                read(root.resolve(CREDENTIALS_SCRIPT)));
    }

    private static String read(Path f) {
        try {
            return Files.readString(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
    }

    public List<Acl> acls() {
        return acls;
    }

    /** Compose service (running a worldcurate image) to the principal of its client configuration, where it has one. */
    public Map<String, String> servicePrincipals() {
        Map<String, String> m = new TreeMap<>();
        services().forEach((name, svc) -> {
            if (isWorldcurate(svc)) {
                String config = env(svc).get(CLIENT_CONFIG_ENV);
                if (config != null && config.startsWith(SECRETS_DIR)) {
                    m.put(name, principalOf(config.substring(SECRETS_DIR.length())));
                }
            }
        });
        return m;
    }

    /**
     * Every compose service of a worldcurate image names its own client configuration in {@code CURATION_KAFKA_CLIENT_CONFIG},
     * mounted from a compose secret of that name whose file carries the principal's name; no two services share one;
     * kafka-init receives every one and creates its SCRAM user, and kafka-credentials.sh writes it.
     */
    public List<String> credentials() {
        List<String> p = new ArrayList<>();
        Map<String, Object> secrets = map(compose.get("secrets"));
        Map<String, String> owners = new LinkedHashMap<>();
        Set<String> scramUsers = scramUsers();
        Set<String> written = credentialPrincipals();
        Optional<Map<String, Object>> init = Optional.ofNullable(services().get("kafka-init")).map(Yamls::map);
        if (init.isEmpty()) {
            p.add(DeploymentCheck.COMPOSE_FILE + ": no kafka-init service (SCRAM users, topics, ACLs)");
        }
        services().forEach((name, svc) -> {
            if (!isWorldcurate(svc)) {
                return;
            }
            String where = DeploymentCheck.COMPOSE_FILE + ": service " + name;
            String config = env(svc).get(CLIENT_CONFIG_ENV);
            if (config == null || !config.startsWith(SECRETS_DIR)) {
                p.add(where + ": " + CLIENT_CONFIG_ENV + " is " + config + ", not a file of " + SECRETS_DIR + " (its own credentials)");
                return;
            }
            String secret = config.substring(SECRETS_DIR.length());
            String principal = principalOf(secret);
            String other = owners.putIfAbsent(secret, name);
            if (other != null) {
                p.add(where + ": shares the credentials " + secret + " of service " + other);
            }
            if (!secretNames(svc).contains(secret)) {
                p.add(where + ": does not mount the secret " + secret + " that " + CLIENT_CONFIG_ENV + " names");
            }
            String file = composeDefaults(Objects.requireNonNullElse(str(Yamls.at(secrets, secret, "file")), ""));
            if (!file.endsWith("/" + principal + ".properties")) {
                p.add(DeploymentCheck.COMPOSE_FILE + ": secret " + secret + " is the file '" + file + "', not <dir>/" + principal + ".properties");
            }
            if (init.isPresent() && !secretNames(init.get()).contains(secret)) {
                p.add(DeploymentCheck.COMPOSE_FILE + ": kafka-init does not receive the secret " + secret + " of service " + name);
            }
            if (!scramUsers.contains(principal)) {
                p.add(INIT_SCRIPT + ": creates no SCRAM user " + principal + " (service " + name + ")");
            }
            if (!written.contains(principal)) {
                p.add(CREDENTIALS_SCRIPT + ": writes no credentials for " + principal + " (service " + name + ")");
            }
        });
        return p;
    }

    /**
     * Each principal of {@code roles} is allowed what its role needs (read its inputs, write its outputs; own its
     * application id's group, internal topics and transactional ids) and no topic beyond them; principals not in
     * {@code roles} other than {@code admin} get no ACL at all.
     */
    public List<String> acls(Map<String, Role> roles) {
        List<String> p = new ArrayList<>();
        for (Map.Entry<String, Role> e : roles.entrySet()) {
            String u = e.getKey();
            Role r = e.getValue();
            for (String t : r.reads()) {
                require(p, u, "Read", "topic", t, "to read its input");
            }
            for (String t : r.writes()) {
                require(p, u, "Write", "topic", t, "to write its output");
            }
            if (r.applicationId().isPresent()) {
                String app = r.applicationId().get();
                require(p, u, "Read", "group", app, "its consumer group (application id)");
                for (String op : List.of("Create", "Read", "Write")) {
                    require(p, u, op, "topic", app + "-example-changelog", "its internal topics (" + app + "-*)");
                }
                require(p, u, "Write", "transactional-id", app + "-0-1", "its transactional ids under exactly_once_v2 (" + app + "-*)");
            }
            String own = r.applicationId().map(a -> a + "-").orElse(null);
            for (Acl a : acls) {
                if (!a.principal().equals(u) || !a.type().equals("topic")) {
                    continue;
                }
                boolean ownPrefix = a.prefixed() && own != null && a.name().startsWith(own);
                if (ownPrefix) {
                    continue;
                }
                if (a.operations().equals(Set.of("Describe"))) {
                    continue; // metadata and offsets only (a dashboard's lag), never a record
                }
                if (a.prefixed() || a.name().equals("*")) {
                    p.add(INIT_SCRIPT + ": " + u + " is allowed " + a.operations() + " on every topic " + (a.prefixed() ? "prefixed " : "")
                            + a.name() + ": more than it needs");
                    continue;
                }
                if ((a.operations().contains("Write") || a.operations().contains("All")) && !r.writes().contains(a.name())) {
                    p.add(INIT_SCRIPT + ": " + u + " may write " + a.name() + ", which it does not write");
                }
                if ((a.operations().contains("Read") || a.operations().contains("All")) && !r.reads().contains(a.name())
                        && !readOnlyExtra(u, a.name())) {
                    p.add(INIT_SCRIPT + ": " + u + " may read " + a.name() + ", which it does not read");
                }
                for (String op : a.operations()) {
                    if (!Set.of("Read", "Write", "Describe").contains(op)) {
                        p.add(INIT_SCRIPT + ": " + u + " is allowed " + op + " on topic " + a.name() + ": more than it needs");
                    }
                }
            }
        }
        for (Acl a : acls) {
            if (!roles.containsKey(a.principal()) && !a.principal().equals("admin")) {
                p.add(INIT_SCRIPT + ": ACL for " + a.principal() + ", a principal of no known role: " + a);
            }
        }
        return p;
    }

    private final Map<String, Set<String>> readOnlyExtras = new LinkedHashMap<>();

    /** Topics {@code principal} may read besides its role's inputs (a balancer's dashboard counts the dead letters). */
    public ComposeSecurity allowingReads(String principal, Collection<String> topics) {
        readOnlyExtras.computeIfAbsent(principal, k -> new TreeSet<>()).addAll(topics);
        return this;
    }

    private boolean readOnlyExtra(String principal, String topic) {
        return readOnlyExtras.getOrDefault(principal, Set.of()).contains(topic);
    }

    private void require(List<String> p, String principal, String op, String type, String name, String why) {
        if (acls.stream().noneMatch(a -> a.principal().equals(principal) && a.allows(op, type, name))) {
            p.add(INIT_SCRIPT + ": " + principal + " is not allowed " + op + " on " + type + " " + name + " (" + why + ")");
        }
    }

    /** kafka-init creates every topic, with the configurations it must have (compaction, ...). */
    public List<String> topics(Collection<DeploymentCheck.ExpectedTopic> expected) {
        List<String> p = new ArrayList<>();
        for (DeploymentCheck.ExpectedTopic t : expected) {
            List<String> configs = topicsCreated.get(t.name());
            if (configs == null) {
                p.add(INIT_SCRIPT + ": does not create topic " + t.name());
                continue;
            }
            for (Map.Entry<String, String> c : t.configs().entrySet()) {
                if (!configs.contains(c.getKey() + "=" + c.getValue())) {
                    p.add(INIT_SCRIPT + ": topic " + t.name() + " is created without " + c.getKey() + "=" + c.getValue());
                }
            }
            if (!t.configs().containsKey("cleanup.policy") && configs.stream().anyMatch(c -> c.startsWith("cleanup.policy=") && c.contains("compact"))) {
                p.add(INIT_SCRIPT + ": topic " + t.name() + " is compacted, but it is not (it would lose records of repeated keys)");
            }
        }
        return p;
    }

    // ------------------------------------------------------------------------------------------ the scripts

    private static final Pattern FUNCTION = Pattern.compile("(?m)^([a-z_]+)\\(\\)\\s*\\{\\s*$");
    private static final Pattern LOCAL_ARG = Pattern.compile("([a-z_]+)=\"\\$(\\d)\"");

    /** The ACLs of the script: top-level {@code allow} lines, and calls of functions whose bodies call {@code allow}. */
    static List<Acl> parseAcls(String script) {
        Map<String, List<String>> bodies = new LinkedHashMap<>();
        Map<String, Map<String, Integer>> params = new LinkedHashMap<>();
        List<String> topLevel = new ArrayList<>();
        String current = null;
        for (String raw : script.split("\n")) {
            String line = raw.strip();
            Matcher f = FUNCTION.matcher(raw);
            if (current == null && f.matches()) {
                current = f.group(1);
                bodies.put(current, new ArrayList<>());
                params.put(current, new LinkedHashMap<>());
                continue;
            }
            if (current != null) {
                if (raw.equals("}")) {
                    current = null;
                } else {
                    if (line.startsWith("local ")) {
                        Matcher m = LOCAL_ARG.matcher(line);
                        while (m.find()) {
                            params.get(current).put(m.group(1), Integer.parseInt(m.group(2)));
                        }
                    }
                    bodies.get(current).add(line);
                }
                continue;
            }
            topLevel.add(line);
        }
        List<Acl> out = new ArrayList<>();
        for (String line : topLevel) {
            List<String> words = words(line);
            if (words.isEmpty()) {
                continue;
            }
            if (words.get(0).equals("allow")) {
                out.add(acl(words));
            } else if (bodies.containsKey(words.get(0)) && !words.get(0).equals("allow")) {
                List<String> args = words.subList(1, words.size());
                for (String b : bodies.get(words.get(0))) {
                    List<String> bw = words(b);
                    if (!bw.isEmpty() && bw.get(0).equals("allow")) {
                        List<String> bound = new ArrayList<>();
                        for (String w : bw) {
                            bound.add(substitute(w, params.get(words.get(0)), args));
                        }
                        out.add(acl(bound));
                    }
                }
            }
        }
        return out;
    }

    private static String substitute(String word, Map<String, Integer> params, List<String> args) {
        String w = word;
        for (Map.Entry<String, Integer> p : params.entrySet()) {
            String value = p.getValue() - 1 < args.size() ? args.get(p.getValue() - 1) : "";
            w = w.replace("${" + p.getKey() + "}", value).replace("$" + p.getKey(), value);
        }
        return w;
    }

    private static Acl acl(List<String> w) {
        if (w.size() < 5) {
            throw new IllegalArgumentException("allow needs PRINCIPAL OPERATIONS TYPE NAME: " + w);
        }
        Set<String> ops = new LinkedHashSet<>(List.of(w.get(2).split(",")));
        boolean prefixed = w.size() > 5 && w.get(5).equals("prefixed");
        return new Acl(w.get(1), ops, w.get(3), w.get(4), prefixed);
    }

    /** Shell words of a line: split on blanks, quotes removed, comments dropped. */
    static List<String> words(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    cur.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inWord = true;
            } else if (c == '#' && !inWord) {
                break;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    inWord = false;
                }
            } else {
                cur.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            out.add(cur.toString());
        }
        return out;
    }

    /** {@code topic NAME [--config k=v]...} lines: topic to its extra configurations. */
    static Map<String, List<String>> parseTopics(String script) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (String line : script.split("\n")) {
            List<String> w = words(line.strip());
            if (w.size() >= 2 && w.get(0).equals("topic") && !line.contains("()")) {
                List<String> configs = new ArrayList<>();
                for (int i = 2; i + 1 < w.size(); i++) {
                    if (w.get(i).equals("--config")) {
                        configs.add(w.get(++i));
                    }
                }
                m.put(w.get(1), configs);
            }
        }
        return m;
    }

    /** The principals of the {@code for user in ...; do scram_user} loop. */
    Set<String> scramUsers() {
        Matcher m = Pattern.compile("(?m)^for user in ([^;]+); do\\s*\\n\\s*scram_user ").matcher(initScript);
        return m.find() ? new TreeSet<>(List.of(m.group(1).trim().split("\\s+"))) : Set.of();
    }

    /** The principals kafka-credentials.sh writes ({@code PRINCIPALS="..."}). */
    Set<String> credentialPrincipals() {
        Matcher m = Pattern.compile("(?m)^PRINCIPALS=\"([^\"]+)\"").matcher(credentialsScript);
        return m.find() ? new TreeSet<>(List.of(m.group(1).trim().split("\\s+"))) : Set.of();
    }

    // ------------------------------------------------------------------------------------------ compose

    private Map<String, Object> services() {
        return map(compose.get("services"));
    }

    private static boolean isWorldcurate(Object svc) {
        return Objects.requireNonNullElse(str(map(svc).get("image")), "").startsWith(DeploymentCheck.IMAGE_PREFIX);
    }

    private static String principalOf(String secret) {
        return secret.endsWith(".properties") ? secret.substring(0, secret.length() - ".properties".length()) : secret;
    }

    private static Set<String> secretNames(Object svc) {
        Set<String> s = new TreeSet<>();
        for (Object o : list(map(svc).get("secrets"))) {
            s.add(o instanceof Map<?, ?> m ? String.valueOf(m.get("source")) : String.valueOf(o));
        }
        return s;
    }

    private static Map<String, String> env(Object svc) {
        Map<String, String> env = new LinkedHashMap<>();
        Object e = map(svc).get("environment");
        if (e instanceof Map<?, ?> m) {
            m.forEach((k, v) -> env.put(k.toString(), v == null ? null : composeDefaults(v.toString())));
        } else {
            for (Object o : list(e)) {
                String s = o.toString();
                int eq = s.indexOf('=');
                env.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? null : composeDefaults(s.substring(eq + 1)));
            }
        }
        return env;
    }
}

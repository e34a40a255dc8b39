package io.worldcurate.cli.security;

import io.worldcurate.balancer.BalancerConfig;
import io.worldcurate.balancer.BalancerTopology;
import io.worldcurate.balancer.ReplayTopology;
import io.worldcurate.core.lang.LanguageAssigner;
import io.worldcurate.core.match.LanguageMatchers;
import io.worldcurate.core.metadata.MetadataSource;
import io.worldcurate.lid.LidTopology;
import io.worldcurate.matcher.MatcherTopology;
import io.worldcurate.schemas.Topics;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The principals of a secured pipeline and the least ACLs each needs. A service's topics come from its
 * topology ({@link Topology#describe()}: the topics its sources read and its sinks write), never from a
 * list kept by hand; its application ids give the prefix of its consumer group, internal topics and
 * transactional ids, which it owns.
 *
 * <ul>
 *   <li>each service reads its sources, writes its sinks and {@code curation.dlq} (the dead-lettering
 *       handlers of streams-common write there outside the topology too);</li>
 *   <li>balancer-service's dashboard also reads {@code curation.dlq} (the dead-letter tail) and describes
 *       the other services' groups and input topics (the consumer lag);</li>
 *   <li>{@value #INGEST} writes {@code crawl.images} (WAT files transactionally, ids {@value #INGEST_TRANSACTIONS}...);</li>
 *   <li>{@value #EXPORT} reads what the balancer writes, and {@code curation.dlq};</li>
 *   <li>{@value #ADMIN} creates and describes topics.</li>
 * </ul>
 */
public final class ServiceAcls {

    public static final String ADMIN = "admin";
    public static final String INGEST = "ingest";
    public static final String EXPORT = "export";
    public static final String LID = "lid-service";
    public static final String MATCHER = "matcher-service";
    public static final String BALANCER = "balancer-service";
    public static final String INGEST_TRANSACTIONS = "curate-ingest-";

    /** Every principal, in pipeline order. */
    public static final List<String> PRINCIPALS = List.of(ADMIN, INGEST, LID, MATCHER, BALANCER, EXPORT);

    /** What a service's topologies read and write (internal topics left out: its prefix covers them). */
    public record ServiceTopics(String principal, List<String> applicationIds, Set<String> reads, Set<String> writes) {
    }

    private ServiceAcls() {
    }

    /** The three services, their topics derived from the topologies they run. */
    public static List<ServiceTopics> services() {
        List<ServiceTopics> t = topologies();
        return List.of(t.get(0), t.get(1), merge(t.get(2), t.get(3)));
    }

    /**
     * Each topology on its own, with one application id each: lid, matcher, the online balancer and the replay
     * (both run as {@value #BALANCER} here; docker-compose runs the replay as a principal of its own).
     */
    public static List<ServiceTopics> topologies() {
        MetadataSource metadata = MetadataSource.open(null, r -> { });
        LanguageAssigner assigner = new LanguageAssigner(metadata, () -> {
            throw new IllegalStateException("not identifying anything: only describing the topology");
        });
        BalancerConfig balancer = BalancerConfig.defaults(metadata);
        return List.of(
                topics(LID, List.of(LID), LidTopology.build(new LidTopology.Config(assigner))),
                topics(MATCHER, List.of(MATCHER), MatcherTopology.build(new MatcherTopology.Config(new LanguageMatchers(metadata)))),
                topics(BALANCER, List.of(BalancerConfig.DEFAULT_APPLICATION_ID), BalancerTopology.build(balancer)),
                topics(BALANCER, List.of(ReplayTopology.DEFAULT_APPLICATION_ID), ReplayTopology.build(balancer)));
    }

    static ServiceTopics topics(String principal, List<String> applicationIds, Topology topology) {
        Set<String> reads = new TreeSet<>();
        Set<String> writes = new TreeSet<>();
        TopologyDescription d = topology.describe();
        for (TopologyDescription.Subtopology s : d.subtopologies()) {
            for (TopologyDescription.Node n : s.nodes()) {
                if (n instanceof TopologyDescription.Source source) {
                    if (source.topicSet() != null) {
                        reads.addAll(source.topicSet());
                    }
                    if (source.topicPattern() != null) {
                        throw new IllegalStateException(principal + " reads a topic pattern: its ACLs cannot be listed");
                    }
                } else if (n instanceof TopologyDescription.Sink sink) {
                    if (sink.topic() == null) {
                        throw new IllegalStateException(principal + " writes to topics it chooses per record: its ACLs cannot be listed");
                    }
                    writes.add(sink.topic());
                }
            }
        }
        for (TopologyDescription.GlobalStore g : d.globalStores()) {
            reads.addAll(g.source().topicSet());
        }
        reads.removeIf(ServiceAcls::internal);
        writes.removeIf(ServiceAcls::internal);
        writes.add(Topics.DLQ);
        return new ServiceTopics(principal, applicationIds, reads, writes);
    }

    /** Repartition topics, named in descriptions without the application id that prefixes them. */
    private static boolean internal(String topic) {
        return topic.endsWith("-repartition");
    }

    private static ServiceTopics merge(ServiceTopics a, ServiceTopics b) {
        List<String> ids = new ArrayList<>(a.applicationIds());
        ids.addAll(b.applicationIds());
        Set<String> reads = new TreeSet<>(a.reads());
        reads.addAll(b.reads());
        Set<String> writes = new TreeSet<>(a.writes());
        writes.addAll(b.writes());
        return new ServiceTopics(a.principal(), ids, reads, writes);
    }

    /** Each principal's ACLs, in {@link #PRINCIPALS} order. */
    public static Map<String, List<AclBinding>> bindings() {
        List<ServiceTopics> services = services();
        Map<String, List<AclBinding>> all = new LinkedHashMap<>();
        for (String p : PRINCIPALS) {
            all.put(p, new ArrayList<>());
        }
        all.get(ADMIN).add(allow(ADMIN, ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL, AclOperation.CREATE));
        all.get(ADMIN).add(allow(ADMIN, ResourceType.TOPIC, "*", PatternType.LITERAL, AclOperation.DESCRIBE));
        all.get(ADMIN).add(allow(ADMIN, ResourceType.TOPIC, "*", PatternType.LITERAL, AclOperation.DESCRIBE_CONFIGS));
        all.get(INGEST).add(allow(INGEST, ResourceType.TOPIC, Topics.CRAWL_IMAGES, PatternType.LITERAL, AclOperation.WRITE));
        all.get(INGEST).add(allow(INGEST, ResourceType.TRANSACTIONAL_ID, INGEST_TRANSACTIONS, PatternType.PREFIXED, AclOperation.WRITE));
        Set<String> balancerOutputs = new TreeSet<>();
        for (ServiceTopics s : services) {
            List<AclBinding> b = all.get(s.principal());
            // a topic under one of its own prefixes (replay reads the online balancer's changelog) needs no ACL of its own
            java.util.function.Predicate<String> own = t -> s.applicationIds().stream().anyMatch(id -> t.startsWith(id + "-"));
            s.reads().stream().filter(own.negate())
                    .forEach(t -> b.add(allow(s.principal(), ResourceType.TOPIC, t, PatternType.LITERAL, AclOperation.READ)));
            s.writes().stream().filter(own.negate())
                    .forEach(t -> b.add(allow(s.principal(), ResourceType.TOPIC, t, PatternType.LITERAL, AclOperation.WRITE)));
            for (String id : s.applicationIds()) {
                for (ResourceType r : List.of(ResourceType.TOPIC, ResourceType.GROUP, ResourceType.TRANSACTIONAL_ID)) {
                    b.add(allow(s.principal(), r, id, PatternType.PREFIXED, AclOperation.ALL));
                }
            }
            if (s.principal().equals(BALANCER)) {
                balancerOutputs.addAll(s.writes());
            }
        }
        List<AclBinding> dashboard = all.get(BALANCER);
        dashboard.add(allow(BALANCER, ResourceType.TOPIC, Topics.DLQ, PatternType.LITERAL, AclOperation.READ));
        for (ServiceTopics s : services) {
            if (!s.principal().equals(BALANCER)) {
                s.applicationIds().forEach(id -> dashboard.add(allow(BALANCER, ResourceType.GROUP, id, PatternType.LITERAL, AclOperation.DESCRIBE)));
                s.reads().forEach(t -> dashboard.add(allow(BALANCER, ResourceType.TOPIC, t, PatternType.LITERAL, AclOperation.DESCRIBE)));
            }
        }
        balancerOutputs.forEach(t -> all.get(EXPORT).add(allow(EXPORT, ResourceType.TOPIC, t, PatternType.LITERAL, AclOperation.READ)));
        all.values().forEach(l -> {
            List<AclBinding> distinct = l.stream().distinct().toList();
            l.clear();
            l.addAll(distinct);
        });
        return all;
    }

    static AclBinding allow(String principal, ResourceType type, String name, PatternType pattern, AclOperation op) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry("User:" + principal, "*", op, AclPermissionType.ALLOW));
    }

    /** The bindings as lines, one per ACL, for people (and {@code curate broker}'s listing). */
    public static String describe(List<AclBinding> bindings) {
        StringBuilder sb = new StringBuilder();
        for (AclBinding b : bindings) {
            sb.append(String.format(java.util.Locale.ROOT, "  %-10s %-16s %-9s %s%n", b.entry().operation(), b.pattern().resourceType(),
                    b.pattern().patternType(), b.pattern().name()));
        }
        return sb.toString();
    }
}

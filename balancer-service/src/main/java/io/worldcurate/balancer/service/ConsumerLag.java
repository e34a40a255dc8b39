package io.worldcurate.balancer.service;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Consumer lag of the pipeline's stages, for the dashboard: for each consumer group (a stage's
 * application id), the committed offsets (Admin) against the end offsets (last stable offsets, as
 * the stages read read_committed) of the topics it reads, lag = end - committed summed per group and
 * topic. The topics are those the group has committed offsets for (internal repartition topics
 * included) and the input topics configured for it, so that a stage that has committed nothing yet
 * shows its whole input as lag (a partition without a committed offset counts from its log start).
 * The answer is cached for {@code cacheFor}.
 */
public final class ConsumerLag implements AutoCloseable {

    /** A group, and the topics it reads that are shown even before it commits ({@code group[:topic+topic...]}). */
    public record GroupSpec(String group, List<String> inputTopics) {

        public GroupSpec {
            if (group == null || group.isBlank()) {
                throw new IllegalArgumentException("empty consumer group name");
            }
            inputTopics = List.copyOf(inputTopics);
        }

        /** {@code lid-service:crawl.images}, {@code balancer-service:curation.matched+other}, or a bare group name. */
        public static GroupSpec parse(String spec) {
            String s = spec.trim();
            int colon = s.indexOf(':');
            if (colon < 0) {
                return new GroupSpec(s, List.of());
            }
            List<String> topics = Arrays.stream(s.substring(colon + 1).split("\\+")).map(String::trim).filter(t -> !t.isEmpty()).toList();
            return new GroupSpec(s.substring(0, colon).trim(), topics);
        }
    }

    /** One topic of a group: partitions, how many have no committed offset, the summed end offsets and lag. */
    public record TopicLag(String topic, boolean missing, int partitions,
                           @JsonProperty("uncommitted_partitions") int uncommittedPartitions,
                           @JsonProperty("end_offset") long endOffset, long lag) {
    }

    /**
     * One group: its state as the group coordinator tells it ({@code STABLE}, {@code EMPTY}, {@code DEAD}
     * for one that does not exist, ...), its members, its total lag and per topic.
     */
    public record GroupLag(String group, String state, int members, long lag, List<TopicLag> topics, String error) {
    }

    public record Report(@JsonProperty("computed_at") String computedAt, List<GroupLag> groups, String error) {
    }

    private final String bootstrapServers;
    private final List<GroupSpec> groups;
    private final long cacheNanos;
    private final Duration timeout;
    private final Map<String, Object> extraConfig;
    private Admin admin;
    private Report cached;
    private long cachedAt;
    private boolean closed;

    public ConsumerLag(String bootstrapServers, List<GroupSpec> groups, Duration cacheFor, Duration timeout,
                       Map<String, Object> extraConfig) {
        this.bootstrapServers = bootstrapServers;
        this.groups = List.copyOf(groups);
        this.cacheNanos = cacheFor.toNanos();
        this.timeout = timeout;
        this.extraConfig = Map.copyOf(extraConfig);
    }

    public List<GroupSpec> groups() {
        return groups;
    }

    /** The lag of every configured group, at most {@code cacheFor} old; never throws (errors are in the report). */
    public synchronized Report report() {
        long now = System.nanoTime();
        if (cached != null && now - cachedAt < cacheNanos) {
            return cached;
        }
        try {
            cached = compute();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            cached = new Report(Instant.now().toString(), List.of(), cause.getClass().getSimpleName() + ": " + cause.getMessage());
        }
        cachedAt = System.nanoTime();
        return cached;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
            admin = null;
        }
    }

    private Admin admin() {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        if (admin == null) {
            Properties p = new Properties();
            p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            p.put(AdminClientConfig.CLIENT_ID_CONFIG, "consumer-lag");
            p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
            p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
            p.putAll(extraConfig);
            admin = Admin.create(p);
        }
        return admin;
    }

    private Report compute() throws InterruptedException, ExecutionException, TimeoutException {
        Admin a = admin();
        int timeoutMs = (int) timeout.toMillis();
        Instant at = Instant.now();

        Map<String, ListConsumerGroupOffsetsSpec> specs = new LinkedHashMap<>();
        groups.forEach(g -> specs.put(g.group(), new ListConsumerGroupOffsetsSpec()));
        var offsets = a.listConsumerGroupOffsets(specs, new ListConsumerGroupOffsetsOptions().timeoutMs(timeoutMs));
        var described = a.describeConsumerGroups(specs.keySet(), new DescribeConsumerGroupsOptions().timeoutMs(timeoutMs)).describedGroups();
        Set<String> inputTopics = new TreeSet<>();
        groups.forEach(g -> inputTopics.addAll(g.inputTopics()));
        var topicFutures = inputTopics.isEmpty() ? Map.<String, KafkaFuture<TopicDescription>>of()
                : a.describeTopics(inputTopics, new DescribeTopicsOptions().timeoutMs(timeoutMs)).topicNameValues();

        // partitions of the configured input topics; missing topics are reported as such
        Map<String, List<TopicPartition>> inputPartitions = new HashMap<>();
        Set<String> missing = new HashSet<>();
        for (String t : inputTopics) {
            try {
                TopicDescription d = get(topicFutures.get(t));
                inputPartitions.put(t, d.partitions().stream().map(p -> new TopicPartition(t, p.partition())).toList());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
                missing.add(t);
            }
        }

        // committed offsets per group; a group that does not exist has none
        Map<String, Map<TopicPartition, Long>> committed = new LinkedHashMap<>();
        Map<String, String> groupErrors = new HashMap<>();
        for (GroupSpec g : groups) {
            Map<TopicPartition, Long> c = new HashMap<>();
            try {
                Map<TopicPartition, OffsetAndMetadata> m = get(offsets.partitionsToOffsetAndMetadata(g.group()));
                m.forEach((tp, om) -> {
                    if (om != null) {
                        c.put(tp, om.offset());
                    }
                });
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                    groupErrors.put(g.group(), message(e.getCause()));
                }
            }
            committed.put(g.group(), c);
        }

        // end offsets of every partition involved; log start offsets of those some group has not committed
        Set<TopicPartition> all = new LinkedHashSet<>();
        Set<TopicPartition> needStart = new LinkedHashSet<>();
        for (GroupSpec g : groups) {
            Map<TopicPartition, Long> c = committed.get(g.group());
            all.addAll(c.keySet());
            for (String t : g.inputTopics()) {
                for (TopicPartition tp : inputPartitions.getOrDefault(t, List.of())) {
                    all.add(tp);
                    if (!c.containsKey(tp)) {
                        needStart.add(tp);
                    }
                }
            }
        }
        Map<TopicPartition, Long> ends = offsets(a, all, OffsetSpec.latest(), timeoutMs);
        Map<TopicPartition, Long> starts = offsets(a, needStart, OffsetSpec.earliest(), timeoutMs);

        List<GroupLag> out = new ArrayList<>();
        for (GroupSpec g : groups) {
            Map<TopicPartition, Long> c = committed.get(g.group());
            // the configured input topics first, in their order, then the others the group committed to
            Set<String> topics = new LinkedHashSet<>(g.inputTopics());
            c.keySet().stream().map(TopicPartition::topic).sorted().forEach(topics::add);
            List<TopicLag> topicLags = new ArrayList<>();
            long groupLag = 0;
            for (String t : topics) {
                if (missing.contains(t) && c.keySet().stream().noneMatch(tp -> tp.topic().equals(t))) {
                    topicLags.add(new TopicLag(t, true, 0, 0, 0, 0));
                    continue;
                }
                Set<TopicPartition> parts = new TreeSet<>(Comparator.comparingInt(TopicPartition::partition));
                parts.addAll(inputPartitions.getOrDefault(t, List.of()));
                c.keySet().stream().filter(tp -> tp.topic().equals(t)).forEach(parts::add);
                long lag = 0;
                long end = 0;
                int uncommitted = 0;
                boolean known = false;
                for (TopicPartition tp : parts) {
                    Long e = ends.get(tp);
                    if (e == null) {
                        continue; // the partition is gone (topic deleted)
                    }
                    known = true;
                    end += e;
                    Long from = c.get(tp);
                    if (from == null) {
                        uncommitted++;
                        from = starts.getOrDefault(tp, 0L);
                    }
                    lag += Math.max(0, e - from);
                }
                topicLags.add(new TopicLag(t, !known, parts.size(), uncommitted, end, lag));
                groupLag += lag;
            }
            String state = "UNKNOWN";
            int members = 0;
            try {
                ConsumerGroupDescription d = get(described.get(g.group()));
                state = d.groupState() == null ? "UNKNOWN" : d.groupState().name();
                members = d.members().size();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof GroupIdNotFoundException) {
                    state = "DEAD";
                } else {
                    groupErrors.putIfAbsent(g.group(), message(e.getCause()));
                }
            }
            out.add(new GroupLag(g.group(), state, members, groupLag, topicLags, groupErrors.get(g.group())));
        }
        return new Report(at.toString(), out, null);
    }

    private Map<TopicPartition, Long> offsets(Admin a, Set<TopicPartition> partitions, OffsetSpec spec, int timeoutMs)
            throws InterruptedException, ExecutionException, TimeoutException {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, OffsetSpec> request = new LinkedHashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        ListOffsetsResult r = a.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED).timeoutMs(timeoutMs));
        Map<TopicPartition, Long> out = new HashMap<>();
        for (TopicPartition tp : partitions) {
            try {
                out.put(tp, get(r.partitionResult(tp)).offset());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
        }
        return out;
    }

    private <T> T get(KafkaFuture<T> f) throws InterruptedException, ExecutionException, TimeoutException {
        return f.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
    }

    private static String message(Throwable t) {
        return t == null ? "unknown error" : t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}

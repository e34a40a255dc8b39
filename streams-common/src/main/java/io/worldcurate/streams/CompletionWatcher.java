package io.worldcurate.streams;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Tells when a pipeline of Kafka Streams applications has processed everything: a real completion
 * signal read from the cluster, not a sleep. A stage is done when every stage before it is done (so
 * its inputs will not grow), no transaction is open on its inputs, and its consumer group has committed,
 * on every partition of every topic it reads, an offset past the last committed data record. Committed
 * offsets are written in the same transactions as the stage's outputs (exactly-once), so a done
 * stage's outputs are final.
 *
 * <p>Offsets are compared with the last stable offset (the end a read-committed consumer sees), and
 * only where a group is behind it and every stage before is done does the watcher read the partition,
 * from the group's offset on, to tell commit markers (which consumers skip and never commit past)
 * from data records. So a poll costs a few admin requests while the pipeline runs, and reads a few
 * records per partition at the end.
 */
public final class CompletionWatcher implements AutoCloseable {

    /** A stage: its consumer group (the Streams application id) and the topics it reads. */
    public record Stage(String name, String groupId, List<String> topics) {
    }

    /**
     * How far one stage is: offsets it has committed past, of those its inputs hold (both summed over
     * its partitions; commit markers take offsets too, so these approximate records).
     */
    public record StageProgress(String name, long committed, long total, boolean done) {
    }

    /** How long one poll reads partition tails before it answers "not done" and leaves them to the next poll. */
    private static final Duration TAIL_READ_TIMEOUT = Duration.ofSeconds(5);

    private final Admin admin;
    private final KafkaConsumer<byte[], byte[]> probe;
    private final Map<String, List<TopicPartition>> partitionsOfTopic = new HashMap<>();

    public CompletionWatcher(String bootstrapServers) {
        this(bootstrapServers, Map.of());
    }

    /** @param clientConfig more client settings (security) for its admin client and probe consumer */
    public CompletionWatcher(String bootstrapServers, Map<String, ?> clientConfig) {
        Properties p = new Properties();
        p.putAll(clientConfig);
        p.put("bootstrap.servers", bootstrapServers);
        this.admin = Admin.create(p);
        Properties c = new Properties();
        c.putAll(clientConfig);
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // a group offset below the log start (records deleted unread) reads from the start
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        this.probe = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Progress of each stage, in pipeline order; a stage is done only when all before it are. */
    public List<StageProgress> progress(List<Stage> stages) {
        List<StageProgress> out = new ArrayList<>();
        boolean upstreamDone = true;
        for (Stage s : stages) {
            // the group's offsets first: ends read after them can only be further on, never make a stage look done early
            Map<TopicPartition, Long> offsets = committed(s.groupId());
            List<TopicPartition> partitions = partitions(s.topics());
            Map<TopicPartition, Long> ends = listOffsets(partitions, IsolationLevel.READ_COMMITTED);
            long committed = 0;
            long total = 0;
            Map<TopicPartition, Long> behind = new HashMap<>();
            for (TopicPartition tp : partitions) {
                long at = offsets.getOrDefault(tp, 0L);
                long end = ends.get(tp);
                total += end;
                committed += Math.min(at, end);
                if (at < end) {
                    behind.put(tp, at);
                }
            }
            boolean done = upstreamDone && noOpenTransaction(partitions, ends) && !hasDataRecords(behind, ends);
            out.add(new StageProgress(s.name(), committed, total, done));
            upstreamDone = done;
        }
        return out;
    }

    /** Waits until every stage is done; {@code onProgress} sees each poll's figures. */
    public void awaitDone(List<Stage> stages, Duration timeout, Duration poll,
                          java.util.function.Consumer<List<StageProgress>> onProgress) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<StageProgress> p = progress(stages);
            onProgress.accept(p);
            if (p.stream().allMatch(StageProgress::done)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("pipeline not done after " + timeout + ": " + p);
            }
            Thread.sleep(poll.toMillis());
        }
    }

    /**
     * Whether no transaction is open (or still being completed) on these partitions: their last stable
     * offsets equal their high watermarks. Records of an open transaction lie beyond the last stable
     * offset, where a read-committed consumer cannot see them yet.
     */
    private boolean noOpenTransaction(List<TopicPartition> partitions, Map<TopicPartition, Long> stableEnds) {
        Map<TopicPartition, Long> high = listOffsets(partitions, IsolationLevel.READ_UNCOMMITTED);
        return partitions.stream().allMatch(tp -> stableEnds.get(tp) >= high.get(tp));
    }

    /**
     * Whether any of these partitions holds a committed data record between the given offset and its
     * stable end; false when they hold only commit markers there (or nothing).
     */
    private boolean hasDataRecords(Map<TopicPartition, Long> from, Map<TopicPartition, Long> stableEnds) {
        if (from.isEmpty()) {
            return false;
        }
        probe.assign(from.keySet());
        from.forEach(probe::seek);
        Set<TopicPartition> reading = new HashSet<>(from.keySet());
        long deadline = System.nanoTime() + TAIL_READ_TIMEOUT.toNanos();
        while (!reading.isEmpty()) {
            for (ConsumerRecord<byte[], byte[]> r : probe.poll(Duration.ofMillis(10))) {
                if (r.offset() < stableEnds.get(new TopicPartition(r.topic(), r.partition()))) {
                    return true;
                }
            }
            // a fetch of markers only returns no records but moves the position past them
            reading.removeIf(tp -> probe.position(tp) >= stableEnds.get(tp));
            if (System.nanoTime() > deadline) {
                return true; // unreadable for now (a leader moving): not done, asked again at the next poll
            }
        }
        return false;
    }

    /** The partitions of these topics (those that exist), each topic described once. */
    private List<TopicPartition> partitions(Collection<String> topics) {
        List<String> unknown = topics.stream().filter(t -> !partitionsOfTopic.containsKey(t)).toList();
        if (!unknown.isEmpty()) {
            try {
                Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
                List<String> present = unknown.stream().filter(existing::contains).toList();
                Map<String, TopicDescription> d = admin.describeTopics(present).allTopicNames().get(30, TimeUnit.SECONDS);
                d.values().forEach(td -> partitionsOfTopic.put(td.name(),
                        td.partitions().stream().map(p -> new TopicPartition(td.name(), p.partition())).toList()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("cannot describe topics " + topics + ": " + e.getMessage(), e);
            }
        }
        List<TopicPartition> out = new ArrayList<>();
        topics.forEach(t -> out.addAll(partitionsOfTopic.getOrDefault(t, List.of())));
        return out;
    }

    /** The latest offset of each partition as a consumer of this isolation level sees it. */
    private Map<TopicPartition, Long> listOffsets(List<TopicPartition> partitions, IsolationLevel isolation) {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, OffsetSpec.latest()));
        try {
            Map<TopicPartition, Long> out = new HashMap<>();
            admin.listOffsets(request, new ListOffsetsOptions(isolation)).all().get(30, TimeUnit.SECONDS)
                    .forEach((tp, info) -> out.put(tp, info.offset()));
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot list offsets: " + e.getMessage(), e);
        }
    }

    /** The group's committed offset of each partition it has committed. */
    private Map<TopicPartition, Long> committed(String groupId) {
        try {
            Map<TopicPartition, OffsetAndMetadata> m = admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS);
            Map<TopicPartition, Long> out = new HashMap<>();
            m.forEach((tp, o) -> {
                if (o != null) {
                    out.put(tp, o.offset());
                }
            });
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the offsets of group " + groupId + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        probe.close();
        admin.close();
    }
}

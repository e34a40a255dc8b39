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
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Tells when a pipeline of Kafka Streams applications has processed everything: a real completion
 * signal read from the cluster, not a sleep. A stage is done when its consumer group has committed,
 * on every partition of every topic it reads, an offset past the last committed data record, and
 * every stage before it is done (so its inputs will not grow). Committed offsets are written in the
 * same transactions as the stage's outputs (exactly-once), so a done stage's outputs are final.
 *
 * <p>Offsets are compared with the last data record, not with the end offset: transactional topics
 * end with commit markers that consumers skip and never commit past.
 */
public final class CompletionWatcher implements AutoCloseable {

    /** A stage: its consumer group (the Streams application id) and the topics it reads. */
    public record Stage(String name, String groupId, List<String> topics) {
    }

    /** How far one stage is: records it has committed past, of those there are. */
    public record StageProgress(String name, long committed, long total, boolean done) {
    }

    private final Admin admin;
    private final KafkaConsumer<byte[], byte[]> probe;

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
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        this.probe = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Progress of each stage, in pipeline order; a stage is done only when all before it are. */
    public List<StageProgress> progress(List<Stage> stages) {
        List<StageProgress> out = new ArrayList<>();
        boolean upstreamDone = true;
        for (Stage s : stages) {
            long committed = 0;
            long total = 0;
            boolean done = upstreamDone;
            Map<TopicPartition, Long> targets = targets(s.topics());
            Map<TopicPartition, OffsetAndMetadata> offsets = committed(s.groupId());
            for (Map.Entry<TopicPartition, Long> t : targets.entrySet()) {
                OffsetAndMetadata o = offsets.get(t.getKey());
                long at = o == null ? 0 : o.offset();
                total += t.getValue();
                committed += Math.min(at, t.getValue());
                if (at < t.getValue()) {
                    done = false;
                }
            }
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

    /** Per partition, the offset a consumer must have committed to have read every committed data record. */
    Map<TopicPartition, Long> targets(Collection<String> topics) {
        List<TopicPartition> partitions = partitions(topics);
        Map<TopicPartition, Long> ends = listOffsets(partitions, OffsetSpec.latest());
        Map<TopicPartition, Long> starts = listOffsets(partitions, OffsetSpec.earliest());
        Map<TopicPartition, Long> targets = new HashMap<>();
        for (TopicPartition tp : partitions) {
            targets.put(tp, lastDataOffset(tp, starts.get(tp), ends.get(tp)) + 1);
        }
        return targets;
    }

    /** The offset of the last committed data record in [start, end), or start - 1 when there is none (empty or purged). */
    private long lastDataOffset(TopicPartition tp, long start, long end) {
        if (end <= start) {
            return start - 1;
        }
        probe.assign(List.of(tp));
        long window = 16;
        long from = end;
        while (from > start) {
            from = Math.max(start, from - window);
            probe.seek(tp, from);
            long last = -1;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (probe.position(tp) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : probe.poll(Duration.ofMillis(100))) {
                    if (r.offset() < end) {
                        last = Math.max(last, r.offset());
                    }
                }
            }
            if (last >= 0) {
                return last;
            }
            window *= 4;
        }
        return start - 1;
    }

    private List<TopicPartition> partitions(Collection<String> topics) {
        try {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<String> present = topics.stream().filter(existing::contains).toList();
            Map<String, TopicDescription> d = admin.describeTopics(present).allTopicNames().get(30, TimeUnit.SECONDS);
            List<TopicPartition> out = new ArrayList<>();
            d.values().forEach(td -> td.partitions().forEach(p -> out.add(new TopicPartition(td.name(), p.partition()))));
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot describe topics " + topics + ": " + e.getMessage(), e);
        }
    }

    private Map<TopicPartition, Long> listOffsets(List<TopicPartition> partitions, OffsetSpec spec) {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        try {
            Map<TopicPartition, Long> out = new HashMap<>();
            admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get(30, TimeUnit.SECONDS)
                    .forEach((tp, info) -> out.put(tp, info.offset()));
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot list offsets: " + e.getMessage(), e);
        }
    }

    private Map<TopicPartition, OffsetAndMetadata> committed(String groupId) {
        try {
            Map<TopicPartition, OffsetAndMetadata> m = admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
            m.forEach((tp, o) -> {
                if (o != null) {
                    out.put(tp, o);
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

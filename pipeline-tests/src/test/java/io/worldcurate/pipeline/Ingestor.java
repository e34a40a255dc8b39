package io.worldcurate.pipeline;

import io.worldcurate.schemas.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.DoubleSupplier;

/**
 * Produces the workload's records to {@code crawl.images} in a background thread while the services
 * run, with an idempotent producer (acks=all), {@code perTick} records every {@code tick}, and never
 * more than {@code maxLead} of the input ahead of the balancer's progress: the stream is still
 * flowing (input still arriving, every stage with work to do) whenever a kill comes.
 */
final class Ingestor implements AutoCloseable {

    private final List<Workload.Input> inputs;
    private final int perTick;
    private final Duration tick;
    private final KafkaProducer<String, byte[]> producer;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread thread;
    private final DoubleSupplier progress;
    private final double maxLead;
    private volatile boolean stop;

    Ingestor(String bootstrapServers, List<Workload.Input> inputs, int perTick, Duration tick, DoubleSupplier progress,
             double maxLead) {
        this.inputs = inputs;
        this.perTick = perTick;
        this.tick = tick;
        this.progress = progress;
        this.maxLead = maxLead;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "pipeline-test-ingest");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 300_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 120_000);
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        this.thread = new Thread(this::run, "pipeline-test-ingest");
        this.thread.setDaemon(true);
    }

    Ingestor start() {
        thread.start();
        return this;
    }

    private void run() {
        try {
            long next = System.nanoTime();
            int i = 0;
            while (i < inputs.size() && !stop && failure.get() == null) {
                if ((double) i / inputs.size() > progress.getAsDouble() + maxLead) {
                    // far enough ahead of the balancer: wait for it, so that the input keeps coming during the kills
                    Thread.sleep(tick.toMillis());
                    next = System.nanoTime();
                    continue;
                }
                for (int k = 0; k < perTick && i < inputs.size(); k++, i++) {
                    Workload.Input in = inputs.get(i);
                    producer.send(new ProducerRecord<>(Topics.CRAWL_IMAGES, in.key(), in.value()), (m, e) -> {
                        if (e != null) {
                            failure.compareAndSet(null, e);
                        } else {
                            acked.incrementAndGet();
                        }
                    });
                    sent.incrementAndGet();
                }
                next += tick.toNanos();
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
            producer.flush();
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
        }
    }

    long sent() {
        return sent.get();
    }

    double fraction() {
        return inputs.isEmpty() ? 1.0 : (double) acked.get() / inputs.size();
    }

    /** Waits until every record is acknowledged; fails when one could not be produced. */
    void awaitDone(Duration timeout) throws InterruptedException {
        thread.join(timeout.toMillis());
        if (thread.isAlive()) {
            throw new AssertionError("ingest not done after " + timeout + ": " + acked.get() + " of " + inputs.size() + " acknowledged");
        }
        check();
        if (acked.get() != inputs.size()) {
            throw new AssertionError(acked.get() + " of " + inputs.size() + " records acknowledged");
        }
        Log.info("ingest done: %d records acknowledged", acked.get());
    }

    void check() {
        Throwable t = failure.get();
        if (t != null) {
            throw new AssertionError("producing to " + Topics.CRAWL_IMAGES + " failed: " + t, t);
        }
    }

    @Override
    public void close() {
        stop = true;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(10));
    }
}

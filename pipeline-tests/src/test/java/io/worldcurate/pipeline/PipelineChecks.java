package io.worldcurate.pipeline;

import io.worldcurate.core.count.CountOfCounts;
import io.worldcurate.core.decide.Decider;
import io.worldcurate.core.decide.Decision;
import io.worldcurate.schemas.Topics;
import io.worldcurate.schemas.avro.CuratedImage;
import io.worldcurate.schemas.avro.DeadLetter;
import io.worldcurate.schemas.avro.LangImage;
import io.worldcurate.schemas.avro.LanguageThreshold;
import io.worldcurate.schemas.avro.MatchedImage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.Serdes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What a finished run must hold, read from the topics as a downstream consumer sees them
 * (read_committed) and compared with batch curation on the same input. Every check runs; the
 * failures are reported together.
 */
final class PipelineChecks {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);
    private static final int SHOWN = 10;

    private final String servers;
    private final Workload w;
    private final List<String> failures = new ArrayList<>();

    PipelineChecks(String bootstrapServers, Workload workload) {
        this.servers = bootstrapServers;
        this.w = workload;
    }

    /** Runs every check, replay included; throws one AssertionError listing every failure. */
    void verifyAll() throws InterruptedException {
        lidDeduplicates();
        matcherMatchesEveryImageOnce();
        nothingDeadLettered();
        onlineCuratedHoldsEachAdmittedImageOnce();
        countsEqualBatch();
        publishedThresholdsEqualBatch();
        replayEqualsBatch();
        assertNoFailures();
    }

    void assertNoFailures() {
        if (!failures.isEmpty()) {
            throw new AssertionError(failures.size() + " check(s) failed:\n- " + String.join("\n- ", failures));
        }
    }

    private void fail(String message) {
        Log.info("CHECK FAILED: %s", message);
        failures.add(message);
    }

    private static <T> List<T> values(List<ConsumerRecord<byte[], byte[]>> records, Function<byte[], T> decode) {
        return records.stream().map(r -> decode.apply(r.value())).toList();
    }

    private static <T> Map<String, Integer> duplicates(List<T> items, Function<T, String> uuid) {
        Map<String, Integer> n = new HashMap<>();
        items.forEach(i -> n.merge(uuid.apply(i), 1, Integer::sum));
        Map<String, Integer> dup = new TreeMap<>();
        n.forEach((k, v) -> {
            if (v > 1) {
                dup.put(k, v);
            }
        });
        return dup;
    }

    private static String sample(java.util.Collection<?> c) {
        return c.stream().limit(SHOWN).toList() + (c.size() > SHOWN ? " ... (" + c.size() + ")" : "");
    }

    private static String sample(Map<?, ?> m) {
        return m.entrySet().stream().limit(SHOWN).toList() + (m.size() > SHOWN ? " ... (" + m.size() + ")" : "");
    }

    /** curation.lid: each unique uuid exactly once, and it is the first record of the uuid (dedup kept the right one). */
    void lidDeduplicates() {
        List<LangImage> lid = values(TopicDump.read(servers, Topics.LID, READ_TIMEOUT),
                v -> Topics.LANG_IMAGE_SERDE.deserialize(Topics.LID, v));
        Map<String, Integer> dup = duplicates(lid, LangImage::getUuid);
        if (!dup.isEmpty()) {
            fail("curation.lid holds " + dup.size() + " uuid(s) more than once (dedup broken): " + sample(dup));
        }
        Set<String> got = new HashSet<>();
        List<String> wrongFirst = new ArrayList<>();
        for (LangImage l : lid) {
            got.add(l.getUuid());
            Long first = w.firstSeq.get(l.getUuid());
            if (first != null && !first.equals(l.getIngestSeq())) {
                wrongFirst.add(l.getUuid() + " kept seq " + l.getIngestSeq() + ", first is " + first);
            }
        }
        missingAndExtra("curation.lid", w.firstSeq.keySet(), got);
        if (!wrongFirst.isEmpty()) {
            fail("curation.lid kept a later copy of " + wrongFirst.size() + " uuid(s): " + sample(wrongFirst));
        }
        Log.info("curation.lid: %d records, %d unique uuids expected", lid.size(), w.firstSeq.size());
    }

    /** curation.matched: batch's matched images exactly, each once, with batch's matched texts. */
    void matcherMatchesEveryImageOnce() {
        List<MatchedImage> matched = values(TopicDump.read(servers, Topics.MATCHED, READ_TIMEOUT),
                v -> Topics.MATCHED_IMAGE_SERDE.deserialize(Topics.MATCHED, v));
        Map<String, Integer> dup = duplicates(matched, MatchedImage::getUuid);
        if (!dup.isEmpty()) {
            fail("curation.matched holds " + dup.size() + " uuid(s) more than once: " + sample(dup));
        }
        Set<String> got = new HashSet<>();
        List<String> differ = new ArrayList<>();
        for (MatchedImage m : matched) {
            got.add(m.getUuid());
            List<Workload.Text> expected = w.matched.get(m.getUuid());
            List<Workload.Text> actual = m.getTexts().stream().map(Workload.Text::of).toList();
            if (expected != null && !expected.equals(actual)) {
                differ.add(m.getUuid() + ": " + actual + " vs batch " + expected);
            }
        }
        missingAndExtra("curation.matched", w.matched.keySet(), got);
        if (!differ.isEmpty()) {
            fail("curation.matched texts differ from batch's index for " + differ.size() + " image(s): " + sample(differ));
        }
        Log.info("curation.matched: %d records, %d matched images expected", matched.size(), w.matched.size());
    }

    private void missingAndExtra(String topic, Set<String> expected, Set<String> got) {
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(got);
        Set<String> extra = new TreeSet<>(got);
        extra.removeAll(expected);
        if (!missing.isEmpty()) {
            fail(topic + " lacks " + missing.size() + " uuid(s) of batch's: " + sample(missing));
        }
        if (!extra.isEmpty()) {
            fail(topic + " holds " + extra.size() + " uuid(s) batch does not: " + sample(extra));
        }
    }

    void nothingDeadLettered() {
        List<DeadLetter> dlq = values(TopicDump.read(servers, Topics.DLQ, READ_TIMEOUT),
                v -> Topics.DEAD_LETTER_SERDE.deserialize(Topics.DLQ, v));
        if (!dlq.isEmpty()) {
            fail("curation.dlq holds " + dlq.size() + " record(s) (the input has no bad record): "
                    + sample(dlq.stream().map(d -> d.getStage() + ": " + d.getReason()).toList()));
        }
    }

    /**
     * (a) curation.curated: no uuid twice, only matched images, and each record is a true online
     * admission: the chosen text is the seed's choice among batch's matched texts, and the decision
     * recomputed from the counts and threshold the record says it used admits it with the recorded
     * probability; those counts can never exceed the final ones.
     */
    void onlineCuratedHoldsEachAdmittedImageOnce() {
        List<CuratedImage> curated = values(TopicDump.read(servers, Topics.CURATED, READ_TIMEOUT),
                v -> Topics.CURATED_IMAGE_SERDE.deserialize(Topics.CURATED, v));
        Map<String, Integer> dup = duplicates(curated, CuratedImage::getUuid);
        if (!dup.isEmpty()) {
            fail("(a) curation.curated holds " + dup.size() + " uuid(s) more than once: " + sample(dup));
        }
        if (curated.isEmpty()) {
            fail("(a) curation.curated is empty");
        }
        Decider decider = new Decider(w.seed);
        List<String> notMatched = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        for (CuratedImage c : curated) {
            List<Workload.Text> texts = w.matched.get(c.getUuid());
            if (texts == null) {
                notMatched.add(c.getUuid());
                continue;
            }
            Workload.Text chosen = texts.get(decider.chosenIndex(c.getUuid(), texts.size()));
            if (!chosen.text().equals(c.getText()) || !chosen.lang().equals(c.getLang()) || !chosen.entries().equals(c.getEntries())) {
                wrong.add(c.getUuid() + ": curated text " + c.getText() + "/" + c.getLang() + c.getEntries() + ", chosen is " + chosen);
                continue;
            }
            int[] entries = chosen.entries().stream().mapToInt(Integer::intValue).toArray();
            long[] n = c.getCounts().stream().mapToLong(Long::longValue).toArray();
            if (n.length != entries.length) {
                wrong.add(c.getUuid() + ": " + n.length + " counts for " + entries.length + " entries");
                continue;
            }
            for (int i = 0; i < entries.length; i++) {
                long last = w.counts.getOrDefault(io.worldcurate.balancer.CountKeys.entry(c.getLang(), entries[i]), 0L);
                if (n[i] < 1 || n[i] > last) {
                    wrong.add(c.getUuid() + ": decided on N[" + c.getLang() + "][" + entries[i] + "] = " + n[i] + ", final is " + last);
                }
            }
            Decision d = decider.decide(c.getUuid(), c.getLang(), entries, n, c.getThreshold());
            if (!d.admitted() || d.probability() != c.getProbability()) {
                wrong.add(c.getUuid() + ": recomputed decision " + d + " for counts " + c.getCounts() + " threshold " + c.getThreshold()
                        + ", record says admitted with " + c.getProbability());
            }
        }
        if (!notMatched.isEmpty()) {
            fail("(a) curation.curated holds " + notMatched.size() + " image(s) that are not matched: " + sample(notMatched));
        }
        // No admitted image lost: English's threshold is t_en at every moment, and an online count never
        // exceeds the final one, so an English entry's online probability is never below batch's, with the
        // same draw u(e). Every image batch admits on an English text must therefore be admitted online.
        Set<String> online = new HashSet<>();
        List<String> otherEnThreshold = new ArrayList<>();
        for (CuratedImage c : curated) {
            online.add(c.getUuid());
            if (c.getLang().equals("en") && c.getThreshold() != w.tEn) {
                otherEnThreshold.add(c.getUuid() + " threshold " + c.getThreshold());
            }
        }
        if (!otherEnThreshold.isEmpty()) {
            fail("(a) English images decided online with a threshold other than t_en " + w.tEn + ": " + sample(otherEnThreshold));
        }
        List<String> lost = w.curated.stream().filter(b -> b.lang().equals("en") && !online.contains(b.uuid()))
                .map(Workload.Curated::uuid).toList();
        long batchEnglish = w.curated.stream().filter(b -> b.lang().equals("en")).count();
        if (!lost.isEmpty()) {
            fail("(a) " + lost.size() + " of the " + batchEnglish + " images batch admits on an English text are missing from "
                    + "curation.curated (online must admit each of them): " + sample(lost));
        }
        if (!wrong.isEmpty()) {
            fail("(a) curation.curated holds " + wrong.size() + " record(s) that are no true online admission: " + sample(wrong));
        }
        Log.info("(a) curation.curated: %d images admitted online (batch admits %d)", curated.size(), w.curated.size());
    }

    /**
     * Records of aborted transactions in {@code topic}: what a read_uncommitted consumer gets beyond a
     * read_committed one. Killed instances leave them behind (their open transaction is aborted).
     */
    long abortedRecords(String topic) {
        long all = TopicDump.read(servers, topic, READ_TIMEOUT, IsolationLevel.READ_UNCOMMITTED).size();
        long committed = TopicDump.read(servers, topic, READ_TIMEOUT).size();
        return all - committed;
    }

    /** Aborted records per output topic of the three stages (lid's, matcher's, the counts changelog). */
    Map<String, Long> abortedRecords() {
        Map<String, Long> aborted = new LinkedHashMap<>();
        for (String topic : List.of(Topics.LID, Topics.MATCHED, Pipeline.countsChangelog(), Topics.CURATED)) {
            aborted.put(topic, abortedRecords(topic));
        }
        Log.info("records of aborted transactions: %s", aborted);
        return aborted;
    }

    /**
     * The counts changelog read to its end, last value per key, partial counts of the balancer's tasks
     * ({@code <lang>/<entry>@<task>}) summed into their total's key.
     */
    Map<String, Long> finalCounts() {
        Map<String, Long> sums = new TreeMap<>();
        for (Map.Entry<String, Long> e : finalPartialCounts().entrySet()) {
            io.worldcurate.balancer.CountKeys.Key k = io.worldcurate.balancer.CountKeys.parse(e.getKey());
            String total = k.isEntry() ? io.worldcurate.balancer.CountKeys.entry(k.lang(), k.entry())
                    : k.counter().equals(io.worldcurate.balancer.CountKeys.SIZE) ? io.worldcurate.balancer.CountKeys.size(k.lang())
                    : io.worldcurate.balancer.CountKeys.texts(k.lang());
            if (k.isEntry() || !k.counter().equals(io.worldcurate.balancer.CountKeys.SIZE)) {
                sums.merge(total, e.getValue(), Long::sum);
            } else {
                sums.put(total, e.getValue());
            }
        }
        return sums;
    }

    /** The counts changelog read to its end, last value per key (each task's partial counts). */
    Map<String, Long> finalPartialCounts() {
        Map<String, Long> last = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : TopicDump.read(servers, Pipeline.countsChangelog(), READ_TIMEOUT)) {
            String key = Serdes.String().deserializer().deserialize(r.topic(), r.key());
            if (r.value() == null) {
                last.remove(key);
            } else {
                last.put(key, Serdes.Long().deserializer().deserialize(r.topic(), r.value()));
            }
        }
        return last;
    }

    /** (b) every counter of the balancer equals the exact count from batch's index: N[L][e], texts and sizes. */
    void countsEqualBatch() {
        Map<String, Long> got = finalCounts();
        Map<String, String> diff = new TreeMap<>();
        for (Map.Entry<String, Long> e : w.counts.entrySet()) {
            Long g = got.get(e.getKey());
            if (!e.getValue().equals(g)) {
                diff.put(e.getKey(), "online " + g + ", batch " + e.getValue());
            }
        }
        for (Map.Entry<String, Long> e : got.entrySet()) {
            if (!w.counts.containsKey(e.getKey()) && e.getValue() != 0) {
                diff.put(e.getKey(), "online " + e.getValue() + ", batch 0");
            }
        }
        if (!diff.isEmpty()) {
            long over = diff.values().stream().filter(s -> s.startsWith("online ") && !s.startsWith("online null")).count();
            fail("(b) " + diff.size() + " of " + w.counts.size() + " counters differ from batch (" + over + " present online): "
                    + sample(diff));
        }
        Log.info("(b) counts changelog: %d counters, batch %d; total matched texts %d", got.size(), w.counts.size(), w.matchedTexts);
    }

    /**
     * The thresholds the online balancer publishes last are batch's (it republishes within its
     * publish interval after the last count changed); polled for a few seconds.
     */
    void publishedThresholdsEqualBatch() throws InterruptedException {
        Map<String, String> expected = new TreeMap<>();
        w.batch.thresholds().byLanguage().forEach((lang, t) -> {
            CountOfCounts c = w.batch.counts().get(lang);
            expected.put(lang, String.format("threshold %d, tail %s, texts %d, entries %d/%d", t, w.batch.thresholds().tailRatio(),
                    c.matchedTexts(), c.nonZeroEntries(), c.metadataEntries()));
        });
        Map<String, String> got = Map.of();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            got = new TreeMap<>();
            for (ConsumerRecord<byte[], byte[]> r : TopicDump.read(servers, Topics.THRESHOLDS, READ_TIMEOUT)) {
                LanguageThreshold t = Topics.LANGUAGE_THRESHOLD_SERDE.deserialize(Topics.THRESHOLDS, r.value());
                got.put(t.getLang(), String.format("threshold %d, tail %s, texts %d, entries %d/%d", t.getThreshold(), t.getTailRatio(),
                        t.getMatchedTexts(), t.getMatchedEntries(), t.getMetadataEntries()));
            }
            if (got.equals(expected)) {
                Log.info("published thresholds equal batch's: %s", got);
                return;
            }
            Thread.sleep(500);
        }
        fail("the thresholds last published on curation.thresholds " + got + " are not batch's " + expected);
    }

    /**
     * (c) replay's output, ordered by ingest_seq, equals batch's curated.jsonl image for image (uuid,
     * url, text, lang, entries, probability), and holds no uuid twice.
     */
    void replayEqualsBatch() {
        List<CuratedImage> replay = new ArrayList<>(values(TopicDump.read(servers, Topics.CURATED_REPLAY, READ_TIMEOUT),
                v -> Topics.CURATED_IMAGE_SERDE.deserialize(Topics.CURATED_REPLAY, v)));
        Map<String, Integer> dup = duplicates(replay, CuratedImage::getUuid);
        if (!dup.isEmpty()) {
            fail("(c) curation.curated.replay holds " + dup.size() + " uuid(s) more than once: " + sample(dup));
        }
        replay.sort(Comparator.comparing(CuratedImage::getIngestSeq, Comparator.nullsFirst(Comparator.naturalOrder())));
        List<Workload.Curated> got = replay.stream().map(Workload.Curated::of).toList();
        if (!got.equals(w.curated)) {
            Map<String, Workload.Curated> byUuid = new LinkedHashMap<>();
            got.forEach(c -> byUuid.put(c.uuid(), c));
            List<String> diffs = new ArrayList<>();
            Set<String> batchUuids = new HashSet<>();
            for (Workload.Curated b : w.curated) {
                batchUuids.add(b.uuid());
                Workload.Curated r = byUuid.get(b.uuid());
                if (r == null) {
                    diffs.add("missing in replay: " + b);
                } else if (!r.equals(b)) {
                    diffs.add("replay " + r + " vs batch " + b);
                }
            }
            got.stream().filter(c -> !batchUuids.contains(c.uuid())).forEach(c -> diffs.add("not in batch: " + c));
            if (diffs.isEmpty()) {
                diffs.add("same images in another order");
            }
            fail("(c) replay (" + got.size() + " images) differs from batch (" + w.curated.size() + "): " + sample(diffs));
        }
        if (replay.stream().map(CuratedImage::getIngestSeq).anyMatch(Objects::isNull)) {
            fail("(c) replay records without ingest_seq");
        }
        Log.info("(c) replay: %d images, batch %d", got.size(), w.curated.size());
    }
}

package io.worldcurate.cli;

import io.worldcurate.core.decide.Decider;
import io.worldcurate.core.input.InvalidRecordException;
import io.worldcurate.core.model.CuratedImage;
import io.worldcurate.core.output.CurationJson;
import io.worldcurate.schemas.Topics;
import io.worldcurate.schemas.avro.DeadLetter;
import io.worldcurate.schemas.avro.LangImage;
import io.worldcurate.schemas.avro.LangText;
import io.worldcurate.schemas.avro.MatchedImage;
import io.worldcurate.schemas.avro.MatchedText;
import org.apache.kafka.clients.admin.Admin;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Reads the pipeline's topics once it is done and writes {@code curate run}'s files: curated.jsonl
 * and replayed.jsonl in input order, the dead letters added to rejects.jsonl, and stats.json. The
 * figures come from the topics, which are exactly-once, not from in-memory counters.
 */
final class RunOutputs {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private RunOutputs() {
    }

    static void write(String servers, Map<String, String> clientConfig, Path out, boolean replay, String seed, RunReport report, PrintWriter err,
                      io.worldcurate.balancer.CountsSnapshot counts) throws IOException {
        Properties base = KafkaClients.base(servers, "curate-run-outputs", clientConfig);
        Properties consumer = TopicReader.consumerProperties(base, TIMEOUT);
        Decider decider = new Decider(seed);
        try (Admin admin = KafkaClients.connect(base, TIMEOUT)) {
            long[] unique = {0};
            read(admin, servers, consumer, Topics.LID, r -> {
                LangImage image = Topics.LANG_IMAGE_SERDE.deserialize(Topics.LID, r.value());
                unique[0]++;
                for (LangText t : image.getTexts()) {
                    RunReport.Language l = report.language(t.getLang());
                    l.texts++;
                    if (t.getDetected()) {
                        l.textsDetected++;
                    }
                }
            });
            report.imagesUnique = unique[0];
            long[] matched = {0};
            read(admin, servers, consumer, Topics.MATCHED, r -> {
                MatchedImage image = Topics.MATCHED_IMAGE_SERDE.deserialize(Topics.MATCHED, r.value());
                matched[0]++;
                for (MatchedText t : image.getTexts()) {
                    report.language(t.getLang()).matchedTexts++;
                }
                MatchedText chosen = image.getTexts().get(decider.chosenIndex(image.getUuid(), image.getTexts().size()));
                report.language(chosen.getLang()).imagesChosen++;
            });
            report.imagesMatched = matched[0];
            report.stageRecords.put("lid", report.ingest.produced);
            report.stageRecords.put("matcher", report.imagesUnique);
            report.stageRecords.put("balancer", report.imagesMatched);
            report.admittedOnline = curated(admin, servers, consumer, Topics.CURATED, out.resolve("curated.jsonl"), report, false);
            if (replay) {
                report.stageRecords.put("replay", report.imagesMatched);
                report.admittedReplay = curated(admin, servers, consumer, Topics.CURATED_REPLAY, out.resolve("replayed.jsonl"), report, true);
            }
            try (Writer rejects = Files.newBufferedWriter(out.resolve("rejects.jsonl"), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                read(admin, servers, consumer, Topics.DLQ, r -> {
                    DeadLetter d = Topics.DEAD_LETTER_SERDE.deserialize(Topics.DLQ, r.value());
                    report.deadLettered++;
                    report.deadLetters.computeIfAbsent(d.getStage(), s -> new TreeMap<>())
                            .merge(InvalidRecordException.kindOf(d.getReason()), 1L, Long::sum);
                    Map<String, Object> line = new LinkedHashMap<>();
                    line.put("stage", d.getStage());
                    line.put("reason", d.getReason());
                    line.put("source_topic", d.getSourceTopic());
                    line.put("partition", d.getPartition());
                    line.put("offset", d.getOffset());
                    rejects.write(CurationJson.line(line));
                    rejects.write('\n');
                });
            }
        }
        if (replay && report.thresholds != null) {
            report.bias = OnlineBias.of(report.onlineByEntry, report.replayByEntry, counts, report.thresholds);
        }
        Files.writeString(out.resolve("stats.json"), CurationJson.pretty(report.toStats()) + "\n");
    }

    /** Writes a curated topic in input order (by ingest_seq, then uuid) in the spec's form; returns how many. */
    private static long curated(Admin admin, String servers, Properties consumer, String topic, Path file, RunReport report,
                                boolean replay) throws IOException {
        record Seq(long seq, CuratedImage image) {
        }
        List<Seq> all = new ArrayList<>();
        read(admin, servers, consumer, topic, r -> {
            io.worldcurate.schemas.avro.CuratedImage c = Topics.CURATED_IMAGE_SERDE.deserialize(topic, r.value());
            RunReport.Language l = report.language(c.getLang());
            if (replay) {
                l.admittedReplay++;
            } else {
                l.admittedOnline++;
            }
            Map<String, Map<Integer, Long>> byEntry = replay ? report.replayByEntry : report.onlineByEntry;
            Map<Integer, Long> m = byEntry.computeIfAbsent(c.getLang(), x -> new java.util.HashMap<>());
            c.getEntries().forEach(e -> m.merge(e, 1L, Long::sum));
            all.add(new Seq(c.getIngestSeq() == null ? Long.MAX_VALUE : c.getIngestSeq(), new CuratedImage(c.getUuid(), c.getUrl(),
                    c.getText(), c.getLang(), c.getEntries().stream().mapToInt(Integer::intValue).toArray(), c.getProbability())));
        });
        all.sort(Comparator.comparingLong(Seq::seq).thenComparing(s -> s.image().uuid()));
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (Seq s : all) {
                w.write(CurationJson.curatedLine(s.image()));
                w.write('\n');
            }
        }
        return all.size();
    }

    private static void read(Admin admin, String servers, Properties consumer, String topic, TopicReader.Sink sink) throws IOException {
        TopicReader.read(topic, TopicReader.partitions(admin, topic, servers, TIMEOUT), consumer, TIMEOUT, sink,
                TerminalProgress.onStderr(), "read " + topic);
    }
}

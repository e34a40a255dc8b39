package io.worldcurate.cli;

import io.worldcurate.core.threshold.Thresholds;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The figures of a {@code curate run}, printed at its end and written to stats.json. */
final class RunReport {

    static final class Ingest {
        long read;
        long produced;
        long rejected;
        double seconds;
        final Map<String, Long> rejectedByReason = new TreeMap<>();
    }

    static final class Language {
        long texts;
        long textsDetected;
        long matchedTexts;
        long imagesChosen;
        long admittedOnline;
        long admittedReplay;
    }

    Ingest ingest = new Ingest();
    /** Seconds each part of the set-up took before the first input record: broker, automata, waiting for the LID engine
     *  (loaded meanwhile), topologies. */
    final Map<String, Double> setupSeconds = new LinkedHashMap<>();
    /** Seconds after the pipeline was done: closing the topologies, reading the outputs back and writing them (printed only:
     *  stats.json is one of those outputs). */
    final Map<String, Double> finishSeconds = new LinkedHashMap<>();
    /** Seconds from the first input record produced (replay: from the replay's start) until the stage was done. */
    final Map<String, Double> stageDone = new LinkedHashMap<>();
    final Map<String, Long> stageRecords = new LinkedHashMap<>();
    /** The online balancer's counting tasks, and how they got their images ({@code BalancerTopology.Input}). */
    int balancerTasks;
    String balancerInput;
    /** CPU seconds of this process (every thread, the in-process broker's too) from the first input record until done; -1 when unknown. */
    double pipelineCpuSeconds = -1;
    Thresholds thresholds;
    long imagesUnique;
    long imagesMatched;
    long admittedOnline;
    long admittedReplay = -1;
    final Map<String, Language> languages = new TreeMap<>();
    final Map<String, Map<String, Long>> deadLetters = new TreeMap<>();
    /** Admitted images per (language, entry of the chosen text), online and on replay. */
    final Map<String, Map<Integer, Long>> onlineByEntry = new TreeMap<>();
    final Map<String, Map<Integer, Long>> replayByEntry = new TreeMap<>();
    OnlineBias bias;
    /** Texts that identification gave a label with no metadata (so {@code other}), by the engine's label. */
    Map<String, Long> lidLabelsWithoutMetadata = Map.of();
    long deadLettered;

    Language language(String lang) {
        return languages.computeIfAbsent(lang, l -> new Language());
    }

    long lidDeadLettered() {
        return deadLetters.getOrDefault("lid", Map.of()).values().stream().mapToLong(Long::longValue).sum();
    }

    Map<String, Object> toStats() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("records_read", ingest.read);
        m.put("images_read", ingest.produced);
        m.put("repeated_uuids", ingest.produced - imagesUnique - lidDeadLettered());
        Map<String, Object> rej = new LinkedHashMap<>();
        rej.put("total", ingest.rejected);
        rej.put("reasons", ingest.rejectedByReason);
        m.put("rejected", rej);
        m.put("dead_lettered", deadLetters);
        m.put("images_unique", imagesUnique);
        m.put("images_without_match", imagesUnique - imagesMatched);
        m.put("images_matched", imagesMatched);
        m.put("images_admitted", admittedOnline);
        if (admittedReplay >= 0) {
            m.put("images_admitted_replay", admittedReplay);
        }
        Map<String, Object> langs = new LinkedHashMap<>();
        languages.forEach((lang, l) -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("texts", l.texts);
            x.put("texts_detected", l.textsDetected);
            x.put("matched_texts", l.matchedTexts);
            x.put("images_chosen", l.imagesChosen);
            x.put("images_admitted", l.admittedOnline);
            if (admittedReplay >= 0) {
                x.put("images_admitted_replay", l.admittedReplay);
            }
            langs.put(lang, x);
        });
        m.put("languages", langs);
        m.put("lid_labels_without_metadata", lidLabelsWithoutMetadata);
        Map<String, Object> stages = new LinkedHashMap<>();
        stageDone.forEach((stage, secs) -> {
            Map<String, Object> s = new LinkedHashMap<>();
            long records = stageRecords.getOrDefault(stage, 0L);
            s.put("records_in", records);
            s.put("done_after_seconds", Math.round(secs * 10) / 10.0);
            s.put("records_per_second", Math.round(records / Math.max(1e-3, secs)));
            stages.put(stage, s);
        });
        m.put("stages", stages);
        if (balancerInput != null) {
            m.put("balancer_tasks", balancerTasks);
            m.put("balancer_input", balancerInput);
        }
        Map<String, Object> setup = new LinkedHashMap<>();
        setupSeconds.forEach((part, secs) -> setup.put(part.replace(' ', '_') + "_seconds", Math.round(secs * 100) / 100.0));
        m.put("setup", setup);
        if (pipelineCpuSeconds >= 0) {
            m.put("pipeline_cpu_seconds", Math.round(pipelineCpuSeconds * 100) / 100.0);
        }
        if (bias != null) {
            m.put("online_bias", bias.toMap());
        }
        return m;
    }

    void print(PrintWriter out, Path dir) {
        out.printf(Locale.ROOT, "read %d records: %d images produced (%d rejected at ingest), %d unique, %d repeated uuids, %d dead-lettered%n",
                ingest.read, ingest.produced, ingest.rejected, imagesUnique, ingest.produced - imagesUnique - lidDeadLettered(), deadLettered);
        out.printf(Locale.ROOT, "matched %d images, admitted %d online%s; tail ratio %s%n", imagesMatched, admittedOnline,
                admittedReplay >= 0 ? ", " + admittedReplay + " on replay" : "", thresholds == null ? "-" : thresholds.tailRatio());
        out.printf(Locale.ROOT, "%-8s %9s %9s %9s %9s %9s %9s%n", "lang", "texts", "matched", "chosen", "online", "replay", "t_lang");
        languages.forEach((lang, l) -> {
            Long t = thresholds == null ? null : thresholds.byLanguage().get(lang);
            out.printf(Locale.ROOT, "%-8s %9d %9d %9d %9d %9s %9s%n", lang, l.texts, l.matchedTexts, l.imagesChosen, l.admittedOnline,
                    admittedReplay >= 0 ? Long.toString(l.admittedReplay) : "-", t == null ? "-" : t.toString());
        });
        if (!setupSeconds.isEmpty()) {
            StringBuilder setup = new StringBuilder("set-up before the input:");
            setupSeconds.forEach((part, secs) -> setup.append(String.format(Locale.ROOT, " %s %.1f s,", part, secs)));
            out.println(setup.substring(0, setup.length() - 1));
        }
        if (!finishSeconds.isEmpty()) {
            StringBuilder finish = new StringBuilder("after the pipeline:");
            finishSeconds.forEach((part, secs) -> finish.append(String.format(Locale.ROOT, " %s %.1f s,", part, secs)));
            out.println(finish.substring(0, finish.length() - 1));
        }
        out.printf(Locale.ROOT, "ingest: %d records in %.1f s (%.0f/s)%n", ingest.read, ingest.seconds, ingest.read / Math.max(1e-3, ingest.seconds));
        stageDone.forEach((stage, secs) -> {
            long records = stageRecords.getOrDefault(stage, 0L);
            out.printf(Locale.ROOT, "%s: %d records, done %.1f s after %s (%.0f records/s)%n", stage, records, secs,
                    stage.equals("replay") ? "the replay started" : "the first input record", records / Math.max(1e-3, secs));
        });
        double online = stageDone.entrySet().stream().filter(e -> !e.getKey().equals("replay")).mapToDouble(Map.Entry::getValue).max().orElse(0);
        if (online > 0 && pipelineCpuSeconds >= 0) {
            out.printf(Locale.ROOT, "pipeline: %d images in %.1f s from the first input record (%.0f images/s), %.1f s of CPU (%.2f cores)%n",
                    ingest.produced, online, ingest.produced / online, pipelineCpuSeconds, pipelineCpuSeconds / online);
        }
        if (bias != null) {
            out.println(bias.summary());
        }
        out.println("output: " + dir.toAbsolutePath().normalize() + "/curated.jsonl (with thresholds.json, stats.json, rejects.jsonl"
                + (admittedReplay >= 0 ? ", replayed.jsonl" : "") + ")");
        out.flush();
    }
}

package io.worldcurate.core.batch;

import io.worldcurate.core.input.ImageJson;
import io.worldcurate.core.input.InvalidRecordException;
import io.worldcurate.core.lang.LanguageCodes;
import io.worldcurate.core.model.Image;
import io.worldcurate.core.model.ImageText;
import io.worldcurate.core.match.SubstringMatcher;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * docs/ALGORITHM.md written out the plainest way, for trusted languages: full count vectors, sorted
 * arrays for the thresholds, every substring looked up for the matches, BigInteger for the hashes.
 * Slow and obvious; BatchCurator must agree with it image for image.
 */
public final class NaiveCuration {

    record Curated(String uuid, String url, String text, String lang, List<Integer> entries, double probability) {
    }

    private final Path metadataDir;
    private final Map<String, List<String>> metadata = new HashMap<>();

    NaiveCuration(Path metadataDir) {
        this.metadataDir = metadataDir;
    }

    List<Curated> curate(List<Path> inputs, long tEn, Double tailRatio, long minThreshold, String seed) throws IOException {
        record Text(String text, String lang, List<Integer> entries) {
        }
        record Indexed(String uuid, String url, List<Text> texts) {
        }
        Set<String> seen = new HashSet<>();
        List<Indexed> index = new ArrayList<>();
        Map<String, long[]> n = new HashMap<>();
        for (Path in : inputs) {
            for (String line : Files.readAllLines(in, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                Image image;
                try {
                    image = ImageJson.parse(line.getBytes(StandardCharsets.UTF_8));
                } catch (InvalidRecordException e) {
                    continue;
                }
                if (!seen.add(image.uuid())) {
                    continue;
                }
                List<Text> texts = new ArrayList<>();
                for (ImageText t : image.texts()) {
                    String lang = LanguageCodes.toMetadataCode(t.lang(), l -> Files.exists(metadataDir.resolve(l + ".json")));
                    List<Integer> m = match(lang, t.text());
                    if (!m.isEmpty()) {
                        texts.add(new Text(t.text(), lang, m));
                        long[] counts = n.computeIfAbsent(lang, l -> new long[entries(l).size()]);
                        m.forEach(e -> counts[e]++);
                    }
                }
                if (!texts.isEmpty()) {
                    index.add(new Indexed(image.uuid(), image.url(), texts));
                }
            }
        }
        Map<String, Long> t = new HashMap<>();
        if (tailRatio != null) {
            n.forEach((l, c) -> t.put(l, pToT(c, tailRatio)));
        } else if (n.containsKey("en") && Arrays.stream(n.get("en")).sum() > 0) {
            double p = tToP(n.get("en"), tEn);
            n.forEach((l, c) -> t.put(l, l.equals("en") ? tEn : pToT(c, p)));
        } else {
            n.forEach((l, c) -> t.put(l, pToT(c, 0.06)));
        }
        t.replaceAll((l, v) -> Math.max(v, minThreshold));

        List<Curated> out = new ArrayList<>();
        for (Indexed img : index) {
            Text chosen = img.texts().get(new BigInteger(1, first8(seed + "|" + img.uuid() + "|text"))
                    .mod(BigInteger.valueOf(img.texts().size())).intValue());
            long threshold = t.get(chosen.lang());
            boolean admitted = false;
            double miss = 1.0;
            for (int e : chosen.entries()) {
                long count = n.get(chosen.lang())[e];
                double p = count < threshold ? 1.0 : (double) threshold / (double) count;
                double u = new BigInteger(1, first8(seed + "|" + img.uuid() + "|" + chosen.lang() + "|" + e))
                        .shiftRight(11).doubleValue() / Math.pow(2, 53);
                admitted |= u < p;
                miss *= 1.0 - p;
            }
            if (admitted) {
                out.add(new Curated(img.uuid(), img.url(), chosen.text(), chosen.lang(), chosen.entries(), 1.0 - miss));
            }
        }
        return out;
    }

    private List<String> entries(String lang) {
        return metadata.computeIfAbsent(lang, l -> {
            try {
                String json = Files.readString(metadataDir.resolve(l + ".json"));
                List<String> list = new ArrayList<>();
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).forEach(x -> list.add(x.textValue()));
                return list;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private final Map<String, SubstringMatcher> matchers = new HashMap<>();

    private List<Integer> match(String lang, String text) {
        if (!Files.exists(metadataDir.resolve(lang + ".json"))) {
            return List.of();
        }
        int[] ids = matchers.computeIfAbsent(lang, l -> new SubstringMatcher(entries(l))).match(text);
        return Arrays.stream(ids).boxed().toList();
    }

    /** p_to_t on the full count vector, as the reference's numpy code: first index of the minimum. */
    public static long pToT(long[] counts, double p) {
        long[] sorted = counts.clone();
        Arrays.sort(sorted);
        long sum = Arrays.stream(sorted).sum();
        long run = 0;
        int best = 0;
        double bestD = Double.POSITIVE_INFINITY;
        for (int i = 0; i < sorted.length; i++) {
            run += sorted[i];
            double d = Math.abs((double) run / (double) sum - p);
            if (d < bestD) {
                bestD = d;
                best = i;
            }
        }
        return sorted[best];
    }

    /** t_to_p on the full count vector. */
    public static double tToP(long[] counts, long t) {
        long below = 0;
        long all = 0;
        for (long c : counts) {
            all += c;
            if (c < t) {
                below += c;
            }
        }
        return (double) below / (double) all;
    }

    private static byte[] first8(String s) {
        try {
            return Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)), 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads a curated.jsonl into the same records, for comparison. */
    static List<Curated> read(Path curated) throws IOException {
        List<Curated> out = new ArrayList<>();
        for (String line : Files.readAllLines(curated, StandardCharsets.UTF_8)) {
            var n = io.worldcurate.core.output.CurationJson.readTree(line);
            List<Integer> entries = new ArrayList<>();
            n.get("entries").forEach(e -> entries.add(e.intValue()));
            out.add(new Curated(n.get("uuid").textValue(), n.get("url").textValue(), n.get("text").textValue(),
                    n.get("lang").textValue(), entries, n.get("probability").doubleValue()));
        }
        return out;
    }

}

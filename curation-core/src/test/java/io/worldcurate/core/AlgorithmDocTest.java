package io.worldcurate.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.worldcurate.core.count.CountOfCounts;
import io.worldcurate.core.decide.CurationHash;
import io.worldcurate.core.decide.Decider;
import io.worldcurate.core.text.Spacing;
import io.worldcurate.core.threshold.ThresholdCalculator;
import io.worldcurate.core.threshold.ThresholdParams;
import io.worldcurate.core.threshold.Thresholds;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Keeps docs/ALGORITHM.md honest: every line of its test-vector block is computed with the code and
 * compared with what the page says.
 */
class AlgorithmDocTest {

    static final Path DOC = Path.of("..", "docs", "ALGORITHM.md");
    static final String MARKER = "<!-- test vectors:";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The JSON lines of the fenced block that follows the marker comment. */
    static List<JsonNode> vectors() throws IOException {
        assertThat(DOC).as("the algorithm page, read from curation-core's folder").exists();
        List<String> lines = Files.readAllLines(DOC, StandardCharsets.UTF_8);
        int at = 0;
        while (at < lines.size() && !lines.get(at).startsWith(MARKER)) {
            at++;
        }
        assertThat(at).as("a line starting with %s in %s", MARKER, DOC).isLessThan(lines.size());
        assertThat(lines.get(at + 1)).as("the marker is followed by a json code block").isEqualTo("```json");
        List<JsonNode> out = new ArrayList<>();
        for (int i = at + 2; !lines.get(i).equals("```"); i++) {
            if (!lines.get(i).isBlank()) {
                out.add(JSON.readTree(lines.get(i)));
            }
        }
        return out;
    }

    @Test
    void everyVectorOfTheAlgorithmPageHolds() throws IOException {
        List<JsonNode> vectors = vectors();
        assertThat(vectors).hasSizeGreaterThan(20);
        Set<String> kinds = new TreeSet<>();
        for (JsonNode v : vectors) {
            String fn = v.path("fn").asText();
            kinds.add(fn);
            check(fn, v);
        }
        assertThat(kinds).contains("gen_uuid", "h64", "chosen_index", "uniform", "spaced_text", "spaced_entry",
                "t_to_p", "p_to_t", "thresholds", "entry_probability");
    }

    private static void check(String fn, JsonNode v) {
        JsonNode expect = v.get("expect");
        switch (fn) {
            case "gen_uuid" -> assertThat(CurationHash.uuidOf(v.get("url").asText())).as("%s", v).isEqualTo(expect.asText());
            case "h64" -> assertThat(new BigInteger(Long.toUnsignedString(CurationHash.h64(v.get("s").asText()))))
                    .as("%s", v).isEqualTo(expect.bigIntegerValue());
            case "chosen_index" -> assertThat(new Decider(v.get("seed").asText()).chosenIndex(v.get("uuid").asText(), v.get("m").asInt()))
                    .as("%s", v).isEqualTo(expect.asInt());
            case "uniform" -> assertThat(new Decider(v.get("seed").asText())
                    .uniform(v.get("uuid").asText(), v.get("lang").asText(), v.get("entry").asInt()))
                    .as("%s", v).isEqualTo(expect.asDouble());
            case "spaced_text" -> assertThat(Spacing.spacedText(v.get("text").asText())).as("%s", v).isEqualTo(expect.asText());
            case "spaced_entry" -> assertThat(Spacing.spacedEntry(v.get("entry").asText())).as("%s", v).isEqualTo(expect.asText());
            case "t_to_p" -> assertThat(ThresholdCalculator.tToP(countOfCounts(v.get("counts")), v.get("t").asLong()))
                    .as("%s", v).isEqualTo(expect.asDouble());
            case "p_to_t" -> assertThat(ThresholdCalculator.pToT(countOfCounts(v.get("counts")), v.get("p").asDouble()))
                    .as("%s", v).isEqualTo(expect.asLong());
            case "entry_probability" -> assertThat(Decider.entryProbability(v.get("count").asLong(), v.get("t").asLong()))
                    .as("%s", v).isEqualTo(expect.asDouble());
            case "thresholds" -> {
                Map<String, CountOfCounts> counts = new HashMap<>();
                v.get("counts").fields().forEachRemaining(e -> counts.put(e.getKey(), countOfCounts(e.getValue())));
                Double tailRatio = v.has("tail_ratio") ? v.get("tail_ratio").asDouble() : null;
                Thresholds t = ThresholdCalculator.compute(counts,
                        new ThresholdParams(v.get("t_en").asLong(), tailRatio, v.get("min_threshold").asLong()));
                assertThat(t.tailRatio()).as("tail ratio of %s", v).isEqualTo(expect.get("tail_ratio").asDouble());
                for (Iterator<Map.Entry<String, JsonNode>> it = expect.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (!e.getKey().equals("tail_ratio")) {
                        assertThat(t.byLanguage()).as("%s", v).containsEntry(e.getKey(), e.getValue().asLong());
                    }
                }
            }
            default -> fail("unknown fn '%s' in %s: add it to AlgorithmDocTest", fn, v);
        }
    }

    /** The count-of-counts of a full count vector (zeros included). */
    private static CountOfCounts countOfCounts(JsonNode array) {
        CountOfCounts c = new CountOfCounts(array.size());
        Map<Long, Long> byCount = new HashMap<>();
        array.forEach(n -> {
            if (n.asLong() > 0) {
                byCount.merge(n.asLong(), 1L, Long::sum);
            }
        });
        byCount.forEach(c::add);
        return c;
    }
}

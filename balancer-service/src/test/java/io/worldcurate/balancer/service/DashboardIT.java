package io.worldcurate.balancer.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.worldcurate.kafka.embedded.EmbeddedKafkaResource;
import io.worldcurate.schemas.Topics;
import io.worldcurate.schemas.avro.CuratedImage;
import io.worldcurate.schemas.avro.DeadLetter;
import io.worldcurate.schemas.avro.MatchedImage;
import io.worldcurate.schemas.avro.MatchedText;
import io.worldcurate.streams.DeadLetters;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.containsString;

/**
 * The operator dashboard on a real in-process KRaft broker, in a fresh service (own profile, so its
 * own broker and state): {@code GET /api/status} after a known input (thresholds, counts, decisions
 * against curation.curated, dead letters, lag), and the page at {@code /} in headless Chromium
 * showing the same figures as the API.
 */
@QuarkusTest
@TestProfile(DashboardIT.Profile.class)
@QuarkusTestResource(EmbeddedKafkaResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardIT {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "kafka-streams.state.dir", System.getProperty("java.io.tmpdir") + "/worldcurate-test/balancer-dashboard-" + UUID.randomUUID(),
                    "curation.dashboard.lag.cache", "200ms",
                    "curation.dashboard.dead-letters.retry", "500ms");
        }
    }

    static final Path CHROMIUM = Path.of(System.getProperty("chromium.path", "/usr/bin/chromium"));
    static final ObjectMapper JSON = new ObjectMapper();
    static final int EN_IMAGES = 20;
    static final int DE_IMAGES = 10;
    private static boolean produced;

    @TestHTTPResource("/")
    URL root;

    /**
     * The input, chosen so the thresholds can be worked out by hand (t_en = 3, spec section 6):
     * en: dog (0) in 20 texts, cat (1) in 4, beach (4) in 1 → p = t_to_p(N_en, 3) = 1/25 = 0.04;
     * de: Hund (0) in 10, Katze (1) in 2 → sorted [2, 10], portions [1/6, 1]: the nearest to 0.04 is
     * the first, t_de = 2. One undecodable matched record (a balancer dead letter), three dead
     * letters of other stages written directly, and one in an aborted transaction (not counted).
     */
    static synchronized void runPipeline() throws Exception {
        if (produced) {
            return;
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedKafkaResource.bootstrapServers());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < EN_IMAGES; i++) {
                List<Integer> entries = i == 0 ? List.of(0, 4) : i <= 4 ? List.of(0, 1) : List.of(0);
                send(producer, image("en" + i, "en", entries));
            }
            for (int i = 0; i < DE_IMAGES; i++) {
                send(producer, image("de" + i, "de", i < 2 ? List.of(0, 1) : List.of(0)));
            }
            producer.send(new ProducerRecord<>(Topics.MATCHED, "bad", new byte[] {9, 9}));
            producer.send(deadLetter("lid", "invalid json: Unexpected character ('x' (code 120))"));
            producer.send(deadLetter("lid", "invalid json: Unexpected end-of-input"));
            producer.send(deadLetter("matcher", "texts[1]: unknown language: xx"));
        }
        Properties tp = new Properties();
        tp.putAll(p);
        tp.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "dashboard-it-aborted");
        try (KafkaProducer<String, byte[]> tx = new KafkaProducer<>(tp, new StringSerializer(), new ByteArraySerializer())) {
            tx.initTransactions();
            tx.beginTransaction();
            tx.send(deadLetter("aborted", "never committed")).get();
            tx.abortTransaction();
        }
        // wait until everything is processed, counted and committed
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        JsonNode s = status();
        while (!settled(s)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the pipeline did not settle: " + s.toPrettyString());
            }
            Thread.sleep(250);
            s = status();
        }
        produced = true;
    }

    private static boolean settled(JsonNode s) {
        JsonNode l = s.path("languages");
        JsonNode balancer = group(s, "balancer-service");
        return l.path("en").path("matched_texts").asLong() == EN_IMAGES && l.path("de").path("matched_texts").asLong() == DE_IMAGES
                && s.path("totals").path("decided").asLong() == EN_IMAGES + DE_IMAGES
                && s.path("dead_letters").path("total").asLong() == 4 && s.path("dead_letters").path("caught_up").asBoolean()
                && balancer != null && topic(balancer, Topics.MATCHED) != null
                && topic(balancer, Topics.MATCHED).path("lag").asLong(-1) == 0
                && topic(balancer, Topics.MATCHED).path("uncommitted_partitions").asLong(-1) == 0;
    }

    @Test
    @Order(1)
    void statusHasThresholdsCountsDecisionsDeadLettersAndLag() throws Exception {
        runPipeline();
        JsonNode s = status();
        assertThat(s.path("mode").asText()).isEqualTo("online");
        assertThat(s.path("streams_state").asText()).isEqualTo("RUNNING");
        assertThat(s.path("stores").path("available").asBoolean()).isTrue();
        assertThat(s.path("tail_ratio").asDouble()).isCloseTo(0.04, within(1e-12));

        JsonNode en = s.path("languages").path("en");
        assertThat(en.path("threshold").asLong()).isEqualTo(3);
        assertThat(en.path("matched_texts").asLong()).isEqualTo(EN_IMAGES);
        assertThat(en.path("matched_entries").asLong()).isEqualTo(3);
        assertThat(en.path("metadata_entries").asLong()).isEqualTo(5);
        assertThat(en.path("decided").asLong()).isEqualTo(EN_IMAGES);
        JsonNode de = s.path("languages").path("de");
        assertThat(de.path("threshold").asLong()).isEqualTo(2);
        assertThat(de.path("matched_texts").asLong()).isEqualTo(DE_IMAGES);
        assertThat(de.path("matched_entries").asLong()).isEqualTo(2);
        assertThat(de.path("metadata_entries").asLong()).isEqualTo(2);
        assertThat(de.path("decided").asLong()).isEqualTo(DE_IMAGES);
        assertThat(iterable(s.path("languages").fieldNames())).containsExactly("de", "en");

        // admitted: exactly the images on curation.curated, per language of the chosen text
        List<CuratedImage> curated = BalancerServiceIT.read(Topics.CURATED, Topics.CURATED_IMAGE_SERDE.deserializer(), c -> false,
                Duration.ofSeconds(5));
        Map<String, Long> byLang = new HashMap<>();
        curated.forEach(c -> byLang.merge(c.getLang(), 1L, Long::sum));
        // en0's beach is in no other text: P = 1 under any threshold. de0 and de1 (Katze, N = 2) have P = 1 only once
        // t_de = 2 is final; online over several counting tasks they may be decided earlier (balancer README)
        assertThat(curated).extracting(CuratedImage::getUuid).contains("en0");
        assertThat(en.path("admitted").asLong()).isEqualTo(byLang.getOrDefault("en", 0L));
        assertThat(de.path("admitted").asLong()).isEqualTo(byLang.getOrDefault("de", 0L));
        assertThat(s.path("totals").path("admitted").asLong()).isEqualTo(curated.size());
        assertThat(s.path("totals").path("decided").asLong()).isEqualTo(EN_IMAGES + DE_IMAGES);
        assertThat(s.path("totals").path("matched_texts").asLong()).isEqualTo(EN_IMAGES + DE_IMAGES);
        assertThat(en.path("admitted").asLong()).isLessThan(EN_IMAGES); // dog is far above t_en
        assertThat(en.path("admitted_ratio").asDouble()).isCloseTo((double) en.path("admitted").asLong() / EN_IMAGES, within(1e-12));

        // dead letters per stage and kind of reason; the aborted one is not there
        JsonNode d = s.path("dead_letters");
        assertThat(d.path("topic").asText()).isEqualTo(Topics.DLQ);
        assertThat(d.path("topic_found").asBoolean()).isTrue();
        assertThat(d.path("total").asLong()).isEqualTo(4);
        assertThat(JSON.convertValue(d.path("by_stage"), Map.class)).isEqualTo(Map.of(
                "balancer", Map.of("undecodable", 1),
                "lid", Map.of("invalid json", 2),
                "matcher", Map.of("texts[]: unknown language", 1)));

        // lag: every configured group, balancer-service with its input and its repartition topic
        assertThat(groups(s)).containsExactly("lid-service", "matcher-service", "balancer-service");
        JsonNode balancer = group(s, "balancer-service");
        assertThat(balancer.path("state").asText()).isEqualTo("STABLE");
        assertThat(balancer.path("members").asInt()).isEqualTo(1);
        JsonNode matched = topic(balancer, Topics.MATCHED);
        assertThat(matched.path("partitions").asInt()).isEqualTo(2);
        assertThat(matched.path("lag").asLong()).isZero();
        assertThat(matched.path("end_offset").asLong()).isEqualTo(EN_IMAGES + DE_IMAGES + 1);
        assertThat(topic(balancer, "balancer-service-balancer-funnel-repartition")).isNotNull();
        JsonNode lid = group(s, "lid-service");
        assertThat(lid.path("state").asText()).isIn("DEAD", "UNKNOWN");
        assertThat(topic(lid, Topics.CRAWL_IMAGES).path("missing").asBoolean()).isTrue();

        // the parts on their own, and the page itself
        JsonNode dl = JSON.readTree(given().get("/api/dead-letters").then().statusCode(200).extract().asString());
        assertThat(dl.path("by_stage")).isEqualTo(d.path("by_stage"));
        JsonNode lag = JSON.readTree(given().get("/api/lag").then().statusCode(200).extract().asString());
        assertThat(lag.path("groups").size()).isEqualTo(3);
        given().get("/").then().statusCode(200).body(containsString("id=\"languages\"")).body(containsString("dashboard.js"));
        given().get("/dashboard.js").then().statusCode(200);
        given().get("/dashboard.css").then().statusCode(200);
        given().get("/api/thresholds").then().statusCode(200);
    }

    @Test
    @Order(2)
    void pageShowsTheApiFiguresInChromium() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM),
                "skipped: no Chromium at " + CHROMIUM + " (Debian: apt-get install -y chromium; or -Dchromium.path=...)");
        runPipeline();
        JsonNode before = status();
        String dom = chromium(List.of("--dump-dom"), root.toString());
        JsonNode after = status();
        assertThat(figures(after)).as("the pipeline has stopped changing").isEqualTo(figures(before));
        Files.writeString(Path.of("target", "dashboard-status.json"), after.toPrettyString());

        Document page = Jsoup.parse(dom);
        assertThat(page.title()).contains("balancer");
        assertThat(Integer.parseInt(page.body().attr("data-refreshes"))).as("refreshed more than once").isGreaterThanOrEqualTo(2);
        assertThat(page.getElementById("status-line").hasAttr("hidden")).as("no error shown").isTrue();
        assertThat(page.getElementById("mode").text()).startsWith("online");
        assertThat(page.getElementById("streams-state").text()).isEqualTo("RUNNING");
        assertThat(Double.parseDouble(page.getElementById("tail-ratio").attr("data-value")))
                .isCloseTo(after.path("tail_ratio").asDouble(), within(1e-12));
        assertThat(page.getElementById("tail-ratio").text()).isEqualTo("0.04");

        // the language table: one row per language, each figure as the API has it, rates 0 at rest
        Elements rows = page.select("#languages tbody tr[data-lang]");
        assertThat(rows.eachAttr("data-lang")).as("most matched texts first").containsExactly("en", "de");
        for (Element row : rows) {
            JsonNode l = after.path("languages").path(row.attr("data-lang"));
            for (String f : List.of("threshold", "matched_texts", "matched_entries", "metadata_entries", "decided", "admitted")) {
                assertThat(integer(row, f)).as(row.attr("data-lang") + " " + f).isEqualTo(l.path(f).asLong());
            }
            assertThat(decimal(row, "admitted_ratio")).isCloseTo(l.path("admitted_ratio").asDouble(), within(1e-12));
            assertThat(field(row, "admitted_ratio").text())
                    .isEqualTo(String.format(Locale.ROOT, "%.1f %%", 100 * l.path("admitted_ratio").asDouble()));
            assertThat(decimal(row, "decided_rate")).isZero();
            assertThat(decimal(row, "admitted_rate")).isZero();
        }
        Element total = page.getElementById("languages-total");
        assertThat(integer(total, "decided")).isEqualTo(after.path("totals").path("decided").asLong());
        assertThat(integer(total, "admitted")).isEqualTo(after.path("totals").path("admitted").asLong());
        assertThat(integer(total, "matched_texts")).isEqualTo(after.path("totals").path("matched_texts").asLong());

        // head entries: the language with the most matched texts (en), the default top 10
        assertThat(page.select("#head-lang option").eachAttr("value")).containsExactly("de", "en");
        assertHeadEntries(page, "en", 10);

        // dead letters and lag, cell for cell
        assertThat(Long.parseLong(page.getElementById("dead-letters-total").attr("data-value")))
                .isEqualTo(after.path("dead_letters").path("total").asLong());
        Elements letters = page.select("#dead-letters tbody tr[data-stage]");
        int n = 0;
        for (Iterator<Map.Entry<String, JsonNode>> st = after.path("dead_letters").path("by_stage").fields(); st.hasNext(); ) {
            Map.Entry<String, JsonNode> stage = st.next();
            for (Iterator<Map.Entry<String, JsonNode>> r = stage.getValue().fields(); r.hasNext(); ) {
                Map.Entry<String, JsonNode> reason = r.next();
                Element row = letters.stream().filter(e -> e.attr("data-stage").equals(stage.getKey())
                        && e.attr("data-reason").equals(reason.getKey())).findFirst().orElseThrow(
                        () -> new AssertionError("no row for " + stage.getKey() + " / " + reason.getKey()));
                assertThat(integer(row, "count")).isEqualTo(reason.getValue().asLong());
                n++;
            }
        }
        assertThat(letters).hasSize(n).hasSize(3);
        for (JsonNode g : after.path("lag").path("groups")) {
            for (JsonNode t : g.path("topics")) {
                Element row = page.selectFirst("#lag tbody tr[data-group=\"" + g.path("group").asText() + "\"][data-topic=\""
                        + t.path("topic").asText() + "\"]");
                assertThat(row).as("lag row " + g.path("group").asText() + " " + t.path("topic").asText()).isNotNull();
                if (t.path("missing").asBoolean()) {
                    assertThat(field(row, "lag").attr("data-value")).isEmpty();
                } else {
                    assertThat(integer(row, "lag")).isEqualTo(t.path("lag").asLong());
                    assertThat(integer(row, "partitions")).isEqualTo(t.path("partitions").asLong());
                }
            }
        }
        assertThat(page.select("#lag tbody tr[data-group=balancer-service][data-topic=curation.matched] [data-field=lag]").text()).isEqualTo("0");

        // another language and top N, chosen in the URL
        Document de = Jsoup.parse(chromium(List.of("--dump-dom"), root + "?lang=de&top=1"));
        assertThat(de.getElementById("head-top").attr("value")).isEqualTo("1");
        assertHeadEntries(de, "de", 1);
        assertThat(de.select("#head-entries tbody tr[data-rank] [data-field=entry]").text()).isEqualTo("Hund");

        // a screenshot for the eyes (docs/dashboard.png is one of these)
        Path shot = Path.of("target", "dashboard.png").toAbsolutePath();
        Files.deleteIfExists(shot);
        chromium(List.of("--screenshot=" + shot, "--window-size=1280,1100", "--hide-scrollbars"), root.toString());
        assertThat(shot).exists();
        byte[] png = Files.readAllBytes(shot);
        assertThat(png.length).isGreaterThan(10_000);
        assertThat(new String(png, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
    }

    private void assertHeadEntries(Document page, String lang, int top) {
        assertThat(page.getElementById("head-lang").attr("data-value")).isEqualTo(lang);
        assertThat(page.getElementById("head-entries").attr("data-lang")).isEqualTo(lang);
        assertThat(page.getElementById("head-entries").attr("data-top")).isEqualTo(Integer.toString(top));
        JsonNode api;
        try {
            api = JSON.readTree(given().get("/api/languages/" + lang + "/entries?top=" + top).then().statusCode(200).extract().asString())
                    .path("entries");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        Elements rows = page.select("#head-entries tbody tr[data-rank]");
        assertThat(rows).hasSize(api.size());
        assertThat(api.size()).isPositive().isLessThanOrEqualTo(top);
        for (int i = 0; i < rows.size(); i++) {
            Element row = rows.get(i);
            JsonNode e = api.get(i);
            assertThat(integer(row, "id")).isEqualTo(e.path("id").asLong());
            assertThat(field(row, "entry").text()).isEqualTo(e.path("entry").asText());
            assertThat(integer(row, "count")).isEqualTo(e.path("count").asLong());
            assertThat(decimal(row, "probability")).isCloseTo(e.path("probability").asDouble(), within(1e-12));
        }
        assertThat(page.getElementById("head-threshold").text())
                .isEqualTo("t_" + lang + " = " + status().path("languages").path(lang).path("threshold").asLong());
    }

    // ---- reading the page ----

    private static Element field(Element row, String field) {
        Element e = row.selectFirst("[data-field=" + field + "]");
        assertThat(e).as("cell " + field + " in " + row.outerHtml()).isNotNull();
        return e;
    }

    /** An integer cell: its data-value, which must also be what it shows (thousands separators aside). */
    private static long integer(Element row, String field) {
        Element e = field(row, field);
        long v = Long.parseLong(e.attr("data-value"));
        assertThat(e.text().replace(",", "")).as("shown " + field).isEqualTo(Long.toString(v));
        return v;
    }

    private static double decimal(Element row, String field) {
        String v = field(row, field).attr("data-value");
        assertThat(v).as(field + " has a value").isNotEmpty();
        return Double.parseDouble(v);
    }

    // ---- the API ----

    static JsonNode status() {
        try {
            return JSON.readTree(given().get("/api/status").then().statusCode(200).extract().asString());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The status without its timestamps, to compare two of them. */
    private static JsonNode figures(JsonNode status) {
        ObjectNode s = status.deepCopy();
        s.remove(List.of("generated_at", "generated_at_ms", "lag"));
        s.path("languages").forEach(l -> ((ObjectNode) l).remove("computed_at"));
        ObjectNode lag = JSON.createObjectNode();
        status.path("lag").path("groups").forEach(g -> lag.set(g.path("group").asText(), g.path("topics")));
        s.set("lag", lag);
        return s;
    }

    private static List<String> groups(JsonNode s) {
        List<String> out = new ArrayList<>();
        s.path("lag").path("groups").forEach(g -> out.add(g.path("group").asText()));
        return out;
    }

    private static JsonNode group(JsonNode s, String name) {
        for (JsonNode g : s.path("lag").path("groups")) {
            if (g.path("group").asText().equals(name)) {
                return g;
            }
        }
        return null;
    }

    private static JsonNode topic(JsonNode group, String name) {
        for (JsonNode t : group.path("topics")) {
            if (t.path("topic").asText().equals(name)) {
                return t;
            }
        }
        return null;
    }

    private static <T> Iterable<T> iterable(Iterator<T> it) {
        return () -> it;
    }

    // ---- the records ----

    private static MatchedImage image(String uuid, String lang, List<Integer> entries) {
        return MatchedImage.newBuilder().setUuid(uuid).setUrl("https://x/" + uuid + ".jpg")
                .setTexts(List.of(new MatchedText("alt", "text of " + uuid, lang, entries))).setIngestSeq(0L).build();
    }

    private static void send(KafkaProducer<String, byte[]> producer, MatchedImage m) {
        producer.send(new ProducerRecord<>(Topics.MATCHED, m.getUuid(), Topics.MATCHED_IMAGE_SERDE.serialize(Topics.MATCHED, m)));
    }

    private static ProducerRecord<String, byte[]> deadLetter(String stage, String reason) {
        DeadLetter d = DeadLetters.of(stage, reason, Optional.empty(), "k-" + stage, new byte[] {1});
        return new ProducerRecord<>(Topics.DLQ, "k-" + stage, Topics.DEAD_LETTER_SERDE.serialize(Topics.DLQ, d));
    }

    // ---- Chromium, from its command line ----

    /** Runs headless Chromium on {@code url} with {@code extra} flags and returns what it printed. */
    static String chromium(List<String> extra, String url) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("chromium-profile-");
        Path log = Path.of("target", "chromium.log").toAbsolutePath();
        List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--virtual-time-budget=8000"));
        cmd.addAll(extra);
        cmd.add(url);
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try (InputStream out = p.getInputStream()) {
            CompletableFuture<byte[]> stdout = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readAllBytes();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError("chromium did not finish within 90 s: " + cmd + " (see " + log + ")");
            }
            assertThat(p.exitValue()).as("chromium's exit code (see " + log + ")").isZero();
            return new String(stdout.join(), StandardCharsets.UTF_8);
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}

package io.worldcurate.cli.wat;

import io.worldcurate.ingest.JsonlImageWriter;
import io.worldcurate.ingest.WatFixtures;
import io.worldcurate.kafka.embedded.EmbeddedKafkaExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import io.worldcurate.cli.Cli;
import com.fasterxml.jackson.databind.JsonNode;
import io.worldcurate.schemas.avro.CrawledImage;
import io.worldcurate.schemas.avro.CrawledText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static io.worldcurate.ingest.WatFixtures.JSON;
import static io.worldcurate.ingest.WatFixtures.img;
import static io.worldcurate.ingest.WatFixtures.link;
import static io.worldcurate.ingest.WatFixtures.metadata;
import static io.worldcurate.ingest.WatFixtures.payload;
import static io.worldcurate.ingest.WatFixtures.rawMetadata;
import static org.assertj.core.api.Assertions.assertThat;

class WatIngestCommandTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @TempDir
    Path tmp;


    private static final String PAGE1 = "https://news.example.org/world/2026/story.html";
    private static final String PAGE2 = "http://shop.example.com/";

    /** Two files: 6 WARC records (warcinfo, a request, 3 pages, 1 broken) and 5 images in the first; 2 records, 1 image in the second. */
    private Path[] crawl() throws IOException {
        WatFixtures.Builder a = new WatFixtures.Builder();
        a.record(WatFixtures.warcinfo());
        a.record(metadata(PAGE1, WatFixtures.requestPayload(PAGE1)));
        a.record(metadata(PAGE1, payload(PAGE1,
                img("../img/fire.jpg", "alt", "Feuerwehr im Einsatz", "title", "Foto: dpa"),
                link("path", "A@/href", "url", "/other.html", "title", "other"),
                img("/static/logo.png"),
                img("//cdn.example.net/p/1.jpg?w=300", "data-image-title", "line one\r\nline two"))));
        a.record(rawMetadata(PAGE1, "{\"Envelope\": broken"));
        a.record(metadata(PAGE2, payload(PAGE2, img("a.jpg", "alt", "un chat"), img("#frag", "title", "the page itself"))));
        a.record(metadata(PAGE2, payload(PAGE2, img("https://img.example/tr/13974.jpg", "alt", "  kedi  "))));
        Path first = a.writeTo(tmp.resolve("CC-MAIN-00000.warc.wat.gz"));
        WatFixtures.Builder b = new WatFixtures.Builder();
        b.record(WatFixtures.warcinfo());
        b.record(metadata(PAGE2, payload(PAGE2, img("b.jpg", "alt", "second file"))));
        Path second = b.writeTo(tmp.resolve("CC-MAIN-00001.warc.wat.gz"));
        return new Path[] {first, second};
    }

    private static final List<String> EXPECTED_LINES = List.of(
            "{\"uuid\":\"" + uuid("https://news.example.org/world/img/fire.jpg") + "\",\"url\":\"https://news.example.org/world/img/fire.jpg\","
                    + "\"page_url\":\"" + PAGE1 + "\",\"texts\":[[\"alt\",\"Feuerwehr im Einsatz\",\"\"],[\"title\",\"Foto: dpa\",\"\"]]}",
            "{\"uuid\":\"" + uuid("https://cdn.example.net/p/1.jpg?w=300") + "\",\"url\":\"https://cdn.example.net/p/1.jpg?w=300\","
                    + "\"page_url\":\"" + PAGE1 + "\",\"texts\":[[\"data-image-title\",\"line one  line two\",\"\"]]}",
            "{\"uuid\":\"" + uuid("http://shop.example.com/a.jpg") + "\",\"url\":\"http://shop.example.com/a.jpg\","
                    + "\"page_url\":\"" + PAGE2 + "\",\"texts\":[[\"alt\",\"un chat\",\"\"]]}",
            "{\"uuid\":\"" + uuid("http://shop.example.com/#frag") + "\",\"url\":\"http://shop.example.com/#frag\","
                    + "\"page_url\":\"" + PAGE2 + "\",\"texts\":[[\"title\",\"the page itself\",\"\"]]}",
            "{\"uuid\":\"3d4220d91d60ca5e6046254d\",\"url\":\"https://img.example/tr/13974.jpg\","
                    + "\"page_url\":\"" + PAGE2 + "\",\"texts\":[[\"alt\",\"kedi\",\"\"]]}",
            "{\"uuid\":\"" + uuid("http://shop.example.com/b.jpg") + "\",\"url\":\"http://shop.example.com/b.jpg\","
                    + "\"page_url\":\"" + PAGE2 + "\",\"texts\":[[\"alt\",\"second file\",\"\"]]}");

    private static String uuid(String url) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-224").digest(url.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d).substring(0, 24);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void outWritesTheImagesAsMetaclipJsonlAndTheRejectsWithTheirOffsets() throws Exception {
        Path[] in = crawl();
        Path plain = tmp.resolve("images.jsonl");
        Path gz = tmp.resolve("images.jsonl.gz");
        Path rejects = tmp.resolve("rejects.jsonl");

        Cli.Result r = CliRunner.run("ingest", "--format", "wat", in[0].toString(), in[1].toString(),
                "--out", plain.toString(), "--rejects", rejects.toString());
        Cli.Result rz = CliRunner.run("ingest", "--format", "WAT", in[0].toString(), in[1].toString(), "--out", gz.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("read 8 WARC records from 2 files: 6 images, wrote 6 to " + plain + ", rejected 1 (in "
                + rejects + ");");
        assertThat(Files.readAllLines(plain)).containsExactlyElementsOf(EXPECTED_LINES);
        assertThat(Files.exists(tmp.resolve("images.jsonl.tmp"))).isFalse();
        List<String> rejectLines = Files.readAllLines(rejects);
        assertThat(rejectLines).hasSize(1);
        JsonNode reject = JSON.readTree(rejectLines.get(0));
        assertThat(reject.fieldNames()).toIterable().containsExactly("file", "offset", "reason");
        assertThat(reject.get("file").asText()).isEqualTo(in[0].toString());
        assertThat(reject.get("reason").asText()).startsWith("malformed JSON: ");
        // the offset is the broken record's gzip member: it starts with the gzip magic and holds the record
        long offset = reject.get("offset").asLong();
        byte[] file = Files.readAllBytes(in[0]);
        try (InputStream member = new GZIPInputStream(new java.io.ByteArrayInputStream(file, (int) offset, file.length - (int) offset))) {
            assertThat(new String(member.readNBytes(4000), StandardCharsets.UTF_8)).contains("{\"Envelope\": broken");
        }

        assertThat(rz.exit()).as(rz.err()).isZero();
        assertThat(rz.err()).contains("rejected 1 record(s): malformed JSON 1; pass --rejects FILE for every file and offset",
                in[0] + " at offset " + offset + ": malformed JSON");
        try (InputStream z = new GZIPInputStream(Files.newInputStream(gz))) {
            assertThat(new String(z.readAllBytes(), StandardCharsets.UTF_8).lines().toList()).containsExactlyElementsOf(EXPECTED_LINES);
        }
    }

    @Test
    void producesTheImagesToKafkaKeyedByUuidInFileOrder() throws Exception {
        Path[] in = crawl();
        Path rejects = tmp.resolve("rejects.jsonl");

        Cli.Result r = CliRunner.run("ingest", "--format", "wat", in[0].toString(), in[1].toString(),
                "--bootstrap-servers", KAFKA.cluster().bootstrapServers(), "--topic", "wat.images", "--create-topics", "--partitions", "3",
                "--rejects", rejects.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("read 8 WARC records from 2 files: 6 images, produced 6 to wat.images at "
                + KAFKA.cluster().bootstrapServers() + ", rejected 1 (in " + rejects + ");");
        List<CrawledImage> images = CliRunner.images(KAFKA.cluster(), "wat.images", 6);
        assertThat(images).hasSize(6);
        assertThat(images).extracting(CrawledImage::getIngestSeq).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
        List<String> asLines = images.stream().map(i -> JsonlImageWriter.line(new io.worldcurate.core.model.Image(i.getUuid(),
                i.getUrl(), i.getPageUrl(), i.getTexts().stream().map(t -> new io.worldcurate.core.model.ImageText(t.getAttr(),
                t.getText(), t.getLang() == null ? "" : t.getLang())).toList()))).toList();
        assertThat(asLines).containsExactlyElementsOf(EXPECTED_LINES);
        // an empty lang goes as null: language identification decides
        assertThat(images.get(0).getTexts()).containsExactly(new CrawledText("alt", "Feuerwehr im Einsatz", null),
                new CrawledText("title", "Foto: dpa", null));
        JsonNode reject = JSON.readTree(Files.readAllLines(rejects).get(0));
        assertThat(reject.get("file").asText()).isEqualTo(in[0].toString());
        assertThat(reject.has("offset")).isTrue();
        assertThat(reject.has("line")).isFalse();
    }

    @Test
    void theOutputIsExactlyOneOfOutOrBootstrapServersAndOptionsMustFit() throws Exception {
        Path in = WatFixtures.wat(tmp.resolve("x.warc.wat.gz"), PAGE2, payload(PAGE2, img("a.jpg", "alt", "a")));
        Path jsonl = tmp.resolve("x.jsonl");
        Files.writeString(jsonl, "{\"url\":\"u\",\"texts\":[[\"alt\",\"t\"]]}\n");
        Path out = tmp.resolve("o.jsonl");

        Cli.Result neither = CliRunner.run("ingest", "--format", "wat", in.toString());
        Cli.Result both = CliRunner.run("ingest", "--format", "wat", in.toString(), "--out", out.toString(),
                "--bootstrap-servers", "127.0.0.1:1");
        Cli.Result jsonlOut = CliRunner.run("ingest", jsonl.toString(), "--out", out.toString());
        Cli.Result kafkaOption = CliRunner.run("ingest", "--format", "wat", in.toString(), "--out", out.toString(),
                "--topic", "t");
        Cli.Result noFile = CliRunner.run("ingest", "--format", "wat", "--out", out.toString());
        Cli.Result watchWithFiles = CliRunner.run("ingest", "--format", "wat", in.toString(), "--watch", tmp.toString(),
                "--bootstrap-servers", "127.0.0.1:1");
        Cli.Result watchWithOut = CliRunner.run("ingest", "--format", "wat", "--watch", tmp.toString(), "--out", out.toString());
        Cli.Result watchNoDir = CliRunner.run("ingest", "--watch", tmp.resolve("nope").toString(),
                "--bootstrap-servers", "127.0.0.1:1");
        Cli.Result badPoll = CliRunner.run("ingest", "--watch", tmp.toString(), "--bootstrap-servers", "127.0.0.1:1",
                "--poll-interval", "0");
        Cli.Result unknown = CliRunner.run("ingest", "--format", "warc", in.toString(), "--out", out.toString());

        assertThat(List.of(neither, both, jsonlOut, kafkaOption, noFile, watchWithFiles, watchWithOut, watchNoDir, badPoll,
                unknown))
                .extracting(Cli.Result::exit).containsOnly(2);
        assertThat(neither.err()).contains("missing output: give --bootstrap-servers HOST:PORT (or, with --format wat, --out FILE.jsonl)");
        assertThat(both.err()).contains("give either --out or --bootstrap-servers, not both");
        assertThat(jsonlOut.err()).contains("--out is for --format wat");
        assertThat(kafkaOption.err()).contains("--topic is for producing to Kafka (--bootstrap-servers), not for --out");
        assertThat(noFile.err()).contains("give at least one FILE to ingest, or --watch DIR");
        assertThat(watchWithFiles.err()).contains("--watch DIR takes no FILE arguments");
        assertThat(watchWithOut.err()).contains("--watch produces to Kafka: give --bootstrap-servers, not --out");
        assertThat(watchNoDir.err()).contains("--watch: no such directory: " + tmp.resolve("nope"));
        assertThat(badPoll.err()).contains("--poll-interval must be more than 0");
        assertThat(unknown.err()).contains("unknown input format 'warc', expected one of jsonl, wat");
        assertThat(Files.exists(out)).isFalse();
    }

    @Test
    void theHelpNamesTheNewFormatAndOptions() {
        Cli.Result help = CliRunner.run("ingest", "--help");

        assertThat(help.exit()).isZero();
        assertThat(help.out().replaceAll("\\s+", " ")).contains("one of: jsonl, wat (default: jsonl)", "--out=FILE.jsonl",
                "--watch=DIR", "--poll-interval=SECONDS", "(default: 5.0)", "--settle=SECONDS", "(default: 2.0)",
                "defaults to 16777216");
    }
}

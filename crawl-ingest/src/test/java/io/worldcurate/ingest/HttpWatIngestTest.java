package io.worldcurate.ingest;

import io.worldcurate.core.model.Image;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.worldcurate.ingest.WatFixtures.img;
import static io.worldcurate.ingest.WatFixtures.metadata;
import static io.worldcurate.ingest.WatFixtures.payload;
import static org.assertj.core.api.Assertions.assertThat;

/** WAT files over HTTP from a loopback server that fails in the ways the internet does. */
class HttpWatIngestTest {

    private static final RetryPolicy FAST = new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5));

    private final LoopbackHttpServer server;
    private final List<String> log = new ArrayList<>();

    HttpWatIngestTest() throws IOException {
        server = new LoopbackHttpServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** A WAT file of {@code records} metadata records with two images each, urls named after {@code name}. */
    static WatFixtures.Builder wat(String name, int records) {
        WatFixtures.Builder b = new WatFixtures.Builder();
        b.record(WatFixtures.warcinfo());
        for (int i = 0; i < records; i++) {
            String page = "https://" + name + ".example/page" + i + ".html";
            b.record(metadata(page, payload(page, img("a" + i + ".jpg", "alt", name + " image a" + i + " with a longer alt text"),
                    img("b" + i + ".jpg", "title", name + " image b" + i))));
        }
        return b;
    }

    static List<String> urls(String name, int records) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < records; i++) {
            out.add("https://" + name + ".example/a" + i + ".jpg");
            out.add("https://" + name + ".example/b" + i + ".jpg");
        }
        return out;
    }

    /** Images become visible on commit only, as in a Kafka transaction. */
    static final class CommittingSink implements WatIngest.ImageSink {
        final List<String> committed = new ArrayList<>();
        final List<String> pending = new ArrayList<>();
        final List<String> aborted = new ArrayList<>();
        final List<String> rejects = new ArrayList<>();

        @Override
        public boolean accept(Image image, String source, long offset) {
            pending.add(image.url());
            return true;
        }

        @Override
        public void reject(String source, long offset, String reason) {
            rejects.add(source + "@" + offset + ": " + reason);
        }

        @Override
        public void beginFile(WatSource source) {
            assertThat(pending).isEmpty();
        }

        @Override
        public long commitFile(WatSource source) {
            committed.addAll(pending);
            pending.clear();
            return committed.size();
        }

        @Override
        public void abortFile(WatSource source) {
            aborted.add(source.name());
            pending.clear();
        }
    }

    private WatIngest.Totals run(List<WatSource> sources, WatchState state, CommittingSink sink) throws IOException {
        return WatIngest.run(sources, new WatIngest.Options().http(new HttpFiles()).retry(FAST).state(state).log(log::add), sink);
    }

    private List<WatSource> listing(String... paths) throws IOException {
        server.file("/crawl/wat.paths.gz", WatFixtures.gzip(String.join("\n", paths).concat("\n").getBytes(StandardCharsets.UTF_8)));
        return WatListing.read(server.uri("/crawl/wat.paths.gz").toString(), server.base(), new HttpFiles(), FAST, log::add);
    }

    @Test
    void a503ACutBodyAndA404AreSurvivedAndNothingIsIngestedTwice() throws IOException {
        WatFixtures.Builder a = wat("a", 30);
        WatFixtures.Builder b = wat("b", 30);
        WatFixtures.Builder d = wat("d", 30);
        server.file("/w/a.warc.wat.gz", a.toByteArray()).file("/w/b.warc.wat.gz", b.toByteArray())
                .file("/w/d.warc.wat.gz", d.toByteArray());
        server.faults("/w/a.warc.wat.gz", new LoopbackHttpServer.Status(503), new LoopbackHttpServer.Status(503));
        long cut = b.size() / 2;
        server.faults("/w/b.warc.wat.gz", new LoopbackHttpServer.Cut(cut, false));
        // unknown length: the body ends cleanly, but inside a gzip member
        server.faults("/w/d.warc.wat.gz", new LoopbackHttpServer.Cut(d.size() / 3, true));

        List<WatSource> sources = listing("w/a.warc.wat.gz", "w/b.warc.wat.gz", "w/c.warc.wat.gz", "w/d.warc.wat.gz");
        assertThat(sources).extracting(WatSource::name).containsExactly(server.uri("/w/a.warc.wat.gz").toString(),
                server.uri("/w/b.warc.wat.gz").toString(), server.uri("/w/c.warc.wat.gz").toString(),
                server.uri("/w/d.warc.wat.gz").toString());
        CommittingSink sink = new CommittingSink();
        WatIngest.Totals t = run(sources, null, sink);

        List<String> expected = new ArrayList<>(urls("a", 30));
        expected.addAll(urls("b", 30));
        expected.addAll(urls("d", 30));
        assertThat(sink.committed).as(String.join("\n", log)).containsExactlyElementsOf(expected);
        assertThat(sink.rejects).isEmpty();
        assertThat(t.finished()).isEqualTo(3);
        assertThat(t.failed()).singleElement().asString().contains("/w/c.warc.wat.gz").contains("HTTP 404");
        assertThat(sink.aborted).containsExactly(server.uri("/w/c.warc.wat.gz").toString());
        assertThat(t.records()).as("each WARC record read once").isEqualTo(3 * 31);

        // b was resumed with a Range request at a member boundary at or before the cut, not read again from 0
        List<String> bRequests = server.requests().stream().filter(r -> r.startsWith("/w/b.")).toList();
        assertThat(bRequests).hasSize(2);
        long resumedAt = Long.parseLong(bRequests.get(1).replaceAll(".*bytes=(\\d+)-$", "$1"));
        assertThat(b.offsets).contains(resumedAt);
        assertThat(resumedAt).isPositive().isLessThanOrEqualTo(cut);
        assertThat(server.requests().stream().filter(r -> r.startsWith("/w/a.")).count()).isEqualTo(3);
        assertThat(server.requests().stream().filter(r -> r.startsWith("/w/d.")).toList()).hasSize(2)
                .last().asString().contains("bytes=");
        assertThat(log).anyMatch(l -> l.contains("HTTP 503") && l.contains("trying again from byte 0"));
        assertThat(log).anyMatch(l -> l.contains("failed " + server.uri("/w/c.warc.wat.gz")));
    }

    @Test
    void aServerIgnoringRangeIsReadAgainWithTheIngestedBytesSkipped() throws IOException {
        WatFixtures.Builder b = wat("b", 40);
        server.file("/b.warc.wat.gz", b.toByteArray()).ignoreRange(true);
        server.faults("/b.warc.wat.gz", new LoopbackHttpServer.Cut(b.size() / 2, false),
                new LoopbackHttpServer.Cut(3 * b.size() / 4, false));
        CommittingSink sink = new CommittingSink();
        WatIngest.Totals t = run(List.of(WatSource.remote(server.uri("/b.warc.wat.gz"))), null, sink);
        assertThat(sink.committed).as(String.join("\n", log)).containsExactlyElementsOf(urls("b", 40));
        assertThat(t.records()).isEqualTo(41);
        assertThat(server.requests()).hasSize(3);
    }

    @Test
    void tooManyFaultsInARowFailTheFileAbortItsImagesAndTheNextGoesOn() throws IOException {
        WatFixtures.Builder a = wat("a", 10);
        WatFixtures.Builder b = wat("b", 10);
        server.file("/a.warc.wat.gz", a.toByteArray()).file("/b.warc.wat.gz", b.toByteArray());
        long cut = a.offsets.get(5) + 10;
        // the first try gets past member 4, then it never gets further
        server.faults("/a.warc.wat.gz", new LoopbackHttpServer.Cut(cut, false), new LoopbackHttpServer.Status(500),
                new LoopbackHttpServer.Status(502), new LoopbackHttpServer.Status(503), new LoopbackHttpServer.Status(504));
        CommittingSink sink = new CommittingSink();
        WatIngest.Totals t = run(List.of(WatSource.remote(server.uri("/a.warc.wat.gz")),
                WatSource.remote(server.uri("/b.warc.wat.gz"))), null, sink);
        assertThat(t.failed()).singleElement().asString().contains("/a.warc.wat.gz")
                .contains("gave up after 4 faults in a row at byte " + a.offsets.get(5)).contains("the last: HTTP 503");
        assertThat(sink.aborted).containsExactly(server.uri("/a.warc.wat.gz").toString());
        assertThat(sink.committed).containsExactlyElementsOf(urls("b", 10));
    }

    @Test
    void aRerunWithTheStateSkipsTheFinishedFilesAndGoesOnNumbering(@TempDir Path tmp) throws IOException {
        server.file("/a.warc.wat.gz", wat("a", 5).toByteArray()).file("/b.warc.wat.gz", wat("b", 5).toByteArray());
        List<WatSource> sources = List.of(WatSource.remote(server.uri("/a.warc.wat.gz")),
                WatSource.remote(server.uri("/b.warc.wat.gz")), WatSource.remote(server.uri("/gone.warc.wat.gz")));
        Path stateFile = tmp.resolve("state.tsv");
        CommittingSink first = new CommittingSink();
        try (WatchState state = WatchState.openFile(stateFile)) {
            WatIngest.Totals t = run(sources, state, first);
            assertThat(t.finished()).isEqualTo(2);
            assertThat(t.failed()).hasSize(1);
        }
        assertThat(first.committed).hasSize(20);
        int requests = server.requests().size();
        server.file("/gone.warc.wat.gz", wat("g", 5).toByteArray());
        CommittingSink second = new CommittingSink();
        try (WatchState state = WatchState.openFile(stateFile)) {
            assertThat(state.nextSeq()).isEqualTo(20);
            WatIngest.Totals t = run(sources, state, second);
            assertThat(t.skipped()).isEqualTo(2);
            assertThat(t.finished()).isEqualTo(1);
        }
        assertThat(second.committed).containsExactlyElementsOf(urls("g", 5));
        assertThat(server.requests().subList(requests, server.requests().size())).containsExactly("/gone.warc.wat.gz");
        assertThat(Files.readAllLines(stateFile)).hasSize(4).last().asString().endsWith("\t" + server.uri("/gone.warc.wat.gz"));
    }

    @Test
    void aStreamResynchronisesAfterABadMemberLongerThanItsBufferAsAFileDoes(@TempDir Path tmp) throws IOException {
        WatFixtures.Builder b = new WatFixtures.Builder();
        b.record(WatFixtures.warcinfo());
        String page = "https://p.example/x.html";
        b.record(metadata(page, payload(page, img("1.jpg", "alt", "one"))));
        byte[] noise = new byte[300_000];
        new Random(7).nextBytes(noise);
        byte[] big = WatFixtures.gzip(noise);
        big[big.length - 6] ^= 0x55; // its CRC: found bad only at its end, 300 kB on
        b.raw(big);
        b.record(metadata(page, payload(page, img("2.jpg", "alt", "two"))));
        Path file = b.writeTo(tmp.resolve("x.warc.wat.gz"));

        List<String> fromFile = new ArrayList<>();
        WatReader.Result rf = WatReader.read(file, 1 << 20, collect(fromFile));
        List<String> fromStream = new ArrayList<>();
        WatReader.Result rs = WatReader.readStream(Channels.newChannel(new ByteArrayInputStream(b.toByteArray())),
                WatReader.Resume.START, false, 1 << 20, collect(fromStream));
        assertThat(fromStream).isEqualTo(fromFile).contains("https://p.example/1.jpg", "https://p.example/2.jpg")
                .anyMatch(s -> s.startsWith("reject ") && s.contains("bad gzip member"));
        assertThat(rs).isEqualTo(rf);
    }

    private static WatReader.Handler collect(List<String> out) {
        return new WatReader.Handler() {
            @Override
            public boolean images(List<Image> images, long offset) {
                images.forEach(i -> out.add(i.url()));
                return true;
            }

            @Override
            public void reject(long offset, String reason) {
                out.add("reject " + offset + " " + reason);
            }
        };
    }
}

package io.worldcurate.ingest;

import io.worldcurate.core.model.Image;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.worldcurate.ingest.WatFixtures.img;
import static io.worldcurate.ingest.WatFixtures.metadata;
import static io.worldcurate.ingest.WatFixtures.payload;
import static io.worldcurate.ingest.WatFixtures.rawMetadata;
import static org.assertj.core.api.Assertions.assertThat;

class WatReaderTest {

    @TempDir
    Path tmp;

    /** What a reader handed over. */
    static final class Collected implements WatReader.Handler {
        final List<String> images = new ArrayList<>();
        final List<Long> imageOffsets = new ArrayList<>();
        final List<Long> recordOffsets = new ArrayList<>();
        final List<String> rejects = new ArrayList<>();
        final List<Long> rejectOffsets = new ArrayList<>();

        @Override
        public boolean images(List<Image> found, long offset) {
            recordOffsets.add(offset);
            for (Image i : found) {
                images.add(i.url() + " " + i.texts().get(0).text());
                imageOffsets.add(offset);
            }
            return true;
        }

        @Override
        public void reject(long offset, String reason) {
            rejects.add(reason);
            rejectOffsets.add(offset);
        }
    }

    private static final String P1 = "http://a.example/one/";
    private static final String P2 = "http://b.example/two.html";
    private static final String P3 = "http://c.example/x/three";

    private static String page(String target, String src, String alt) {
        return payload(target, img(src, "alt", alt));
    }

    private Collected read(Path file) throws IOException {
        Collected c = new Collected();
        WatReader.Result r = WatReader.read(file, 1 << 20, c);
        assertThat(r.rejected()).isEqualTo(c.rejects.size());
        assertThat(r.images()).isEqualTo(c.images.size());
        assertThat(r.stopped()).isFalse();
        return c;
    }

    @Test
    void readsEveryMetadataRecordWithTheOffsetOfItsGzipMember() throws Exception {
        WatFixtures.Builder b = new WatFixtures.Builder();
        b.record(WatFixtures.warcinfo());
        long o1 = b.record(metadata(P1, page(P1, "1.jpg", "first")));
        long o2 = b.record(metadata(P2, WatFixtures.requestPayload(P2)));
        long o3 = b.record(metadata(P2, payload(P2, img("2a.jpg", "alt", "second a"), img("/2b.jpg", "title", "second b"))));
        Path f = b.writeTo(tmp.resolve("a.warc.wat.gz"));

        Collected c = new Collected();
        WatReader.Result r = WatReader.read(f, 1 << 20, c);

        assertThat(r.records()).isEqualTo(4);
        assertThat(r.images()).isEqualTo(3);
        assertThat(r.rejected()).isZero();
        assertThat(c.images).containsExactly("http://a.example/one/1.jpg first", "http://b.example/2a.jpg second a",
                "http://b.example/2b.jpg second b");
        assertThat(c.imageOffsets).containsExactly(o1, o3, o3);
        assertThat(c.recordOffsets).containsExactly(o1, o2, o3);
        assertThat(o1).isPositive();
        // the offset is where a reader can start: the member there holds that record
        byte[] all = Files.readAllBytes(f);
        assertThat(all[(int) o3]).isEqualTo((byte) 0x1f);
        assertThat(all[(int) o3 + 1]).isEqualTo((byte) 0x8b);
    }

    @Test
    void malformedRecordsAreRejectedAtTheirOffsetAndTheRestOfTheFileIsRead() throws Exception {
        WatFixtures.Builder b = new WatFixtures.Builder();
        b.record(WatFixtures.warcinfo());
        long broken = b.record(rawMetadata(P1, "{\"Envelope\":{\"Payload-Metadata\":"));
        long noEnvelope = b.record(rawMetadata(P1, "{\"Container\":{\"Filename\":\"x.warc.gz\"}}"));
        long nullLinks = b.record(rawMetadata(P1,
                "{\"Envelope\":{\"Payload-Metadata\":{\"HTTP-Response-Metadata\":{\"HTML-Metadata\":{\"Links\":null}}}}}"));
        long notObject = b.record(rawMetadata(P1, payload(P1, img("ok.jpg", "alt", "lost with its record"),
                WatFixtures.JSON.getNodeFactory().numberNode(3))));
        long noTarget = b.record(rawMetadata(null, page(P1, "a.jpg", "no target")));
        long good = b.record(metadata(P2, page(P2, "fine.jpg", "fine")));
        Path f = b.writeTo(tmp.resolve("bad.warc.wat.gz"));

        Collected c = read(f);

        assertThat(c.rejectOffsets).containsExactly(broken, noEnvelope, nullLinks, notObject, noTarget);
        assertThat(c.rejects.get(0)).startsWith("malformed JSON: ");
        assertThat(c.rejects.subList(1, 5)).containsExactly("malformed WAT record: missing Envelope",
                "malformed WAT record: Links is null", "malformed WAT record: Links[1] is not an object",
                "malformed WAT record: missing WARC-Target-URI");
        assertThat(c.images).containsExactly("http://b.example/fine.jpg fine");
        assertThat(c.imageOffsets).containsExactly(good);
    }

    @Test
    void garbageBetweenRecordsIsSkippedToTheNextGzipMember() throws Exception {
        WatFixtures.Builder b = new WatFixtures.Builder();
        long o1 = b.record(metadata(P1, page(P1, "1.jpg", "one")));
        long junk = b.raw("this is not gzip\r\n".repeat(10).getBytes(StandardCharsets.US_ASCII));
        long o2 = b.record(metadata(P2, page(P2, "2.jpg", "two")));
        long tail = b.raw(new byte[] {0, 0, 0, 0, 0});
        Path f = b.writeTo(tmp.resolve("junk.warc.wat.gz"));

        Collected c = read(f);

        assertThat(c.images).containsExactly("http://a.example/one/1.jpg one", "http://b.example/2.jpg two");
        assertThat(c.imageOffsets).containsExactly(o1, o2);
        assertThat(c.rejectOffsets).containsExactly(junk, tail);
        assertThat(c.rejects).containsExactly("garbage: 180 bytes that are not gzip before the next record skipped",
                "garbage: 5 bytes that are not gzip after the last record skipped");
    }

    @Test
    void eachCorruptOrTruncatedGzipMemberIsOneRejectAndReadingResumesAtTheNextMember() throws Exception {
        WatFixtures.Builder b = new WatFixtures.Builder();
        long o1 = b.record(metadata(P1, page(P1, "1.jpg", "one")));
        byte[] corrupt = WatFixtures.gzip(WatFixtures.bytes(metadata(P2, page(P2, "2.jpg", "two"))));
        corrupt[corrupt.length - 12] ^= 0x55; // in the deflate data (or its CRC check)
        long bad = b.raw(corrupt);
        byte[] badCrc = WatFixtures.gzip(WatFixtures.bytes(metadata(P2, page(P2, "2b.jpg", "two b"))));
        badCrc[badCrc.length - 8] ^= (byte) 0xFF; // the stored CRC-32
        long bad2 = b.raw(badCrc);
        long o3 = b.record(metadata(P3, page(P3, "3.jpg", "three")));
        byte[] cut = WatFixtures.gzip(WatFixtures.bytes(metadata(P3, page(P3, "4.jpg", "four"))));
        long truncated = b.raw(java.util.Arrays.copyOf(cut, cut.length / 2));
        Path f = b.writeTo(tmp.resolve("corrupt.warc.wat.gz"));

        Collected c = read(f);

        assertThat(c.images).containsExactly("http://a.example/one/1.jpg one", "http://c.example/x/3.jpg three");
        assertThat(c.imageOffsets).containsExactly(o1, o3);
        assertThat(c.rejectOffsets).containsExactly(bad, bad2, truncated);
        assertThat(c.rejects.get(0)).startsWith("bad gzip member: ");
        assertThat(c.rejects.get(1)).isEqualTo("bad gzip member: CRC-32 mismatch (the member is corrupt)");
        assertThat(c.rejects.get(2)).isEqualTo("bad gzip member: the file ends inside a gzip member");
    }

    @Test
    void aMemberJwarcCannotParseIsRejectedAndTheNextIsRead() throws Exception {
        WatFixtures.Builder b = new WatFixtures.Builder();
        long notWarc = b.member("HTTP/1.1 200 OK\r\n\r\nhello".getBytes(StandardCharsets.US_ASCII));
        long badLength = b.member(WatFixtures.rawRecord(Map.of("WARC-Type", "metadata", "WARC-Target-URI", P1,
                "Content-Length", "nope"), "{}"));
        long empty = b.member(new byte[0]);
        long o = b.record(metadata(P2, page(P2, "2.jpg", "two")));
        Path f = b.writeTo(tmp.resolve("unparseable.warc.wat.gz"));

        Collected c = new Collected();
        WatReader.Result r = WatReader.read(f, 1 << 20, c);

        assertThat(c.rejectOffsets).containsExactly(notWarc, badLength, empty);
        assertThat(c.rejects).allSatisfy(reason -> assertThat(reason).startsWith("unparseable WARC record: "));
        assertThat(c.images).containsExactly("http://b.example/2.jpg two");
        assertThat(c.imageOffsets).containsExactly(o);
        assertThat(r.records()).isEqualTo(4);
    }

    @Test
    void otherRecordTypesAndNonJsonMetadataAreReadButGiveNothing() throws Exception {
        WatFixtures.Builder b = new WatFixtures.Builder();
        b.record(WatFixtures.warcinfo());
        b.record(WatFixtures.rawRecord(Map.of("WARC-Type", "response", "WARC-Target-URI", P1,
                "Content-Type", "application/http; msgtype=response"), "HTTP/1.1 200 OK\r\n\r\n<img src=a.jpg alt=x>"));
        b.record(WatFixtures.rawRecord(Map.of("WARC-Type", "metadata", "WARC-Target-URI", P1,
                "Content-Type", "application/warc-fields"), "fetchTimeMs: 12\r\n"));
        long json = b.record(WatFixtures.rawRecord(Map.of("WARC-Type", "metadata", "WARC-Target-URI", P1,
                "Content-Type", "application/json; charset=utf-8"), page(P1, "j.jpg", "json")));
        Path f = b.writeTo(tmp.resolve("types.warc.wat.gz"));

        Collected c = new Collected();
        WatReader.Result r = WatReader.read(f, 1 << 20, c);

        assertThat(r.records()).isEqualTo(4);
        assertThat(c.rejects).isEmpty();
        assertThat(c.images).containsExactly("http://a.example/one/j.jpg json");
        assertThat(c.imageOffsets).containsExactly(json);
    }

    @Test
    void aPayloadOverTheLimitIsRejectedAsOversized() throws Exception {
        WatFixtures.Builder b = new WatFixtures.Builder();
        long big = b.record(metadata(P1, page(P1, "big.jpg", "x".repeat(5000))));
        b.record(metadata(P2, page(P2, "small.jpg", "small")));
        Path f = b.writeTo(tmp.resolve("big.warc.wat.gz"));

        Collected c = new Collected();
        WatReader.read(f, 2000, c);

        assertThat(c.rejectOffsets).containsExactly(big);
        assertThat(c.rejects.get(0)).startsWith("oversized: metadata payload of ").endsWith("exceeds the limit of 2000");
        assertThat(c.images).containsExactly("http://b.example/small.jpg small");
    }

    @Test
    void aStoppingHandlerEndsTheFile() throws Exception {
        Path f = WatFixtures.wat(tmp.resolve("stop.warc.wat.gz"), P1, page(P1, "1.jpg", "one"), P2, page(P2, "2.jpg", "two"));
        List<Long> seen = new ArrayList<>();

        WatReader.Result r = WatReader.read(f, 1 << 20, new WatReader.Handler() {
            @Override
            public boolean images(List<Image> images, long offset) {
                seen.add(offset);
                return false;
            }

            @Override
            public void reject(long offset, String reason) {
            }
        });

        assertThat(seen).hasSize(1);
        assertThat(r.stopped()).isTrue();
    }

    @Test
    void anUncompressedWatIsReadWithRecordOffsetsAndABrokenRecordEndsIt() throws Exception {
        byte[] r1 = WatFixtures.bytes(metadata(P1, page(P1, "1.jpg", "one")));
        byte[] r2 = WatFixtures.bytes(metadata(P2, page(P2, "2.jpg", "two")));
        byte[] junk = "junk that is no WARC record\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] r3 = WatFixtures.bytes(metadata(P3, page(P3, "3.jpg", "three")));
        Path f = tmp.resolve("plain.warc.wat");
        try (var out = Files.newOutputStream(f)) {
            out.write(r1);
            out.write(r2);
            out.write(junk);
            out.write(r3);
        }

        Collected c = new Collected();
        WatReader.Result r = WatReader.read(f, 1 << 20, c);

        assertThat(c.images).containsExactly("http://a.example/one/1.jpg one", "http://b.example/2.jpg two");
        assertThat(c.imageOffsets).containsExactly(0L, (long) r1.length);
        assertThat(c.rejectOffsets).containsExactly((long) r1.length + r2.length);
        assertThat(c.rejects.get(0)).startsWith("unparseable WARC record: ").contains("the rest of the file is skipped");
        assertThat(r.records()).isEqualTo(3);
    }
}

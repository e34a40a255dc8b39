package io.worldcurate.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.netpreserve.jwarc.MediaType;
import org.netpreserve.jwarc.WarcCompression;
import org.netpreserve.jwarc.WarcMetadata;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcWriter;
import org.netpreserve.jwarc.Warcinfo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** Builds WAT files for the tests: WARC metadata records with Common Crawl's JSON, one gzip member each. */
public final class WatFixtures {

    public static final JsonMapper JSON = new JsonMapper();

    private WatFixtures() {
    }

    /** A link object of {@code HTML-Metadata.Links}: alternating keys and values (a null value is JSON null). */
    public static ObjectNode link(String... keysAndValues) {
        ObjectNode n = JSON.createObjectNode();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] == null) {
                n.putNull(keysAndValues[i]);
            } else {
                n.put(keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        return n;
    }

    /** An {@code <img src>} link: path IMG@/src, the url, then attribute/value pairs. */
    public static ObjectNode img(String url, String... attrs) {
        ObjectNode n = link("path", "IMG@/src", "url", url);
        for (int i = 0; i < attrs.length; i += 2) {
            n.put(attrs[i], attrs[i + 1]);
        }
        return n;
    }

    /** The JSON payload of a WAT metadata record of an HTML response with these links. */
    public static String payload(String targetUri, JsonNode... links) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode env = root.putObject("Envelope");
        env.putObject("Format").put("Name", "WARC");
        ObjectNode header = env.putObject("WARC-Header-Metadata");
        header.put("WARC-Type", "response");
        header.put("WARC-Target-URI", targetUri);
        ObjectNode pm = env.putObject("Payload-Metadata");
        pm.put("Actual-Content-Type", "application/http; msgtype=response");
        ObjectNode resp = pm.putObject("HTTP-Response-Metadata");
        resp.putObject("Response-Message").put("Status", "200");
        ObjectNode html = resp.putObject("HTML-Metadata");
        html.putObject("Head").put("Title", "a page");
        ArrayNode arr = html.putArray("Links");
        for (JsonNode l : links) {
            arr.add(l);
        }
        return root.toString();
    }

    /** The payload of a WAT record for a request (no HTTP-Response-Metadata): no images, not an error. */
    public static String requestPayload(String targetUri) {
        return "{\"Container\":{\"Offset\":\"123\"},\"Envelope\":{\"Format\":\"WARC\",\"WARC-Header-Metadata\":{\"WARC-Type\":"
                + "\"request\",\"WARC-Target-URI\":\"" + targetUri + "\"},\"Payload-Metadata\":{\"Actual-Content-Type\":"
                + "\"application/http; msgtype=request\",\"HTTP-Request-Metadata\":{\"Request-Message\":{\"Method\":\"GET\"}}}}}";
    }

    /** A WAT metadata record built with jwarc's builder. */
    public static WarcRecord metadata(String targetUri, String json) {
        return new WarcMetadata.Builder().targetURI(targetUri)
                .body(MediaType.parse("application/json"), json.getBytes(StandardCharsets.UTF_8)).build();
    }

    /** The warcinfo record a WAT file starts with. */
    public static WarcRecord warcinfo() {
        return new Warcinfo.Builder().fields(Map.of("software", List.of("test"), "format", List.of("WARC File Format 1.0")))
                .build();
    }

    /** A WARC record in the WARC/1.0 text form, written by hand (header lines, then the block). */
    public static byte[] rawRecord(Map<String, String> headers, String block) {
        byte[] body = block.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder("WARC/1.0\r\n");
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.putIfAbsent("Content-Length", String.valueOf(body.length));
        h.forEach((k, v) -> sb.append(k).append(": ").append(v).append("\r\n"));
        sb.append("\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(sb.toString().getBytes(StandardCharsets.UTF_8));
        out.writeBytes(body);
        out.writeBytes("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /** A metadata record by hand, so that it can be wrong in ways jwarc's builder does not allow. */
    public static byte[] rawMetadata(String targetUri, String json) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("WARC-Type", "metadata");
        if (targetUri != null) {
            h.put("WARC-Target-URI", targetUri);
        }
        h.put("WARC-Date", "2026-05-01T12:00:00Z");
        h.put("WARC-Record-ID", "<urn:uuid:" + java.util.UUID.nameUUIDFromBytes(json.getBytes(StandardCharsets.UTF_8)) + ">");
        h.put("Content-Type", "application/json");
        return rawRecord(h, json);
    }

    /** The bytes of one record as jwarc writes it, uncompressed. */
    public static byte[] bytes(WarcRecord record) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (WarcWriter w = new WarcWriter(Channels.newChannel(out), WarcCompression.NONE)) {
            w.write(record);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Bytes as one gzip member. */
    public static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A file being put together from pieces, remembering where each piece starts. */
    public static final class Builder {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        public final List<Long> offsets = new ArrayList<>();

        /** A record as its own gzip member; returns its offset. */
        public long record(WarcRecord record) {
            return member(bytes(record));
        }

        /** A record given as text, as its own gzip member. */
        public long record(byte[] rawRecord) {
            return member(rawRecord);
        }

        /** Any bytes as one gzip member. */
        public long member(byte[] uncompressed) {
            return raw(gzip(uncompressed));
        }

        /** Bytes as they are (garbage, a corrupt member, ...). */
        public long raw(byte[] bytes) {
            long at = out.size();
            offsets.add(at);
            out.writeBytes(bytes);
            return at;
        }

        public long size() {
            return out.size();
        }

        public byte[] toByteArray() {
            return out.toByteArray();
        }

        public Path writeTo(Path file) throws IOException {
            Files.write(file, out.toByteArray());
            return file;
        }
    }

    /** A WAT file with a warcinfo record, then one metadata record per page: {target, json} pairs. */
    public static Path wat(Path file, String... targetsAndPayloads) throws IOException {
        Builder b = new Builder();
        b.record(warcinfo());
        for (int i = 0; i < targetsAndPayloads.length; i += 2) {
            b.record(metadata(targetsAndPayloads[i], targetsAndPayloads[i + 1]));
        }
        return b.writeTo(file);
    }
}

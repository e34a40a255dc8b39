package io.worldcurate.core.output;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.worldcurate.core.count.CountOfCounts;
import io.worldcurate.core.model.CuratedImage;
import io.worldcurate.core.model.MatchedImage;
import io.worldcurate.core.model.MatchedText;
import io.worldcurate.core.threshold.Thresholds;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON forms of spec section 9 and of the index, with a fixed field order so that the same
 * input always gives the same bytes.
 */
public final class CurationJson {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
            .build();
    private static final JsonMapper MAPPER = new JsonMapper(FACTORY);

    private CurationJson() {
    }

    /** One index line: {@code {"uuid", "url", "texts": [{"attr", "text", "lang", "entries"}]}}. */
    public static String indexLine(MatchedImage image) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("uuid", image.uuid());
            g.writeStringField("url", image.url());
            g.writeArrayFieldStart("texts");
            for (MatchedText t : image.texts()) {
                g.writeStartObject();
                g.writeStringField("attr", t.attr());
                g.writeStringField("text", t.text());
                g.writeStringField("lang", t.lang());
                g.writeFieldName("entries");
                g.writeArray(t.entries(), 0, t.entries().length);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    /** Reads an index line back. */
    public static MatchedImage readIndexLine(String line) {
        try {
            JsonNode n = MAPPER.readTree(line);
            List<MatchedText> texts = new ArrayList<>();
            for (JsonNode t : n.get("texts")) {
                JsonNode e = t.get("entries");
                int[] entries = new int[e.size()];
                for (int i = 0; i < entries.length; i++) {
                    entries[i] = e.get(i).intValue();
                }
                texts.add(new MatchedText(t.get("attr").textValue(), t.get("text").textValue(), t.get("lang").textValue(), entries));
            }
            JsonNode page = n.get("page_url");
            return new MatchedImage(n.get("uuid").textValue(), n.get("url").textValue(),
                    page == null ? null : page.textValue(), texts);
        } catch (IOException e) {
            throw new UncheckedIOException("bad index line: " + e.getMessage(), e);
        }
    }

    /** One curated line: {@code {"uuid", "url", "text", "lang", "entries", "probability"}}. */
    public static String curatedLine(CuratedImage c) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("uuid", c.uuid());
            g.writeStringField("url", c.url());
            g.writeStringField("text", c.text());
            g.writeStringField("lang", c.lang());
            g.writeFieldName("entries");
            g.writeArray(c.entries(), 0, c.entries().length);
            g.writeNumberField("probability", c.probability());
            g.writeEndObject();
        });
    }

    /** Reads a curated line back. */
    public static CuratedImage readCuratedLine(String line) {
        try {
            JsonNode n = MAPPER.readTree(line);
            JsonNode e = n.get("entries");
            int[] entries = new int[e.size()];
            for (int i = 0; i < entries.length; i++) {
                entries[i] = e.get(i).intValue();
            }
            return new CuratedImage(n.get("uuid").textValue(), n.get("url").textValue(), n.get("text").textValue(),
                    n.get("lang").textValue(), entries, n.get("probability").doubleValue());
        } catch (IOException e) {
            throw new UncheckedIOException("bad curated line: " + e.getMessage(), e);
        }
    }

    /** The thresholds document of spec section 9, languages sorted by code. */
    public static String thresholdsDocument(Thresholds thresholds, Map<String, CountOfCounts> counts) {
        return write(g -> {
            g.writeStartObject();
            g.writeNumberField("tail_ratio", thresholds.tailRatio());
            g.writeObjectFieldStart("languages");
            for (Map.Entry<String, Long> t : thresholds.byLanguage().entrySet()) {
                CountOfCounts c = counts.get(t.getKey());
                g.writeObjectFieldStart(t.getKey());
                g.writeNumberField("threshold", t.getValue());
                g.writeNumberField("matched_texts", c.matchedTexts());
                g.writeNumberField("matched_entries", c.nonZeroEntries());
                g.writeNumberField("metadata_entries", c.metadataEntries());
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeEndObject();
        }, true);
    }

    /** Any JSON value (maps, lists, numbers, strings) pretty-printed, map keys in their order. */
    public static String pretty(Object value) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A compact single-line JSON object of the given fields, in order. */
    public static String line(Map<String, ?> fields) {
        try {
            return MAPPER.writeValueAsString(fields);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode readTree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Map<String, Object> sorted(Map<String, ?> m) {
        return new TreeMap<>(m);
    }

    @FunctionalInterface
    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static String write(Body body) {
        LineWriter w = LINES.get();
        try {
            return w.write(body);
        } catch (IOException | RuntimeException e) {
            LINES.remove(); // a generator left inside a value is not reused
            if (e instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            throw (RuntimeException) e;
        }
    }

    private static String write(Body body, boolean pretty) {
        if (!pretty) {
            return write(body);
        }
        StringWriter w = new StringWriter(256);
        try (JsonGenerator g = FACTORY.createGenerator(w)) {
            g.useDefaultPrettyPrinter();
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /**
     * One generator per thread, reused for every line it writes: index and curated lines are written by the
     * hundred thousand, and a generator per line (its context, buffers and writer) was most of batch's garbage.
     */
    private static final ThreadLocal<LineWriter> LINES = ThreadLocal.withInitial(LineWriter::new);

    private static final class LineWriter extends java.io.Writer {
        private final StringBuilder line = new StringBuilder(512);
        private final JsonGenerator generator;

        LineWriter() {
            try {
                generator = FACTORY.createGenerator(this);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            generator.setRootValueSeparator(null); // one value per call: nothing between them
        }

        String write(Body body) throws IOException {
            line.setLength(0);
            body.write(generator);
            generator.flush();
            return line.toString();
        }

        @Override
        public void write(char[] chars, int offset, int length) {
            line.append(chars, offset, length);
        }

        @Override
        public void write(String str, int offset, int length) {
            line.append(str, offset, offset + length);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}

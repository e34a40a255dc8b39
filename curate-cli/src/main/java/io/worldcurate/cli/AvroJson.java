package io.worldcurate.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Plain JSON for Avro records, as {@code curate export} writes them: one object per record with the
 * record's fields in schema order (or some named fields first), and no Avro union wrappers.
 *
 * <ul>
 *   <li>records: objects; unions: the value of the branch itself ({@code null} for null, never
 *       {@code {"string": …}}); arrays: arrays; maps: objects.</li>
 *   <li>strings as strings, enums as their symbol, booleans and numbers as JSON numbers (NaN and
 *       infinities as the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}).</li>
 *   <li>{@code bytes} and {@code fixed}: always standard base64 with padding (RFC 4648 section 4), so
 *       every value round-trips and a reader never has to guess whether a string is text or an
 *       encoding. A dead letter's {@code original_key} and {@code original_value} decode with
 *       {@code base64 -d}.</li>
 *   <li>{@code timestamp-millis}: an ISO-8601 UTC string with milliseconds,
 *       {@code 2026-05-01T12:00:00.000Z} (fixed width, so it sorts as text);
 *       {@code timestamp-micros}: ISO-8601 UTC with as many fraction digits as needed;
 *       {@code date}: {@code 2026-05-01}; {@code decimal}: a JSON number.</li>
 * </ul>
 *
 * <p>Avro's own {@code toString()} is not used: it writes unions of bytes as escaped strings, enums
 * and logical types inconsistently, and has no stable field order guarantee for callers.
 */
final class AvroJson {

    static final DateTimeFormatter TIMESTAMP_MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private static final JsonFactory FACTORY = new JsonFactory();

    private AvroJson() {
    }

    /** The record as one JSON line (no line terminator), fields in schema order. */
    static String line(IndexedRecord record) {
        return line(record, List.of());
    }

    /**
     * The record as one JSON line (no line terminator): first the fields named in {@code leading}
     * that the schema has, in that order, then every other field in schema order.
     */
    static String line(IndexedRecord record, List<String> leading) {
        StringWriter w = new StringWriter(256);
        try (JsonGenerator g = FACTORY.createGenerator(w)) {
            write(g, record, leading);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    static void write(JsonGenerator g, IndexedRecord record, List<String> leading) throws IOException {
        Schema schema = record.getSchema();
        List<Schema.Field> order = new ArrayList<>(schema.getFields().size());
        for (String name : leading) {
            Schema.Field f = schema.getField(name);
            if (f != null) {
                order.add(f);
            }
        }
        for (Schema.Field f : schema.getFields()) {
            if (!order.contains(f)) {
                order.add(f);
            }
        }
        g.writeStartObject();
        for (Schema.Field f : order) {
            g.writeFieldName(f.name());
            value(g, f.schema(), record.get(f.pos()));
        }
        g.writeEndObject();
    }

    private static void value(JsonGenerator g, Schema schema, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
            return;
        }
        switch (schema.getType()) {
            case UNION -> value(g, branch(schema, v), v);
            case RECORD -> write(g, (IndexedRecord) v, List.of());
            case ARRAY -> {
                g.writeStartArray();
                for (Object item : (Collection<?>) v) {
                    value(g, schema.getElementType(), item);
                }
                g.writeEndArray();
            }
            case MAP -> {
                g.writeStartObject();
                for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                    g.writeFieldName(e.getKey().toString());
                    value(g, schema.getValueType(), e.getValue());
                }
                g.writeEndObject();
            }
            case STRING -> g.writeString(v.toString());
            case ENUM -> g.writeString(v instanceof Enum<?> e ? e.name() : v.toString());
            case BYTES -> {
                if (v instanceof BigDecimal d) {
                    g.writeNumber(d);
                } else {
                    g.writeString(base64((ByteBuffer) v));
                }
            }
            case FIXED -> {
                if (v instanceof BigDecimal d) {
                    g.writeNumber(d);
                } else {
                    g.writeString(Base64.getEncoder().encodeToString(((GenericFixed) v).bytes()));
                }
            }
            case BOOLEAN -> g.writeBoolean((Boolean) v);
            case INT -> {
                if (v instanceof LocalDate d) {
                    g.writeString(d.toString());
                } else if (v instanceof Integer i && isLogical(schema, "date")) {
                    g.writeString(LocalDate.ofEpochDay(i).toString());
                } else if (v instanceof Number n) {
                    g.writeNumber(n.intValue());
                } else {
                    g.writeString(v.toString());
                }
            }
            case LONG -> {
                if (v instanceof Instant t) {
                    g.writeString(isLogical(schema, "timestamp-millis") ? TIMESTAMP_MILLIS.format(t) : t.toString());
                } else if (v instanceof Long l && isLogical(schema, "timestamp-millis")) {
                    g.writeString(TIMESTAMP_MILLIS.format(Instant.ofEpochMilli(l)));
                } else if (v instanceof Long l && isLogical(schema, "timestamp-micros")) {
                    g.writeString(Instant.ofEpochSecond(Math.floorDiv(l, 1_000_000L),
                            Math.floorMod(l, 1_000_000L) * 1_000L).toString());
                } else if (v instanceof Number n) {
                    g.writeNumber(n.longValue());
                } else {
                    g.writeString(v.toString());
                }
            }
            case FLOAT -> g.writeNumber(((Number) v).floatValue());
            case DOUBLE -> g.writeNumber(((Number) v).doubleValue());
            case NULL -> g.writeNull();
            default -> g.writeString(v.toString());
        }
    }

    /** The union branch of a non-null value: the only non-null branch, else Avro's resolution. */
    private static Schema branch(Schema union, Object v) {
        Schema only = null;
        int nonNull = 0;
        for (Schema s : union.getTypes()) {
            if (s.getType() != Schema.Type.NULL) {
                only = s;
                nonNull++;
            }
        }
        if (nonNull == 1) {
            return only;
        }
        return union.getTypes().get(GenericData.get().resolveUnion(union, v));
    }

    private static boolean isLogical(Schema schema, String name) {
        LogicalType t = schema.getLogicalType();
        return t != null && t.getName().equals(name);
    }

    private static String base64(ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        byte[] bytes = new byte[d.remaining()];
        d.get(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}

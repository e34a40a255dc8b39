package io.worldcurate.cli;

import io.worldcurate.schemas.avro.CrawledImage;
import io.worldcurate.schemas.avro.CrawledText;
import io.worldcurate.schemas.avro.LanguageThreshold;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AvroJsonTest {

    @Test
    void writesFieldsInSchemaOrderWithoutUnionWrappers() {
        CrawledImage image = CrawledImage.newBuilder().setUuid("u").setUrl("https://x/\"q\".jpg").setPageUrl(null)
                .setTexts(List.of(new CrawledText("alt", "猫\n", null), new CrawledText("title", "t", "fr")))
                .setIngestSeq(12L).build();
        assertThat(AvroJson.line(image)).isEqualTo("{\"uuid\":\"u\",\"url\":\"https://x/\\\"q\\\".jpg\",\"page_url\":null,"
                + "\"texts\":[{\"attr\":\"alt\",\"text\":\"猫\\n\",\"lang\":null},{\"attr\":\"title\",\"text\":\"t\",\"lang\":\"fr\"}],"
                + "\"ingest_seq\":12}");
    }

    @Test
    void timestampsAreIsoUtcWithMillisecondsAndLeadingFieldsComeFirst() {
        LanguageThreshold t = LanguageThreshold.newBuilder().setLang("en").setThreshold(170_000).setTailRatio(0.06)
                .setMatchedTexts(5).setMatchedEntries(4).setMetadataEntries(500_000)
                .setComputedAt(Instant.ofEpochMilli(0)).build();
        assertThat(AvroJson.line(t, List.of("threshold", "nope", "lang"))).isEqualTo("{\"threshold\":170000,\"lang\":\"en\","
                + "\"tail_ratio\":0.06,\"matched_texts\":5,\"matched_entries\":4,\"metadata_entries\":500000,"
                + "\"computed_at\":\"1970-01-01T00:00:00.000Z\"}");
    }

    @Test
    void genericRecordsBytesMapsEnumsAndNonFiniteDoubles() {
        Schema ts = org.apache.avro.LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));
        Schema schema = SchemaBuilder.record("R").fields()
                .name("b").type().bytesType().noDefault()
                .name("ob").type().optional().bytesType()
                .name("m").type().map().values().intType().noDefault()
                .name("e").type().enumeration("E").symbols("A", "B").noDefault()
                .name("d").type().doubleType().noDefault()
                .name("at").type(ts).noDefault()
                .endRecord();
        GenericRecord r = new GenericData.Record(schema);
        r.put("b", ByteBuffer.wrap("hi".getBytes()));
        r.put("ob", null);
        r.put("m", Map.of("k", 1));
        r.put("e", new GenericData.EnumSymbol(schema.getField("e").schema(), "B"));
        r.put("d", Double.NaN);
        r.put("at", 1_777_636_800_123L);
        assertThat(AvroJson.line(r)).isEqualTo("{\"b\":\"aGk=\",\"ob\":null,\"m\":{\"k\":1},\"e\":\"B\",\"d\":\"NaN\","
                + "\"at\":\"2026-05-01T12:00:00.123Z\"}");
    }
}

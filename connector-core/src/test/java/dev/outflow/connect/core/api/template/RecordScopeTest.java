package dev.outflow.connect.core.api.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

import dev.outflow.connect.core.api.MetadataField;
import dev.outflow.connect.core.api.Row;
import dev.outflow.connect.core.internal.row.RowMapper;

/** What a template sees of a record: the row nested, and the record's metadata as the framework's mapper gives it. */
class RecordScopeTest {

    private static final RowMapper MAPPER = new RowMapper(3, false, EnumSet.noneOf(MetadataField.class));

    private static SinkRecord record(Schema keySchema, Object key, Object value, ConnectHeaders headers) {
        return new SinkRecord(
                "orders", 2, keySchema, key, null, value, 42L, 1_700_000_000_000L, TimestampType.CREATE_TIME, headers);
    }

    private static RecordScope scope(SinkRecord record) {
        return RecordScope.of(MAPPER.toRow(record));
    }

    @Test
    void byteHeadersAreBase64AsTheMapperGivesThem() {
        byte[] bytes = "t-1 é".getBytes(StandardCharsets.UTF_8);
        ConnectHeaders headers = new ConnectHeaders();
        headers.add("trace", bytes, null);
        headers.addBytes("typed", bytes);
        SinkRecord record = record(null, "k", Map.of("id", 1L), headers);

        RecordScope scope = scope(record);

        Row withHeaders = new RowMapper(3, false, EnumSet.of(MetadataField.HEADERS)).toRow(record);
        assertThat(scope.text("_header.trace"))
                .isEqualTo("dC0xIMOp")
                .isEqualTo(withHeaders.get("_header.trace").asText());
        assertThat(scope.text("_header.typed")).isEqualTo("dC0xIMOp");
        String rendered =
                SafeTemplates.verbatim().compile("{{_header.trace}}", "t").render(scope);
        assertThat(rendered).isEqualTo("dC0xIMOp");
    }

    @Test
    void structuredHeadersAreJsonAndNullHeadersAreLeftOut() {
        ConnectHeaders headers = new ConnectHeaders();
        headers.addList(
                "tags",
                List.of("x", "y"),
                SchemaBuilder.array(Schema.STRING_SCHEMA).build());
        headers.addInt("attempt", 3);
        headers.add("empty", null, Schema.OPTIONAL_STRING_SCHEMA);

        RecordScope scope = scope(record(null, null, Map.of("id", 1L), headers));

        assertThat(scope.text("_header.tags")).isEqualTo("[\"x\",\"y\"]");
        assertThat(scope.text("_header.attempt")).isEqualTo("3");
        assertThat(scope.text("_header.empty")).isNull();
        assertThat(scope.values()).doesNotContainKey(RecordScope.KEY); // a null key is left out
    }

    @Test
    void theKeyOpensAsTheMapperOpensItAndDeeperPartsAreJson() {
        Schema inner = SchemaBuilder.struct()
                .field("region", Schema.STRING_SCHEMA)
                .field("flag", Schema.BOOLEAN_SCHEMA)
                .build();
        Schema keySchema = SchemaBuilder.struct()
                .field("id", Schema.INT64_SCHEMA)
                .field("shard", inner)
                .build();
        Struct key = new Struct(keySchema)
                .put("id", 5L)
                .put("shard", new Struct(inner).put("region", "eu").put("flag", true));

        RecordScope scope = scope(record(keySchema, key, Map.of("id", 1L), new ConnectHeaders()));

        assertThat(scope.text("_key.id")).isEqualTo("5");
        assertThat(scope.text("_key.shard.region")).isEqualTo("eu");
        assertThat(scope.values())
                .extractingByKey("_key")
                .isEqualTo(Map.of("id", "5", "shard", Map.of("region", "eu", "flag", true)));

        Map<String, Object> deep = Map.of("a", Map.of("b", Map.of("c", Map.of("d", Map.of("e", 1L)))));
        RecordScope deepScope = scope(record(null, deep, Map.of("id", 1L), new ConnectHeaders()));
        assertThat(deepScope.text("_key.a.b.c.d")).isEqualTo("{\"e\":1}");
    }

    @Test
    void fieldsNestTheirTextBooleansStayBooleansAndMetadataIsAlwaysThere() {
        Map<String, Object> value = new java.util.LinkedHashMap<>();
        value.put("customer", Map.of("name", "Ada", "vip", true));
        value.put("total", new java.math.BigDecimal("1E+3"));
        value.put("note", null);

        RecordScope scope = scope(record(null, "k-1", value, new ConnectHeaders()));

        assertThat(scope.values()).extractingByKey("customer").isEqualTo(Map.of("name", "Ada", "vip", true));
        assertThat(scope.text("total")).isEqualTo("1000");
        assertThat(scope.values()).doesNotContainKey("note");
        assertThat(scope.text("_topic")).isEqualTo("orders");
        assertThat(scope.text("_partition")).isEqualTo("2");
        assertThat(scope.text("_offset")).isEqualTo("42");
        assertThat(scope.text("_timestamp")).isEqualTo("2023-11-14T22:13:20Z");
        assertThat(scope.text("_key")).isEqualTo("k-1");
    }

    @Test
    void aDottedNameUnderAValueIsFoundWhole() {
        Map<String, Object> value = new java.util.LinkedHashMap<>();
        value.put("team", "core");
        value.put("team.channel", "C123"); // a map key with a dot, next to a field of its first part

        RecordScope scope = scope(record(null, null, value, new ConnectHeaders()));

        assertThat(scope.text("team")).isEqualTo("core");
        assertThat(scope.text("team.channel")).isEqualTo("C123");
    }

    @Test
    void aKeyThatDoesNotMatchItsSchemaIsRefusedWithoutItsValue() {
        SinkRecord record = record(Schema.INT64_SCHEMA, "secret-key", Map.of("id", 1L), new ConnectHeaders());
        Row row = MAPPER.toRow(record);

        assertThatThrownBy(() -> RecordScope.of(row))
                .isInstanceOf(DataException.class)
                .hasMessage("schema mismatch at field _key: expected INT64, got String");
    }
}

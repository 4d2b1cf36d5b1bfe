package dev.outflow.connect.core.internal.row;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

import dev.outflow.connect.core.api.Cell;
import dev.outflow.connect.core.api.CellType;
import dev.outflow.connect.core.api.MetadataField;
import dev.outflow.connect.core.api.Row;

class RowMapperTest {

    private static final long RECORD_TIME = 1_714_571_100_250L; // 2024-05-01T13:45:00.250Z
    private static final String SECRET = "s3cr3t-payload";

    private static SinkRecord record(Schema valueSchema, Object value) {
        return record(null, null, valueSchema, value);
    }

    private static SinkRecord record(Schema keySchema, Object key, Schema valueSchema, Object value) {
        return new SinkRecord(
                "orders", 3, keySchema, key, valueSchema, value, 42L, RECORD_TIME, TimestampType.CREATE_TIME);
    }

    private static RowMapper mapper() {
        return new RowMapper(2, false, Set.of());
    }

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static Row one(Schema schema, Object value) {
        return mapper().toRow(record(schema, value));
    }

    // ---------------------------------------------------------------- ConnectTypes

    @Test
    void everyIntegerWidthBecomesALongInteger() {
        Schema schema = SchemaBuilder.struct()
                .field("i8", Schema.INT8_SCHEMA)
                .field("i16", Schema.INT16_SCHEMA)
                .field("i32", Schema.INT32_SCHEMA)
                .field("i64", Schema.INT64_SCHEMA)
                .build();
        Struct value = new Struct(schema)
                .put("i8", (byte) -8)
                .put("i16", (short) 1600)
                .put("i32", 320_000)
                .put("i64", Long.MAX_VALUE);

        Row row = one(schema, value);

        assertThat(row.names()).containsExactly("i8", "i16", "i32", "i64");
        assertThat(row.cells()).extracting(Cell::type).containsOnly(CellType.INTEGER);
        assertThat(row.cells()).extracting(Cell::value).containsExactly(-8L, 1600L, 320_000L, Long.MAX_VALUE);
    }

    @Test
    void floatsBecomeDoublesKeepingNonFiniteValues() {
        Schema schema = SchemaBuilder.struct()
                .field("f32", Schema.FLOAT32_SCHEMA)
                .field("f64", Schema.FLOAT64_SCHEMA)
                .field("nan", Schema.FLOAT64_SCHEMA)
                .field("inf", Schema.FLOAT32_SCHEMA)
                .build();
        Struct value = new Struct(schema)
                .put("f32", 0.1f)
                .put("f64", 2.5e-300)
                .put("nan", Double.NaN)
                .put("inf", Float.NEGATIVE_INFINITY);

        Row row = one(schema, value);

        assertThat(row.cells()).extracting(Cell::type).containsOnly(CellType.FLOAT);
        // widened through its decimal text, not to 0.10000000149011612
        assertThat(row.get("f32").value()).isEqualTo(0.1d);
        assertThat(row.get("f64").value()).isEqualTo(2.5e-300);
        assertThat((Double) row.get("nan").value()).isNaN();
        assertThat(row.get("inf").value()).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void booleanAndStringMapToBooleanAndText() {
        Schema schema = SchemaBuilder.struct()
                .field("ok", Schema.BOOLEAN_SCHEMA)
                .field("name", Schema.STRING_SCHEMA)
                .build();
        Row row = one(schema, new Struct(schema).put("ok", true).put("name", "Ada"));

        assertThat(row.get("ok")).isEqualTo(new Cell(CellType.BOOLEAN, true));
        assertThat(row.get("name")).isEqualTo(new Cell(CellType.TEXT, "Ada"));
    }

    @Test
    void bytesBecomeBase64TextFromArraysAndBuffersWithoutMovingTheBuffer() {
        Schema schema = SchemaBuilder.struct()
                .field("array", Schema.BYTES_SCHEMA)
                .field("buffer", Schema.BYTES_SCHEMA)
                .build();
        ByteBuffer buffer = ByteBuffer.wrap("xxhi!".getBytes(StandardCharsets.US_ASCII));
        buffer.position(2);
        Struct value = new Struct(schema)
                .put("array", new byte[] {0, 1, 2, (byte) 0xff})
                .put("buffer", buffer);

        Row row = one(schema, value);

        assertThat(row.get("array")).isEqualTo(new Cell(CellType.TEXT, "AAEC/w=="));
        assertThat(row.get("buffer")).isEqualTo(new Cell(CellType.TEXT, "aGkh")); // "hi!" only
        assertThat(buffer.position()).isEqualTo(2);
    }

    @Test
    void decimalLogicalTypeBecomesAnExactDecimal() {
        Schema schema =
                SchemaBuilder.struct().field("amount", Decimal.schema(2)).build();
        Row row = one(schema, new Struct(schema).put("amount", new BigDecimal("12345678901234567890.10")));

        assertThat(row.get("amount").type()).isEqualTo(CellType.DECIMAL);
        assertThat(row.get("amount").value()).isEqualTo(new BigDecimal("12345678901234567890.10"));
    }

    @Test
    void dateLogicalTypeBecomesAUtcLocalDate() {
        Schema schema = SchemaBuilder.struct()
                .field("day", Date.SCHEMA)
                .field("before1970", Date.SCHEMA)
                .build();
        Struct value = new Struct(schema)
                .put("day", new java.util.Date(LocalDate.of(2024, 5, 1).toEpochDay() * 86_400_000L))
                .put("before1970", new java.util.Date(LocalDate.of(1969, 12, 31).toEpochDay() * 86_400_000L));

        Row row = one(schema, value);

        assertThat(row.get("day")).isEqualTo(new Cell(CellType.DATE, LocalDate.of(2024, 5, 1)));
        assertThat(row.get("before1970")).isEqualTo(new Cell(CellType.DATE, LocalDate.of(1969, 12, 31)));
    }

    @Test
    void timeLogicalTypeBecomesTheUtcTimeOfDay() {
        Schema schema = SchemaBuilder.struct().field("at", Time.SCHEMA).build();
        long millisOfDay = (13 * 3600 + 45 * 60) * 1000L + 250;
        Row row = one(schema, new Struct(schema).put("at", new java.util.Date(millisOfDay)));

        assertThat(row.get("at")).isEqualTo(new Cell(CellType.TIME, LocalTime.of(13, 45, 0, 250_000_000)));
    }

    @Test
    void timestampLogicalTypeBecomesAnInstant() {
        Schema schema = SchemaBuilder.struct()
                .field("ts", Timestamp.SCHEMA)
                .field("plain", Schema.INT64_SCHEMA)
                .build();
        Row row = one(
                schema,
                new Struct(schema).put("ts", new java.util.Date(RECORD_TIME)).put("plain", RECORD_TIME));

        assertThat(row.get("ts")).isEqualTo(new Cell(CellType.TIMESTAMP, Instant.parse("2024-05-01T13:45:00.250Z")));
        assertThat(row.get("plain")).isEqualTo(new Cell(CellType.INTEGER, RECORD_TIME)); // no logical name: a number
    }

    @Test
    void unknownLogicalTypesMapByTheirBaseType() {
        Schema zoned =
                SchemaBuilder.string().name("io.debezium.time.ZonedTimestamp").build();
        Schema schema = SchemaBuilder.struct().field("when", zoned).build();
        Row row = one(schema, new Struct(schema).put("when", "2024-05-01T13:45:00+02:00"));

        assertThat(row.get("when")).isEqualTo(new Cell(CellType.TEXT, "2024-05-01T13:45:00+02:00"));
    }

    @Test
    void unsetFieldWithADefaultReadsAsTheDefault() {
        Schema schema = SchemaBuilder.struct()
                .field("n", SchemaBuilder.int32().defaultValue(7).build())
                .build();
        Row row = one(schema, new Struct(schema));

        assertThat(row.get("n")).isEqualTo(new Cell(CellType.INTEGER, 7L));
    }

    // ---------------------------------------------------------------- SchemalessMaps

    @Test
    void everySupportedJavaTypeMaps() {
        Map<String, Object> value = map(
                "s",
                "text",
                "i",
                1,
                "l",
                2L,
                "sh",
                (short) 3,
                "b",
                (byte) 4,
                "f",
                0.5f,
                "d",
                0.25,
                "bool",
                false,
                "dec",
                new BigDecimal("1.10"),
                "when",
                new java.util.Date(RECORD_TIME),
                "bytes",
                new byte[] {65, 66},
                "nothing",
                null);

        Row row = one(null, value);

        assertThat(row.names()).containsExactlyElementsOf(value.keySet());
        assertThat(row.cells())
                .containsExactly(
                        new Cell(CellType.TEXT, "text"),
                        new Cell(CellType.INTEGER, 1L),
                        new Cell(CellType.INTEGER, 2L),
                        new Cell(CellType.INTEGER, 3L),
                        new Cell(CellType.INTEGER, 4L),
                        new Cell(CellType.FLOAT, 0.5d),
                        new Cell(CellType.FLOAT, 0.25d),
                        new Cell(CellType.BOOLEAN, false),
                        new Cell(CellType.DECIMAL, new BigDecimal("1.10")),
                        new Cell(CellType.TIMESTAMP, Instant.ofEpochMilli(RECORD_TIME)),
                        new Cell(CellType.TEXT, "QUI="),
                        Cell.NULL);
    }

    @Test
    void keysBecomeNamesThroughToString() {
        Map<Object, Object> value = new LinkedHashMap<>();
        value.put(1, "one");
        value.put(true, "yes");

        Row row = one(null, value);

        assertThat(row.names()).containsExactly("1", "true");
    }

    @Test
    void aNullKeyIsRefused() {
        Map<Object, Object> value = new LinkedHashMap<>();
        value.put(null, SECRET);

        assertThatThrownBy(() -> one(null, value))
                .isInstanceOf(UnmappableRecordException.class)
                .hasMessage("null map key at field value");
    }

    @Test
    void aMapWithAMapSchemaUsesTheValueSchema() {
        Schema schema =
                SchemaBuilder.map(Schema.STRING_SCHEMA, Timestamp.SCHEMA).build();
        Row row = one(schema, map("created", new java.util.Date(RECORD_TIME)));

        assertThat(row.get("created")).isEqualTo(new Cell(CellType.TIMESTAMP, Instant.ofEpochMilli(RECORD_TIME)));
    }

    @Test
    void aStructInsideAMapFlattensWithItsOwnSchema() {
        Schema inner = SchemaBuilder.struct().field("day", Date.SCHEMA).build();
        Struct struct = new Struct(inner).put("day", new java.util.Date(0));

        Row row = one(null, map("s", struct));

        assertThat(row.names()).containsExactly("s.day");
        assertThat(row.get("s.day")).isEqualTo(new Cell(CellType.DATE, LocalDate.EPOCH));
    }

    // ---------------------------------------------------------------- JsonStrings

    private final RowMapper parsing = new RowMapper(2, true, Set.of());

    private Row parse(String json) {
        return parsing.toRow(record(null, json));
    }

    @Test
    void aJsonObjectBecomesFieldsInDocumentOrder() {
        Row row = parse("{\"name\": \"Ada\", \"age\": 36, \"vip\": true, \"away\": false, \"nick\": null}");

        assertThat(row.names()).containsExactly("name", "age", "vip", "away", "nick");
        assertThat(row.cells())
                .containsExactly(
                        new Cell(CellType.TEXT, "Ada"),
                        new Cell(CellType.INTEGER, 36L),
                        new Cell(CellType.BOOLEAN, true),
                        new Cell(CellType.BOOLEAN, false),
                        Cell.NULL);
    }

    @Test
    void numbersAreExactIntegersOrDecimals() {
        Row row = parse("{\"max\": 9223372036854775807, \"big\": 9223372036854775808, \"neg\": -12,"
                + " \"price\": 1.50, \"exp\": 1e3, \"tiny\": 0.1}");

        assertThat(row.get("max")).isEqualTo(new Cell(CellType.INTEGER, Long.MAX_VALUE));
        assertThat(row.get("big")).isEqualTo(new Cell(CellType.DECIMAL, new BigDecimal("9223372036854775808")));
        assertThat(row.get("neg")).isEqualTo(new Cell(CellType.INTEGER, -12L));
        // scale kept exactly as written: equals() on BigDecimal compares the scale too
        assertThat(row.get("price")).isEqualTo(new Cell(CellType.DECIMAL, new BigDecimal("1.50")));
        assertThat(row.get("exp")).isEqualTo(new Cell(CellType.DECIMAL, new BigDecimal("1e3")));
        assertThat(row.get("tiny")).isEqualTo(new Cell(CellType.DECIMAL, new BigDecimal("0.1")));
    }

    @Test
    void anyOtherJsonValueBecomesTheValueField() {
        assertThat(parse("42").get("value")).isEqualTo(new Cell(CellType.INTEGER, 42L));
        assertThat(parse("\"hi\"").get("value")).isEqualTo(new Cell(CellType.TEXT, "hi"));
        assertThat(parse(" [1, {\"a\": 2.50}] ").get("value")).isEqualTo(new Cell(CellType.TEXT, "[1,{\"a\":2.50}]"));
        Row nullRow = parse("null");
        assertThat(nullRow.isDelete()).isFalse();
        assertThat(nullRow.names()).containsExactly("value");
        assertThat(nullRow.cell(0)).isEqualTo(Cell.NULL);
    }

    @Test
    void malformedJsonIsRefusedWithItsLocationButNotItsText() {
        assertThatThrownBy(() -> parse("{\"card\": \"" + SECRET + "\",\n \"cvv\": " + SECRET + "}"))
                .isInstanceOf(UnmappableRecordException.class)
                .hasMessageStartingWith("value is not valid JSON: line 2, column ")
                .hasMessageNotContaining(SECRET)
                .hasMessageNotContaining("card")
                .hasNoCause();
    }

    @Test
    void trailingContentAndEmptyTextAreNotJson() {
        assertThatThrownBy(() -> parse("{\"a\": 1} {\"b\": 2}"))
                .isInstanceOf(UnmappableRecordException.class)
                .hasMessage("value is not valid JSON: line 1, column 10");
        assertThatThrownBy(() -> parse(""))
                .isInstanceOf(UnmappableRecordException.class)
                .hasMessageStartingWith("value is not valid JSON: line 1, column ");
        assertThatThrownBy(() -> parse("{\"a\": [1, 2}"))
                .isInstanceOf(UnmappableRecordException.class)
                .hasMessageStartingWith("value is not valid JSON: line 1, column ");
    }

    @Test
    void aStringSchemaValueIsParsedToo() {
        Row row = parsing.toRow(record(Schema.OPTIONAL_STRING_SCHEMA, "{\"a\": 1}"));

        assertThat(row.names()).containsExactly("a");
    }

    @Test
    void withParsingOffAStringIsOneTextField() {
        Row row = mapper().toRow(record(Schema.STRING_SCHEMA, "{\"a\": 1}"));

        assertThat(row.names()).containsExactly("value");
        assertThat(row.get("value")).isEqualTo(new Cell(CellType.TEXT, "{\"a\": 1}"));
    }

    @Test
    void decimalsInJsonTextArePlainUnlessTheExponentIsAbsurd() {
        Row row = parse("{\"a\": [1.5e2, 2E-3, 1e999999999]}");

        // plain numbers, but a billion-digit expansion is kept in E notation
        assertThat(row.get("a").value()).isEqualTo("[150,0.002,1E+999999999]");
    }

    @Test
    void stringsInsideJsonTextAreEscaped() {
        Row row = parse("{\"a\": [\"quote\\\" back\\\\ nl\\n tab\\t bell\\u0007\"]}");

        assertThat(row.get("a").value()).isEqualTo("[\"quote\\\" back\\\\ nl\\n tab\\t bell\\u0007\"]");
    }

    // ---------------------------------------------------------------- Primitives

    @Test
    void primitivesWithoutSchemaAreTheValueField() {
        assertThat(one(null, 7).cells()).containsExactly(new Cell(CellType.INTEGER, 7L));
        assertThat(one(null, true).cells()).containsExactly(new Cell(CellType.BOOLEAN, true));
        assertThat(one(null, 1.5d).names()).containsExactly("value");
        assertThat(one(null, "plain").cells()).containsExactly(new Cell(CellType.TEXT, "plain"));
    }

    @Test
    void primitivesWithSchemaAreTheValueField() {
        assertThat(one(Schema.INT16_SCHEMA, (short) 5).cells()).containsExactly(new Cell(CellType.INTEGER, 5L));
        Row decimal = one(Decimal.schema(3), new BigDecimal("2.500"));
        assertThat(decimal.names()).containsExactly("value");
        assertThat(decimal.cell(0)).isEqualTo(new Cell(CellType.DECIMAL, new BigDecimal("2.500")));
        assertThat(one(Timestamp.SCHEMA, new java.util.Date(5)).cell(0))
                .isEqualTo(new Cell(CellType.TIMESTAMP, Instant.ofEpochMilli(5)));
    }

    @Test
    void aTopLevelArrayIsJsonText() {
        Schema schema = SchemaBuilder.array(Schema.INT32_SCHEMA).build();
        assertThat(one(schema, List.of(1, 2)).cell(0)).isEqualTo(new Cell(CellType.TEXT, "[1,2]"));
        assertThat(one(null, List.of("a", 1L)).cell(0)).isEqualTo(new Cell(CellType.TEXT, "[\"a\",1]"));
    }

    // ---------------------------------------------------------------- Flattening

    private final Schema nestC =
            SchemaBuilder.struct().field("c", Schema.INT32_SCHEMA).build();
    private final Schema nestB = SchemaBuilder.struct().field("b", nestC).build();
    private final Schema nestA = SchemaBuilder.struct()
            .field("a", nestB)
            .field("top", Schema.STRING_SCHEMA)
            .build();
    private final Struct nested = new Struct(nestA)
            .put("a", new Struct(nestB).put("b", new Struct(nestC).put("c", 1)))
            .put("top", "t");

    private Row flatStruct(int depth) {
        return new RowMapper(depth, false, Set.of()).toRow(record(nestA, nested));
    }

    private Row flatMap(int depth) {
        Map<String, Object> nested = map("a", map("b", map("c", 1)), "top", "t");
        return new RowMapper(depth, false, Set.of()).toRow(record(null, nested));
    }

    private Row flatJson(int depth) {
        return new RowMapper(depth, true, Set.of()).toRow(record(null, "{\"a\": {\"b\": {\"c\": 1}}, \"top\": \"t\"}"));
    }

    @Test
    void depthZeroKeepsNestedValuesAsJsonText() {
        for (Row row : List.of(flatStruct(0), flatMap(0), flatJson(0))) {
            assertThat(row.names()).containsExactly("a", "top");
            assertThat(row.get("a")).isEqualTo(new Cell(CellType.TEXT, "{\"b\":{\"c\":1}}"));
        }
    }

    @Test
    void depthOneFlattensOneLevel() {
        for (Row row : List.of(flatStruct(1), flatMap(1), flatJson(1))) {
            assertThat(row.names()).containsExactly("a.b", "top");
            assertThat(row.get("a.b")).isEqualTo(new Cell(CellType.TEXT, "{\"c\":1}"));
        }
    }

    @Test
    void depthTwoFlattensToTheLeaves() {
        for (Row row : List.of(flatStruct(2), flatMap(2), flatJson(2))) {
            assertThat(row.names()).containsExactly("a.b.c", "top");
            assertThat(row.get("a.b.c")).isEqualTo(new Cell(CellType.INTEGER, 1L));
        }
    }

    @Test
    void aMapFieldInsideAStructFlattens() {
        Schema schema = SchemaBuilder.struct()
                .field(
                        "tags",
                        SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT64_SCHEMA)
                                .build())
                .build();
        Struct struct = new Struct(schema).put("tags", map("x", 1L, "y", 2L));

        Row row = one(schema, struct);

        assertThat(row.names()).containsExactly("tags.x", "tags.y");
        assertThat(row.get("tags.y")).isEqualTo(new Cell(CellType.INTEGER, 2L));
    }

    @Test
    void anEmptyFlattenedMapAddsNoField() {
        Row row = one(null, map("empty", Map.of(), "n", 1));

        assertThat(row.names()).containsExactly("n");
    }

    // ---------------------------------------------------------------- Arrays

    @Test
    void arraysAreJsonTextAtAnyDepthWithStructsLogicalTypesDecimalsAndBytesRendered() {
        Schema item = SchemaBuilder.struct()
                .field("sku", Schema.STRING_SCHEMA)
                .field("price", Decimal.schema(2))
                .field("day", Date.SCHEMA)
                .field("at", Time.SCHEMA)
                .field("ts", Timestamp.SCHEMA)
                .field("blob", Schema.BYTES_SCHEMA)
                .field("ratio", Schema.FLOAT64_SCHEMA)
                .field("note", Schema.OPTIONAL_STRING_SCHEMA)
                .build();
        Schema order = SchemaBuilder.struct()
                .field("items", SchemaBuilder.array(item).build())
                .build();
        Schema schema = SchemaBuilder.struct().field("order", order).build();
        Struct line = new Struct(item)
                .put("sku", "A\"1")
                .put("price", new BigDecimal("1E+1").setScale(2))
                .put("day", new java.util.Date(0))
                .put("at", new java.util.Date(1000))
                .put("ts", new java.util.Date(RECORD_TIME))
                .put("blob", new byte[] {1})
                .put("ratio", Double.NaN);
        Struct value = new Struct(schema).put("order", new Struct(order).put("items", List.of(line)));

        Row row = one(schema, value);

        assertThat(row.names()).containsExactly("order.items");
        assertThat(row.get("order.items"))
                .isEqualTo(
                        new Cell(
                                CellType.TEXT,
                                "[{\"sku\":\"A\\\"1\",\"price\":10.00,\"day\":\"1970-01-01\",\"at\":\"00:00:01\","
                                        + "\"ts\":\"2024-05-01T13:45:00.250Z\",\"blob\":\"AQ==\",\"ratio\":\"NaN\",\"note\":null}]"));
    }

    @Test
    void schemalessListsAreJsonTextWithNestedMapsAndDates() {
        List<Object> list = new ArrayList<>();
        list.add(map("when", new java.util.Date(0), "n", null));
        list.add(new BigDecimal("1E+3"));
        list.add(0.5f);

        Row row = one(null, map("list", list));

        assertThat(row.get("list"))
                .isEqualTo(new Cell(CellType.TEXT, "[{\"when\":\"1970-01-01T00:00:00Z\",\"n\":null},1000,0.5]"));
    }

    // ---------------------------------------------------------------- Nulls

    @Test
    void anOptionalNullFieldIsANullCellThatKeepsItsColumn() {
        Schema schema = SchemaBuilder.struct()
                .field("id", Schema.INT64_SCHEMA)
                .field("nick", Schema.OPTIONAL_STRING_SCHEMA)
                .build();
        Row row = one(schema, new Struct(schema).put("id", 1L));

        assertThat(row.names()).containsExactly("id", "nick");
        assertThat(row.get("nick")).isSameAs(Cell.NULL);
    }

    @Test
    void anOptionalNullStructKeepsTheColumnsOfItsFlattenedFields() {
        Schema address = SchemaBuilder.struct()
                .optional()
                .field("city", Schema.STRING_SCHEMA)
                .field("zip", Schema.STRING_SCHEMA)
                .build();
        Schema schema = SchemaBuilder.struct()
                .field("address", address)
                .field("id", Schema.INT32_SCHEMA)
                .build();
        Row row = one(schema, new Struct(schema).put("id", 1));

        assertThat(row.names()).containsExactly("address.city", "address.zip", "id");
        assertThat(row.get("address.city")).isEqualTo(Cell.NULL);
        assertThat(row.get("address.zip")).isEqualTo(Cell.NULL);
    }

    // ---------------------------------------------------------------- Refusals

    @Test
    void aValueOfTheWrongTypeForItsSchemaIsRefusedWithoutItsValue() {
        assertThatThrownBy(() -> one(Schema.INT32_SCHEMA, SECRET))
                .isInstanceOf(UnmappableRecordException.class)
                .hasMessage("schema mismatch at field value: expected INT32, got String");
        assertThatThrownBy(() -> one(
                        SchemaBuilder.struct().field("a", Schema.INT32_SCHEMA).build(), map("a", 1)))
                .hasMessage("schema mismatch at field value: expected STRUCT, got LinkedHashMap");
    }

    @Test
    void aStructFieldHoldingTheWrongTypeIsRefused() {
        // the record's schema says INT32; the Struct was built (by a faulty SMT, say) with a STRING field
        Schema declared = SchemaBuilder.struct()
                .field("id", Schema.INT64_SCHEMA)
                .field(
                        "inner",
                        SchemaBuilder.struct().field("pin", Schema.INT32_SCHEMA).build())
                .build();
        Schema innerActual =
                SchemaBuilder.struct().field("pin", Schema.STRING_SCHEMA).build();
        Schema actual = SchemaBuilder.struct()
                .field("id", Schema.INT64_SCHEMA)
                .field("inner", innerActual)
                .build();
        Struct value = new Struct(actual).put("id", 1L).put("inner", new Struct(innerActual).put("pin", SECRET));

        assertThatThrownBy(() -> one(declared, value))
                .isInstanceOf(UnmappableRecordException.class)
                .hasMessage("schema mismatch at field inner.pin: expected INT32, got String");
    }

    @Test
    void aStructBuiltWithAnotherSchemaIsReadByName() {
        Schema declared = SchemaBuilder.struct()
                .field("a", Schema.STRING_SCHEMA)
                .field("b", Schema.STRING_SCHEMA)
                .build();
        Schema reordered = SchemaBuilder.struct()
                .field("b", Schema.STRING_SCHEMA)
                .field("a", Schema.STRING_SCHEMA)
                .build();

        Row row = one(declared, new Struct(reordered).put("a", "A").put("b", "B"));

        assertThat(row.names()).containsExactly("a", "b");
        assertThat(row.cells()).extracting(Cell::value).containsExactly("A", "B");
    }

    @Test
    void aRequiredFieldThatIsNullIsRefused() {
        Schema schema = SchemaBuilder.struct()
                .field("id", Schema.INT64_SCHEMA)
                .field("email", Schema.STRING_SCHEMA)
                .build();

        assertThatThrownBy(() -> one(schema, new Struct(schema).put("id", 1L)))
                .isInstanceOf(UnmappableRecordException.class)
                .hasMessage("schema mismatch at field email: expected STRING, got null (the field is required)");
    }

    @Test
    void aMapEntryOfTheWrongTypeForTheMapSchemaIsRefused() {
        Schema schema =
                SchemaBuilder.map(Schema.STRING_SCHEMA, Decimal.schema(2)).build();

        assertThatThrownBy(() -> one(schema, map("price", SECRET)))
                .isInstanceOf(UnmappableRecordException.class)
                .hasMessage("schema mismatch at field price: expected Decimal, got String");
    }

    @Test
    void aWrongTypeInsideAnArrayIsRefused() {
        Schema schema = SchemaBuilder.map(
                        Schema.STRING_SCHEMA,
                        SchemaBuilder.array(Schema.INT32_SCHEMA).build())
                .build();

        assertThatThrownBy(() -> one(schema, map("pins", List.of(1, SECRET))))
                .isInstanceOf(UnmappableRecordException.class)
                .hasMessage("schema mismatch at field pins[]: expected INT32, got String");
    }

    @Test
    void anUnsupportedJavaTypeIsRefusedByClassNameAndPath() {
        record Secret(String value) {}

        assertThatThrownBy(() -> one(null, map("a", map("b", new Secret(SECRET)))))
                .isInstanceOf(UnmappableRecordException.class)
                .hasMessage("unsupported value type Secret at field a.b");
        assertThatThrownBy(() -> one(null, map("list", List.of(new Secret(SECRET)))))
                .hasMessage("unsupported value type Secret at field list[]");
        assertThatThrownBy(() -> one(null, new BigInteger("12")))
                .hasMessage("unsupported value type BigInteger at field value");
    }

    @Test
    void twoFieldsFlatteningToTheSameNameAreRefused() {
        assertThatThrownBy(() -> one(null, map("a.b", 1, "a", map("b", 2))))
                .isInstanceOf(UnmappableRecordException.class)
                .hasMessage("two fields flatten to the same name a.b");

        Schema inner = SchemaBuilder.struct().field("b", Schema.INT32_SCHEMA).build();
        Schema schema = SchemaBuilder.struct()
                .field("a", inner)
                .field("a.b", Schema.INT32_SCHEMA)
                .build();
        Struct value =
                new Struct(schema).put("a", new Struct(inner).put("b", 1)).put("a.b", 2);
        RowMapper mapper = mapper();
        // checked for every record of a refused layout, not only the first
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> mapper.toRow(record(schema, value)))
                    .hasMessage("two fields flatten to the same name a.b");
        }

        RowMapper json = new RowMapper(1, true, Set.of());
        assertThatThrownBy(() -> json.toRow(record(null, "{\"x\": 1, \"x\": 2}")))
                .hasMessage("two fields flatten to the same name x");
    }

    @Test
    void aValueFieldNamedLikeAConfiguredMetadataFieldIsRefused() {
        Schema schema =
                SchemaBuilder.struct().field("_topic", Schema.STRING_SCHEMA).build();
        RowMapper withTopic = new RowMapper(1, false, EnumSet.of(MetadataField.TOPIC));
        RowMapper without = new RowMapper(1, false, Set.of());
        Struct value = new Struct(schema).put("_topic", "mine");

        assertThatThrownBy(() -> withTopic.toRow(record(schema, value)))
                .hasMessage("two fields flatten to the same name _topic");
        assertThat(without.toRow(record(schema, value)).get("_topic").value()).isEqualTo("mine");
    }

    // ---------------------------------------------------------------- Tombstones

    private final Schema idKeySchema =
            SchemaBuilder.struct().field("id", Schema.INT64_SCHEMA).build();
    private final Schema nameValueSchema =
            SchemaBuilder.struct().field("name", Schema.STRING_SCHEMA).build();

    @Test
    void aTombstoneIsADeleteRowWithTheKeyEvenWhenKeyIsNotConfigured() {
        RowMapper mapper = new RowMapper(1, false, EnumSet.of(MetadataField.TOPIC, MetadataField.OFFSET));
        Row row = mapper.toRow(record(idKeySchema, new Struct(idKeySchema).put("id", 9L), nameValueSchema, null));

        assertThat(row.isDelete()).isTrue();
        assertThat(row.names()).containsExactly("_topic", "_offset", "_key.id");
        assertThat(row.get("_key.id")).isEqualTo(new Cell(CellType.INTEGER, 9L));
    }

    @Test
    void aTombstoneWithAPrimitiveKeyHoldsOnlyTheKey() {
        Row row = mapper().toRow(record(Schema.STRING_SCHEMA, "k-1", nameValueSchema, null));

        assertThat(row.isDelete()).isTrue();
        assertThat(row.names()).containsExactly("_key");
        assertThat(row.get("_key")).isEqualTo(new Cell(CellType.TEXT, "k-1"));
    }

    @Test
    void aValueRowIsNotADelete() {
        Row row = mapper().toRow(record(
                idKeySchema,
                new Struct(idKeySchema).put("id", 9L),
                nameValueSchema,
                new Struct(nameValueSchema).put("name", "n")));

        assertThat(row.isDelete()).isFalse();
        assertThat(row.names()).containsExactly("name"); // KEY not configured: no key fields
    }

    // ---------------------------------------------------------------- Metadata

    private final RowMapper allMetadata = new RowMapper(1, true, EnumSet.allOf(MetadataField.class));

    @Test
    void metadataFieldsFollowTheValueFieldsInEnumOrder() {
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString("trace", "t-1");
        SinkRecord record = new SinkRecord(
                "orders",
                3,
                Schema.STRING_SCHEMA,
                "k",
                null,
                map("v", 1),
                42L,
                RECORD_TIME,
                TimestampType.CREATE_TIME,
                headers);

        Row row = allMetadata.toRow(record);

        assertThat(row.names())
                .containsExactly("v", "_topic", "_partition", "_offset", "_timestamp", "_key", "_header.trace");
        assertThat(row.cells())
                .containsExactly(
                        new Cell(CellType.INTEGER, 1L),
                        new Cell(CellType.TEXT, "orders"),
                        new Cell(CellType.INTEGER, 3L),
                        new Cell(CellType.INTEGER, 42L),
                        new Cell(CellType.TIMESTAMP, Instant.ofEpochMilli(RECORD_TIME)),
                        new Cell(CellType.TEXT, "k"),
                        new Cell(CellType.TEXT, "t-1"));
    }

    @Test
    void topicPartitionAndOffsetAreTheOriginalOnes() {
        SinkRecord renamed =
                record(null, map("v", 1)).newRecord("renamed-by-smt", 0, null, null, null, map("v", 1), RECORD_TIME);
        RowMapper mapper =
                new RowMapper(1, false, EnumSet.of(MetadataField.TOPIC, MetadataField.PARTITION, MetadataField.OFFSET));

        Row row = mapper.toRow(renamed);

        assertThat(row.get("_topic").value()).isEqualTo("orders");
        assertThat(row.get("_partition").value()).isEqualTo(3L);
        assertThat(row.get("_offset").value()).isEqualTo(42L);
    }

    @Test
    void aRecordWithoutTimestampHasANullTimestampField() {
        SinkRecord record =
                new SinkRecord("orders", 3, null, null, null, map("v", 1), 42L, null, TimestampType.NO_TIMESTAMP_TYPE);
        RowMapper mapper = new RowMapper(1, false, EnumSet.of(MetadataField.TIMESTAMP));

        assertThat(mapper.toRow(record).get("_timestamp")).isEqualTo(Cell.NULL);
        assertThat(mapper.toRow(record).has("_timestamp")).isTrue();
    }

    @Test
    void aStructKeyFlattensUnderKey() {
        Schema inner =
                SchemaBuilder.struct().field("region", Schema.STRING_SCHEMA).build();
        Schema keySchema = SchemaBuilder.struct()
                .field("id", Schema.INT32_SCHEMA)
                .field("shard", inner)
                .build();
        Struct key = new Struct(keySchema).put("id", 5).put("shard", new Struct(inner).put("region", "eu"));
        RowMapper mapper = new RowMapper(1, false, EnumSet.of(MetadataField.KEY));

        Row row = mapper.toRow(record(keySchema, key, null, map("v", 1)));

        assertThat(row.names()).containsExactly("v", "_key.id", "_key.shard.region");
        assertThat(row.get("_key.shard.region")).isEqualTo(new Cell(CellType.TEXT, "eu"));
        // depth 0: the nested key struct is JSON text
        Row shallow =
                new RowMapper(0, false, EnumSet.of(MetadataField.KEY)).toRow(record(keySchema, key, null, map("v", 1)));
        assertThat(shallow.get("_key.shard")).isEqualTo(new Cell(CellType.TEXT, "{\"region\":\"eu\"}"));
    }

    @Test
    void aMapKeyFlattensUnderKeyAndANullKeyIsNull() {
        RowMapper mapper = new RowMapper(1, false, EnumSet.of(MetadataField.KEY));

        assertThat(mapper.toRow(record(null, map("id", 5L), null, map("v", 1))).names())
                .containsExactly("v", "_key.id");
        assertThat(mapper.toRow(record(null, null, null, map("v", 1))).get("_key"))
                .isEqualTo(Cell.NULL);
    }

    @Test
    void aStringKeyIsNeverParsedAsJson() {
        Row row = allMetadata.toRow(record(null, "{\"id\": 5}", null, map("v", 1)));

        assertThat(row.get("_key")).isEqualTo(new Cell(CellType.TEXT, "{\"id\": 5}"));
        assertThat(row.has("_key.id")).isFalse();
    }

    @Test
    void headersAreTextAndTheLastOfANameWins() {
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString("source", "first");
        headers.addInt("attempt", 3);
        headers.addTimestamp("sent", new java.util.Date(RECORD_TIME));
        headers.addString("source", "second");
        headers.add("empty", null, Schema.OPTIONAL_STRING_SCHEMA);
        headers.addList(
                "list",
                List.of("x", "y"),
                SchemaBuilder.array(Schema.STRING_SCHEMA).build());
        SinkRecord record = new SinkRecord(
                "orders", 3, null, null, null, map("v", 1), 42L, RECORD_TIME, TimestampType.CREATE_TIME, headers);
        RowMapper mapper = new RowMapper(1, false, EnumSet.of(MetadataField.HEADERS));

        Row row = mapper.toRow(record);

        assertThat(row.names())
                .containsExactly(
                        "v", "_header.source", "_header.attempt", "_header.sent", "_header.empty", "_header.list");
        assertThat(row.cells().subList(1, 6))
                .containsExactly(
                        new Cell(CellType.TEXT, "second"),
                        new Cell(CellType.TEXT, "3"),
                        new Cell(CellType.TEXT, "2024-05-01T13:45:00.250Z"),
                        Cell.NULL,
                        new Cell(CellType.TEXT, "[\"x\",\"y\"]"));
    }

    // ---------------------------------------------------------------- Size

    @Test
    void sizeIsNamePlusValuePlusAConstantPerCell() {
        Schema schema = SchemaBuilder.struct()
                .field("name", Schema.STRING_SCHEMA) // 4 + 3
                .field("n", Schema.INT64_SCHEMA) // 1 + 8
                .field("price", Decimal.schema(2)) // 5 + (bitLength(1234)=11)/8+1 = 2
                .field("nil", Schema.OPTIONAL_STRING_SCHEMA) // 3 + 0
                .build();
        Struct value = new Struct(schema).put("name", "Ada").put("n", 1L).put("price", new BigDecimal("12.34"));

        Row row = one(schema, value);

        int overhead = RowMapper.CELL_OVERHEAD_BYTES;
        assertThat(row.sizeBytes()).isEqualTo((4 + 3) + (1 + 8) + (5 + 2) + (3 + 0) + 4 * overhead);
    }

    @Test
    void sizeGrowsWithContent() {
        RowMapper mapper = mapper();
        int small = mapper.toRow(record(null, map("text", "x"))).sizeBytes();
        int large = mapper.toRow(record(null, map("text", "x".repeat(1000)))).sizeBytes();
        int wider = mapper.toRow(record(null, map("text", "x", "more", 1L))).sizeBytes();

        assertThat(large - small).isEqualTo(999);
        assertThat(wider).isGreaterThan(small);
        RowMapper withMeta = new RowMapper(1, false, EnumSet.of(MetadataField.TOPIC));
        assertThat(withMeta.toRow(record(null, map("text", "x"))).sizeBytes())
                .isEqualTo(small + "_topic".length() + "orders".length() + RowMapper.CELL_OVERHEAD_BYTES);
    }

    // ---------------------------------------------------------------- Converters

    @Test
    void recordsFromConnectsJsonConverterMapWithAndWithoutSchemas() {
        JsonConverter schemaless = new JsonConverter();
        schemaless.configure(Map.of("schemas.enable", "false"), false);
        byte[] plain = "{\"id\": 7, \"score\": 0.5, \"tags\": [\"a\"], \"address\": {\"city\": \"Lyon\"}}"
                .getBytes(StandardCharsets.UTF_8);
        SchemaAndValue data = schemaless.toConnectData("orders", plain);

        Row row = mapper().toRow(record(data.schema(), data.value()));

        // JsonConverter builds a HashMap: fields come in the map's iteration order, not the document's
        assertThat(row.names()).containsExactlyInAnyOrder("id", "score", "tags", "address.city");
        assertThat(row.get("id")).isEqualTo(new Cell(CellType.INTEGER, 7L));
        assertThat(row.get("score")).isEqualTo(new Cell(CellType.FLOAT, 0.5d));
        assertThat(row.get("tags")).isEqualTo(new Cell(CellType.TEXT, "[\"a\"]"));
        assertThat(row.get("address.city")).isEqualTo(new Cell(CellType.TEXT, "Lyon"));

        JsonConverter withSchemas = new JsonConverter();
        withSchemas.configure(Map.of("schemas.enable", "true"), false);
        Schema schema = SchemaBuilder.struct()
                .field("id", Schema.INT32_SCHEMA)
                .field("at", Timestamp.SCHEMA)
                .field("price", Decimal.schema(2))
                .build();
        Struct struct = new Struct(schema)
                .put("id", 7)
                .put("at", new java.util.Date(RECORD_TIME))
                .put("price", new BigDecimal("9.99"));
        SchemaAndValue typed =
                withSchemas.toConnectData("orders", withSchemas.fromConnectData("orders", schema, struct));

        Row typedRow = mapper().toRow(record(typed.schema(), typed.value()));

        assertThat(typedRow.cells())
                .containsExactly(
                        new Cell(CellType.INTEGER, 7L),
                        new Cell(CellType.TIMESTAMP, Instant.ofEpochMilli(RECORD_TIME)),
                        new Cell(CellType.DECIMAL, new BigDecimal("9.99")));
    }

    // ---------------------------------------------------------------- Hygiene

    @Test
    void rowsAndCellsNeverShowPayload() {
        Row row = one(null, map("card", SECRET));

        assertThat(row.toString()).doesNotContain(SECRET).contains("orders/3/42");
        assertThat(row.cell(0).toString()).doesNotContain(SECRET);
    }

    @Test
    void aNegativeDepthIsRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> new RowMapper(-1, false, Set.of()));
    }

    @Test
    void alternatingSchemasUseTheirOwnLayouts() {
        Schema s1 = SchemaBuilder.struct().field("a", Schema.INT32_SCHEMA).build();
        Schema s2 = SchemaBuilder.struct()
                .field("b", Schema.STRING_SCHEMA)
                .field("c", Schema.BOOLEAN_SCHEMA)
                .build();
        RowMapper mapper = new RowMapper(1, false, EnumSet.of(MetadataField.KEY));
        for (int i = 0; i < 3; i++) {
            Row r1 = mapper.toRow(
                    record(s2, new Struct(s2).put("b", "k").put("c", true), s1, new Struct(s1).put("a", i)));
            Row r2 = mapper.toRow(record(
                    s1,
                    new Struct(s1).put("a", i),
                    s2,
                    new Struct(s2).put("b", "x").put("c", false)));
            assertThat(r1.names()).containsExactly("a", "_key.b", "_key.c");
            assertThat(r1.get("a").value()).isEqualTo((long) i);
            assertThat(r2.names()).containsExactly("b", "c", "_key.a");
            assertThat(r2.get("_key.a").value()).isEqualTo((long) i);
        }
    }

    @Test
    void rowsOfTheSameSchemaDoNotShareState() {
        Schema schema = SchemaBuilder.struct().field("a", Schema.INT32_SCHEMA).build();
        RowMapper mapper = mapper();
        Row first = mapper.toRow(record(schema, new Struct(schema).put("a", 1)));
        Row second = mapper.toRow(record(schema, new Struct(schema).put("a", 2)));

        assertThat(first.get("a").value()).isEqualTo(1L);
        assertThat(second.get("a").value()).isEqualTo(2L);
        assertThat(Arrays.asList(first.names().toArray())).isEqualTo(second.names());
    }

    // ---------------------------------------------------------------- Metadata alone, byte headers

    @Test
    void byteHeadersAreBase64LikeBytesAnywhereElseWithOrWithoutASchema() {
        byte[] bytes = "trace-1".getBytes(StandardCharsets.UTF_8);
        ConnectHeaders headers = new ConnectHeaders();
        headers.add("raw", bytes, null);
        headers.addBytes("typed", bytes);
        SinkRecord record = new SinkRecord(
                "orders", 3, null, null, null, map("v", bytes), 42L, RECORD_TIME, TimestampType.CREATE_TIME, headers);

        Row row = new RowMapper(1, false, EnumSet.of(MetadataField.HEADERS)).toRow(record);

        String base64 = "dHJhY2UtMQ==";
        assertThat(row.get("v")).isEqualTo(new Cell(CellType.TEXT, base64));
        assertThat(row.get("_header.raw")).isEqualTo(new Cell(CellType.TEXT, base64));
        assertThat(row.get("_header.typed")).isEqualTo(new Cell(CellType.TEXT, base64));
    }

    @Test
    void aMetadataRowHoldsTheConfiguredMetadataAndNoValueFields() {
        Schema keySchema =
                SchemaBuilder.struct().field("id", Schema.INT64_SCHEMA).build();
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString("source", "web");
        SinkRecord record = new SinkRecord(
                "orders",
                3,
                keySchema,
                new Struct(keySchema).put("id", 5L),
                null,
                map("v", 1),
                42L,
                RECORD_TIME,
                TimestampType.CREATE_TIME,
                headers);

        Row all = new RowMapper(1, false, EnumSet.allOf(MetadataField.class)).metadataRow(record);
        Row none = mapper().metadataRow(record);

        assertThat(all.names())
                .containsExactly("_topic", "_partition", "_offset", "_timestamp", "_key.id", "_header.source");
        assertThat(all.cells())
                .containsExactly(
                        new Cell(CellType.TEXT, "orders"),
                        Cell.integer(3),
                        Cell.integer(42),
                        new Cell(CellType.TIMESTAMP, Instant.ofEpochMilli(RECORD_TIME)),
                        Cell.integer(5),
                        Cell.text("web"));
        assertThat(all.isDelete()).isFalse();
        assertThat(all.record()).isSameAs(record);
        assertThat(none.size()).isZero();
    }

    @Test
    void aMetadataRowRefusesAKeyThatDoesNotMatchItsSchema() {
        SinkRecord record = record(Schema.INT64_SCHEMA, "not a long", null, map("v", 1));

        assertThatThrownBy(() -> new RowMapper(1, false, EnumSet.of(MetadataField.KEY)).metadataRow(record))
                .isInstanceOf(UnmappableRecordException.class)
                .hasMessage("schema mismatch at field _key: expected INT64, got String");
    }

    @Test
    void nestedValuesReadTheSameAsCellsAndAsJsonText() {
        Schema inner = SchemaBuilder.struct()
                .field("when", Timestamp.SCHEMA)
                .field("day", Date.SCHEMA)
                .field("price", Decimal.schema(2))
                .field("ratio", Schema.FLOAT32_SCHEMA)
                .field("raw", Schema.BYTES_SCHEMA)
                .field("nil", Schema.OPTIONAL_STRING_SCHEMA)
                .build();
        Schema schema = SchemaBuilder.struct().field("a", inner).build();
        Struct value = new Struct(schema)
                .put(
                        "a",
                        new Struct(inner)
                                .put("when", new java.util.Date(RECORD_TIME))
                                .put("day", new java.util.Date(19_844L * 86_400_000L))
                                .put("price", new BigDecimal("1.50"))
                                .put("ratio", 0.1f)
                                .put("raw", new byte[] {1, 2}));

        Row flat = new RowMapper(1, false, Set.of()).toRow(record(schema, value));
        Row text = new RowMapper(0, false, Set.of()).toRow(record(schema, value));

        assertThat(flat.toJson()).isEqualTo("{\"a\":" + text.get("a").value() + "}");
        assertThat(text.get("a").value())
                .isEqualTo("{\"when\":\"2024-05-01T13:45:00.250Z\",\"day\":\"2024-05-01\","
                        + "\"price\":1.50,\"ratio\":0.1,\"raw\":\"AQI=\",\"nil\":null}");
    }
}

package dev.outflow.connect.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

import dev.outflow.connect.core.internal.row.RowMapper;

/** {@link Row#toMap()} and {@link Row#toJson()}: a row's flattened names opened back into nesting. */
class RowTest {

    private static final SinkRecord RECORD =
            new SinkRecord("orders", 0, null, null, null, Map.of(), 7L, 0L, TimestampType.CREATE_TIME);

    private static Row row(Object... namesAndCells) {
        String[] names = new String[namesAndCells.length / 2];
        Cell[] cells = new Cell[names.length];
        for (int i = 0; i < names.length; i++) {
            names[i] = (String) namesAndCells[2 * i];
            cells[i] = (Cell) namesAndCells[2 * i + 1];
        }
        return new Row(RECORD, names, cells, false, 0);
    }

    @Test
    void dottedNamesNestInRowOrderWithTypedValuesAndNulls() {
        Row row = row(
                "id",
                Cell.integer(7),
                "customer.name",
                Cell.text("Ada"),
                "customer.tier",
                Cell.NULL,
                "customer.address.city",
                Cell.text("Paris"),
                "paid",
                Cell.bool(true));

        Map<String, Object> customer = new LinkedHashMap<>();
        customer.put("name", "Ada");
        customer.put("tier", null);
        customer.put("address", Map.of("city", "Paris"));
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("id", 7L);
        expected.put("customer", customer);
        expected.put("paid", true);
        assertThat(row.toMap()).isEqualTo(expected);
        assertThat(List.copyOf(row.toMap().keySet())).containsExactly("id", "customer", "paid");
    }

    @Test
    void aValueFunctionChoosesTheValuesAndLeavesOutNulls() {
        Row row = row(
                "id",
                Cell.integer(7),
                "customer.name",
                Cell.text("Ada"),
                "customer.tier",
                Cell.NULL,
                "note",
                Cell.NULL);

        assertThat(row.toMap(cell -> cell.isNull() ? null : cell.asText()))
                .isEqualTo(Map.of("id", "7", "customer", Map.of("name", "Ada")));
    }

    @Test
    void aNameUnderAValueStaysWholeAndAValueUnderAGroupIsLeftOut() {
        // a map key "a.b" next to a field "a": both distinct names in a row
        Row valueFirst = row("a", Cell.text("x"), "a.b", Cell.integer(1));
        Row groupFirst = row("a.b", Cell.integer(1), "a", Cell.text("x"));

        assertThat(valueFirst.toMap()).isEqualTo(Map.of("a", "x", "a.b", 1L));
        assertThat(groupFirst.toMap()).isEqualTo(Map.of("a", Map.of("b", 1L)));
        assertThat(groupFirst.get("a")).isEqualTo(Cell.text("x"));
    }

    @Test
    void jsonKeepsEveryFieldTypedAndNested() {
        Row row = row(
                "id",
                Cell.integer(7),
                "price",
                Cell.decimal(new BigDecimal("1E+3")),
                "ratio",
                Cell.floating(0.5),
                "bad",
                Cell.floating(Double.NaN),
                "paid",
                Cell.bool(false),
                "note",
                Cell.NULL,
                "customer.name",
                Cell.text("A \"quoted\"\nname"),
                "customer.seen",
                Cell.timestamp(Instant.ofEpochMilli(1_714_571_100_250L)),
                "customer.day",
                Cell.date(LocalDate.of(2024, 5, 1)),
                "customer.at",
                Cell.time(LocalTime.of(13, 45)),
                "tags",
                Cell.text("[\"x\",\"y\"]"));

        assertThat(row.toJson())
                .isEqualTo("{\"id\":7,\"price\":1000,\"ratio\":0.5,\"bad\":\"NaN\",\"paid\":false,\"note\":null,"
                        + "\"customer\":{\"name\":\"A \\\"quoted\\\"\\nname\",\"seen\":\"2024-05-01T13:45:00.250Z\",\"day\":\"2024-05-01\","
                        + "\"at\":\"13:45\"},\"tags\":\"[\\\"x\\\",\\\"y\\\"]\"}");
    }

    @Test
    void aRowWithoutDottedNamesIsWrittenAsItsTreeIsAndANameTwiceKeepsItsFirstValue() {
        Row flat = row("id", Cell.integer(7), "note", Cell.text("a \"b\""), "paid", Cell.bool(true), "gone", Cell.NULL);
        Row twice = row("_topic", Cell.text("from the value"), "id", Cell.integer(1), "_topic", Cell.text("orders"));

        assertThat(flat.toJson()).isEqualTo("{\"id\":7,\"note\":\"a \\\"b\\\"\",\"paid\":true,\"gone\":null}");
        assertThat(twice.toJson()).isEqualTo("{\"_topic\":\"from the value\",\"id\":1}");
        assertThat(twice.toMap()).containsExactly(Map.entry("_topic", "from the value"), Map.entry("id", 1L));
    }

    @Test
    void anEmptyRowIsAnEmptyObject() {
        assertThat(row().toMap()).isEmpty();
        assertThat(row().toJson()).isEqualTo("{}");
    }

    @Test
    void aMappedRowNestsAsItsRecord() {
        RowMapper mapper = new RowMapper(2, true, Set.of(MetadataField.TOPIC));
        SinkRecord record = new SinkRecord(
                "orders",
                0,
                null,
                null,
                null,
                "{\"id\":7,\"customer\":{\"name\":\"Ada\",\"address\":{\"city\":\"Paris\"}},\"total\":12.50}",
                7L,
                0L,
                TimestampType.CREATE_TIME);

        assertThat(mapper.toRow(record).toJson())
                .isEqualTo(
                        "{\"id\":7,\"customer\":{\"name\":\"Ada\",\"address\":{\"city\":\"Paris\"}},\"total\":12.50,\"_topic\":\"orders\"}");
    }
}

package dev.outflow.connect.hubspot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;

import org.junit.jupiter.api.Test;

import dev.outflow.connect.core.api.Cell;

/** Each coercion rule: what HubSpot gets for a cell, and what is refused (with a reason free of the value). */
class ValueCoercionTest {

    private static final Property TEXT = new Property("note", "string", "text", false, false);
    private static final Property NUMBER = new Property("score", "number", "number", false, false);
    private static final Property BOOL = new Property("vip", "bool", "booleancheckbox", false, false);
    private static final Property DATE = new Property("renewal", "date", "date", false, false);
    private static final Property DATETIME = new Property("seen", "datetime", "date", false, false);
    private static final Property SELECT = new Property("tier", "enumeration", "select", false, false);
    private static final Property MULTI = new Property("interests", "enumeration", "checkbox", false, false);

    private static final long JULY_1 = Instant.parse("2026-07-01T00:00:00Z").toEpochMilli();

    private static String coerce(Property property, Cell cell) throws ValueCoercion.Refused {
        return ValueCoercion.toHubSpot(property, cell);
    }

    private static void refused(Property property, Cell cell, String value, String... reason) {
        assertThatThrownBy(() -> coerce(property, cell))
                .isInstanceOf(ValueCoercion.Refused.class)
                .hasMessageContaining(property.name())
                .hasMessageContainingAll(reason)
                .message()
                .doesNotContain(value);
    }

    @Test
    void aNullCellLeavesThePropertyAsItIsAndEmptyTextClearsIt() throws Exception {
        assertThat(coerce(NUMBER, Cell.NULL)).isNull();
        assertThat(coerce(NUMBER, Cell.text(""))).isEmpty();
        assertThat(coerce(DATE, Cell.text(" "))).isEmpty();
    }

    @Test
    void textPropertiesTakeAnyValueAsText() throws Exception {
        assertThat(coerce(TEXT, Cell.text("  kept as is "))).isEqualTo("  kept as is ");
        assertThat(coerce(TEXT, Cell.integer(42))).isEqualTo("42");
        assertThat(coerce(TEXT, Cell.floating(0.5))).isEqualTo("0.5");
        assertThat(coerce(TEXT, Cell.bool(false))).isEqualTo("false");
        assertThat(coerce(TEXT, Cell.timestamp(Instant.parse("2026-01-02T03:04:05Z"))))
                .isEqualTo("2026-01-02T03:04:05Z");
    }

    @Test
    void numbersArePlainDecimals() throws Exception {
        assertThat(coerce(NUMBER, Cell.integer(-7))).isEqualTo("-7");
        assertThat(coerce(NUMBER, Cell.floating(1e21))).isEqualTo("1000000000000000000000");
        assertThat(coerce(NUMBER, Cell.floating(2.50))).isEqualTo("2.5");
        assertThat(coerce(NUMBER, Cell.decimal(new BigDecimal("12.3400")))).isEqualTo("12.3400");
        assertThat(coerce(NUMBER, Cell.text(" 1E+3 "))).isEqualTo("1000");
        refused(NUMBER, Cell.text("12 apples"), "apples", "number");
        refused(NUMBER, Cell.floating(Double.NaN), "NaN", "non-finite");
        refused(NUMBER, Cell.bool(true), "true", "number");
    }

    @Test
    void booleansAreTrueOrFalse() throws Exception {
        assertThat(coerce(BOOL, Cell.bool(true))).isEqualTo("true");
        assertThat(coerce(BOOL, Cell.text(" False "))).isEqualTo("false");
        assertThat(coerce(BOOL, Cell.integer(1))).isEqualTo("true");
        assertThat(coerce(BOOL, Cell.integer(0))).isEqualTo("false");
        refused(BOOL, Cell.text("yes please"), "please", "boolean");
        refused(BOOL, Cell.integer(2), "2", "0 or 1");
    }

    @Test
    void datesAreMidnightUtcInEpochMilliseconds() throws Exception {
        assertThat(coerce(DATE, Cell.date(LocalDate.parse("2026-07-01")))).isEqualTo(Long.toString(JULY_1));
        assertThat(coerce(DATE, Cell.text("2026-07-01"))).isEqualTo(Long.toString(JULY_1));
        assertThat(coerce(DATE, Cell.text(Long.toString(JULY_1)))).isEqualTo(Long.toString(JULY_1));
        assertThat(coerce(DATE, Cell.integer(JULY_1))).isEqualTo(Long.toString(JULY_1));
        // a point in time becomes its UTC day
        assertThat(coerce(DATE, Cell.timestamp(Instant.parse("2026-07-01T23:59:00Z"))))
                .isEqualTo(Long.toString(JULY_1));
        assertThat(coerce(DATE, Cell.text("2026-07-02T01:00:00+02:00"))).isEqualTo(Long.toString(JULY_1));
        refused(DATE, Cell.integer(JULY_1 + 1), Long.toString(JULY_1 + 1), "not midnight UTC");
        refused(DATE, Cell.text("01/07/2026"), "01/07", "not a date");
        refused(DATE, Cell.time(LocalTime.NOON), "12:00", "date");
    }

    @Test
    void datetimesAreEpochMilliseconds() throws Exception {
        Instant at = Instant.parse("2026-07-01T10:11:12.345Z");
        assertThat(coerce(DATETIME, Cell.timestamp(at))).isEqualTo(Long.toString(at.toEpochMilli()));
        assertThat(coerce(DATETIME, Cell.text("2026-07-01T12:11:12.345+02:00")))
                .isEqualTo(Long.toString(at.toEpochMilli()));
        assertThat(coerce(DATETIME, Cell.integer(at.toEpochMilli()))).isEqualTo(Long.toString(at.toEpochMilli()));
        assertThat(coerce(DATETIME, Cell.date(LocalDate.parse("2026-07-01")))).isEqualTo(Long.toString(JULY_1));
        refused(DATETIME, Cell.text("2026-07-01 10:11"), "10:11", "datetime");
    }

    @Test
    void enumerationsAreTheirOptionTextAndMultiSelectsAreJoinedWithSemicolons() throws Exception {
        assertThat(coerce(SELECT, Cell.text(" gold "))).isEqualTo("gold");
        assertThat(coerce(SELECT, Cell.integer(3))).isEqualTo("3");
        assertThat(coerce(MULTI, Cell.text("[\"crm\",\"etl\"]"))).isEqualTo("crm;etl");
        assertThat(coerce(MULTI, Cell.text("crm;etl"))).isEqualTo("crm;etl");
        refused(MULTI, Cell.text("[\"crm\", {\"x\":1}]"), "crm", "non-scalar");
        refused(MULTI, Cell.text("[\"crm\""), "crm", "JSON array");
    }
}

package dev.outflow.connect.core.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Objects;

/**
 * One typed value of a row. The Java type of {@link #value()} is fixed by {@link #type()}
 * (see {@link CellType}), so destinations can switch on the type without instanceof chains.
 */
public record Cell(CellType type, Object value) {

    public static final Cell NULL = new Cell(CellType.NULL, null);

    public Cell {
        Objects.requireNonNull(type, "type");
        if ((type == CellType.NULL) != (value == null)) {
            throw new IllegalArgumentException(
                    "a " + type + " cell " + (value == null ? "needs a value" : "holds no value"));
        }
    }

    public static Cell text(String value) {
        return value == null ? NULL : new Cell(CellType.TEXT, value);
    }

    public static Cell integer(long value) {
        return new Cell(CellType.INTEGER, value);
    }

    public static Cell floating(double value) {
        return new Cell(CellType.FLOAT, value);
    }

    public static Cell decimal(BigDecimal value) {
        return value == null ? NULL : new Cell(CellType.DECIMAL, value);
    }

    public static Cell bool(boolean value) {
        return new Cell(CellType.BOOLEAN, value);
    }

    public static Cell timestamp(Instant value) {
        return value == null ? NULL : new Cell(CellType.TIMESTAMP, value);
    }

    public static Cell date(LocalDate value) {
        return value == null ? NULL : new Cell(CellType.DATE, value);
    }

    public static Cell time(LocalTime value) {
        return value == null ? NULL : new Cell(CellType.TIME, value);
    }

    public boolean isNull() {
        return type == CellType.NULL;
    }

    /** The value as text, for destinations that only store text (templates, plain messages). Null for NULL. */
    public String asText() {
        return value == null ? null : value instanceof BigDecimal d ? d.toPlainString() : value.toString();
    }

    /** Redacted on purpose: cells hold payload, and payload must never reach logs or exception messages. */
    @Override
    public String toString() {
        return "Cell[" + type + "]";
    }
}

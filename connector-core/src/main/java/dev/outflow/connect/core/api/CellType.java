package dev.outflow.connect.core.api;

/** The kinds of value a destination can be asked to store. */
public enum CellType {
    NULL,
    /** {@link String}; also bytes (base64) and values too deep to flatten (JSON text). */
    TEXT,
    /** {@link Long}, from INT8 to INT64. */
    INTEGER,
    /** {@link Double}, from FLOAT32 and FLOAT64. */
    FLOAT,
    /** {@link java.math.BigDecimal}, from Connect's Decimal logical type and JSON numbers that do not fit a long. */
    DECIMAL,
    /** {@link Boolean}. */
    BOOLEAN,
    /** {@link java.time.Instant}, from Connect's Timestamp logical type. */
    TIMESTAMP,
    /** {@link java.time.LocalDate}, from Connect's Date logical type. */
    DATE,
    /** {@link java.time.LocalTime}, from Connect's Time logical type. */
    TIME
}

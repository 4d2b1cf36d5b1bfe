package dev.outflow.connect.core.internal.row;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * What {@link ValueWalker} hands a value to once it knows its type: one method per kind of leaf
 * (already checked against the schema and converted to the cell's Java type) and one per kind of
 * container. Cells of a row ({@link CellSink}) and JSON text ({@link JsonWriter}) are the two
 * implementations, so the Connect type dispatch exists once while its two outputs stay apart.
 *
 * <p>{@code path} names the value in error messages (and is the cell name for {@link CellSink});
 * {@code level} is the caller's nesting level, handed back untouched to the methods that need it
 * (containers and nulls, which flatten or not by level).
 */
interface ValueVisitor {

    /** A null that its schema allows; {@code schema} is null for a schemaless value. */
    void nullValue(String path, Schema schema, int level);

    /** Text; also bytes, as base64. */
    void text(String path, String value);

    /** INT8 to INT64, or a Byte, Short, Integer or Long. */
    void integer(String path, long value);

    /** FLOAT32 (widened through its decimal text) and FLOAT64; NaN and infinities included. */
    void floating(String path, double value);

    void bool(String path, boolean value);

    void decimal(String path, BigDecimal value);

    void date(String path, LocalDate value);

    void time(String path, LocalTime value);

    void timestamp(String path, Instant value);

    /** A Struct read by the fields of {@code declared} (see {@link ValueWalker#fieldValue}). */
    void struct(String path, int level, Schema declared, Struct value);

    /** A Map; {@code mapSchema} is null for a schemaless map, whose values are then read by their Java type. */
    void map(String path, int level, Schema mapSchema, Map<?, ?> value);

    /** A List; {@code arraySchema} is null for a schemaless list. */
    void array(String path, int level, Schema arraySchema, List<?> value);
}

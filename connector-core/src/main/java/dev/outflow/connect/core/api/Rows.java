package dev.outflow.connect.core.api;

import java.util.EnumSet;
import java.util.Set;

import org.apache.kafka.connect.sink.SinkRecord;

import dev.outflow.connect.core.internal.row.RowMapper;

/**
 * Rows made outside a running task, by the framework's own mapping: for a destination's unit tests
 * (build the rows {@code write} gets) and for a destination that shows a record's Kafka metadata
 * whether or not its connector's rows carry it. Each method throws
 * {@link org.apache.kafka.connect.errors.DataException} for a record that can never become a row,
 * as a task sends it to the dead-letter queue.
 */
public final class Rows {

    /** The default of {@code row.flatten.max.depth}. */
    private static final int DEFAULT_DEPTH = 3;

    private static final RowMapper DEFAULTS = new RowMapper(DEFAULT_DEPTH, false, Set.of());
    private static final RowMapper JSON_TEXT = new RowMapper(DEFAULT_DEPTH, true, Set.of());
    private static final RowMapper METADATA = new RowMapper(DEFAULT_DEPTH, false, EnumSet.allOf(MetadataField.class));

    private Rows() {}

    /** The row a connector with the default {@code row.*} settings makes of a record. */
    public static Row of(SinkRecord record) {
        return DEFAULTS.toRow(record);
    }

    /**
     * The row of a record whose value is JSON text, as a connector with
     * {@code row.string.json.enabled=true} makes it: an object's members become fields.
     */
    public static Row fromJson(String topic, int partition, long offset, String json) {
        return JSON_TEXT.toRow(new SinkRecord(topic, partition, null, null, null, json, offset));
    }

    /**
     * Every piece of a record's Kafka metadata as fields and nothing of its value: {@code _topic},
     * {@code _partition}, {@code _offset}, {@code _timestamp}, the key as {@code _key} (a struct or
     * map key as {@code _key.<field>}) and each header as {@code _header.<name>}.
     */
    public static Row metadataOf(SinkRecord record) {
        return METADATA.metadataRow(record);
    }
}

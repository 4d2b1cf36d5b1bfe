package dev.outflow.connect.core.api;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;

import dev.outflow.connect.core.internal.row.RowTree;

/**
 * An ordered row of named, typed cells made from one {@link SinkRecord}. The record is kept
 * because a rejected row is reported to the dead-letter queue as that record, and because
 * destinations may read its metadata (key, headers, timestamp) for routing and templates.
 *
 * <p>A tombstone (null value with {@code behavior.on.null.values=delete}) is a row whose
 * {@link #isDelete()} is true; it holds only the key and metadata fields.
 */
public final class Row {

    private final SinkRecord record;
    private final String[] names;
    private final Cell[] cells;
    private final boolean delete;
    private final int sizeBytes;

    public Row(SinkRecord record, String[] names, Cell[] cells, boolean delete, int sizeBytes) {
        if (names.length != cells.length) {
            throw new IllegalArgumentException("names and cells differ in length");
        }
        this.record = Objects.requireNonNull(record, "record");
        this.names = names;
        this.cells = cells;
        this.delete = delete;
        this.sizeBytes = sizeBytes;
    }

    public SinkRecord record() {
        return record;
    }

    /** The topic the record was read from, before any SMT renamed it. */
    public String topic() {
        return record.originalTopic();
    }

    /** The partition the record was read from, before any SMT changed it. */
    public int partition() {
        return record.originalKafkaPartition();
    }

    /** The offset of the record in {@link #topicPartition()}: what offsets are tracked by. */
    public long offset() {
        return record.originalKafkaOffset();
    }

    public TopicPartition topicPartition() {
        return new TopicPartition(topic(), partition());
    }

    public boolean isDelete() {
        return delete;
    }

    /** An estimate of the bytes the row takes when sent: what {@code batch.max.bytes} counts. */
    public int sizeBytes() {
        return sizeBytes;
    }

    public int size() {
        return names.length;
    }

    public String name(int index) {
        return names[index];
    }

    public Cell cell(int index) {
        return cells[index];
    }

    public List<String> names() {
        return Collections.unmodifiableList(Arrays.asList(names));
    }

    public List<Cell> cells() {
        return Collections.unmodifiableList(Arrays.asList(cells));
    }

    /** The cell named {@code name}, or {@link Cell#NULL} when the row has no such field. */
    public Cell get(String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return cells[i];
            }
        }
        return Cell.NULL;
    }

    public boolean has(String name) {
        for (String n : names) {
            if (n.equals(name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The row as nested maps, for templates and JSON bodies: flattened names open back into groups
     * ({@code customer.name} under {@code customer}), in row order, each value the cell's
     * {@link Cell#value()} ({@code String}, {@code Long}, {@code Double}, {@code BigDecimal},
     * {@code Boolean}, {@code Instant}, {@code LocalDate}, {@code LocalTime}), a NULL cell a null.
     * A name under a part that already holds a value stays whole at that level ({@code "a.b"}); a
     * value whose name is already a group is left out. A new, mutable map on each call.
     */
    public Map<String, Object> toMap() {
        return RowTree.of(this, Cell::value, true);
    }

    /**
     * As {@link #toMap()} with each value {@code valueOf(cell)}, leaving out the cells for which it
     * gives null: for a consumer that wants text, say, and no empty entries.
     */
    public Map<String, Object> toMap(Function<? super Cell, ?> valueOf) {
        return RowTree.of(this, Objects.requireNonNull(valueOf, "valueOf"), false);
    }

    /**
     * The row as one compact JSON object nested as {@link #toMap()}, every field included (NULL as
     * {@code null}): numbers as numbers (decimals plain), booleans, and text, timestamps, dates and
     * times as strings (ISO-8601), non-finite floats as the strings {@code "NaN"},
     * {@code "Infinity"}, {@code "-Infinity"}, as JSON text inside a row renders them. A field that
     * holds JSON text (an array, a value deeper than the flatten depth) stays a string.
     */
    public String toJson() {
        return RowTree.json(this);
    }

    /** Names the record by its coordinates only: a row's payload never goes into logs. */
    public String coordinates() {
        return topic() + "/" + partition() + "/" + offset();
    }

    @Override
    public String toString() {
        return "Row[" + coordinates() + (delete ? ", delete" : "") + ", " + names.length + " fields]";
    }
}

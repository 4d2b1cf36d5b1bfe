package dev.outflow.connect.slack;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;

import dev.outflow.connect.core.api.Cell;
import dev.outflow.connect.core.api.Row;

/** Rows for unit tests, made the way the framework's mapper makes them: flattened, dotted names. */
final class Rows {

    private Rows() {}

    /** A row of text fields (null for a null cell), in the order given. */
    static Row row(String topic, int partition, long offset, Object key, Map<String, String> fields) {
        SinkRecord record = new SinkRecord(
                topic,
                partition,
                null,
                key,
                null,
                new LinkedHashMap<>(fields),
                offset,
                1_700_000_000_000L,
                TimestampType.CREATE_TIME,
                new ConnectHeaders().addString("trace", "t-1"));
        String[] names = fields.keySet().toArray(new String[0]);
        Cell[] cells = fields.values().stream().map(Cell::text).toArray(Cell[]::new);
        return new Row(record, names, cells, false, 100);
    }

    static Row row(Map<String, String> fields) {
        return row("orders", 0, 42, "k-1", fields);
    }
}

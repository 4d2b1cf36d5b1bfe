package dev.outflow.connect.core.api.template;

import java.util.Map;

import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.sink.SinkRecord;

import dev.outflow.connect.core.api.Cell;
import dev.outflow.connect.core.api.Row;

/**
 * The record {@code validate()} renders templates against (Slack messages, HTTP requests), so a
 * template that compiles but cannot render is caught before the connector is created: topic {@code sample-topic}, partition 0,
 * offset 0, key {@code sample-key}, value {@code {"id": 1, "name": "sample"}}. A template that names
 * other fields renders them empty here: the check is that it compiles and renders, not what it gives.
 */
public final class SampleRecord {

    private SampleRecord() {}

    public static Row row() {
        SinkRecord sample = new SinkRecord(
                "sample-topic",
                0,
                null,
                "sample-key",
                null,
                Map.of("id", 1, "name", "sample"),
                0L,
                0L,
                TimestampType.CREATE_TIME);
        return new Row(
                sample, new String[] {"id", "name"}, new Cell[] {Cell.integer(1), Cell.text("sample")}, false, 16);
    }

    public static RecordScope scope() {
        return RecordScope.of(row());
    }
}

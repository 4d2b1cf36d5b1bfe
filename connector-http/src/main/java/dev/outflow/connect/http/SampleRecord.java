package dev.outflow.connect.http;

import java.util.Map;

import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.sink.SinkRecord;

import dev.outflow.connect.core.api.Cell;
import dev.outflow.connect.core.api.Row;
import dev.outflow.connect.core.api.template.RecordScope;

/**
 * The record {@code validate()} renders every template against: topic {@code sample-topic}, partition 0,
 * offset 0, key {@code sample-key}, value {@code {"id": 1, "name": "sample"}}. A template that names
 * other fields renders them empty here: the check is that it compiles and renders, not what it gives.
 */
final class SampleRecord {

    private SampleRecord() {}

    static Row row() {
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

    static RecordScope scope() {
        return RecordScope.of(row());
    }
}

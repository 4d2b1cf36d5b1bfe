package dev.outflow.connect.core.row;

import java.util.Set;

import org.apache.kafka.connect.sink.SinkRecord;

// INTERIM placeholder until the mapper branch lands; replaced by the real mapper.
public final class RowMapper {
    public RowMapper(int flattenMaxDepth, boolean parseJsonStrings, Set<MetadataField> metadataFields) {
    }

    public Row toRow(SinkRecord record) {
        if (record.value() == null) {
            return new Row(record, new String[0], new Cell[0], true, 0);
        }
        if (record.value() instanceof java.util.Map<?, ?> map) {
            String[] names = new String[map.size()];
            Cell[] cells = new Cell[map.size()];
            int i = 0;
            int size = 0;
            for (var e : map.entrySet()) {
                names[i] = e.getKey().toString();
                cells[i] = e.getValue() == null ? Cell.NULL : e.getValue() instanceof Number n ? Cell.integer(n.longValue()) : Cell.text(e.getValue().toString());
                size += 8 + (e.getValue() == null ? 0 : e.getValue().toString().length());
                i++;
            }
            return new Row(record, names, cells, false, size);
        }
        return new Row(record, new String[] {"value"}, new Cell[] {Cell.text(record.value().toString())}, false, record.value().toString().length());
    }
}

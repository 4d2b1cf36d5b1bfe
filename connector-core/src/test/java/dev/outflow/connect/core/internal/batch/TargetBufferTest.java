package dev.outflow.connect.core.internal.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

import dev.outflow.connect.core.api.Cell;
import dev.outflow.connect.core.api.Row;

class TargetBufferTest {

    private final TargetBuffer buffer = new TargetBuffer("t");

    private void add(int count, int sizeBytes, long arrivedMs) {
        for (int i = 0; i < count; i++) {
            int offset = buffer.size();
            Row row = new Row(
                    new SinkRecord("t", 0, null, null, null, "v", offset),
                    new String[] {"value"},
                    new Cell[] {Cell.text("v")},
                    false,
                    sizeBytes);
            buffer.add(new BufferedRow(row, null, arrivedMs));
        }
    }

    @Test
    void isDueWhenFullByCountByBytesOrAfterLinger() {
        add(4, 10, 1_000);
        assertThat(buffer.isDue(1_000, 5, 1_000, 500)).isFalse();
        assertThat(buffer.isDue(1_000, 4, 1_000, 500)).as("by count").isTrue();
        assertThat(buffer.isDue(1_000, 5, 40, 500)).as("by bytes").isTrue();
        assertThat(buffer.isDue(1_499, 5, 1_000, 500)).isFalse();
        assertThat(buffer.isDue(1_500, 5, 1_000, 500)).as("by linger").isTrue();
        assertThat(buffer.dueAtMs(5, 1_000, 500)).isEqualTo(1_500);
    }

    @Test
    void aBatchStopsAtTheByteLimitButTakesAtLeastOneRow() {
        add(3, 600, 0);
        assertThat(buffer.nextBatch(10, 1_000)).hasSize(1);
        assertThat(buffer.nextBatch(10, 100))
                .as("one oversized row still goes alone")
                .hasSize(1);
        assertThat(buffer.nextBatch(2, 10_000)).hasSize(2);
    }

    @Test
    void bisectionTriesHalvesThenTheRestAtFullSize() {
        add(8, 1, 0);
        buffer.split(8);
        assertThat(buffer.nextBatch(100, 1_000)).hasSize(4);
        buffer.split(4); // the first half failed too
        assertThat(buffer.nextBatch(100, 1_000)).hasSize(2);
        buffer.removeHead(2); // it worked
        assertThat(buffer.nextBatch(100, 1_000)).hasSize(2);
        buffer.split(2);
        assertThat(buffer.nextBatch(100, 1_000)).hasSize(1);
        buffer.removeHead(1); // the bad row, reported
        assertThat(buffer.nextBatch(100, 1_000)).hasSize(1);
        buffer.removeHead(1);
        assertThat(buffer.nextBatch(100, 1_000))
                .as("the second half of the first split")
                .hasSize(4);
        buffer.removeHead(4);
        add(10, 1, 0);
        assertThat(buffer.nextBatch(100, 1_000))
                .as("the plan is done: full size again")
                .hasSize(10);
    }

    @Test
    void removingRowsKeepsTheByteCount() {
        add(4, 100, 0);
        List<BufferedRow> removed = buffer.removeIf(row -> row.row().offset() % 2 == 0);
        assertThat(removed).hasSize(2);
        assertThat(buffer.isDue(0, 100, 200, 1_000)).isTrue();
        assertThat(buffer.isDue(0, 100, 201, 1_000)).isFalse();
    }
}

package dev.outflow.connect.core.internal.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

import dev.outflow.connect.core.api.Cell;
import dev.outflow.connect.core.api.Row;

class TargetBuffersTest {

    private final TargetBuffers buffers = new TargetBuffers();

    private static BufferedRow row(int partition, long offset, long arrivedMs) {
        Row row = new Row(
                new SinkRecord("t", partition, null, null, null, "v", offset),
                new String[] {"value"},
                new Cell[] {Cell.text("v")},
                false,
                10);
        return new BufferedRow(row, null, arrivedMs);
    }

    private int sumOfSizes() {
        return buffers.all().stream().mapToInt(TargetBuffer::size).sum();
    }

    @Test
    void theTotalIsTheSumOfTheBuffersHoweverRowsLeave() {
        TargetBuffer a = buffers.forTarget("a");
        TargetBuffer b = buffers.forTarget("b");
        assertThat(buffers.forTarget("a")).as("one buffer per target").isSameAs(a);
        for (long offset = 0; offset < 6; offset++) {
            a.add(row(0, offset, 0));
            b.add(row(1, offset, 0));
        }
        assertThat(buffers.rows()).isEqualTo(12).isEqualTo(sumOfSizes());

        a.removeHead(2); // written
        assertThat(buffers.rows()).isEqualTo(10).isEqualTo(sumOfSizes());

        a.split(4); // a bisection moves nothing
        assertThat(buffers.rows()).isEqualTo(10);

        b.removeIf(r -> r.row().offset() < 3); // already in the app
        assertThat(buffers.rows()).isEqualTo(7).isEqualTo(sumOfSizes());

        b.removePartitions(List.of(new TopicPartition("t", 1))); // closed
        assertThat(buffers.rows()).isEqualTo(4).isEqualTo(sumOfSizes());

        a.removeIf(r -> false);
        assertThat(buffers.rows()).isEqualTo(4);
        assertThat(buffers.targets()).isEqualTo(2);
    }

    @Test
    void aStandaloneBufferCountsOnlyItself() {
        TargetBuffer alone = new TargetBuffer("alone");
        alone.add(row(0, 0, 0));
        assertThat(alone.size()).isEqualTo(1);
        assertThat(buffers.rows()).isZero();
    }

    @Test
    void onlyTargetsIdleForLongEnoughWithNothingBufferedOrAwaitedAreRemoved() {
        buffers.forTarget("busy").add(row(0, 0, 0));
        TargetBuffer waiting = buffers.forTarget("waiting");
        waiting.add(row(0, 1, 0));
        waiting.removeHead(1);
        waiting.notBefore(2_000);
        TargetBuffer recent = buffers.forTarget("recent");
        recent.add(row(0, 2, 500));
        recent.removeHead(1);
        TargetBuffer idle = buffers.forTarget("idle");
        idle.add(row(0, 3, 0));
        idle.removeHead(1);

        assertThat(buffers.removeIdle(1_000, 1_000))
                .extracting(TargetBuffer::target)
                .containsExactly("idle");
        assertThat(buffers.all()).extracting(TargetBuffer::target).containsExactly("busy", "waiting", "recent");
        assertThat(buffers.rows()).isEqualTo(1);
        assertThatThrownBy(() -> buffers.all().clear()).isInstanceOf(UnsupportedOperationException.class);
    }
}

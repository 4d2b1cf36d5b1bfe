package dev.outflow.benchmarks.noop;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;

/** Counts the records it is given and drops them: every offset may be committed at once. */
public final class DiscardingSinkTask extends SinkTask {

    private AtomicLong delivered;

    @Override
    public void start(Map<String, String> props) {
        delivered = DeliveredCounts.get(props.get(DiscardingSinkConnector.COUNTER));
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        delivered.addAndGet(records.size());
    }

    @Override
    public void stop() {}

    @Override
    public String version() {
        return "bench";
    }
}

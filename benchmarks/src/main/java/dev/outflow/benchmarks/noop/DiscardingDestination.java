package dev.outflow.benchmarks.noop;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.common.config.ConfigDef;

import dev.outflow.connect.core.api.Destination;
import dev.outflow.connect.core.api.Failure;
import dev.outflow.connect.core.api.QuotaScope;
import dev.outflow.connect.core.api.Row;
import dev.outflow.connect.core.api.WriteResult;

/**
 * A destination on the framework that accepts every batch at once and keeps nothing: what the
 * framework (mapping, buffering, batching, offsets) costs before any app is called.
 */
public final class DiscardingDestination implements Destination {

    private AtomicLong delivered;

    @Override
    public ConfigDef config() {
        return new ConfigDef()
                .define(
                        DiscardingSinkConnector.COUNTER,
                        ConfigDef.Type.STRING,
                        ConfigDef.Importance.HIGH,
                        "The name of the count the tasks add to, read by the benchmark in the same JVM.");
    }

    @Override
    public void start(Map<String, String> props) {
        delivered = DeliveredCounts.get(props.get(DiscardingSinkConnector.COUNTER));
    }

    @Override
    public List<QuotaScope> quotaScopes(String target) {
        return List.of();
    }

    @Override
    public WriteResult write(String target, List<Row> rows) {
        delivered.addAndGet(rows.size());
        return WriteResult.allWritten();
    }

    @Override
    public Failure classify(Exception error) {
        return Failure.fatal(
                "the discarding destination never fails: " + error.getClass().getSimpleName());
    }

    @Override
    public void stop() {}
}

package dev.outflow.benchmarks.noop;

import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * The worker's own ceiling: a plain {@link org.apache.kafka.connect.sink.SinkTask} that counts
 * and discards what it is given. No framework, no mapping, no buffering; the worker still polls,
 * converts (JsonConverter) and commits, so nothing built on it can be faster.
 */
public final class DiscardingSinkConnector extends SinkConnector {

    /** The name under which the tasks count in {@link DeliveredCounts}. */
    public static final String COUNTER = "discard.counter";

    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return DiscardingSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return Collections.nCopies(maxTasks, props);
    }

    @Override
    public void stop() {}

    @Override
    public ConfigDef config() {
        return new ConfigDef()
                .define(
                        COUNTER,
                        ConfigDef.Type.STRING,
                        ConfigDef.Importance.HIGH,
                        "The name of the count the tasks add to, read by the benchmark in the same JVM.");
    }

    @Override
    public String version() {
        return "bench";
    }
}

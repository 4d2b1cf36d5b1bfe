package dev.outflow.connect.core.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.UUID;
import java.util.function.IntSupplier;

import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Avg;
import org.apache.kafka.common.metrics.stats.CumulativeCount;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.common.metrics.stats.Max;
import org.apache.kafka.connect.sink.SinkTaskContext;

/**
 * {@link SinkMetrics} on the worker's plugin metrics. Only loaded when the worker has them: this is
 * the one class that names {@link PluginMetrics}. The worker tags every metric with the connector and task.
 */
final class PluginSinkMetrics implements SinkMetrics {

    /**
     * Kafka 4.3's PluginMetrics looks sensors up by name in the worker's one registry, although its
     * javadoc says names need only be unique per plugin: tasks using the same names would count into
     * each other's sensors, and the first to stop would remove them. So each task names its own,
     * with a random id: a counter would not do, as each plugin on plugin.path has its own class
     * loader, hence its own copy of this class and of any counter in it.
     */
    private final String sensorPrefix = "outflow-sink-" + UUID.randomUUID() + ".";
    private final PluginMetrics metrics;
    private final List<String> sensorNames = new ArrayList<>();
    private final MetricName bufferedName;
    private final Sensor written;
    private final Sensor rejected;
    private final Sensor apiCalls;
    private final Sensor batches;
    private final Sensor retries;
    private final Sensor throttled;
    private final Sensor throttledTime;

    private PluginSinkMetrics(PluginMetrics metrics, IntSupplier bufferedRecords) {
        this.metrics = metrics;
        written = counter("records-written-total", "Records the app accepted.");
        rejected = counter("records-rejected-total", "Records sent to the dead-letter queue.");
        batches = counter("batches-written-total", "Batches the app accepted.");
        retries = counter("retries-total", "Write attempts that failed with a retriable error.");
        throttled = counter("throttled-total", "429 answers from the app.");
        throttledTime = counter("throttled-time-ms-total", "Milliseconds a target was frozen by the app's Retry-After.");
        apiCalls = sensor("api-calls");
        apiCalls.add(name("api-calls-total", "Write calls to the app."), new CumulativeCount());
        apiCalls.add(name("write-latency-avg-ms", "Mean time of a write call."), new Avg());
        apiCalls.add(name("write-latency-max-ms", "Longest write call."), new Max());
        bufferedName = name("buffered-records", "Records held in the task's buffer, not yet written.");
        metrics.addMetric(bufferedName, (Gauge<Integer>) (config, now) -> bufferedRecords.getAsInt());
    }

    static SinkMetrics create(SinkTaskContext context, IntSupplier bufferedRecords) {
        PluginMetrics metrics = context.pluginMetrics();
        if (metrics == null) {
            return NONE;
        }
        return new PluginSinkMetrics(metrics, bufferedRecords);
    }

    private MetricName name(String name, String description) {
        return metrics.metricName(name, description, new LinkedHashMap<>());
    }

    private Sensor sensor(String name) {
        String unique = sensorPrefix + name;
        sensorNames.add(unique);
        return metrics.addSensor(unique);
    }

    private Sensor counter(String name, String description) {
        Sensor sensor = sensor(name);
        sensor.add(name(name, description), new CumulativeSum());
        return sensor;
    }

    @Override
    public void written(int records) {
        written.record(records);
    }

    @Override
    public void rejected(int records) {
        rejected.record(records);
    }

    @Override
    public void apiCall(long latencyMs) {
        apiCalls.record(latencyMs);
    }

    @Override
    public void batchWritten() {
        batches.record(1);
    }

    @Override
    public void retry() {
        retries.record(1);
    }

    @Override
    public void throttled(long frozenMs) {
        throttled.record(1);
        throttledTime.record(frozenMs);
    }

    @Override
    public void close() {
        sensorNames.forEach(metrics::removeSensor);
        metrics.removeMetric(bufferedName);
    }
}

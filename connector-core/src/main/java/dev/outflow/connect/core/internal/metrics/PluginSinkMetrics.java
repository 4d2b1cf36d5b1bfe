package dev.outflow.connect.core.internal.metrics;

import java.util.LinkedHashMap;
import java.util.UUID;
import java.util.function.IntSupplier;

import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.connect.sink.SinkTaskContext;

/**
 * The worker's plugin metrics (Kafka 4.1+) as the registry of {@link SensorSinkMetrics}. Only
 * loaded when the worker has them: this is the one class that names {@link PluginMetrics}. The
 * worker tags every metric with the connector and task.
 */
final class PluginSinkMetrics implements SensorSinkMetrics.Registry {

    private final PluginMetrics metrics;

    private PluginSinkMetrics(PluginMetrics metrics) {
        this.metrics = metrics;
    }

    /** The task's metrics, or null when the worker has the method but gives no registry. */
    static SinkMetrics create(SinkTaskContext context, IntSupplier bufferedRecords) {
        PluginMetrics metrics = context.pluginMetrics();
        if (metrics == null) {
            return null;
        }
        // Kafka 4.3's PluginMetrics looks sensors up by name in the worker's one registry, although
        // its javadoc says names need only be unique per plugin: tasks using the same names would
        // count into each other's sensors, and the first to stop would remove them. So each task
        // names its own, with a random id: a counter would not do, as each plugin on plugin.path has
        // its own class loader, hence its own copy of this class and of any counter in it.
        return new SensorSinkMetrics(
                new PluginSinkMetrics(metrics), "outflow-sink-" + UUID.randomUUID() + ".", bufferedRecords);
    }

    @Override
    public MetricName name(String name, String description) {
        return metrics.metricName(name, description, new LinkedHashMap<>());
    }

    @Override
    public Sensor sensor(String name) {
        return metrics.addSensor(name);
    }

    @Override
    public void addGauge(MetricName name, Gauge<Integer> gauge) {
        metrics.addMetric(name, gauge);
    }

    @Override
    public void removeSensor(String name) {
        metrics.removeSensor(name);
    }

    @Override
    public void removeMetric(MetricName name) {
        metrics.removeMetric(name);
    }

    @Override
    public void close() {
        // the worker's registry: the worker closes it
    }
}

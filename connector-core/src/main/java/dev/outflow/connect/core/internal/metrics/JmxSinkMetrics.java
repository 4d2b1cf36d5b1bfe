package dev.outflow.connect.core.internal.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.JmxReporter;
import org.apache.kafka.common.metrics.KafkaMetricsContext;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.utils.Time;

/**
 * On a worker older than Kafka 4.1, which has no plugin metrics, the task's metrics in a registry
 * of its own, published over JMX exactly where a 4.1+ worker puts plugin metrics,
 * {@code kafka.connect:type=plugins,connector=<name>,task=<n>}, so the same exporter rules and
 * dashboards serve both (DESIGN.md 3.9). Uses only what kafka-clients 3.x already has.
 */
final class JmxSinkMetrics implements SensorSinkMetrics.Registry {

    static final String JMX_DOMAIN = "kafka.connect";
    static final String GROUP = "plugins";

    private final Metrics metrics;
    private final Map<String, String> tags = new LinkedHashMap<>();

    private JmxSinkMetrics(String connector, int task) {
        tags.put("connector", connector);
        tags.put("task", String.valueOf(task));
        this.metrics = new Metrics(
                new MetricConfig(), List.of(new JmxReporter()), Time.SYSTEM, new KafkaMetricsContext(JMX_DOMAIN));
    }

    static SinkMetrics create(String connector, int task, IntSupplier bufferedRecords) {
        return new SensorSinkMetrics(new JmxSinkMetrics(connector, task), "outflow-sink.", bufferedRecords);
    }

    @Override
    public MetricName name(String name, String description) {
        return metrics.metricName(name, GROUP, description, tags);
    }

    @Override
    public Sensor sensor(String name) {
        return metrics.sensor(name);
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
        metrics.close();
    }
}

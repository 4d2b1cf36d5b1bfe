package dev.outflow.connect.core.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.Map;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.junit.jupiter.api.Test;

import dev.outflow.connect.core.api.DestinationMetrics;
import dev.outflow.connect.core.internal.task.RecordingContext;

class SinkMetricsTest {

    private static double value(Metrics metrics, String name) {
        return metrics.metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals(name))
                .map(Map.Entry::getValue)
                .map(KafkaMetric::metricValue)
                .map(v -> ((Number) v).doubleValue())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no metric " + name));
    }

    @Test
    void countsWhatTheTaskDidThroughThePluginMetrics() {
        try (Metrics metrics = new Metrics()) {
            PluginMetrics plugin = new PluginMetricsImpl(metrics, Map.of("connector", "c", "task", "0"));
            RecordingContext context = new RecordingContext(true) {
                @Override
                public PluginMetrics pluginMetrics() {
                    return plugin;
                }
            };
            int[] buffered = {17};
            SinkMetrics sink = SinkMetrics.forTask(context, "c", 0, () -> buffered[0]);
            sink.written(10);
            sink.written(5);
            sink.rejected(1);
            sink.apiCall(40);
            sink.apiCall(60);
            sink.throttled(2_000);
            sink.receiptWritten();
            sink.receiptsInFlight(() -> 3);
            DestinationMetrics.Counter dropped =
                    sink.counter("slack-metadata-dropped-total", "a destination's own counter");
            dropped.increment();
            dropped.increment();

            assertThat(value(metrics, "records-written-total")).isEqualTo(15);
            assertThat(value(metrics, "records-rejected-total")).isEqualTo(1);
            assertThat(value(metrics, "api-calls-total")).isEqualTo(2);
            assertThat(value(metrics, "write-latency-max-ms")).isEqualTo(60);
            assertThat(value(metrics, "throttled-time-ms-total")).isEqualTo(2_000);
            assertThat(value(metrics, "buffered-records")).isEqualTo(17);
            assertThat(value(metrics, "receipts-written-total")).isEqualTo(1);
            assertThat(value(metrics, "receipts-in-flight")).isEqualTo(3);
            assertThat(value(metrics, "slack-metadata-dropped-total"))
                    .as("a destination's counter, beside the framework's")
                    .isEqualTo(2);

            sink.close();
            assertThat(metrics.metrics().keySet())
                    .extracting(MetricName::name)
                    .doesNotContain(
                            "records-written-total",
                            "buffered-records",
                            "receipts-in-flight",
                            "slack-metadata-dropped-total");
        }
    }

    /**
     * The worker gives every task its own PluginMetrics on one shared registry, and Kafka 4.3's
     * addSensor looks sensors up by name in that registry: tasks that used the same sensor names
     * counted into each other's metrics, and the first to stop removed the other's sensors.
     */
    @Test
    void twoTasksOnOneWorkerCountApartAndStopApart() {
        try (Metrics metrics = new Metrics()) {
            SinkMetrics sheets = SinkMetrics.forTask(contextOn(metrics, "sheets"), "sheets", 0, () -> 0);
            SinkMetrics slack = SinkMetrics.forTask(contextOn(metrics, "slack"), "slack", 0, () -> 0);

            sheets.written(10);
            slack.written(3);
            assertThat(value(metrics, "records-written-total", "sheets")).isEqualTo(10);
            assertThat(value(metrics, "records-written-total", "slack")).isEqualTo(3);

            sheets.close();
            slack.written(2);
            assertThat(value(metrics, "records-written-total", "slack")).isEqualTo(5);
            slack.close();
        }
    }

    private static RecordingContext contextOn(Metrics metrics, String connector) {
        PluginMetrics plugin = new PluginMetricsImpl(metrics, Map.of("connector", connector, "task", "0"));
        return new RecordingContext(true) {
            @Override
            public PluginMetrics pluginMetrics() {
                return plugin;
            }
        };
    }

    private static double value(Metrics metrics, String name, String connector) {
        return metrics.metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals(name)
                        && connector.equals(e.getKey().tags().get("connector")))
                .map(Map.Entry::getValue)
                .map(KafkaMetric::metricValue)
                .map(v -> ((Number) v).doubleValue())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no metric " + name + " of " + connector));
    }

    @Test
    void aWorkerOlderThanKafka41GetsTheSameMetricsInJmxRegisteredByThePlugin() throws Exception {
        RecordingContext oldWorker = new RecordingContext(true) {
            @Override
            public PluginMetrics pluginMetrics() {
                throw new NoSuchMethodError("org.apache.kafka.connect.sink.SinkTaskContext.pluginMetrics()");
            }
        };
        int[] buffered = {4};
        SinkMetrics sink = SinkMetrics.forTask(oldWorker, "orders-to-sheets", 2, () -> buffered[0]);
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName("kafka.connect:type=plugins,connector=orders-to-sheets,task=2");
        try {
            sink.written(7);
            sink.apiCall(30);
            assertThat(((Number) server.getAttribute(name, "records-written-total")).doubleValue())
                    .isEqualTo(7);
            assertThat(((Number) server.getAttribute(name, "api-calls-total")).doubleValue())
                    .isEqualTo(1);
            assertThat(((Number) server.getAttribute(name, "buffered-records")).intValue())
                    .isEqualTo(4);
        } finally {
            sink.close();
        }
        assertThat(server.isRegistered(name))
                .as("the task's metrics leave with it")
                .isFalse();
    }
}

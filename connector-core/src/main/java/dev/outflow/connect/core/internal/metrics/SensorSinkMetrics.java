package dev.outflow.connect.core.internal.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Avg;
import org.apache.kafka.common.metrics.stats.CumulativeCount;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.common.metrics.stats.Max;

/**
 * {@link SinkMetrics} as Kafka sensors, in whichever registry the worker allows: its plugin
 * metrics (Kafka 4.1+) or, on older workers, a registry of the plugin's own published over JMX
 * under the same names. Names no class of Kafka 4.1+, so it loads on any worker.
 */
final class SensorSinkMetrics implements SinkMetrics {

    /** Where the sensors live. */
    interface Registry {
        MetricName name(String name, String description);

        Sensor sensor(String name);

        void addGauge(MetricName name, Gauge<Integer> gauge);

        void removeSensor(String name);

        void removeMetric(MetricName name);

        /** Releases the registry itself, when it is the plugin's own. */
        void close();
    }

    private final Registry registry;
    private final String sensorPrefix;
    private final List<String> sensorNames = new ArrayList<>();
    private final MetricName bufferedName;
    private final Sensor written;
    private final Sensor rejected;
    private final Sensor apiCalls;
    private final Sensor batches;
    private final Sensor retries;
    private final Sensor throttled;
    private final Sensor throttledTime;
    private final Sensor receipts;
    private MetricName receiptsInFlightName;

    /** @param sensorPrefix makes this task's sensor names its own in a registry other tasks share */
    SensorSinkMetrics(Registry registry, String sensorPrefix, IntSupplier bufferedRecords) {
        this.registry = registry;
        this.sensorPrefix = sensorPrefix;
        written = cumulative("records-written-total", "Records the app accepted.");
        rejected = cumulative("records-rejected-total", "Records sent to the dead-letter queue.");
        batches = cumulative("batches-written-total", "Batches the app accepted.");
        retries = cumulative("retries-total", "Write attempts that failed with a retriable error.");
        throttled = cumulative("throttled-total", "429 answers from the app.");
        throttledTime =
                cumulative("throttled-time-ms-total", "Milliseconds a target was frozen by the app's Retry-After.");
        receipts = cumulative("receipts-written-total", "Receipts the receipts topic acknowledged.");
        apiCalls = sensor("api-calls");
        apiCalls.add(registry.name("api-calls-total", "Write calls to the app."), new CumulativeCount());
        apiCalls.add(registry.name("write-latency-avg-ms", "Mean time of a write call."), new Avg());
        apiCalls.add(registry.name("write-latency-max-ms", "Longest write call."), new Max());
        bufferedName = registry.name("buffered-records", "Records held in the task's buffer, not yet written.");
        registry.addGauge(bufferedName, (config, now) -> bufferedRecords.getAsInt());
    }

    private Sensor sensor(String name) {
        String unique = sensorPrefix + name;
        sensorNames.add(unique);
        return registry.sensor(unique);
    }

    private Sensor cumulative(String name, String description) {
        Sensor sensor = sensor(name);
        sensor.add(registry.name(name, description), new CumulativeSum());
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
    public void receiptWritten() {
        receipts.record(1);
    }

    @Override
    public void receiptsInFlight(IntSupplier inFlight) {
        receiptsInFlightName =
                registry.name("receipts-in-flight", "Receipts sent to the receipts topic and not yet acknowledged.");
        registry.addGauge(receiptsInFlightName, (config, now) -> inFlight.getAsInt());
    }

    @Override
    public Counter counter(String name, String description) {
        Sensor sensor = cumulative(name, description);
        return () -> sensor.record(1);
    }

    @Override
    public void close() {
        sensorNames.forEach(registry::removeSensor);
        registry.removeMetric(bufferedName);
        if (receiptsInFlightName != null) {
            registry.removeMetric(receiptsInFlightName);
        }
        registry.close();
    }
}

package dev.outflow.connect.core.internal.metrics;

import java.util.function.IntSupplier;

import org.apache.kafka.connect.sink.SinkTaskContext;
import org.slf4j.LoggerFactory;

import dev.outflow.connect.core.api.DestinationMetrics;

/**
 * Per-task counters (DESIGN.md 3.9). Published through {@code SinkTaskContext.pluginMetrics()} on
 * workers that have it (Kafka 4.1+), and registered over JMX by the plugin itself, under the same
 * names, on older workers.
 */
public interface SinkMetrics extends DestinationMetrics, AutoCloseable {

    void written(int records);

    void rejected(int records);

    /** One write call to the app, successful or not, and how long it took. */
    void apiCall(long latencyMs);

    void batchWritten();

    void retry();

    /** A 429 from the app, and how long the target's scopes froze for it. */
    void throttled(long frozenMs);

    /** A receipt Kafka acknowledged (DESIGN.md 3.8). */
    void receiptWritten();

    /** Publishes the count of receipts in flight, read when the metric is. */
    void receiptsInFlight(IntSupplier inFlight);

    @Override
    void close();

    SinkMetrics NONE = new SinkMetrics() {
        @Override
        public void written(int records) {}

        @Override
        public void rejected(int records) {}

        @Override
        public void apiCall(long latencyMs) {}

        @Override
        public void batchWritten() {}

        @Override
        public void retry() {}

        @Override
        public void throttled(long frozenMs) {}

        @Override
        public void receiptWritten() {}

        @Override
        public void receiptsInFlight(IntSupplier inFlight) {}

        @Override
        public Counter counter(String name, String description) {
            return () -> {};
        }

        @Override
        public void close() {}
    };

    /**
     * Plugin metrics when the worker offers them (Kafka 4.1+); on an older worker the same metrics,
     * registered over JMX by the plugin itself under the same names.
     *
     * @param connector the connector's name and {@code task} the task's number, the JMX tags an
     *                  older worker cannot supply
     */
    static SinkMetrics forTask(SinkTaskContext context, String connector, int task, IntSupplier bufferedRecords) {
        SinkMetrics plugin;
        try {
            plugin = PluginSinkMetrics.create(context, bufferedRecords);
        } catch (LinkageError | UnsupportedOperationException e) {
            // a worker older than Kafka 4.1: no pluginMetrics() or no PluginMetrics class
            LoggerFactory.getLogger(SinkMetrics.class)
                    .info(
                            "This worker offers no plugin metrics; the task registers its "
                                    + "metrics in JMX itself, as kafka.connect:type=plugins,connector={},task={}",
                            connector,
                            task);
            return JmxSinkMetrics.create(connector, task, bufferedRecords);
        }
        return plugin != null ? plugin : NONE;
    }
}

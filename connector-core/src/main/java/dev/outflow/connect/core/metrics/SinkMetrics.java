package dev.outflow.connect.core.metrics;

import java.util.function.IntSupplier;

import org.apache.kafka.connect.sink.SinkTaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-task counters (DESIGN.md 3.8). Published through {@code SinkTaskContext.pluginMetrics()} on
 * workers that have it (Kafka 4.1+); on older workers the calls do nothing, so the plugin still loads.
 */
public interface SinkMetrics extends AutoCloseable {

    void written(int records);

    void rejected(int records);

    /** One write call to the app, successful or not, and how long it took. */
    void apiCall(long latencyMs);

    void batchWritten();

    void retry();

    /** A 429 from the app, and how long the target's scopes froze for it. */
    void throttled(long frozenMs);

    @Override
    void close();

    SinkMetrics NONE = new SinkMetrics() {
        @Override
        public void written(int records) {
        }

        @Override
        public void rejected(int records) {
        }

        @Override
        public void apiCall(long latencyMs) {
        }

        @Override
        public void batchWritten() {
        }

        @Override
        public void retry() {
        }

        @Override
        public void throttled(long frozenMs) {
        }

        @Override
        public void close() {
        }
    };

    /** Plugin metrics when the worker offers them, else {@link #NONE}. */
    static SinkMetrics forTask(SinkTaskContext context, IntSupplier bufferedRecords) {
        try {
            return PluginSinkMetrics.create(context, bufferedRecords);
        } catch (LinkageError | UnsupportedOperationException e) {
            // a worker older than Kafka 4.1: no pluginMetrics() or no PluginMetrics class
            LoggerFactory.getLogger(SinkMetrics.class).info("This worker offers no plugin metrics; task metrics are off");
            return NONE;
        }
    }
}

package dev.outflow.connect.core.api;

/**
 * Counters a destination adds to its task's metrics (DESIGN.md 3.9), for events only it can see,
 * e.g. Slack dropping the metadata of a message it accepted. They live beside the framework's
 * metrics, under the same connector and task.
 */
public interface DestinationMetrics {

    /** A cumulative count. */
    interface Counter {
        void increment();
    }

    /** A counter named {@code name} (lower case, dashes, ending in {@code -total}); ask once per name. */
    Counter counter(String name, String description);

    DestinationMetrics NONE = (name, description) -> () -> {};
}

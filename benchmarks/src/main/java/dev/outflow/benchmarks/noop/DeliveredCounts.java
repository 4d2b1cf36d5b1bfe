package dev.outflow.benchmarks.noop;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts of records the no-op sinks received, by name. The sinks run in the benchmark's own JVM
 * (the embedded worker), so a static map is how the benchmark reads them without any I/O.
 */
public final class DeliveredCounts {

    private static final Map<String, AtomicLong> COUNTS = new ConcurrentHashMap<>();

    private DeliveredCounts() {}

    public static AtomicLong get(String name) {
        return COUNTS.computeIfAbsent(name, n -> new AtomicLong());
    }
}

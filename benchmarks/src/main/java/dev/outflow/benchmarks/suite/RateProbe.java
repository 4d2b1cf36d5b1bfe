package dev.outflow.benchmarks.suite;

import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Measures how fast a count grows (records consumed, rows in a sheet) between two points: from
 * when it first reaches {@code from} (so start-up and JIT warm-up stay out) to when it reaches
 * {@code until}, or {@code longest} later, whichever comes first. Other counters (write requests,
 * CPU time) are read at the same two points. The count is read every 5 ms, under 1% of the
 * shortest stretch measured.
 */
final class RateProbe {

    private static final long POLL_MS = 5;

    /**
     * A measured stretch: the count, the other counters and the time at each end.
     *
     * @param <S> a snapshot of the other counters
     */
    record Span<S>(long startCount, long endCount, S start, S end, long startNanos, long endNanos) {

        double seconds() {
            return (endNanos - startNanos) / 1e9;
        }

        long counted() {
            return endCount - startCount;
        }

        double perSecond() {
            return counted() / seconds();
        }
    }

    private RateProbe() {}

    static <S> Span<S> measure(
            LongSupplier count, Supplier<S> snapshot, long from, long until, Duration longest, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long startCount = count.getAsLong();
        while (startCount < from) {
            pause(deadline, "the count to reach " + from + " (it is " + startCount + ")");
            startCount = count.getAsLong();
        }
        S start = snapshot.get();
        long startNanos = System.nanoTime();
        long stopAt = startNanos + longest.toNanos();
        long endCount = startCount;
        while (endCount < until && System.nanoTime() < stopAt) {
            pause(deadline, "the count to reach " + until + " (it is " + endCount + ")");
            endCount = count.getAsLong();
        }
        S end = snapshot.get();
        return new Span<>(startCount, endCount, start, end, startNanos, System.nanoTime());
    }

    private static void pause(long deadline, String what) throws InterruptedException {
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException("timed out waiting for " + what);
        }
        Thread.sleep(POLL_MS);
    }
}

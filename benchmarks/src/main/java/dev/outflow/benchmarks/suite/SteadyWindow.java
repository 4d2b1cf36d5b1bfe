package dev.outflow.benchmarks.suite;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A measurement window in steady state, for the scenarios held back by a rate limit: wait for the
 * first delivery, let {@code warmup} pass (the initial burst, the first quota window), then read
 * the counters at both ends of {@code window}.
 *
 * @param <S> a snapshot of the counters
 */
record SteadyWindow<S>(S start, S end, double seconds) {

    static <S> SteadyWindow<S> measure(
            BooleanSupplier firstDelivery, Duration warmup, Duration window, Supplier<S> snapshot)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!firstDelivery.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("nothing was delivered within 2 minutes");
            }
            Thread.sleep(5);
        }
        Thread.sleep(warmup.toMillis());
        S start = snapshot.get();
        long startNanos = System.nanoTime();
        Thread.sleep(window.toMillis());
        S end = snapshot.get();
        return new SteadyWindow<>(start, end, (System.nanoTime() - startNanos) / 1e9);
    }

    /** Per minute, from a difference over the window. */
    double perMinute(long difference) {
        return difference / seconds * 60;
    }
}

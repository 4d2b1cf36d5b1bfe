package dev.outflow.benchmarks.suite;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs scenarios at the same time. Only for those a rate limit holds back (a few requests a
 * second, a few percent of a core each): waiting side by side saves minutes and changes nothing
 * they measure. Each has its own emulator and connector; the worker runs their tasks on threads
 * of their own.
 */
final class SideBySide {

    /** A scenario's run. */
    interface Run {
        void run() throws Exception;
    }

    private SideBySide() {}

    static void run(List<Run> runs) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(runs.size());
        try {
            List<Future<?>> running = new ArrayList<>();
            for (Run run : runs) {
                running.add(threads.submit(() -> {
                    run.run();
                    return null;
                }));
            }
            for (Future<?> future : running) {
                try {
                    future.get();
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof Exception cause ? cause : e;
                }
            }
        } finally {
            threads.shutdownNow();
        }
    }
}

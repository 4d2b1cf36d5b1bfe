package dev.outflow.benchmarks.suite;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;

import com.sun.management.OperatingSystemMXBean;

/**
 * CPU time used so far by this whole JVM (broker, worker, connectors, emulators), by one
 * connector's task thread (Connect names it {@code task-thread-<connector>-<task>}), and by the
 * threads of one emulator. Read at both ends of a window, it says where the CPU of a record went;
 * on a 2-core machine that is what bounds a pipeline that shares the cores with its emulator.
 *
 * @param processNanos  CPU of the whole JVM
 * @param taskNanos     CPU of the task thread: polling, converting, and the connector's own work
 * @param emulatorNanos CPU of the emulator's threads (threads that ended meanwhile are not counted)
 */
record CpuTimes(long processNanos, long taskNanos, long emulatorNanos) {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** {@code emulatorThreadPrefix} null: no emulator. */
    static CpuTimes now(String connector, String emulatorThreadPrefix) {
        String task = "task-thread-" + connector + "-0";
        long taskNanos = 0;
        long emulatorNanos = 0;
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            if (info.getThreadName().equals(task)) {
                taskNanos += Math.max(0, THREADS.getThreadCpuTime(info.getThreadId()));
            } else if (emulatorThreadPrefix != null && info.getThreadName().startsWith(emulatorThreadPrefix)) {
                emulatorNanos += Math.max(0, THREADS.getThreadCpuTime(info.getThreadId()));
            }
        }
        long process = ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        return new CpuTimes(process, taskNanos, emulatorNanos);
    }

    /** Microseconds of CPU per record: the whole JVM, the task thread, the emulator. */
    record PerRecord(double jvm, double task, double emulator) {}

    /** CPU per record over a window that began at {@code start} and counted {@code records}. */
    PerRecord perRecordSince(CpuTimes start, long records) {
        return new PerRecord(
                (processNanos - start.processNanos) / 1e3 / records,
                (taskNanos - start.taskNanos) / 1e3 / records,
                (emulatorNanos - start.emulatorNanos) / 1e3 / records);
    }
}

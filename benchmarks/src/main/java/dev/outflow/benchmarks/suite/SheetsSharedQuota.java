package dev.outflow.benchmarks.suite;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Map;

import dev.outflow.connect.sheets.SheetsConfig;
import dev.outflow.connect.testkit.ConnectHarness;
import dev.outflow.connect.testkit.sheets.SheetsEmulator;

/**
 * Scenario 3b: scenario 3 with {@code tasks.max} = {@link Settings#quotaTasks()} and one
 * service account, so every task writes as the same principal and draws on one per-user quota.
 * The connector is set to the whole quota ({@code sheets.write.requests.per.minute} = the
 * quota), which is the budget of the whole connector: the framework gives each task a
 * {@code 1/tasks} share ({@code RateLimiter.share}). Before it did, each task took the whole
 * setting for itself, {@code tasks} times the quota. The quota is scaled as in scenario 3
 * ({@code quotaScale}, time not scaled) and the warm-up and window are scenario 3's. The backlog
 * needs a partition per task, so that every task has rows to write.
 */
final class SheetsSharedQuota {

    private static final String CONNECTOR = "sheets-shared-quota";
    private static final int GOOGLE_QUOTA_PER_MINUTE = 60;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /**
     * The counters read at both ends of the window; {@code taskNanos} is the CPU of the connector's task threads,
     * {@code requests} how many request sizes the emulator had recorded.
     */
    private record Counts(
            long rows,
            long writeRequests,
            long writesApplied,
            long readRequests,
            long rateLimited,
            long taskNanos,
            int requests) {

        static Counts of(Emulated.Sheets sheets, String tab) {
            int requests = sheets.emulator().requestSizes(Emulated.SPREADSHEET).size();
            SheetsEmulator.Stats stats = sheets.stats();
            return new Counts(
                    sheets.rows(tab),
                    stats.writeRequests(),
                    stats.writesApplied(),
                    stats.readRequests(),
                    stats.rateLimited(),
                    taskThreadsCpu(),
                    requests);
        }

        /** Every task thread of the connector ({@code task-thread-<connector>-<task>}), however many there are. */
        private static long taskThreadsCpu() {
            long nanos = 0;
            for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
                if (info != null && info.getThreadName().startsWith("task-thread-" + CONNECTOR + "-")) {
                    nanos += Math.max(0, THREADS.getThreadCpuTime(info.getThreadId()));
                }
            }
            return nanos;
        }
    }

    private final ConnectHarness harness;
    private final Settings settings;
    private final String topic;
    private final Results results;
    private final String scenario;

    SheetsSharedQuota(ConnectHarness harness, Settings settings, String topic, Results results) {
        this.harness = harness;
        this.settings = settings;
        this.topic = topic;
        this.results = results;
        this.scenario = "3b sheets, " + settings.quotaTasks() + " tasks, 1 credential";
    }

    void run() throws InterruptedException {
        int tasks = settings.quotaTasks();
        if (settings.partitions() < tasks) {
            throw new IllegalStateException(scenario + " needs a partition per task: " + tasks + " tasks, "
                    + settings.partitions() + " partitions");
        }
        int quota = GOOGLE_QUOTA_PER_MINUTE * settings.quotaScale();
        try (Emulated.Sheets sheets = Emulated.Sheets.start()) {
            sheets.emulator().setWriteQuotaPerMinute(quota);
            sheets.emulator().setReadQuotaPerMinute(quota);
            Map<String, String> config = sheets.connector(topic);
            config.put("tasks.max", String.valueOf(tasks));
            config.put(SheetsConfig.WRITES_PER_MINUTE, String.valueOf(quota));
            results.setting(scenario, "connector", Emulated.forResults(config));
            results.setting(
                    scenario,
                    "emulator",
                    "quota enforced: " + quota + " writes and " + quota
                            + " reads per principal per sliding 60 s (Google's 60 x " + settings.quotaScale()
                            + "); one service account, "
                            + "the key of every task");
            harness.configureConnector(CONNECTOR, config);
            SteadyWindow<Counts> window;
            List<String> states;
            try {
                harness.awaitRunning(CONNECTOR, tasks);
                window = SteadyWindow.measure(
                        () -> sheets.rows(topic) > 0,
                        settings.quotaWarmup(),
                        settings.quotaWindow(),
                        () -> Counts.of(sheets, topic));
                states = harness.taskStates(CONNECTOR);
            } finally {
                harness.cluster().deleteConnector(CONNECTOR);
            }
            Counts start = window.start();
            Counts end = window.end();
            String quotaName = "quota " + quota + " writes/min (60 x " + settings.quotaScale() + ")";
            long running = states.stream().filter("RUNNING"::equals).count();
            results.add(Figure.ratio(
                    scenario,
                    "tasks running at the end of the window",
                    running,
                    "tasks",
                    tasks,
                    "tasks.max " + tasks,
                    null));
            if (running < tasks) {
                results.note(scenario + ": not every task was running at the end of the window (" + states
                        + "); the worker's log says why");
            }
            long rows = end.rows() - start.rows();
            if (end.rows() >= settings.records()) {
                results.note(scenario + ": the backlog ran out inside the window (" + end.rows() + " of "
                        + settings.records()
                        + " rows written), so the rows per minute are held back by the backlog, not by the quota");
            }
            RequestFill fill = RequestFill.of(
                    sheets.emulator().requestSizes(Emulated.SPREADSHEET),
                    start.requests(),
                    end.requests(),
                    rows,
                    end.writesApplied() - start.writesApplied());
            results.add(Figure.ratio(
                    scenario,
                    "rows per write request",
                    fill.rowsPerRequest(),
                    "rows/request",
                    fill.rowsPer2MbRequest(),
                    Format.number(fill.rowsPer2MbRequest()) + " rows per 2 MB request",
                    null));
            results.add(Figure.ratio(
                    scenario,
                    "rows per minute sustained, all tasks",
                    window.perMinute(rows),
                    "rows/min",
                    quota * fill.rowsPerRequest(),
                    quotaName + " x rows per request sent",
                    null));
            results.add(Figure.ratio(
                    scenario,
                    "write requests per minute, all tasks",
                    window.perMinute(end.writeRequests() - start.writeRequests()),
                    "requests/min",
                    quota,
                    quotaName,
                    Goal.ratioAtLeast(0.9)));
            results.add(Figure.ratio(
                    scenario,
                    "read requests per minute, all tasks",
                    window.perMinute(end.readRequests() - start.readRequests()),
                    "requests/min",
                    quota,
                    "quota " + quota + " reads/min",
                    null));
            // the scenario runs beside others: what its tasks cost shows how light it is (the emulator's threads are
            // not told apart)
            results.add(Figure.plain(
                    scenario,
                    "CPU of the task threads",
                    (end.taskNanos() - start.taskNanos()) / 1e9 / window.seconds(),
                    "cores"));
            results.add(Figure.plain(scenario, "429s during warm-up", start.rateLimited(), "responses"));
            results.add(new Figure(
                    scenario,
                    "429s after warm-up",
                    end.rateLimited() - start.rateLimited(),
                    "responses",
                    null,
                    null,
                    Goal.zero()));
        }
    }
}

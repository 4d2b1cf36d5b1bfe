package dev.outflow.benchmarks.suite;

import java.time.Duration;
import java.util.Map;

import dev.outflow.connect.sheets.SheetsConfig;
import dev.outflow.connect.testkit.ConnectHarness;

/**
 * Scenario 2: the Sheets connector as fast as it goes, against an emulator that answers at once
 * and enforces no quota. Records/s from the moment {@code sheetsWarmupRows} rows are in the sheet,
 * compared with the no-op sink on the same backlog.
 */
final class SheetsThroughput {

    static final String SCENARIO = "2 sheets, no quota";
    private static final String CONNECTOR = "sheets-throughput";
    /** The connector's highest allowed rate (10,000 writes a minute): its own limiter must not be what is measured. */
    private static final String MAX_WRITES_PER_MINUTE = "10000";

    /** Issue 10's goal for the task thread's CPU per row: the worker's conversion, the connector and Google's client together. */
    private static final double TASK_MICROS_PER_ROW_GOAL = 25;

    /** The emulator's request threads, as SheetsEmulator names them. */
    private static final String EMULATOR_THREADS = "sheets-emulator-";

    /** The counters read with the row count at both ends of the window. */
    private record Counters(long writes, CpuTimes cpu) {}

    private final ConnectHarness harness;
    private final Settings settings;
    private final String topic;
    private final Results results;

    SheetsThroughput(ConnectHarness harness, Settings settings, String topic, Results results) {
        this.harness = harness;
        this.settings = settings;
        this.topic = topic;
        this.results = results;
    }

    /** Runs the scenario; returns the task thread's CPU per record (µs), which the Google client's share is compared to. */
    double run(Ceilings.Ceiling plainSink) throws InterruptedException {
        try (Emulated.Sheets sheets = Emulated.Sheets.start()) {
            sheets.emulator().setQuotaEnforced(false);
            Map<String, String> config = sheets.connector(topic);
            config.put(SheetsConfig.WRITES_PER_MINUTE, MAX_WRITES_PER_MINUTE);
            results.setting(SCENARIO, "connector", Emulated.forResults(config));
            results.setting(SCENARIO, "emulator", "quota off, no added latency");
            harness.configureConnector(CONNECTOR, config);
            RateProbe.Span<Counters> span;
            try {
                span = RateProbe.measure(
                        () -> sheets.rows(topic),
                        () -> new Counters(sheets.stats().writesApplied(), CpuTimes.now(CONNECTOR, EMULATOR_THREADS)),
                        settings.sheetsWarmupRows(),
                        settings.records() * 9L / 10,
                        settings.sheetsWindow(),
                        Duration.ofMinutes(3));
            } finally {
                harness.cluster().deleteConnector(CONNECTOR);
            }
            results.add(Figure.ratio(
                    SCENARIO,
                    "records/s end to end",
                    span.perSecond(),
                    "records/s",
                    plainSink.recordsPerSecond(),
                    Ceilings.PLAIN_SINK,
                    Goal.ratioAtLeast(0.5)));
            results.add(Figure.plain(
                    SCENARIO,
                    "rows per write request",
                    (double) span.counted()
                            / (span.end().writes() - span.start().writes()),
                    "rows/request"));
            CpuTimes.PerRecord cpu =
                    span.end().cpu().perRecordSince(span.start().cpu(), span.counted());
            results.add(Figure.ratio(
                    SCENARIO,
                    "CPU per record, whole JVM",
                    cpu.jvm(),
                    "µs/record",
                    plainSink.jvmMicrosPerRecord(),
                    Ceilings.PLAIN_SINK,
                    null));
            results.add(Figure.ratio(
                    SCENARIO,
                    "CPU per record, task thread (worker, connector, Google client)",
                    cpu.task(),
                    "µs/record",
                    plainSink.taskMicrosPerRecord(),
                    Ceilings.PLAIN_SINK,
                    Goal.valueAtMost(TASK_MICROS_PER_ROW_GOAL)));
            results.add(Figure.plain(SCENARIO, "CPU per record, Sheets emulator", cpu.emulator(), "µs/record"));
            results.add(Figure.plain(
                    SCENARIO,
                    "cores busy (whole JVM)",
                    (span.end().cpu().processNanos() - span.start().cpu().processNanos()) / 1e9 / span.seconds(),
                    "cores"));
            // requests are filled toward 2 MB when there is a backlog: this is where the largest ones are sent
            results.add(new Figure(
                    SCENARIO,
                    "largest request (JSON bytes, before gzip)",
                    sheets.emulator().largestRequestBytes(Emulated.SPREADSHEET),
                    "bytes",
                    null,
                    null,
                    Goal.valueAtMost(RequestFill.REQUEST_BYTES_LIMIT)));
            return cpu.task();
        }
    }
}

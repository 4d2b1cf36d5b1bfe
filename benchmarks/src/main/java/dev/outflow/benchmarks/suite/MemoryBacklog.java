package dev.outflow.benchmarks.suite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.outflow.connect.core.api.config.SinkConfig;
import dev.outflow.connect.sheets.SheetsSinkConnector;
import dev.outflow.connect.testkit.ConnectHarness;
import dev.outflow.connect.testkit.WorkerProcess;
import dev.outflow.connect.testkit.sheets.ApiCall;
import dev.outflow.connect.testkit.sheets.SheetsFault;

/**
 * Scenario 6: the whole backlog waiting behind a slow app, in a worker with a 512 MB heap (the
 * testkit's {@link WorkerProcess}: a distributed worker in a JVM of its own started with
 * {@code -Xmx512m}). The app is the Sheets emulator with Google's default quota, holding every
 * write for {@code memoryStall}; the connector has every key at its default. The worker's heap
 * and the framework's {@code buffered-records} metric are read through the attach API every
 * 200 ms.
 */
final class MemoryBacklog {

    static final String SCENARIO = "6 memory";
    private static final String CONNECTOR = "memory-sheets";
    private static final long HEAP_LIMIT = 512L * 1024 * 1024;
    private static final String METRICS = "kafka.connect:type=plugins,connector=" + CONNECTOR + ",task=0";

    private final ConnectHarness harness;
    private final Settings settings;
    private final String topic;
    private final Results results;
    private final Path logFile;

    MemoryBacklog(ConnectHarness harness, Settings settings, String topic, Results results, Path logFile) {
        this.harness = harness;
        this.settings = settings;
        this.topic = topic;
        this.results = results;
        this.logFile = logFile;
    }

    void run() throws Exception {
        try (Emulated.Sheets sheets = Emulated.Sheets.start()) {
            sheets.emulator()
                    .failMatching(ApiCall::isWrite, Integer.MAX_VALUE, SheetsFault.stall(settings.memoryStall()));
            Map<String, String> config = sheets.connector(topic);
            int bufferMax =
                    (Integer) new SheetsSinkConnector().config().parse(config).get(SinkConfig.BUFFER_MAX_RECORDS);
            results.setting(SCENARIO, "connector", Emulated.forResults(config));
            results.setting(
                    SCENARIO,
                    "emulator",
                    "Google's default quota (60 writes, 60 reads a minute); every write held "
                            + settings.memoryStall().toMillis() + " ms");
            results.setting(
                    SCENARIO,
                    "worker",
                    "WorkerProcess: ConnectDistributed in a child JVM, -Xmx512m, default GC; log " + logFile);
            Files.deleteIfExists(logFile);
            WorkerProcess worker =
                    WorkerProcess.start(harness.cluster().kafka().bootstrapServers(), "bench-memory", logFile);
            try {
                worker.configureConnector(CONNECTOR, config);
                ConnectHarness.await(
                        "the memory scenario's task to run",
                        () -> worker.taskStates(CONNECTOR).equals(List.of("RUNNING")),
                        Duration.ofSeconds(60));
                Peaks peaks;
                try (HeapWatch watch = HeapWatch.attach(workerPid())) {
                    peaks = watch(watch);
                }
                long errors =
                        outOfMemoryErrors() + (worker.taskStates(CONNECTOR).equals(List.of("RUNNING")) ? 0 : 1);
                String xmx = "-Xmx512m";
                double limitMb = HEAP_LIMIT / 1048576.0;
                results.add(Figure.plain(SCENARIO, "backlog", settings.records(), "records"));
                results.add(Figure.ratio(
                        SCENARIO, "peak heap used (sampled)", peaks.heapUsed() / 1048576.0, "MB", limitMb, xmx, null));
                results.add(Figure.ratio(
                        SCENARIO, "peak heap after GC", peaks.heapAfterGc() / 1048576.0, "MB", limitMb, xmx, null));
                results.add(Figure.ratio(
                        SCENARIO,
                        "peak buffered records (buffered-records metric)",
                        peaks.buffered(),
                        "records",
                        bufferMax,
                        "buffer.max.records " + bufferMax,
                        null));
                results.add(Figure.plain(SCENARIO, "rows written while watched", sheets.rows(topic), "rows"));
                results.add(new Figure(
                        SCENARIO, "OutOfMemoryError or failed task", errors, "count", null, null, Goal.zero()));
            } finally {
                worker.close();
            }
        }
    }

    /** The highest readings of the watch. */
    private record Peaks(long heapUsed, long heapAfterGc, double buffered) {}

    private Peaks watch(HeapWatch watch) throws Exception {
        long heapUsed = 0;
        long heapAfterGc = 0;
        double buffered = 0;
        long stopAt = System.nanoTime() + settings.memoryObservation().toNanos();
        while (System.nanoTime() < stopAt) {
            HeapWatch.Reading reading = watch.read(METRICS, "buffered-records");
            heapUsed = Math.max(heapUsed, reading.heapUsed());
            heapAfterGc = Math.max(heapAfterGc, reading.heapAfterLastGc());
            if (!Double.isNaN(reading.attribute())) {
                buffered = Math.max(buffered, reading.attribute());
            }
            Thread.sleep(200);
        }
        return new Peaks(heapUsed, heapAfterGc, buffered);
    }

    /** The worker is this JVM's only child running ConnectDistributed. */
    private static long workerPid() {
        return ProcessHandle.current()
                .children()
                .filter(p -> p.info().commandLine().orElse("").contains("ConnectDistributed"))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("the worker process is not a child of this JVM"))
                .pid();
    }

    private long outOfMemoryErrors() throws IOException {
        try (var lines = Files.lines(logFile)) {
            return lines.filter(line -> line.contains("OutOfMemoryError")).count();
        }
    }
}

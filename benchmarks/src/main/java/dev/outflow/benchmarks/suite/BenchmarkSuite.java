package dev.outflow.benchmarks.suite;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.outflow.connect.testkit.ConnectHarness;

/**
 * The one command: every scenario of benchmarks/README.md on this machine, on one embedded
 * KRaft broker and Connect worker (ConnectHarness) with the API emulators, then the JMH hot path;
 * writes {@code results/latest.md} and {@code results/latest.json}.
 *
 * <p>Arguments: {@code [--quick]}. System properties: {@code outflow.bench.results} (the results
 * directory), {@code outflow.bench.work} (logs and JMH output).
 */
public final class BenchmarkSuite {

    private static final String TOPIC = "bench-orders";

    private BenchmarkSuite() {}

    public static void main(String[] args) throws Exception {
        // before anything logs: the Kafka jars bring a log4j2.yaml that would print to the console
        System.setProperty("log4j2.configurationFile", "outflow-bench-log4j2.xml");
        boolean quick = List.of(args).contains("--quick");
        Settings settings = quick ? Settings.quick() : Settings.full();
        Path results = Path.of(System.getProperty("outflow.bench.results", "benchmarks/results"));
        Path work = Path.of(System.getProperty("outflow.bench.work", "benchmarks/target/bench"));
        double loadAtStart = Machine.loadAverage();
        long started = System.nanoTime();
        Results found = new Results();

        System.out.println("Outflow benchmarks, " + settings.mode() + " run; worker log: " + work.resolve("bench.log"));
        // the worker's own default (the harness sets 1 s for tests): commits would otherwise flush lingering batches
        // early
        Map<String, String> workerProps = Map.of("offset.flush.interval.ms", "60000");
        found.setting("0 cluster", "worker", workerProps);
        double sheetsTaskMicros;
        try (ConnectHarness harness = ConnectHarness.start("bench", 1, workerProps)) {
            harness.createTopic(TOPIC, settings.partitions());
            System.out.printf(
                    "Producing the backlog: %,d records to %d partitions ...%n",
                    settings.records(), settings.partitions());
            BenchRecords.produce(
                    harness.cluster().kafka().bootstrapServers(), TOPIC, settings.partitions(), 0, settings.records());

            Ceilings ceilings = new Ceilings(harness, settings, TOPIC, found);
            ceilings.run();
            sheetsTaskMicros = new SheetsThroughput(harness, settings, TOPIC, found).run(ceilings.plainSink());
            new HttpThroughput(harness, settings, TOPIC, found).run(ceilings.plainSink());
            SideBySide.run(List.of(
                    new SheetsQuota(harness, settings, TOPIC, found)::run,
                    new SheetsSharedQuota(harness, settings, TOPIC, found)::run,
                    new SlackRate(harness, settings, TOPIC, found, false)::run,
                    new SlackRate(harness, settings, TOPIC, found, true)::run));
            // alone: beside the Sheets scenarios, whose emulators fill this JVM's heap, a quarter of its window went
            // to garbage collection, pauses that its 10-second bucket (1.1 s of permits) cannot make up
            new HubSpotRate(harness, settings, TOPIC, found).run();
            new SheetsUpsertReads(harness, settings, found).run();
            new Latency(harness, settings, found).run();
            new MemoryBacklog(harness, settings, TOPIC, found, work.resolve("memory-worker.log")).run();
        }
        new HotPath(settings, found, work.resolve("jmh.txt"), sheetsTaskMicros).run();

        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        String command = "benchmarks/run.sh" + (quick ? " --quick" : "");
        new ResultsFiles(results).write(command, settings, Machine.describe(loadAtStart), found, seconds);
        System.out.println("Done in " + seconds + " s: " + results.resolve("latest.md") + " and "
                + results.resolve("latest.json"));
    }
}

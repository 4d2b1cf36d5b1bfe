package dev.outflow.benchmarks.suite;

import java.util.Map;

import dev.outflow.connect.testkit.ConnectHarness;

/** Throw-away: the no-op ceiling and the HTTP scenario alone (not committed). */
public final class HttpOnly {
    public static void main(String[] args) throws Exception {
        System.setProperty("log4j2.configurationFile", "outflow-bench-log4j2.xml");
        Settings settings = args.length > 0 && args[0].equals("--quick") ? Settings.quick() : Settings.full();
        Results found = new Results();
        try (ConnectHarness harness = ConnectHarness.start("bench", 1, Map.of("offset.flush.interval.ms", "60000"))) {
            harness.createTopic("bench-orders", settings.partitions());
            BenchRecords.produce(
                    harness.cluster().kafka().bootstrapServers(), "bench-orders", settings.partitions(), 0, settings.records());
            Ceilings ceilings = new Ceilings(harness, settings, "bench-orders", found);
            ceilings.run();
            new HttpThroughput(harness, settings, "bench-orders", found).run(ceilings.plainSink());
        }
        new ResultsFiles(java.nio.file.Path.of("/tmp/httponly")).write("HttpOnly", settings, Machine.describe(Machine.loadAverage()), found, 0);
    }
}

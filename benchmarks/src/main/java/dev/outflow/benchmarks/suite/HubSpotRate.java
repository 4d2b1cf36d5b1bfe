package dev.outflow.benchmarks.suite;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.outflow.connect.core.api.QuotaScope;
import dev.outflow.connect.hubspot.HubSpotConfig;
import dev.outflow.connect.hubspot.HubSpotDestination;
import dev.outflow.connect.hubspot.HubSpotSinkConnector;
import dev.outflow.connect.testkit.ConnectHarness;
import dev.outflow.connect.testkit.hubspot.RecordedRequest;

/**
 * Scenario 9: HubSpot under its default 10-second budget (the emulator's default tier, Free or Starter, which is
 * also the connector's default {@code hubspot.requests.per.10s}), with a backlog, so every write could carry a
 * full batch. The connector upserts the orders as deals by their id, every key but the object type, the id
 * property and its rename at its default. Not scaled: HubSpot's window is 10 s and holds about a hundred requests.
 * Issue 13's figure: objects per minute ÷ (the budget per minute × {@code hubspot.batch.size}).
 */
final class HubSpotRate {

    static final String SCENARIO = "9 hubspot, default 10-second budget";
    private static final String CONNECTOR = "hubspot-rate";
    private static final String EMULATOR_THREADS = "hubspot-emulator-";
    private static final String TEN_SECOND_SCOPE = "hubspot.ten-seconds";
    private static final int WINDOW_SECONDS = 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The counters read at both ends of the window: objects in HubSpot, the emulator's request sequence number so
     * far, every request HubSpot counted against its budgets, its 429s, and the CPU of the task thread and the
     * emulator.
     */
    private record Counts(long objects, long sequence, long requests, long rateLimited, CpuTimes cpu, long gcMillis) {

        static Counts of(Emulated.HubSpot hubspot) {
            List<RecordedRequest> all = hubspot.emulator().requests();
            return new Counts(
                    hubspot.objects(),
                    all.isEmpty() ? 0 : all.get(all.size() - 1).sequence(),
                    hubspot.emulator().rateLimits().usedToday(),
                    hubspot.emulator().rateLimitedCount(),
                    CpuTimes.now(CONNECTOR, EMULATOR_THREADS),
                    collectorMillis());
        }

        /** Time this JVM's collectors have taken so far (pauses stop the task and the emulator alike). */
        private static long collectorMillis() {
            long millis = 0;
            for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
                millis += Math.max(0, collector.getCollectionTime());
            }
            return millis;
        }
    }

    /** The batch upserts HubSpot applied (200 or 207) in the window, in arrival order. */
    private static List<RecordedRequest> batchWrites(Emulated.HubSpot hubspot, Counts start, Counts end) {
        return hubspot.emulator().requests("/batch/upsert").stream()
                .filter(r -> r.sequence() > start.sequence() && r.sequence() <= end.sequence())
                .filter(r -> r.status() == 200 || r.status() == 207)
                .toList();
    }

    private final ConnectHarness harness;
    private final Settings settings;
    private final String topic;
    private final Results results;

    HubSpotRate(ConnectHarness harness, Settings settings, String topic, Results results) {
        this.harness = harness;
        this.settings = settings;
        this.topic = topic;
        this.results = results;
    }

    void run() throws InterruptedException {
        try (Emulated.HubSpot hubspot = Emulated.HubSpot.start()) {
            Map<String, String> config = hubspot.connector(topic);
            Map<String, Object> defaults = new HubSpotSinkConnector().config().parse(config);
            int budget = (Integer) defaults.get(HubSpotConfig.REQUESTS_PER_10S);
            int batchSize = (Integer) defaults.get(HubSpotConfig.BATCH_SIZE);
            QuotaScope pace = connectorsTenSecondScope(config);
            results.setting(SCENARIO, "connector", Emulated.forResults(config));
            results.setting(
                    SCENARIO,
                    "emulator",
                    "default tier (Free or Starter): " + budget
                            + " requests per rolling 10 s, 250,000 a day, for the account's private apps");
            results.setting(
                    SCENARIO,
                    "connector's 10-second bucket",
                    pace.permits() + " permits per " + pace.period().toSeconds() + " s, capacity " + pace.burst()
                            + " (HubSpotDestination.quotaScopes at these settings)");
            harness.configureConnector(CONNECTOR, config);
            SteadyWindow<Counts> window;
            List<String> states;
            List<RecordedRequest> writes;
            try {
                window = SteadyWindow.measure(
                        () -> hubspot.objects() > 0,
                        settings.hubspotWarmup(),
                        settings.hubspotWindow(),
                        () -> Counts.of(hubspot));
                states = harness.taskStates(CONNECTOR);
                writes = batchWrites(hubspot, window.start(), window.end());
            } finally {
                harness.cluster().deleteConnector(CONNECTOR);
            }
            report(window, writes, states, budget, batchSize, pace);
        }
    }

    /** The objects a batch request carried. */
    private static int inputs(RecordedRequest write) {
        try {
            return JSON.readTree(write.body()).path("inputs").size();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("HubSpot applied a batch request that is not JSON", e);
        }
    }

    /** The time from each batch request to the next, sorted. */
    private static long[] intervalsMillis(List<RecordedRequest> writes) {
        long[] intervals = new long[Math.max(0, writes.size() - 1)];
        for (int i = 1; i < writes.size(); i++) {
            intervals[i - 1] = Duration.between(
                            writes.get(i - 1).receivedAt(), writes.get(i).receivedAt())
                    .toMillis();
        }
        Arrays.sort(intervals);
        return intervals;
    }

    /** Nearest rank of sorted values ({@code share} 1 is the largest); 0 when there are none. */
    private static long percentile(long[] sorted, double share) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.max(0, (int) Math.ceil(share * sorted.length) - 1)];
    }

    /** The connector's own 10-second bucket, as its destination declares it for this config. */
    private static QuotaScope connectorsTenSecondScope(Map<String, String> config) {
        HubSpotDestination destination = new HubSpotDestination();
        destination.start(config);
        try {
            return destination.quotaScopes(Emulated.HUBSPOT_OBJECT_TYPE).stream()
                    .filter(scope -> scope.name().equals(TEN_SECOND_SCOPE))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("the HubSpot destination has no scope "
                            + TEN_SECOND_SCOPE + " any more: update scenario 9"));
        } finally {
            destination.stop();
        }
    }

    private void report(
            SteadyWindow<Counts> window,
            List<RecordedRequest> writes,
            List<String> states,
            int budget,
            int batchSize,
            QuotaScope pace) {
        Counts start = window.start();
        Counts end = window.end();
        long objects = end.objects() - start.objects();
        long inputs = 0;
        for (RecordedRequest write : writes) {
            inputs += inputs(write);
        }
        long[] intervals = intervalsMillis(writes);
        if (!states.stream().allMatch("RUNNING"::equals)) {
            results.note(SCENARIO + ": the task was not running at the end of the window (" + states
                    + "); the worker's log says why");
        }
        if (end.objects() >= settings.records()) {
            results.note(SCENARIO + ": the backlog ran out inside the window (" + end.objects() + " of "
                    + settings.records() + " objects written), so the objects per minute are held back by the "
                    + "backlog, not by the budget");
        }
        // counts in the window to counts per 10 s
        double toPerTenSeconds = WINDOW_SECONDS / window.seconds();
        int budgetPerMinute = budget * 60 / WINDOW_SECONDS;
        String budgetName = "budget " + budget + " requests/10 s";
        results.add(Figure.ratio(
                SCENARIO,
                "objects per minute sustained",
                window.perMinute(objects),
                "objects/min",
                (double) budgetPerMinute * batchSize,
                budgetName + " (" + budgetPerMinute + "/min) x hubspot.batch.size " + batchSize,
                Goal.ratioAtLeast(0.9)));
        results.add(Figure.ratio(
                SCENARIO,
                "objects per batch request",
                writes.isEmpty() ? 0 : (double) inputs / writes.size(),
                "objects/request",
                batchSize,
                "hubspot.batch.size " + batchSize,
                null));
        results.add(Figure.ratio(
                SCENARIO,
                "batch requests per 10 s",
                writes.size() * toPerTenSeconds,
                "requests/10 s",
                budget,
                budgetName,
                null));
        results.add(Figure.ratio(
                SCENARIO,
                "requests per 10 s, all HubSpot counted",
                (end.requests() - start.requests()) * toPerTenSeconds,
                "requests/10 s",
                budget,
                budgetName,
                null));
        double bucketInterval = pace.period().toMillis() / (double) pace.permits();
        results.add(Figure.ratio(
                SCENARIO,
                "median interval between batch requests",
                percentile(intervals, 0.5),
                "ms",
                bucketInterval,
                "the connector's bucket, one permit every " + Format.number(bucketInterval) + " ms",
                null));
        results.add(Figure.plain(SCENARIO, "longest interval between batch requests", percentile(intervals, 1), "ms"));
        results.add(Figure.plain(
                SCENARIO,
                "share of the window in garbage collection (whole JVM)",
                (end.gcMillis() - start.gcMillis()) / 1e3 / window.seconds(),
                "of the time"));
        // the connector's own pace under a backlog: what its bucket refills in 10 s, next to the budget
        double paceShare =
                (double) pace.permits() * WINDOW_SECONDS / pace.period().toSeconds() / budget;
        results.note(SCENARIO + ": the connector's 10-second bucket refills " + pace.permits() + " permits per "
                + pace.period().toSeconds() + " s with a capacity of " + pace.burst()
                + ", so no rolling 10 s sees more than the budget; under a backlog it sustains at most "
                + Format.ratio(paceShare)
                + " of the budget, the most objects per minute can reach; one request more or "
                + "less at the ends of the window moves the measured ratio by "
                + Format.ratio(toPerTenSeconds / budget));
        // the scenario runs beside others: what its task and the emulator cost shows it is held back by the budget,
        // not by the CPU
        results.add(Figure.plain(
                SCENARIO,
                "CPU of the task thread",
                (end.cpu().taskNanos() - start.cpu().taskNanos()) / 1e9 / window.seconds(),
                "cores"));
        results.add(Figure.plain(
                SCENARIO,
                "CPU of the emulator's threads",
                (end.cpu().emulatorNanos() - start.cpu().emulatorNanos()) / 1e9 / window.seconds(),
                "cores"));
        results.add(Figure.plain(SCENARIO, "429s during warm-up", start.rateLimited(), "responses"));
        results.add(new Figure(
                SCENARIO,
                "429s after warm-up",
                end.rateLimited() - start.rateLimited(),
                "responses",
                null,
                null,
                Goal.zero()));
    }
}

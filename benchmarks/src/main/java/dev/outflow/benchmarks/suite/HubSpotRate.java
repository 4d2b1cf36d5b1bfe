package dev.outflow.benchmarks.suite;

import java.util.List;
import java.util.Map;

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

    /**
     * The counters read at both ends of the window: objects in HubSpot, batch upserts HubSpot applied (200 or 207),
     * every request HubSpot counted against its budgets, its 429s, and the CPU of the task thread and the emulator.
     */
    private record Counts(long objects, long batchWrites, long requests, long rateLimited, CpuTimes cpu) {

        static Counts of(Emulated.HubSpot hubspot) {
            List<RecordedRequest> upserts = hubspot.emulator().requests("/batch/upsert");
            long applied = upserts.stream()
                    .filter(r -> r.status() == 200 || r.status() == 207)
                    .count();
            return new Counts(
                    hubspot.objects(),
                    applied,
                    hubspot.emulator().rateLimits().usedToday(),
                    hubspot.emulator().rateLimitedCount(),
                    CpuTimes.now(CONNECTOR, EMULATOR_THREADS));
        }
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
            try {
                window = SteadyWindow.measure(
                        () -> hubspot.objects() > 0,
                        settings.hubspotWarmup(),
                        settings.hubspotWindow(),
                        () -> Counts.of(hubspot));
                states = harness.taskStates(CONNECTOR);
            } finally {
                harness.cluster().deleteConnector(CONNECTOR);
            }
            report(window, states, budget, batchSize, pace);
        }
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

    private void report(SteadyWindow<Counts> window, List<String> states, int budget, int batchSize, QuotaScope pace) {
        Counts start = window.start();
        Counts end = window.end();
        long objects = end.objects() - start.objects();
        long batchWrites = end.batchWrites() - start.batchWrites();
        if (!states.stream().allMatch("RUNNING"::equals)) {
            results.note(SCENARIO + ": the task was not running at the end of the window (" + states
                    + "); the worker's log says why");
        }
        if (end.objects() >= settings.records()) {
            results.note(SCENARIO + ": the backlog ran out inside the window (" + end.objects() + " of "
                    + settings.records() + " objects written), so the objects per minute are held back by the "
                    + "backlog, not by the budget");
        }
        double perTenSeconds = WINDOW_SECONDS / window.seconds();
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
                batchWrites == 0 ? 0 : (double) objects / batchWrites,
                "objects/request",
                batchSize,
                "hubspot.batch.size " + batchSize,
                null));
        results.add(Figure.ratio(
                SCENARIO,
                "batch requests per 10 s",
                batchWrites * perTenSeconds,
                "requests/10 s",
                budget,
                budgetName,
                null));
        results.add(Figure.ratio(
                SCENARIO,
                "requests per 10 s, all HubSpot counted",
                (end.requests() - start.requests()) * perTenSeconds,
                "requests/10 s",
                budget,
                budgetName,
                null));
        // the connector's own pace under a backlog: what its bucket refills in 10 s, next to the budget
        double paceShare =
                (double) pace.permits() * WINDOW_SECONDS / pace.period().toSeconds() / budget;
        results.note(SCENARIO + ": the connector's 10-second bucket refills " + pace.permits() + " permits per "
                + pace.period().toSeconds() + " s with a capacity of " + pace.burst()
                + ", so no rolling 10 s sees more than the budget; under a backlog it sends at most "
                + Format.ratio(paceShare) + " of the budget, the most objects per minute can reach");
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

package dev.outflow.connect.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.outflow.connect.testkit.ConnectHarness;
import dev.outflow.connect.testkit.hubspot.HubSpotEmulator;

/**
 * HubSpot's budgets on a real Connect worker (one for the class): an account whose 10-second budget is
 * far below what the connector was told (a storm of 429s), and an account whose daily budget is spent.
 * Neither loses or repeats a record, fails the task, or commits an offset past what HubSpot holds.
 */
class HubSpotRateLimitIT {

    private static final String UPSERT = "/batch/upsert";

    private static ConnectHarness harness;
    private HubSpotEmulator hubspot;
    private String token;

    @BeforeAll
    static void startConnect() {
        harness = ConnectHarness.start("hubspot-rate-limits", 1, Map.of());
    }

    @AfterAll
    static void stopConnect() {
        harness.close();
    }

    @BeforeEach
    void startHubSpot() {
        hubspot = HubSpotItSupport.emulatorWithVersionedContacts();
        token = hubspot.createToken(HubSpotEmulator.ALL_SCOPES);
    }

    @AfterEach
    void stop() {
        for (String connector : harness.cluster().connectors()) {
            harness.cluster().deleteConnector(connector);
        }
        hubspot.close();
    }

    private long committed(String connector) {
        return harness.committedOffsets(connector).values().stream()
                .mapToLong(Long::longValue)
                .sum();
    }

    /** Every record's input applied by HubSpot exactly once: none lost, none written twice. */
    private void assertEveryRecordAppliedOnce(int records) {
        Map<String, Integer> applied = HubSpotItSupport.appliedTraceIds(hubspot, UPSERT);
        assertThat(applied).hasSize(records);
        assertThat(applied)
                .allSatisfy((trace, times) ->
                        assertThat(times).as("times %s was applied", trace).isEqualTo(1));
    }

    @Test
    void aStormOf429sFromATenSecondBudgetFarBelowTheConfiguredOneLosesAndRepeatsNothing() throws Exception {
        // the connector believes the default 100 requests per 10 s; the account grants 10 (other apps spend the rest),
        // and sends no X-HubSpot-RateLimit-* headers (as when HubSpot fails to gather them): only 429s say so
        hubspot.rateLimits().perTenSeconds(10).headersSent(false);
        int contacts = 1_500;
        harness.createTopic("storm", 2);
        harness.produce(
                "storm",
                2,
                contacts,
                HubSpotItSupport.contactKeys(contacts),
                HubSpotItSupport.versionedContacts(contacts));

        Map<String, String> config = HubSpotItSupport.connector(hubspot, token, "storm");
        config.put("tasks.max", "2");
        harness.configureConnector("storm", config);
        HubSpotItSupport.awaitCommitted(harness, hubspot, "storm", "storm", 2);

        assertThat(hubspot.rateLimitedCount()).as("429s served").isGreaterThanOrEqualTo(2);
        assertEveryRecordAppliedOnce(contacts);
        HubSpotItSupport.assertEveryContactOnceAt(hubspot, contacts, 0);
        assertThat(harness.taskStates("storm")).containsExactly("RUNNING", "RUNNING");
    }

    @Test
    void aSpentDailyBudgetIsAWaitUntilTheAccountsMidnightSaidOnceWithTheKeysToRaise() throws Exception {
        // a day cannot pass in a test, but midnight can come soon: the account's zone is the offset whose midnight
        // is 30 s away, for HubSpot's daily reset and for the connector alike
        ZoneOffset account = offsetWithMidnightIn(Duration.ofSeconds(30));
        // the access check when the connector is configured, the property read and a few writes of 100 contacts, then
        // the day's budget is spent; the next day's is enough for the rest
        hubspot.rateLimits().zone(account).perDay(6);
        int contacts = 600;
        harness.createTopic("daily", 2);
        harness.produce(
                "daily",
                2,
                contacts,
                HubSpotItSupport.contactKeys(contacts),
                HubSpotItSupport.versionedContacts(contacts));

        Map<String, String> config = HubSpotItSupport.connector(hubspot, token, "daily");
        config.put(HubSpotConfig.ACCOUNT_TIME_ZONE, account.getId());
        try (LogLines logs = LogLines.capture()) {
            harness.configureConnector("daily", config);
            ConnectHarness.await(
                    "the WARN that the daily budget is spent",
                    () -> !logs.warnings("daily API budget").isEmpty());
            int written = hubspot.objects("contacts").size();
            assertThat(written).isPositive().isLessThan(contacts);
            ConnectHarness.await("the written records committed", () -> committed("daily") == written);

            // the spent budget is a wait, not a crash loop: the task runs, nothing is committed past what HubSpot holds
            // (the connector stops at the daily remaining header, or at the one 429 that says the budget is spent)
            assertThat(hubspot.rateLimitedCount()).isLessThanOrEqualTo(1);
            assertThat(harness.taskStates("daily")).containsExactly("RUNNING");
            assertThat(committed("daily")).isEqualTo(hubspot.objects("contacts").size());
            assertThat(logs.warnings("daily API budget"))
                    .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                    .contains(
                            "midnight " + account.getId(),
                            HubSpotConfig.REQUESTS_PER_DAY,
                            "batch.linger.ms",
                            HubSpotConfig.BATCH_SIZE);

            // the account's new day: writing resumes where it stopped
            HubSpotItSupport.awaitCommitted(harness, hubspot, "daily", "daily", 2);
            assertThat(logs.warnings("daily API budget")).hasSize(1);
        }
        // at most one 429 in the whole wait: the connector asked again at midnight, not every 10 s
        assertThat(hubspot.rateLimitedCount()).isLessThanOrEqualTo(1);
        assertEveryRecordAppliedOnce(contacts);
        HubSpotItSupport.assertEveryContactOnceAt(hubspot, contacts, 0);
        assertThat(harness.taskStates("daily")).containsExactly("RUNNING");
    }

    /** The UTC offset (to the second) in which midnight comes {@code soon} from now. */
    private static ZoneOffset offsetWithMidnightIn(Duration soon) {
        long day = Duration.ofDays(1).toSeconds();
        long secondOfDayUtc = Instant.now().getEpochSecond() % day;
        long offset = Math.floorMod(day - soon.toSeconds() - secondOfDayUtc, day);
        // offsets span -18 h to +18 h: 36 hours hold every second of a day
        return ZoneOffset.ofTotalSeconds((int) (offset > 18 * 3600 ? offset - day : offset));
    }
}

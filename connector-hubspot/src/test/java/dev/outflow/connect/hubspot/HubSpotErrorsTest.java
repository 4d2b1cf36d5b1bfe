package dev.outflow.connect.hubspot;

import static dev.outflow.connect.hubspot.HubSpotTestSupport.props;
import static dev.outflow.connect.hubspot.HubSpotTestSupport.rows;
import static dev.outflow.connect.hubspot.HubSpotTestSupport.started;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchException;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.outflow.connect.core.api.ErrorClass;
import dev.outflow.connect.core.api.Failure;
import dev.outflow.connect.core.api.FirstRowsFailedException;
import dev.outflow.connect.core.api.Row;
import dev.outflow.connect.testkit.ManualClock;
import dev.outflow.connect.testkit.hubspot.HubSpotEmulator;
import dev.outflow.connect.testkit.hubspot.HubSpotFault;

/** What each failure HubSpot answers means for the framework, and that no reason carries a token or a value. */
class HubSpotErrorsTest {

    private static final List<Row> ONE = rows("{\"email\":\"secret-person@example.com\",\"firstname\":\"Ann\"}");

    private final ManualClock clock = new ManualClock();

    private HubSpotEmulator hubspot;
    private String token;

    @BeforeEach
    void start() {
        hubspot = new HubSpotEmulator(clock);
        token = hubspot.createToken(HubSpotEmulator.ALL_SCOPES);
    }

    @AfterEach
    void stop() {
        hubspot.close();
    }

    /** What the destination's write threw, classified, with the checks every reason must pass. */
    private Failure failure(HubSpotDestination destination, List<Row> rows) {
        Exception thrown = catchException(() -> destination.write("default", rows));
        assertThat(thrown).as("the write failed").isNotNull();
        Exception cause = thrown instanceof FirstRowsFailedException first ? first.getCause() : thrown;
        Failure failure = destination.classify(cause);
        assertThat(failure.reason())
                .doesNotContain(token)
                .doesNotContain("secret-person")
                .doesNotContain("Ann");
        return failure;
    }

    @Test
    void aTenSecondly429WaitsOutTheRollingWindow() {
        hubspot.rateLimits().perTenSeconds(1).headersSent(false); // else the headers say so before the 429
        HubSpotDestination destination = started(props(hubspot, token), clock);

        Failure failure = failure(destination, ONE); // the properties read takes the window's one request

        assertThat(failure.throttled()).isTrue();
        assertThat(failure.retryAfter()).isEqualTo(Duration.ofSeconds(10));
        assertThat(failure.reason()).contains("429", "TEN_SECONDLY_ROLLING");
    }

    @Test
    void aDaily429WaitsForTheAccountsNextDayInItsTimeZoneAskingAgainEveryHour() {
        clock.set(Instant.parse("2026-03-11T03:30:00Z")); // 23:30 in New York (EDT since March 8)
        hubspot.rateLimits()
                .perDay(1)
                .zone(java.time.ZoneId.of("America/New_York"))
                .headersSent(false);
        HubSpotDestination newYork =
                started(props(hubspot, token, HubSpotConfig.ACCOUNT_TIME_ZONE, "America/New_York"), clock);

        Failure failure = failure(newYork, ONE); // the properties read took the day's one request

        assertThat(failure.errorClass()).isEqualTo(ErrorClass.RETRIABLE);
        assertThat(failure.throttled()).isTrue();
        assertThat(failure.retryAfter()).isEqualTo(Duration.ofMinutes(30));
        assertThat(failure.reason()).contains("DAILY", "America/New_York");

        // configured in UTC, the account's midnight looks 20.5 hours away: asked again within the hour
        HubSpotDestination utc = started(props(hubspot, token), clock);
        Failure far = failure(utc, ONE);
        assertThat(far.throttled()).isTrue();
        assertThat(far.retryAfter()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void aSpentDailyBudgetIsLoggedOnceADayNamingTheKeysNotTheToken() {
        clock.set(Instant.parse("2026-03-10T12:00:00Z"));
        hubspot.rateLimits().perDay(1);
        HubSpotDestination destination = started(props(hubspot, token), clock);
        try (LogLines logs = LogLines.capture()) {
            failure(destination, ONE);
            clock.advance(Duration.ofHours(1));
            failure(destination, ONE);
            assertThat(logs.warnings("daily API budget"))
                    .singleElement()
                    .asString()
                    .contains(HubSpotConfig.REQUESTS_PER_DAY, "midnight UTC")
                    .doesNotContain(token);

            clock.advance(Duration.ofHours(12)); // the account's next day: one more write, then spent again
            assertThat(catchException(() -> destination.write("default", ONE))).isNull();
            failure(destination, ONE);
            assertThat(logs.warnings("daily API budget")).hasSize(2);
        }
    }

    @Test
    void aDailyRemainingOfZeroThrottlesTheNextWriteUntilTheAccountsNextDayWithoutARequest() {
        clock.set(Instant.parse("2026-03-10T23:30:00Z"));
        hubspot.rateLimits().perDay(2); // the properties read and one upsert
        HubSpotDestination destination = started(props(hubspot, token), clock);
        assertThat(catchException(() -> destination.write("default", ONE))).isNull();
        int requests = hubspot.requests().size();

        try (LogLines logs = LogLines.capture()) {
            Failure failure = failure(destination, ONE);

            assertThat(failure.throttled()).isTrue();
            assertThat(failure.retryAfter()).isEqualTo(Duration.ofMinutes(30));
            assertThat(failure.reason()).contains("Daily-Remaining", "DAILY", "midnight UTC");
            assertThat(logs.warnings("daily API budget"))
                    .singleElement()
                    .asString()
                    .contains("midnight UTC");
        }
        assertThat(hubspot.requests()).hasSize(requests);
        assertThat(hubspot.rateLimitedCount()).isZero();

        clock.advance(Duration.ofMinutes(30)); // the account's next day: HubSpot's budget is whole again
        assertThat(catchException(() -> destination.write("default", ONE))).isNull();
    }

    @Test
    void aSpentDailyBudgetIsAskedAboutAgainAfterAnHourInCaseTheTimeZoneIsWrong() {
        clock.set(Instant.parse("2026-03-10T12:00:00Z"));
        hubspot.rateLimits().perDay(2);
        HubSpotDestination destination = started(props(hubspot, token), clock);
        assertThat(catchException(() -> destination.write("default", ONE))).isNull();
        assertThat(failure(destination, ONE).retryAfter()).isEqualTo(Duration.ofHours(1));
        int requests = hubspot.requests().size();

        clock.advance(Duration.ofHours(1));
        Failure asked = failure(destination, ONE);

        assertThat(hubspot.requests()).hasSize(requests + 1);
        assertThat(asked.reason()).contains("429", "DAILY");
    }

    @Test
    void aSecondlyRemainingOfZeroThrottlesTheNextWriteForTheRestOfTheIntervalWithoutARequest() {
        hubspot.rateLimits().perTenSeconds(2); // the properties read and one upsert
        HubSpotDestination destination = started(props(hubspot, token), clock);
        assertThat(catchException(() -> destination.write("default", ONE))).isNull();
        int requests = hubspot.requests().size();
        clock.advance(Duration.ofSeconds(4));

        Failure failure = failure(destination, ONE);

        assertThat(failure.throttled()).isTrue();
        assertThat(failure.retryAfter()).isEqualTo(Duration.ofSeconds(6)); // the 10 000 ms interval, less 4 s
        assertThat(failure.reason()).contains("Secondly-Remaining", "TEN_SECONDLY_ROLLING");
        assertThat(hubspot.requests()).hasSize(requests);

        clock.advance(Duration.ofSeconds(6));
        assertThat(catchException(() -> destination.write("default", ONE))).isNull();
        assertThat(hubspot.rateLimitedCount()).isZero();
    }

    @Test
    void withoutRateLimitHeadersWritesGoAndHubSpotsOwn429Decides() {
        hubspot.rateLimits().perDay(2).headersSent(false);
        HubSpotDestination destination = started(props(hubspot, token), clock);
        assertThat(catchException(() -> destination.write("default", ONE))).isNull();

        Failure failure = failure(destination, ONE);

        assertThat(failure.reason()).contains("429", "DAILY");
        assertThat(hubspot.rateLimitedCount()).isEqualTo(1);
    }

    @Test
    void serverErrorsAreRetriable() {
        hubspot.failNext(1, HubSpotFault.serviceUnavailable(), "/batch/upsert");
        HubSpotDestination destination = started(props(hubspot, token), clock);

        Failure failure = failure(destination, ONE);

        assertThat(failure.errorClass()).isEqualTo(ErrorClass.RETRIABLE);
        assertThat(failure.throttled()).isFalse();
        assertThat(failure.reason()).contains("503");
    }

    @Test
    void aRejectedTokenIsFatalNamingTheKey() {
        hubspot.revokeToken(token);
        HubSpotDestination destination = started(props(hubspot, token), clock);

        Failure failure = failure(destination, ONE);

        assertThat(failure.errorClass()).isEqualTo(ErrorClass.FATAL);
        assertThat(failure.reason()).contains("401", HubSpotConfig.ACCESS_TOKEN);
    }

    @Test
    void aMissingScopeIsFatalNamingTheScope() {
        String readOnly = hubspot.createToken("crm.schemas.contacts.read", "crm.objects.contacts.read");
        HubSpotDestination destination = started(props(hubspot, readOnly), clock);

        Failure failure = failure(destination, ONE);

        assertThat(failure.errorClass()).isEqualTo(ErrorClass.FATAL);
        assertThat(failure.reason()).contains("403", "MISSING_SCOPES", "crm.objects.contacts.write");
        assertThat(failure.reason()).doesNotContain(readOnly);
    }

    @Test
    void anUnknownObjectTypeIsFatalNamingTheKey() {
        HubSpotDestination destination = started(
                props(hubspot, token, HubSpotConfig.OBJECT_TYPE, "2-999", HubSpotConfig.ID_PROPERTY, "vin"), clock);

        Failure failure = failure(destination, rows("{\"vin\":\"V1\"}"));

        assertThat(failure.errorClass()).isEqualTo(ErrorClass.FATAL);
        assertThat(failure.reason()).contains(HubSpotConfig.OBJECT_TYPE);
    }

    @Test
    void aNonUniqueIdPropertyIsFatalNamingTheKey() {
        HubSpotDestination destination = started(
                props(hubspot, token, HubSpotConfig.OBJECT_TYPE, "companies", HubSpotConfig.ID_PROPERTY, "domain"),
                clock);

        Failure failure = failure(destination, rows("{\"domain\":\"example.com\"}"));

        assertThat(failure.errorClass()).isEqualTo(ErrorClass.FATAL);
        assertThat(failure.reason()).contains(HubSpotConfig.ID_PROPERTY);
    }

    @Test
    void aFailedBatchThatLeftRowsUnsentConcernsItsOwnRowsAlone() {
        hubspot.failNext(1, HubSpotFault.serverError(), "/batch/upsert");
        HubSpotDestination destination = started(props(hubspot, token, HubSpotConfig.BATCH_SIZE, "1"), clock);

        Exception thrown = catchException(() ->
                destination.write("default", rows("{\"email\":\"a@example.com\"}", "{\"email\":\"b@example.com\"}")));

        assertThat(thrown).isInstanceOf(FirstRowsFailedException.class);
        assertThat(((FirstRowsFailedException) thrown).rows()).isEqualTo(1);
    }

    @Test
    void aLostAnswerIsAmbiguousAndNoConnectionIsRetriable() throws IOException {
        hubspot.failNext(1, HubSpotFault.appliedButResponseLost(), "/batch/upsert");
        Failure lost = failure(started(props(hubspot, token), clock), ONE);
        assertThat(lost.errorClass()).isEqualTo(ErrorClass.AMBIGUOUS);

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Failure unreachable = failure(
                started(props(hubspot, token, HubSpotConfig.API_URL, "http://127.0.0.1:" + closedPort), clock), ONE);
        assertThat(unreachable.errorClass()).isEqualTo(ErrorClass.RETRIABLE);
        assertThat(unreachable.reason()).contains(HubSpotConfig.API_URL);
    }

    @Test
    void anOAuthTokenIsRefreshedBeforeItExpiresAndOnceAfterA401() throws Exception {
        hubspot.createOAuthApp("client-1", "client-secret-1");
        String refresh = hubspot.issueRefreshToken("client-1", HubSpotEmulator.ALL_SCOPES.toArray(String[]::new));
        Map<String, String> oauth = props(
                hubspot,
                null,
                HubSpotConfig.OAUTH_CLIENT_ID,
                "client-1",
                HubSpotConfig.OAUTH_CLIENT_SECRET,
                "client-secret-1",
                HubSpotConfig.OAUTH_REFRESH_TOKEN,
                refresh);
        HubSpotDestination destination = started(oauth, clock);

        destination.write("default", rows("{\"email\":\"a@example.com\"}"));
        assertThat(hubspot.requests("/oauth/v1/token")).hasSize(1);

        clock.advance(Duration.ofMinutes(29).plusSeconds(30)); // within a minute of the 30-minute expiry
        destination.write("default", rows("{\"email\":\"b@example.com\"}"));
        assertThat(hubspot.requests("/oauth/v1/token"))
                .as("refreshed before expiry")
                .hasSize(2);
        assertThat(hubspot.requests("/batch/upsert"))
                .allSatisfy(r -> assertThat(r.status()).isEqualTo(200));

        // the connector's clock says the token is fresh, HubSpot's that it expired: a 401, one refresh, one retry
        ManualClock frozen = new ManualClock(clock.instant());
        HubSpotDestination behind = started(oauth, frozen);
        behind.write("default", rows("{\"email\":\"c@example.com\"}"));
        int refreshes = hubspot.requests("/oauth/v1/token").size();
        clock.advance(Duration.ofMinutes(31));
        behind.write("default", rows("{\"email\":\"d@example.com\"}"));

        assertThat(hubspot.requests("/oauth/v1/token")).hasSize(refreshes + 1);
        assertThat(hubspot.findBy("contacts", "email", "d@example.com")).isPresent();
        assertThat(hubspot.requests("/batch/upsert").stream().map(r -> r.status()))
                .containsSubsequence(401, 200);
    }

    @Test
    void aRevokedRefreshTokenIsFatalNamingTheOAuthKeys() {
        hubspot.createOAuthApp("client-1", "client-secret-1");
        String refresh = hubspot.issueRefreshToken("client-1", "crm.objects.contacts.write");
        hubspot.revokeToken(refresh);
        HubSpotDestination destination = started(
                props(
                        hubspot,
                        null,
                        HubSpotConfig.OAUTH_CLIENT_ID,
                        "client-1",
                        HubSpotConfig.OAUTH_CLIENT_SECRET,
                        "client-secret-1",
                        HubSpotConfig.OAUTH_REFRESH_TOKEN,
                        refresh),
                clock);

        Failure failure = failure(destination, ONE);

        assertThat(failure.errorClass()).isEqualTo(ErrorClass.FATAL);
        assertThat(failure.reason())
                .contains("BAD_REFRESH_TOKEN", HubSpotConfig.OAUTH_REFRESH_TOKEN)
                .doesNotContain(refresh)
                .doesNotContain("client-secret-1");
    }
}

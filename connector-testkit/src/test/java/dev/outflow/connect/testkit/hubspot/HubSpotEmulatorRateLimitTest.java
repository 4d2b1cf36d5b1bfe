package dev.outflow.connect.testkit.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

class HubSpotEmulatorRateLimitTest extends HubSpotEmulatorTestBase {

    private static final String READ = "/crm/v3/objects/contacts/batch/read";
    private static final String BODY = "{\"inputs\":[]}";

    @Test
    void everyAnswerCarriesTheRateLimitHeaders() {
        Answer a = post(READ, BODY);

        assertThat(a.status()).isEqualTo(200);
        assertThat(a.header("X-HubSpot-RateLimit-Daily")).isEqualTo("250000");
        assertThat(a.header("X-HubSpot-RateLimit-Daily-Remaining")).isEqualTo("249999");
        assertThat(a.header("X-HubSpot-RateLimit-Max")).isEqualTo("100");
        assertThat(a.header("X-HubSpot-RateLimit-Remaining")).isEqualTo("99");
        assertThat(a.header("X-HubSpot-RateLimit-Interval-Milliseconds")).isEqualTo("10000");
        assertThat(a.header("X-HubSpot-RateLimit-Secondly")).isEqualTo("10");
        assertThat(a.header("Retry-After")).isNull();
    }

    @Test
    void theTenSecondWindowRollsAndA429SaysWhichPolicy() {
        for (int i = 0; i < 100; i++) {
            assertThat(post(READ, BODY).status()).isEqualTo(200);
            clock.advance(50); // 100 requests over 5 seconds
        }
        Answer refused = post(READ, BODY);
        clock.advance(Duration.ofMillis(5_000)); // the first request is now 10.0 s old: it leaves the window
        Answer again = post(READ, BODY);

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.json().path("errorType").asText()).isEqualTo("RATE_LIMIT");
        assertThat(refused.json().path("policyName").asText()).isEqualTo("TEN_SECONDLY_ROLLING");
        assertThat(refused.header("X-HubSpot-RateLimit-Remaining")).isEqualTo("0");
        assertThat(again.status()).isEqualTo(200);
        assertThat(hubspot.rateLimitedCount()).isEqualTo(1);
        assertThat(hubspot.requests())
                .filteredOn(r -> r.outcome().equals("rate_limited"))
                .hasSize(1);
    }

    @Test
    void aTierSetsBothBudgets() {
        hubspot.rateLimits().tier(HubSpotRateLimits.Tier.PROFESSIONAL);

        Answer a = post(READ, BODY);

        assertThat(a.header("X-HubSpot-RateLimit-Max")).isEqualTo("190");
        assertThat(a.header("X-HubSpot-RateLimit-Daily")).isEqualTo("650000");
    }

    @Test
    void theDailyBudgetRefusesUntilMidnightInTheAccountsZone() {
        ZoneId zone = ZoneId.of("America/New_York");
        clock.set(Instant.parse("2024-03-01T04:00:00Z")); // 23:00 in New York
        hubspot.rateLimits().zone(zone).perDay(3);
        for (int i = 0; i < 3; i++) {
            post(READ, BODY);
            clock.advanceSeconds(11);
        }
        Answer refused = post(READ, BODY);
        clock.set(Instant.parse("2024-03-01T05:00:00Z")); // midnight in New York
        Answer nextDay = post(READ, BODY);

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.json().path("policyName").asText()).isEqualTo("DAILY");
        assertThat(refused.json().path("message").asText()).isEqualTo("You have reached your daily limit.");
        assertThat(nextDay.status()).isEqualTo(200);
        assertThat(nextDay.header("X-HubSpot-RateLimit-Daily-Remaining")).isEqualTo("2");
    }

    @Test
    void privateAppTokensShareTheAccountsBudget() {
        hubspot.rateLimits().perTenSeconds(2);
        String other = hubspot.createToken(HubSpotEmulator.ALL_SCOPES);

        post(READ, BODY);
        send(request(READ, other).POST(HttpRequest.BodyPublishers.ofString(BODY)));
        Answer third = post(READ, BODY);

        assertThat(third.status()).isEqualTo(429);
    }

    @Test
    void requestsRefusedBeforeTheLimiterDoNotCountButErrorsDo() {
        hubspot.rateLimits().perTenSeconds(2);

        send(request(READ, null).POST(HttpRequest.BodyPublishers.ofString(BODY))); // 401: no account to charge
        post(READ, "{not json"); // 400, but counted
        Answer second = post(READ, BODY);
        Answer third = post(READ, BODY);

        assertThat(second.status()).isEqualTo(200);
        assertThat(third.status()).isEqualTo(429);
    }

    @Test
    void theHeadersCanBeLeftOutAsHubSpotSometimesDoes() {
        hubspot.rateLimits().headersSent(false);

        Answer a = post(READ, BODY);

        assertThat(a.status()).isEqualTo(200);
        assertThat(a.raw().headers().map().keySet())
                .noneMatch(h -> h.toLowerCase().startsWith("x-hubspot-ratelimit"));
    }
}

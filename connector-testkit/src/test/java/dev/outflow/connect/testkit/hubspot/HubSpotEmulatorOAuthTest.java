package dev.outflow.connect.testkit.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HubSpotEmulatorOAuthTest extends HubSpotEmulatorTestBase {

    private static final String READ = "/crm/v3/objects/contacts/batch/read";
    private String refreshToken;

    @BeforeEach
    void app() {
        hubspot.createOAuthApp("client-1", "secret-1");
        refreshToken = hubspot.issueRefreshToken("client-1", "crm.objects.contacts.read");
    }

    private Answer refresh(String form) {
        return send(HttpRequest.newBuilder(URI.create(hubspot.baseUrl() + "/oauth/v1/token"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded;charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    private Answer readWith(String accessToken) {
        return send(request(READ, accessToken).POST(HttpRequest.BodyPublishers.ofString("{\"inputs\":[]}")));
    }

    private String validForm() {
        return "grant_type=refresh_token&client_id=client-1&client_secret=secret-1&refresh_token=" + refreshToken;
    }

    @Test
    void aRefreshedAccessTokenWorksUntilItExpiresOnTheClock() {
        Answer token = refresh(validForm());
        String access = token.json().path("access_token").asText();

        Answer fresh = readWith(access);
        clock.advance(Duration.ofMinutes(30).plusSeconds(5));
        Answer expired = readWith(access);

        assertThat(token.status()).isEqualTo(200);
        assertThat(token.json().path("token_type").asText()).isEqualTo("bearer");
        assertThat(token.json().path("expires_in").asLong()).isEqualTo(1800);
        assertThat(token.json().path("refresh_token").asText()).isEqualTo(refreshToken);
        assertThat(fresh.status()).isEqualTo(200);
        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.json().path("category").asText()).isEqualTo("EXPIRED_AUTHENTICATION");
        assertThat(expired.json().path("message").asText())
                .isEqualTo("The OAuth token used to make this call expired 5 second(s) ago.");
    }

    @Test
    void oauthCallsHaveTheirOwnTenSecondBudgetAndNoDailyHeaders() {
        String access = refresh(validForm()).json().path("access_token").asText();

        Answer a = readWith(access);

        assertThat(a.header("X-HubSpot-RateLimit-Max")).isEqualTo("100");
        assertThat(a.header("X-HubSpot-RateLimit-Daily")).isNull();
        assertThat(a.header("X-HubSpot-RateLimit-Daily-Remaining")).isNull();
    }

    @Test
    void oauthScopesAreChecked() {
        String access = refresh(validForm()).json().path("access_token").asText();

        Answer a = send(request("/crm/v3/objects/contacts/batch/upsert", access)
                .POST(HttpRequest.BodyPublishers.ofString(inputs(upsertContact("a@example.com", "{}", null)))));

        assertThat(a.status()).isEqualTo(403);
    }

    @Test
    void badRefreshRequestsAre400WithHubSpotsStatus() {
        Answer badToken =
                refresh("grant_type=refresh_token&client_id=client-1&client_secret=secret-1&refresh_token=nope");
        Answer badSecret = refresh(
                "grant_type=refresh_token&client_id=client-1&client_secret=wrong&refresh_token=" + refreshToken);
        Answer badClient =
                refresh("grant_type=refresh_token&client_id=who&client_secret=secret-1&refresh_token=" + refreshToken);

        assertThat(badToken.status()).isEqualTo(400);
        assertThat(badToken.json().path("status").asText()).isEqualTo("BAD_REFRESH_TOKEN");
        assertThat(badSecret.json().path("status").asText()).isEqualTo("BAD_CLIENT_SECRET");
        assertThat(badClient.json().path("status").asText()).isEqualTo("BAD_CLIENT_ID");
    }

    @Test
    void theTokenRequestIsLoggedWithoutItsSecrets() {
        refresh(validForm());

        assertThat(hubspot.requests()).singleElement().satisfies(r -> {
            assertThat(r.path()).isEqualTo("/oauth/v1/token");
            assertThat(r.body()).isEmpty();
        });
    }
}

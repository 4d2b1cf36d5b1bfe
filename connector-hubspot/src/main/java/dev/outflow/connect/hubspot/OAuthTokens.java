package dev.outflow.connect.hubspot;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.apache.kafka.common.config.types.Password;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Access tokens of a HubSpot OAuth app, bought with the installation's refresh token at
 * {@code POST /oauth/v1/token} and bought again a minute before they expire ({@code expires_in}), so
 * no write goes out with a token about to lapse. HubSpot says a 401 is no sure sign that a new token
 * is needed, so after a 401 the client asks for one {@link #refresh()} and tries once more.
 */
final class OAuthTokens {

    /** Refresh this long before {@code expires_in} runs out: a request in flight must not outlive its token. */
    static final Duration MARGIN = Duration.ofSeconds(60);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI endpoint;
    private final String clientId;
    private final Password clientSecret;
    private final Password refreshToken;
    private final Duration timeout;
    private final Clock clock;
    private String accessToken;
    private Instant refreshAt = Instant.MIN;

    OAuthTokens(
            HttpClient http,
            URI apiUrl,
            String clientId,
            Password clientSecret,
            Password refreshToken,
            Duration timeout,
            Clock clock) {
        this.http = http;
        this.endpoint = URI.create(apiUrl + "/oauth/v1/token");
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.refreshToken = refreshToken;
        this.timeout = timeout;
        this.clock = clock;
    }

    /** A token valid for at least {@link #MARGIN}, refreshed first when needed. */
    synchronized String current() throws IOException, InterruptedException, TokenRefreshException {
        if (accessToken == null || !clock.instant().isBefore(refreshAt)) {
            refresh();
        }
        return accessToken;
    }

    /** Buys a new access token now. */
    synchronized void refresh() throws IOException, InterruptedException, TokenRefreshException {
        String form = "grant_type=refresh_token&client_id=" + encode(clientId) + "&client_secret="
                + encode(clientSecret.value()) + "&refresh_token=" + encode(refreshToken.value());
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        Instant asked = clock.instant();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode body = parse(response.body());
        if (response.statusCode() != 200 || !body.path("access_token").isTextual()) {
            String code = body.path("status").isTextual() ? body.path("status").asText() : null;
            throw new TokenRefreshException(response.statusCode(), code);
        }
        accessToken = body.path("access_token").asText();
        long lifetime = body.path("expires_in").asLong(1_800);
        refreshAt = asked.plusSeconds(lifetime).minus(MARGIN);
    }

    private static JsonNode parse(String body) {
        try {
            JsonNode node = JSON.readTree(body == null ? "" : body);
            return node == null ? JSON.createObjectNode() : node;
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }
}

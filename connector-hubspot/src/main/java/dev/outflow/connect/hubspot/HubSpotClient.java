package dev.outflow.connect.hubspot;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.apache.kafka.common.config.types.Password;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * HubSpot's REST API through the JDK's HTTP client: JSON in and out, the bearer token of a private app
 * or of an OAuth app ({@link OAuthTokens}), an error status turned into a {@link HubSpotException}. It
 * never retries on its own (the framework does, with its limiter), except once after a 401 with OAuth,
 * with a freshly bought token.
 */
final class HubSpotClient {

    /** An answer HubSpot gave with a 2xx status (a 207 included); {@code body} is an empty object when there was none. */
    record Answer(int status, JsonNode body) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI apiUrl;
    private final Duration timeout;
    private final Password staticToken;
    private final OAuthTokens oauth;
    private final Consumer<HttpHeaders> answerHeaders;

    /** @param answerHeaders told the headers of every answer (HubSpot's rate-limit headers are read there) */
    HubSpotClient(HubSpotConfig config, Clock clock, Consumer<HttpHeaders> answerHeaders) {
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.apiUrl = config.apiUrl();
        this.timeout = Duration.ofMillis(config.requestTimeoutMs());
        this.staticToken = config.accessToken();
        this.oauth = staticToken != null
                ? null
                : new OAuthTokens(
                        http,
                        apiUrl,
                        config.oauthClientId(),
                        config.oauthClientSecret(),
                        config.oauthRefreshToken(),
                        timeout,
                        clock);
        this.answerHeaders = answerHeaders;
    }

    boolean usesOAuth() {
        return oauth != null;
    }

    Answer get(String path) throws IOException, InterruptedException, HubSpotException, TokenRefreshException {
        return send(path, null);
    }

    Answer post(String path, JsonNode body)
            throws IOException, InterruptedException, HubSpotException, TokenRefreshException {
        return send(path, JSON.writeValueAsString(body));
    }

    /** The path of an object type's endpoints, with the type encoded as one path segment. */
    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private Answer send(String path, String json)
            throws IOException, InterruptedException, HubSpotException, TokenRefreshException {
        HttpResponse<String> response = http.send(request(path, json, token()), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 401 && oauth != null) {
            // HubSpot: a 401 is no sure sign the token lapsed; one fresh token and one more try, then it is an answer
            oauth.refresh();
            response = http.send(request(path, json, oauth.current()), HttpResponse.BodyHandlers.ofString());
        }
        answerHeaders.accept(response.headers());
        JsonNode body = parse(response.body());
        if (response.statusCode() >= 300) {
            throw error(path, response.statusCode(), body);
        }
        return new Answer(response.statusCode(), body);
    }

    private String token() throws IOException, InterruptedException, TokenRefreshException {
        return oauth != null ? oauth.current() : staticToken.value();
    }

    private HttpRequest request(String path, String json, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(apiUrl + path))
                .timeout(timeout)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
        if (json == null) {
            return builder.GET().build();
        }
        return builder.header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
    }

    /** The error, with only what is safe to log: HubSpot's messages often quote the values sent. */
    private static HubSpotException error(String path, int status, JsonNode body) {
        String category = text(body.path("category"));
        if (category == null) {
            category = text(body.path("errorType"));
        }
        List<String> scopes = new ArrayList<>();
        for (JsonNode error : body.path("errors")) {
            error.path("context").path("requiredScopes").forEach(scope -> scopes.add(scope.asText()));
        }
        String message = text(body.path("message"));
        String safe = message != null
                        && (message.startsWith("Unable to infer object type")
                                || message.startsWith("Unable to perform update/upsert by non-unique"))
                ? message
                : null;
        return new HubSpotException(callName(path), status, category, text(body.path("policyName")), scopes, safe);
    }

    /** "POST .../batch/upsert": the endpoint, without the host (which may be a gateway's, with a credential). */
    private static String callName(String path) {
        int batch = path.indexOf("/batch/");
        return batch >= 0 ? "HubSpot " + path.substring(batch + 1) : "HubSpot " + path;
    }

    private static String text(JsonNode node) {
        return node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode node = JSON.readTree(body);
            return node == null ? JSON.createObjectNode() : node;
        } catch (IOException e) {
            return JSON.createObjectNode(); // a gateway's HTML error page: the status says enough
        }
    }
}

package dev.outflow.connect.http;

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
import java.util.Base64;

import org.apache.kafka.common.config.types.Password;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.outflow.connect.http.HttpConfig.ClientAuthMethod;

/**
 * Access tokens from the client credentials grant (RFC 6749, 4.4): a form POST of
 * {@code grant_type=client_credentials} (with {@code scope} and {@code audience} when set), the client
 * authenticated by HTTP Basic or, with {@code client_secret_post}, by its id and secret in the form;
 * never both. A token is kept until {@link #MARGIN} (at most half its life) before its
 * {@code expires_in}; without {@code expires_in}, until the API answers 401 ({@link #invalidate}).
 */
final class OAuth2Tokens {

    /** Refresh this long before a token expires, so no request goes out with a token about to lapse. */
    static final Duration MARGIN = Duration.ofSeconds(60);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI endpoint;
    private final String clientId;
    private final Password clientSecret;
    private final String scope;
    private final String audience;
    private final ClientAuthMethod authMethod;
    private final Duration timeout;
    private final Clock clock;

    private String token;
    /** When the token must be replaced; null while it has no known end. */
    private Instant refreshAt;

    OAuth2Tokens(HttpClient http, HttpConfig config, Clock clock) {
        this.http = http;
        this.endpoint = config.oauth2TokenUrl();
        this.clientId = config.oauth2ClientId();
        this.clientSecret = config.oauth2ClientSecret();
        this.scope = config.oauth2Scope();
        this.audience = config.oauth2Audience();
        this.authMethod = config.oauth2ClientAuthMethod();
        this.timeout = config.timeout();
        this.clock = clock;
    }

    /** A token that is not about to expire, fetched first when there is none. */
    synchronized String current() throws TokenException, InterruptedException {
        if (token == null || refreshAt != null && !clock.instant().isBefore(refreshAt)) {
            fetch();
        }
        return token;
    }

    /** The API refused {@code refused} with a 401: the next {@link #current} fetches another (unless one already did). */
    synchronized void invalidate(String refused) {
        if (refused != null && refused.equals(token)) {
            token = null;
        }
    }

    private void fetch() throws TokenException, InterruptedException {
        StringBuilder form = new StringBuilder("grant_type=client_credentials");
        if (!scope.isEmpty()) {
            form.append("&scope=").append(encode(scope));
        }
        if (!audience.isEmpty()) {
            form.append("&audience=").append(encode(audience));
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json");
        if (authMethod == ClientAuthMethod.CLIENT_SECRET_POST) {
            form.append("&client_id=")
                    .append(encode(clientId))
                    .append("&client_secret=")
                    .append(encode(clientSecret.value()));
        } else {
            // RFC 6749 2.3.1: each part form-encoded before they are joined and base64-encoded
            String pair = encode(clientId) + ":" + encode(clientSecret.value());
            request.header(
                    "Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        request.POST(HttpRequest.BodyPublishers.ofString(form.toString()));
        Instant asked = clock.instant();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new TokenException(
                    "the OAuth2 token endpoint could not be reached ("
                            + e.getClass().getSimpleName() + "); check " + HttpConfig.OAUTH2_TOKEN_URL,
                    true);
        }
        JsonNode body = parse(response.body());
        int status = response.statusCode();
        if (status != 200 || !body.path("access_token").isTextual()) {
            String error = body.path("error").isTextual()
                    ? " " + safeCode(body.path("error").asText())
                    : "";
            boolean retriable = status >= 500 || status == 429;
            throw new TokenException(
                    "the OAuth2 token endpoint answered " + status + error
                            + (retriable
                                    ? ""
                                    : status == 200
                                            ? " without an access_token"
                                            : "; check " + HttpConfig.OAUTH2_CLIENT_ID + ", "
                                                    + HttpConfig.OAUTH2_CLIENT_SECRET + ", "
                                                    + HttpConfig.OAUTH2_CLIENT_AUTH_METHOD + " and "
                                                    + HttpConfig.OAUTH2_SCOPE),
                    retriable);
        }
        token = body.path("access_token").asText();
        long lifetime = body.path("expires_in").asLong(0);
        refreshAt = lifetime > 0
                ? asked.plusSeconds(lifetime)
                        .minus(min(MARGIN, Duration.ofSeconds(lifetime).dividedBy(2)))
                : null;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** RFC 6749 error codes are short ASCII words; anything else is not repeated. */
    private static String safeCode(String code) {
        return code.matches("[a-z_]{1,40}") ? code : "(an error code)";
    }

    private static JsonNode parse(byte[] body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node == null ? JSON.createObjectNode() : node;
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }
}

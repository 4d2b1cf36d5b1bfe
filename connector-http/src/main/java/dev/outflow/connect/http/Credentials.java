package dev.outflow.connect.http;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;

/**
 * The {@code Authorization} header of {@code http.auth.type}: none, basic, bearer, or an OAuth2 token
 * from the client credentials grant. Secrets are unwrapped here, where requests are built, and nowhere
 * else.
 */
final class Credentials {

    /** Null for none, else the fixed header value (basic, bearer). */
    private final String fixed;
    /** Null unless {@code oauth2}. */
    private final OAuth2Tokens tokens;

    private Credentials(String fixed, OAuth2Tokens tokens) {
        this.fixed = fixed;
        this.tokens = tokens;
    }

    static Credentials of(HttpConfig config, HttpClient http, Clock clock) {
        return switch (config.authType()) {
            case NONE -> new Credentials(null, null);
            case BASIC -> {
                String pair =
                        config.basicUsername() + ":" + config.basicPassword().value();
                yield new Credentials(
                        "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)), null);
            }
            case BEARER -> new Credentials("Bearer " + config.bearerToken().value(), null);
            case OAUTH2 -> new Credentials(null, new OAuth2Tokens(http, config, clock));
        };
    }

    /** The header's value for the next request, or null when requests carry none. */
    String authorization() throws TokenException, InterruptedException {
        return tokens == null ? fixed : "Bearer " + tokens.current();
    }

    /** Whether a 401 is worth one more try with a new token: only a token we fetch can be renewed. */
    boolean renewable() {
        return tokens != null;
    }

    /** The API answered 401 to {@code authorization}: the next request fetches a new token. */
    void refused(String authorization) {
        if (tokens != null && authorization != null) {
            tokens.invalidate(authorization.substring("Bearer ".length()));
        }
    }

    /** The OAuth2 tokens, for the access check; null unless {@code oauth2}. */
    OAuth2Tokens tokens() {
        return tokens;
    }
}

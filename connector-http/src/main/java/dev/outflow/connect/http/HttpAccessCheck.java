package dev.outflow.connect.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.outflow.connect.core.api.config.ConfigProblem;
import dev.outflow.connect.core.api.template.TemplateException;
import dev.outflow.connect.http.HttpConfig.AuthType;

/**
 * What {@code validate()} checks against the network when {@code http.validate.reachability.enabled}
 * is on, each problem on the key to fix: with OAuth2, that the token endpoint gives a token for the
 * client credentials; and that the host of the URL, rendered from the sample record
 * ({@link SampleRecord}), answers a {@code HEAD /} at all (any status will do: the check is that it
 * can be reached, not what it allows). Nothing is written.
 */
final class HttpAccessCheck {

    /** The keys the check needs valid. */
    static final Set<String> KEYS = Set.of(
            HttpConfig.URL,
            HttpConfig.TIMEOUT_MS,
            HttpConfig.AUTH_TYPE,
            HttpConfig.OAUTH2_TOKEN_URL,
            HttpConfig.OAUTH2_CLIENT_ID,
            HttpConfig.OAUTH2_CLIENT_SECRET,
            HttpConfig.OAUTH2_SCOPE,
            HttpConfig.OAUTH2_AUDIENCE,
            HttpConfig.OAUTH2_CLIENT_AUTH_METHOD,
            HttpConfig.VALIDATE_REACHABILITY_ENABLED);

    private final HttpConfig config;
    private final Clock clock;
    private final List<ConfigProblem> problems = new ArrayList<>();

    HttpAccessCheck(Map<String, String> props, Clock clock) {
        this.config = HttpConfig.only(KEYS, props);
        this.clock = clock;
    }

    List<ConfigProblem> problems() {
        if (!config.validateReachability()) {
            return problems;
        }
        HttpClient http = HttpDestination.client(config);
        try {
            if (config.authType() == AuthType.OAUTH2 && oauth2Complete()) {
                checkToken(http);
            }
            checkHost(http);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return problems;
    }

    /** The rules between the auth keys report what is missing; the check runs when nothing is. */
    private boolean oauth2Complete() {
        return HttpConfig.httpUrlProblem(config.getString(HttpConfig.OAUTH2_TOKEN_URL)) == null
                && config.oauth2ClientId() != null
                && !config.oauth2ClientId().isBlank()
                && config.oauth2ClientSecret() != null;
    }

    private void checkToken(HttpClient http) throws InterruptedException {
        try {
            new OAuth2Tokens(http, config, clock).current();
        } catch (TokenException e) {
            problems.add(new ConfigProblem(
                    e.retriable() ? HttpConfig.OAUTH2_TOKEN_URL : HttpConfig.OAUTH2_CLIENT_SECRET, e.getMessage()));
        }
    }

    private void checkHost(HttpClient http) throws InterruptedException {
        URI uri;
        try {
            uri = UrlTemplate.compile(config.url()).render(SampleRecord.scope());
        } catch (TemplateException e) {
            return; // the key's own validation says what is wrong
        }
        URI root = URI.create(UrlTemplate.origin(uri) + "/");
        HttpRequest head = HttpRequest.newBuilder(root)
                .timeout(config.timeout())
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build();
        try {
            http.send(head, HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            problems.add(new ConfigProblem(
                    HttpConfig.URL,
                    UrlTemplate.origin(uri) + " could not be reached ("
                            + e.getClass().getSimpleName()
                            + "); check the URL's host and port, or turn "
                            + HttpConfig.VALIDATE_REACHABILITY_ENABLED + " off if only the workers can reach it"));
        }
    }
}

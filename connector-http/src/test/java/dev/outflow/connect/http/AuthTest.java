package dev.outflow.connect.http;

import static dev.outflow.connect.http.HttpTestSupport.props;
import static dev.outflow.connect.http.HttpTestSupport.rows;
import static dev.outflow.connect.http.HttpTestSupport.started;
import static dev.outflow.connect.http.HttpTestSupport.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.outflow.connect.core.api.ErrorClass;
import dev.outflow.connect.core.api.Failure;
import dev.outflow.connect.core.api.WriteResult;
import dev.outflow.connect.testkit.ManualClock;
import dev.outflow.connect.testkit.http.Answer;
import dev.outflow.connect.testkit.http.RecordedRequest;
import dev.outflow.connect.testkit.http.TestHttpServer;

/**
 * Each authentication type, and the OAuth2 client credentials grant: the token request, caching, refresh
 * before expiry, one retry after a 401, and what the token endpoint's failures mean. The test server
 * plays the token endpoint at {@code /token} and the API at {@code /hook}.
 */
class AuthTest {

    private TestHttpServer server;
    private final ManualClock clock = new ManualClock();
    private final AtomicInteger issued = new AtomicInteger();
    /** The token endpoint's {@code expires_in}; null: none given. */
    private volatile Integer expiresIn = 3600;
    /** The tokens the API refuses with a 401. */
    private volatile List<String> refusedTokens = List.of();

    @BeforeEach
    void start() throws Exception {
        server = TestHttpServer.start();
        server.answerByDefault(request -> {
            if (request.path().equals("/token")) {
                String token = "t" + issued.incrementAndGet();
                return Answer.ok()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\""
                                + (expiresIn == null ? "" : ",\"expires_in\":" + expiresIn) + "}");
            }
            String authorization = request.header("Authorization");
            return refusedTokens.stream().anyMatch(t -> ("Bearer " + t).equals(authorization))
                    ? Answer.status(401)
                    : Answer.ok();
        });
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpDestination oauth2(String... extra) {
        String[] keys = {
            HttpConfig.AUTH_TYPE, "oauth2",
            HttpConfig.OAUTH2_TOKEN_URL, server.url("/token"),
            HttpConfig.OAUTH2_CLIENT_ID, "client 1",
            HttpConfig.OAUTH2_CLIENT_SECRET, "s3cret:&"
        };
        String[] all = new String[keys.length + extra.length];
        System.arraycopy(keys, 0, all, 0, keys.length);
        System.arraycopy(extra, 0, all, keys.length, extra.length);
        return started(props(server, all), clock);
    }

    private List<RecordedRequest> tokenRequests() {
        return server.requests().stream().filter(r -> r.path().equals("/token")).toList();
    }

    private List<RecordedRequest> apiRequests() {
        return server.requests().stream().filter(r -> r.path().equals("/hook")).toList();
    }

    @Test
    void noneSendsNoCredentials() throws Exception {
        write(started(props(server), clock), rows("{\"id\":1}"));

        assertThat(server.requests().get(0).header("Authorization")).isNull();
    }

    @Test
    void basicSendsTheUserAndPassword() throws Exception {
        write(
                started(
                        props(
                                server,
                                HttpConfig.AUTH_TYPE,
                                "basic",
                                HttpConfig.BASIC_USERNAME,
                                "ann",
                                HttpConfig.BASIC_PASSWORD,
                                "pa:ss"),
                        clock),
                rows("{\"id\":1}"));

        assertThat(server.requests().get(0).header("Authorization"))
                .isEqualTo("Basic " + Base64.getEncoder().encodeToString("ann:pa:ss".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void bearerSendsTheToken() throws Exception {
        write(
                started(props(server, HttpConfig.AUTH_TYPE, "bearer", HttpConfig.BEARER_TOKEN, "tok-1"), clock),
                rows("{\"id\":1}"));

        assertThat(server.requests().get(0).header("Authorization")).isEqualTo("Bearer tok-1");
    }

    @Test
    void oauth2AsksForATokenWithBasicClientAuthenticationAndSendsIt() throws Exception {
        HttpDestination destination =
                oauth2(HttpConfig.OAUTH2_SCOPE, "write:events read", HttpConfig.OAUTH2_AUDIENCE, "https://api");

        write(destination, rows("{\"id\":1}"));

        RecordedRequest token = tokenRequests().get(0);
        assertThat(token.method()).isEqualTo("POST");
        assertThat(token.header("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
        assertThat(token.bodyText())
                .isEqualTo("grant_type=client_credentials&scope=write%3Aevents+read&audience=https%3A%2F%2Fapi");
        // RFC 6749 2.3.1: id and secret form-encoded, then joined with ':' and base64-encoded
        assertThat(token.header("Authorization"))
                .isEqualTo("Basic "
                        + Base64.getEncoder().encodeToString("client+1:s3cret%3A%26".getBytes(StandardCharsets.UTF_8)));
        assertThat(apiRequests().get(0).header("Authorization")).isEqualTo("Bearer t1");
    }

    @Test
    void clientSecretPostPutsTheCredentialsInTheFormAndNotInAHeader() throws Exception {
        write(oauth2(HttpConfig.OAUTH2_CLIENT_AUTH_METHOD, "client_secret_post"), rows("{\"id\":1}"));

        RecordedRequest token = tokenRequests().get(0);
        assertThat(token.header("Authorization")).isNull();
        assertThat(token.bodyText())
                .isEqualTo("grant_type=client_credentials&client_id=client+1&client_secret=s3cret%3A%26");
    }

    @Test
    void theTokenIsCachedAndRefreshedAMarginBeforeItExpires() throws Exception {
        HttpDestination destination = oauth2();

        write(destination, rows("{\"id\":1}"));
        clock.advance(Duration.ofSeconds(3600).minus(OAuth2Tokens.MARGIN).minusSeconds(1));
        write(destination, rows("{\"id\":2}"));
        clock.advanceSeconds(1);
        write(destination, rows("{\"id\":3}"));

        assertThat(tokenRequests()).hasSize(2);
        assertThat(apiRequests())
                .extracting(r -> r.header("Authorization"))
                .containsExactly("Bearer t1", "Bearer t1", "Bearer t2");
    }

    @Test
    void aTokenWithoutExpiryIsKeptUntilA401() throws Exception {
        expiresIn = null;
        HttpDestination destination = oauth2();

        write(destination, rows("{\"id\":1}"));
        clock.advance(Duration.ofDays(2));
        write(destination, rows("{\"id\":2}"));

        assertThat(tokenRequests()).hasSize(1);
    }

    @Test
    void a401GetsANewTokenAndOneRetryInsideTheSameWrite() throws Exception {
        refusedTokens = List.of("t1");
        HttpDestination destination = oauth2();

        WriteResult result = write(destination, rows("{\"id\":1}"));

        assertThat(result.rejected()).isEmpty();
        assertThat(tokenRequests()).hasSize(2);
        assertThat(apiRequests()).extracting(r -> r.header("Authorization")).containsExactly("Bearer t1", "Bearer t2");
        assertThat(apiRequests())
                .extracting(r -> r.header("Idempotency-Key"))
                .containsOnly("\"orders-http:orders:0:0\"");
    }

    @Test
    void a401ToTheNewTokenIsFatal() {
        refusedTokens = List.of("t1", "t2");
        HttpDestination destination = oauth2();

        Failure failure = destination.classify(catchException(() -> write(destination, rows("{\"id\":1}"))));

        assertThat(failure.errorClass()).isEqualTo(ErrorClass.FATAL);
        assertThat(failure.reason()).contains("401", HttpConfig.OAUTH2_SCOPE);
        assertThat(apiRequests()).hasSize(2);
    }

    @Test
    void aTokenEndpointServerErrorIsRetriableAndNothingIsSent() {
        server.enqueue(Answer.status(503));
        HttpDestination destination = oauth2();

        Failure failure = destination.classify(catchException(() -> write(destination, rows("{\"id\":1}"))));

        assertThat(failure.errorClass()).isEqualTo(ErrorClass.RETRIABLE);
        assertThat(apiRequests()).isEmpty();
    }

    @Test
    void refusedClientCredentialsAreFatalWithoutTheSecret() {
        server.enqueue(Answer.status(401).withBody("{\"error\":\"invalid_client\",\"error_description\":\"s3cret\"}"));
        HttpDestination destination = oauth2();

        Failure failure = destination.classify(catchException(() -> write(destination, rows("{\"id\":1}"))));

        assertThat(failure.errorClass()).isEqualTo(ErrorClass.FATAL);
        assertThat(failure.reason())
                .contains("401 invalid_client", HttpConfig.OAUTH2_CLIENT_SECRET)
                .doesNotContain("s3cret");
    }

    @Test
    void anUnreachableTokenEndpointIsRetriable() throws Exception {
        int closedPort;
        try (TestHttpServer gone = TestHttpServer.start()) {
            closedPort = gone.port();
        }
        HttpDestination destination = oauth2(HttpConfig.OAUTH2_TOKEN_URL, "http://127.0.0.1:" + closedPort + "/token");

        Failure failure = destination.classify(catchException(() -> write(destination, rows("{\"id\":1}"))));

        assertThat(failure.errorClass()).isEqualTo(ErrorClass.RETRIABLE);
        assertThat(failure.reason()).contains(HttpConfig.OAUTH2_TOKEN_URL);
    }
}

package dev.outflow.connect.testkit.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.outflow.connect.testkit.ManualClock;
import dev.outflow.connect.testkit.http.OAuth2Tokens.ClientAuthentication;

class TestHttpServerOAuth2Test {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FORM = "application/x-www-form-urlencoded";

    private final HttpClient client = HttpClient.newHttpClient();
    private final ManualClock clock = new ManualClock();

    private static String basic(String id, String secret) {
        String pair =
                URLEncoder.encode(id, StandardCharsets.UTF_8) + ":" + URLEncoder.encode(secret, StandardCharsets.UTF_8);
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> send(String method, String url, String body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> tokenRequest(TestHttpServer server, String form, String... headers)
            throws IOException, InterruptedException {
        String[] withType = new String[headers.length + 2];
        withType[0] = "Content-Type";
        withType[1] = FORM;
        System.arraycopy(headers, 0, withType, 2, headers.length);
        return send("POST", server.url("/oauth/token"), form, withType);
    }

    private String token(TestHttpServer server) throws IOException, InterruptedException {
        HttpResponse<String> response =
                tokenRequest(server, "grant_type=client_credentials", "Authorization", basic("app", "s3cret"));
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body()).path("access_token").asText();
    }

    private HttpResponse<String> api(TestHttpServer server, String token, String body)
            throws IOException, InterruptedException {
        return send("POST", server.url("/rows"), body, "Authorization", "Bearer " + token);
    }

    private static void assertTokenError(HttpResponse<String> response, int status, String error) throws IOException {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(JSON.readTree(response.body()).path("error").asText()).isEqualTo(error);
    }

    private static void assertInvalidToken(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(
                        challenge -> assertThat(challenge).startsWith("Bearer ").contains("error=\"invalid_token\""));
    }

    @Test
    void aClientCredentialsGrantWithBasicAuthenticationGetsABearerTokenThatOpensTheApi() throws Exception {
        try (TestHttpServer server = TestHttpServer.start()) {
            OAuth2Tokens oauth = server.oauth2("app", "s3cret").clock(clock).lifetime(Duration.ofMinutes(5));

            HttpResponse<String> response =
                    tokenRequest(server, "grant_type=client_credentials", "Authorization", basic("app", "s3cret"));
            JsonNode body = JSON.readTree(response.body());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json;charset=UTF-8");
            assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
            assertThat(body.path("token_type").asText()).isEqualTo("Bearer");
            assertThat(body.path("expires_in").asLong()).isEqualTo(300);
            assertThat(body.has("refresh_token")).isFalse();
            assertThat(api(server, body.path("access_token").asText(), "rows").statusCode())
                    .isEqualTo(200);
            assertThat(oauth.tokensIssued()).isEqualTo(1);
            assertThat(server.requests())
                    .as("the token request carries the secret and is not recorded")
                    .extracting(RecordedRequest::path)
                    .containsExactly("/rows");
        }
    }

    @Test
    void aRequestWithoutAValidTokenGets401AndIsNotAppliedNorAnsweredFromTheScript() throws Exception {
        try (TestHttpServer server = TestHttpServer.start()) {
            OAuth2Tokens oauth = server.oauth2("app", "s3cret").clock(clock);
            server.enqueue(Answer.status(201));

            HttpResponse<String> missing = send("POST", server.url("/rows"), "a");
            HttpResponse<String> unknown = api(server, "not-a-token", "b");
            HttpResponse<String> valid = api(server, token(server), "c");

            assertThat(missing.statusCode()).isEqualTo(401);
            assertThat(missing.headers().firstValue("WWW-Authenticate"))
                    .hasValueSatisfying(challenge ->
                            assertThat(challenge).startsWith("Bearer ").doesNotContain("error="));
            assertInvalidToken(unknown);
            assertThat(valid.statusCode()).isEqualTo(201);
            assertThat(server.applied()).extracting(RecordedRequest::bodyText).containsExactly("c");
            assertThat(oauth.refused()).isEqualTo(2);
        }
    }

    @Test
    void aTokenExpiresAfterItsLifetimeOnTheClock() throws Exception {
        try (TestHttpServer server = TestHttpServer.start()) {
            server.oauth2("app", "s3cret").clock(clock).lifetime(Duration.ofSeconds(60));
            String token = token(server);

            clock.advanceSeconds(59);
            assertThat(api(server, token, "in time").statusCode()).isEqualTo(200);
            clock.advanceSeconds(1);
            assertInvalidToken(api(server, token, "expired"));
            assertThat(api(server, token(server), "renewed").statusCode()).isEqualTo(200);

            assertThat(server.applied()).extracting(RecordedRequest::bodyText).containsExactly("in time", "renewed");
        }
    }

    @Test
    void withoutExpiresInTheAnswerLeavesItOutButTheTokenStillExpires() throws Exception {
        try (TestHttpServer server = TestHttpServer.start()) {
            server.oauth2("app", "s3cret")
                    .clock(clock)
                    .lifetime(Duration.ofSeconds(10))
                    .withoutExpiresIn();

            HttpResponse<String> response =
                    tokenRequest(server, "grant_type=client_credentials", "Authorization", basic("app", "s3cret"));
            String token = JSON.readTree(response.body()).path("access_token").asText();
            clock.advanceSeconds(10);

            assertThat(JSON.readTree(response.body()).has("expires_in")).isFalse();
            assertInvalidToken(api(server, token, "late"));
        }
    }

    @Test
    void rotateTokensInvalidatesEveryIssuedTokenAndANewOneWorks() throws Exception {
        try (TestHttpServer server = TestHttpServer.start()) {
            OAuth2Tokens oauth = server.oauth2("app", "s3cret").clock(clock);
            String first = token(server);
            String second = token(server);

            oauth.rotateTokens();

            assertInvalidToken(api(server, first, "a"));
            assertInvalidToken(api(server, second, "b"));
            assertThat(api(server, token(server), "c").statusCode()).isEqualTo(200);
            assertThat(oauth.tokensIssued()).isEqualTo(3);
            assertThat(oauth.refused()).isEqualTo(2);
        }
    }

    @Test
    void tokensRotateByThemselvesEveryNAcceptedApiRequests() throws Exception {
        try (TestHttpServer server = TestHttpServer.start()) {
            server.oauth2("app", "s3cret").clock(clock).rotateEvery(2);
            String token = token(server);

            assertThat(api(server, token, "1").statusCode()).isEqualTo(200);
            assertThat(api(server, token, "2").statusCode()).isEqualTo(200);
            assertInvalidToken(api(server, token, "3"));
            assertThat(api(server, token(server), "3").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void postAuthenticationWorksOnlyWhenAcceptedAndBasicOnlyWhenAccepted() throws Exception {
        try (TestHttpServer server = TestHttpServer.start()) {
            OAuth2Tokens oauth = server.oauth2("app", "s3cret").clock(clock);
            String inBody = "grant_type=client_credentials&client_id=app&client_secret=s3cret";

            HttpResponse<String> postRefused = tokenRequest(server, inBody);
            assertTokenError(postRefused, 401, "invalid_client");
            assertThat(postRefused.headers().firstValue("WWW-Authenticate"))
                    .hasValue("Basic realm=\"test-http-server\"");

            oauth.accept(ClientAuthentication.POST);
            assertThat(tokenRequest(server, inBody).statusCode()).isEqualTo(200);
            HttpResponse<String> basicRefused =
                    tokenRequest(server, "grant_type=client_credentials", "Authorization", basic("app", "s3cret"));
            assertTokenError(basicRefused, 401, "invalid_client");
            assertThat(basicRefused.headers().firstValue("WWW-Authenticate"))
                    .hasValue("Basic realm=\"test-http-server\"");

            oauth.accept(ClientAuthentication.BASIC, ClientAuthentication.POST);
            assertThat(tokenRequest(server, inBody).statusCode()).isEqualTo(200);
            assertThat(tokenRequest(server, "grant_type=client_credentials", "Authorization", basic("app", "s3cret"))
                            .statusCode())
                    .isEqualTo(200);
            assertThat(oauth.tokensIssued()).isEqualTo(3);
        }
    }

    @Test
    void credentialsInTheHeaderAndTheBodyTogetherGet400InvalidRequest() throws Exception {
        try (TestHttpServer server = TestHttpServer.start()) {
            server.oauth2("app", "s3cret").clock(clock).accept(ClientAuthentication.BASIC, ClientAuthentication.POST);

            assertTokenError(
                    tokenRequest(
                            server,
                            "grant_type=client_credentials&client_id=app&client_secret=s3cret",
                            "Authorization",
                            basic("app", "s3cret")),
                    400,
                    "invalid_request");
        }
    }

    @Test
    void badClientCredentialsGet401InvalidClientWithABasicChallenge() throws Exception {
        try (TestHttpServer server = TestHttpServer.start()) {
            OAuth2Tokens oauth = server.oauth2("app", "s3cret").clock(clock);

            HttpResponse<String> wrongSecret =
                    tokenRequest(server, "grant_type=client_credentials", "Authorization", basic("app", "guess"));
            HttpResponse<String> none = tokenRequest(server, "grant_type=client_credentials");

            assertTokenError(wrongSecret, 401, "invalid_client");
            assertThat(wrongSecret.headers().firstValue("WWW-Authenticate"))
                    .hasValue("Basic realm=\"test-http-server\"");
            assertTokenError(none, 401, "invalid_client");
            assertThat(wrongSecret.body()).doesNotContain("guess");
            assertThat(oauth.tokensIssued()).isZero();
        }
    }

    @Test
    void malformedTokenRequestsGet400InvalidRequestAndOtherGrantsUnsupportedGrantType() throws Exception {
        try (TestHttpServer server = TestHttpServer.start()) {
            server.oauth2("app", "s3cret").clock(clock);
            String credentials = basic("app", "s3cret");

            assertTokenError(
                    send("GET", server.url("/oauth/token"), "", "Authorization", credentials), 400, "invalid_request");
            assertTokenError(
                    send(
                            "POST",
                            server.url("/oauth/token"),
                            "{\"grant_type\":\"client_credentials\"}",
                            "Content-Type",
                            "application/json",
                            "Authorization",
                            credentials),
                    400,
                    "invalid_request");
            assertTokenError(tokenRequest(server, "scope=write", "Authorization", credentials), 400, "invalid_request");
            assertTokenError(
                    tokenRequest(
                            server, "grant_type=client_credentials&grant_type=password", "Authorization", credentials),
                    400,
                    "invalid_request");
            assertTokenError(
                    tokenRequest(server, "grant_type=password&username=u&password=p", "Authorization", credentials),
                    400,
                    "unsupported_grant_type");
        }
    }

    @Test
    void aScopeOutsideTheAllowedOnesOrAMissingRequiredScopeGetsInvalidScope() throws Exception {
        try (TestHttpServer server = TestHttpServer.start()) {
            server.oauth2("app", "s3cret")
                    .clock(clock)
                    .scopes("rows.write", "rows.read")
                    .requireScope();
            String credentials = basic("app", "s3cret");

            HttpResponse<String> granted = tokenRequest(
                    server, "grant_type=client_credentials&scope=rows.write", "Authorization", credentials);

            assertThat(granted.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(granted.body()).path("scope").asText()).isEqualTo("rows.write");
            assertTokenError(
                    tokenRequest(
                            server,
                            "grant_type=client_credentials&scope=rows.write+admin",
                            "Authorization",
                            credentials),
                    400,
                    "invalid_scope");
            assertTokenError(
                    tokenRequest(server, "grant_type=client_credentials", "Authorization", credentials),
                    400,
                    "invalid_scope");
        }
    }

    @Test
    void theTokenEndpointPathCanBeMoved() throws Exception {
        try (TestHttpServer server = TestHttpServer.start()) {
            server.oauth2("app", "s3cret").clock(clock).path("/v2/token");

            HttpResponse<String> response = send(
                    "POST",
                    server.url("/v2/token"),
                    "grant_type=client_credentials",
                    "Content-Type",
                    FORM,
                    "Authorization",
                    basic("app", "s3cret"));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(send("POST", server.url("/oauth/token"), "").statusCode())
                    .as("the old path is an API path now, and needs a token")
                    .isEqualTo(401);
        }
    }

    @Test
    void aBearerTokenAndAnIdempotencyKeyComposeTheRefusedRequestHoldsNoKey() throws Exception {
        try (TestHttpServer server = TestHttpServer.start()) {
            OAuth2Tokens oauth = server.oauth2("app", "s3cret").clock(clock);
            IdempotencyKeys keys = server.honourIdempotencyKeys("Idempotency-Key");
            String token = token(server);
            oauth.rotateTokens();

            HttpResponse<String> refused = send(
                    "POST", server.url("/rows"), "r", "Authorization", "Bearer " + token, "Idempotency-Key", "\"k\"");
            HttpResponse<String> retried = send(
                    "POST",
                    server.url("/rows"),
                    "r",
                    "Authorization",
                    "Bearer " + token(server),
                    "Idempotency-Key",
                    "\"k\"");

            assertInvalidToken(refused);
            assertThat(retried.statusCode()).isEqualTo(200);
            assertThat(retried.headers().firstValue(IdempotencyKeys.REPLAYED)).isEmpty();
            assertThat(keys.applications()).containsEntry("k", 1);
        }
    }
}

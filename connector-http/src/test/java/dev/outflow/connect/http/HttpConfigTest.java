package dev.outflow.connect.http;

import static dev.outflow.connect.http.HttpTestSupport.props;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.outflow.connect.testkit.http.Answer;
import dev.outflow.connect.testkit.http.TestHttpServer;

/** The keys, the rules between them and the reachability check, as {@code validate()} reports them: every problem on its key. */
class HttpConfigTest {

    private TestHttpServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestHttpServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Key -> its error messages, for the keys that have any. */
    private static Map<String, List<String>> errors(Map<String, String> props) {
        Map<String, String> config = new HashMap<>(props);
        config.put("connector.class", HttpSinkConnector.class.getName());
        config.put("topics", HttpTestSupport.TOPIC);
        Map<String, List<String>> errors = new HashMap<>();
        for (ConfigValue value : new HttpSinkConnector().validate(config).configValues()) {
            if (!value.errorMessages().isEmpty()) {
                errors.put(value.name(), value.errorMessages());
            }
        }
        return errors;
    }

    private Map<String, List<String>> errors(String... extra) {
        return errors(props(server, extra));
    }

    @Test
    void aUrlAloneValidatesAndTheHostIsReached() {
        assertThat(errors(HttpConfig.URL, server.url("/customers/{{id}}?t={{_topic}}")))
                .isEmpty();
        assertThat(server.requests())
                .extracting(r -> r.method() + " " + r.target())
                .containsExactly("HEAD /");
    }

    @Test
    void theUrlMustRenderAnAbsoluteHttpUrl() {
        assertThat(errors(HttpConfig.URL, "/relative/{{id}}").get(HttpConfig.URL))
                .singleElement(STRING)
                .contains("absolute http(s) URL");
        assertThat(errors(HttpConfig.URL, "ftp://example.com/x")).containsKey(HttpConfig.URL);
        assertThat(errors(HttpConfig.URL, null)).containsKey(HttpConfig.URL);
        assertThat(errors(HttpConfig.URL, "example.com/hook?api_key=k123").get(HttpConfig.URL))
                .singleElement(STRING)
                .doesNotContain("k123");
    }

    @Test
    void templatesMustCompileAndRenderTheSample() {
        assertThat(errors(HttpConfig.URL, server.url("/{{#open}}x")).get(HttpConfig.URL))
                .singleElement(STRING)
                .contains("does not compile");
        assertThat(errors(HttpConfig.BODY_TEMPLATE, "{\"a\": \"{{{raw}}}\"}").get(HttpConfig.BODY_TEMPLATE))
                .singleElement(STRING)
                .contains("not allowed");
        assertThat(errors(HttpConfig.BODY_TEMPLATE, "{\"a\": \"{{> file}}\"}")).containsKey(HttpConfig.BODY_TEMPLATE);
    }

    @Test
    void headerEntriesMustBeNameColonValueAndNotTheConnectorsOwn() {
        assertThat(errors(HttpConfig.HEADERS, "X-Ok: 1|no colon here")).containsKey(HttpConfig.HEADERS);
        assertThat(errors(HttpConfig.HEADERS, "X-Raw: {{{id}}}").get(HttpConfig.HEADERS))
                .singleElement(STRING)
                .contains("not allowed");
        assertThat(errors(HttpConfig.HEADERS, "Content-Length: 3").get(HttpConfig.HEADERS))
                .singleElement(STRING)
                .contains("cannot set Content-Length");
        assertThat(errors(HttpConfig.HEADERS, "X-A: 1, 2; X-B: {{id}}", HttpConfig.HEADERS_SEPARATOR, ";"))
                .isEmpty();
    }

    @Test
    void theIdempotencyHeaderCannotAlsoBeGivenInHeaders() {
        Map<String, List<String>> errors = errors(HttpConfig.HEADERS, "idempotency-key: {{id}}");

        assertThat(errors).containsKeys(HttpConfig.HEADERS, HttpConfig.IDEMPOTENCY_HEADER);
        assertThat(errors(HttpConfig.HEADERS, "Idempotency-Key: {{id}}", HttpConfig.IDEMPOTENCY_ENABLED, "false"))
                .isEmpty();
    }

    @Test
    void anAuthorizationHeaderIsOnlyForAuthTypeNone() {
        assertThat(errors(HttpConfig.HEADERS, "Authorization: Token abc")).isEmpty();
        assertThat(errors(
                        HttpConfig.HEADERS, "Authorization: Token abc",
                        HttpConfig.AUTH_TYPE, "bearer",
                        HttpConfig.BEARER_TOKEN, "t"))
                .containsKeys(HttpConfig.HEADERS, HttpConfig.AUTH_TYPE);
    }

    @Test
    void eachAuthTypeNeedsItsKeys() {
        assertThat(errors(HttpConfig.AUTH_TYPE, "basic", HttpConfig.BASIC_USERNAME, "ann"))
                .containsKeys(HttpConfig.AUTH_TYPE, HttpConfig.BASIC_PASSWORD);
        assertThat(errors(HttpConfig.AUTH_TYPE, "bearer")).containsKeys(HttpConfig.BEARER_TOKEN);
        assertThat(errors(HttpConfig.AUTH_TYPE, "oauth2", HttpConfig.OAUTH2_CLIENT_ID, "c"))
                .containsKeys(HttpConfig.OAUTH2_CLIENT_SECRET, HttpConfig.OAUTH2_TOKEN_URL);
        assertThat(errors(HttpConfig.AUTH_TYPE, "kerberos")).containsKey(HttpConfig.AUTH_TYPE);
    }

    @Test
    void oauth2CredentialsAreTriedAtValidateAndTheirSecretIsNeverRepeated() {
        server.enqueue(Answer.status(400).withBody("{\"error\":\"invalid_client\"}"));

        Map<String, List<String>> errors = errors(
                HttpConfig.AUTH_TYPE, "oauth2",
                HttpConfig.OAUTH2_TOKEN_URL, server.url("/token"),
                HttpConfig.OAUTH2_CLIENT_ID, "c",
                HttpConfig.OAUTH2_CLIENT_SECRET, "very-secret");

        assertThat(errors.get(HttpConfig.OAUTH2_CLIENT_SECRET))
                .singleElement(STRING)
                .contains("400 invalid_client")
                .doesNotContain("very-secret");
        assertThat(server.requests().get(0).path()).isEqualTo("/token");
    }

    @Test
    void anUnreachableHostIsReportedOnTheUrlUnlessTheCheckIsOff() throws Exception {
        int closedPort;
        try (TestHttpServer gone = TestHttpServer.start()) {
            closedPort = gone.port();
        }
        String url = "http://127.0.0.1:" + closedPort + "/hook?key=k123";

        assertThat(errors(HttpConfig.URL, url).get(HttpConfig.URL))
                .singleElement(STRING)
                .contains("could not be reached")
                .doesNotContain("k123");
        assertThat(errors(HttpConfig.URL, url, HttpConfig.VALIDATE_REACHABILITY_ENABLED, "false"))
                .isEmpty();
    }

    @Test
    void statusListsTakeCodesAndRangesAndACodeOnItsOwnInTwoListsIsRefused() {
        assertThat(errors(HttpConfig.STATUS_RETRIABLE, "429,5xx")).containsKey(HttpConfig.STATUS_RETRIABLE);
        assertThat(errors(HttpConfig.STATUS_FATAL, "600")).containsKey(HttpConfig.STATUS_FATAL);
        assertThat(errors(HttpConfig.STATUS_REJECTED, "599-500")).containsKey(HttpConfig.STATUS_REJECTED);
        assertThat(errors(HttpConfig.STATUS_REJECTED, "409,422"))
                .containsKeys(HttpConfig.STATUS_REJECTED, HttpConfig.STATUS_RETRIABLE);
        assertThat(errors(HttpConfig.STATUS_REJECTED, "409,422", HttpConfig.STATUS_RETRIABLE, "429,500-599"))
                .isEmpty();
    }

    @Test
    void methodAndFormatAreChosenFromTheirLists() {
        assertThat(errors(HttpConfig.METHOD, "GET")).containsKey(HttpConfig.METHOD);
        assertThat(errors(HttpConfig.METHOD, "patch")).isEmpty();
        assertThat(errors(HttpConfig.BODY_FORMAT, "xml")).containsKey(HttpConfig.BODY_FORMAT);
    }
}

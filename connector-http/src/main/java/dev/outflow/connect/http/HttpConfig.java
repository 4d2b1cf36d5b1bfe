package dev.outflow.connect.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

import dev.outflow.connect.core.api.config.ConfigRule;
import dev.outflow.connect.core.api.config.ConfigRules;
import dev.outflow.connect.core.api.config.KeyRecommender;
import dev.outflow.connect.core.api.config.SinkConfig;
import dev.outflow.connect.core.api.config.When;
import dev.outflow.connect.core.api.template.SafeTemplates;
import dev.outflow.connect.core.api.template.TemplateException;

/** The HTTP destination's keys (DESIGN.md 4, Generic HTTP). */
public final class HttpConfig extends AbstractConfig {

    static final String REQUEST_GROUP = "HTTP request";
    static final String AUTH_GROUP = "HTTP authentication";
    static final String DELIVERY_GROUP = "HTTP delivery";

    public static final String URL = "http.url";
    public static final String METHOD = "http.method";
    public static final String HEADERS = "http.headers";
    public static final String HEADERS_SEPARATOR = "http.headers.separator";
    public static final String BODY_FORMAT = "http.body.format";
    public static final String BODY_TEMPLATE = "http.body.template";
    public static final String CONTENT_TYPE = "http.content.type";
    public static final String TIMEOUT_MS = "http.timeout.ms";

    public static final String AUTH_TYPE = "http.auth.type";
    public static final String BASIC_USERNAME = "http.auth.basic.username";
    public static final String BASIC_PASSWORD = "http.auth.basic.password";
    public static final String BEARER_TOKEN = "http.auth.bearer.token";
    public static final String OAUTH2_TOKEN_URL = "http.oauth2.token.url";
    public static final String OAUTH2_CLIENT_ID = "http.oauth2.client.id";
    public static final String OAUTH2_CLIENT_SECRET = "http.oauth2.client.secret";
    public static final String OAUTH2_SCOPE = "http.oauth2.scope";
    public static final String OAUTH2_AUDIENCE = "http.oauth2.audience";
    public static final String OAUTH2_CLIENT_AUTH_METHOD = "http.oauth2.client.auth.method";

    public static final String IDEMPOTENCY_ENABLED = "http.idempotency.enabled";
    public static final String IDEMPOTENCY_HEADER = "http.idempotency.header";
    public static final String STATUS_RETRIABLE = "http.status.retriable";
    public static final String STATUS_REJECTED = "http.status.rejected";
    public static final String STATUS_FATAL = "http.status.fatal";
    public static final String RESPONSE_EXCERPT_MAX_BYTES = "http.response.excerpt.max.bytes";
    public static final String RECEIPTS_BODY_MAX_BYTES = "http.receipts.body.max.bytes";
    public static final String RATE_LIMIT_PER_SECOND = "http.rate.limit.requests.per.second";
    public static final String VALIDATE_REACHABILITY_ENABLED = "http.validate.reachability.enabled";

    /** The most characters an {@code Idempotency-Key} may have: what Stripe keeps (REFERENCE.md). */
    static final int MAX_IDEMPOTENCY_KEY_CHARS = 255;

    public enum Method {
        POST,
        PUT,
        PATCH,
        DELETE
    }

    /** What one request's body holds. */
    public enum BodyFormat {
        /** One record per request: the rendered body as it is. */
        RECORD("record", "application/json"),
        /** The rendered records of a request as the elements of one JSON array. */
        JSON_ARRAY("json.array", "application/json"),
        /** The rendered records of a request one per line (newline-delimited JSON). */
        NDJSON("ndjson", "application/x-ndjson");

        final String configName;
        final String contentType;

        BodyFormat(String configName, String contentType) {
            this.configName = configName;
            this.contentType = contentType;
        }

        static final String[] NAMES =
                Arrays.stream(values()).map(f -> f.configName).toArray(String[]::new);

        static BodyFormat of(String name) {
            for (BodyFormat format : values()) {
                if (format.configName.equalsIgnoreCase(name.trim())) {
                    return format;
                }
            }
            throw new IllegalArgumentException(name);
        }
    }

    public enum AuthType {
        NONE,
        BASIC,
        BEARER,
        OAUTH2
    }

    public enum ClientAuthMethod {
        CLIENT_SECRET_BASIC,
        CLIENT_SECRET_POST
    }

    static final ConfigDef CONFIG_DEF = define(new ConfigDef());

    public HttpConfig(Map<?, ?> props) {
        super(CONFIG_DEF, props);
    }

    private HttpConfig(ConfigDef definition, Map<?, ?> props) {
        super(definition, props, false);
    }

    /** Only {@code keys} parsed, whatever is wrong with the others: for the access check. */
    static HttpConfig only(Set<String> keys, Map<String, String> props) {
        return new HttpConfig(ConfigRules.only(CONFIG_DEF, keys), props);
    }

    private static String[] names(Enum<?>[] values) {
        return Arrays.stream(values).map(v -> v.name().toLowerCase(Locale.ROOT)).toArray(String[]::new);
    }

    private static ConfigDef define(ConfigDef def) {
        int order = 0;
        def.define(
                URL,
                Type.STRING,
                ConfigDef.NO_DEFAULT_VALUE,
                new TemplateValidator(TemplateValidator.Part.URL),
                Importance.HIGH,
                "Where each record is sent: an absolute http(s) URL, a template rendered per record, e.g. "
                        + "https://api.example.com/customers/{{id}}?source={{_topic}}. Values are percent-encoded "
                        + "(a value cannot add a path segment or a query parameter). Records whose URLs differ go in "
                        + "different requests.",
                REQUEST_GROUP,
                ++order,
                Width.LONG,
                "URL");
        def.define(
                METHOD,
                Type.STRING,
                "POST",
                ConfigDef.CaseInsensitiveValidString.in(
                        Arrays.stream(Method.values()).map(Enum::name).toArray(String[]::new)),
                Importance.HIGH,
                "The HTTP method of every request: POST, PUT, PATCH or DELETE.",
                REQUEST_GROUP,
                ++order,
                Width.SHORT,
                "Method",
                List.of(),
                KeyRecommender.values("POST", "PUT", "PATCH", "DELETE"));
        def.define(
                HEADERS,
                Type.STRING,
                "",
                new HeaderTags(),
                Importance.MEDIUM,
                "Extra request headers, as 'Name: value' entries separated by " + HEADERS_SEPARATOR
                        + ", e.g. 'X-Source: kafka|X-Tenant: {{tenant}}'. Values are templates rendered per record "
                        + "(names are not); a record whose value renders a line break goes to the dead-letter queue. "
                        + "Records whose headers differ go in different requests. Host, Content-Length, Connection, "
                        + "Expect, Upgrade, Transfer-Encoding, Content-Type (see " + CONTENT_TYPE
                        + ") and the idempotency "
                        + "header are the connector's; Authorization only with " + AUTH_TYPE + "=none.",
                REQUEST_GROUP,
                ++order,
                Width.LONG,
                "Headers",
                List.of(HEADERS_SEPARATOR),
                null);
        def.define(
                HEADERS_SEPARATOR,
                Type.STRING,
                "|",
                new ConfigDef.NonEmptyStringWithoutControlChars(),
                Importance.LOW,
                "What separates the entries of " + HEADERS + ": a '|' by default, so values may hold commas.",
                REQUEST_GROUP,
                ++order,
                Width.SHORT,
                "Header separator");
        def.define(
                BODY_FORMAT,
                Type.STRING,
                BodyFormat.JSON_ARRAY.configName,
                ConfigDef.ValidString.in(BodyFormat.NAMES),
                Importance.HIGH,
                "What one request carries: 'record' (one record per request, the rendered body as it is), "
                        + "'json.array' (the batch's records as one JSON array) or 'ndjson' (one record per line). "
                        + "batch.max.records and batch.max.bytes bound a request.",
                REQUEST_GROUP,
                ++order,
                Width.SHORT,
                "Body format",
                List.of(CONTENT_TYPE),
                KeyRecommender.values(BodyFormat.NAMES));
        def.define(
                BODY_TEMPLATE,
                Type.STRING,
                "",
                new TemplateValidator(TemplateValidator.Part.BODY),
                Importance.MEDIUM,
                "The JSON sent for each record, a template whose values are JSON-escaped (put text values inside "
                        + "quotes: {\"name\": \"{{name}}\"}). Empty: the record's value as JSON. A record that does "
                        + "not render valid JSON goes to the dead-letter queue; what renders is re-serialised "
                        + "compactly.",
                REQUEST_GROUP,
                ++order,
                Width.LONG,
                "Body template");
        def.define(
                CONTENT_TYPE,
                Type.STRING,
                "",
                new NoLineBreaks(),
                Importance.LOW,
                "The Content-Type header. Empty: application/json for 'record' and 'json.array', "
                        + "application/x-ndjson for 'ndjson'.",
                REQUEST_GROUP,
                ++order,
                Width.MEDIUM,
                "Content type");
        def.define(
                TIMEOUT_MS,
                Type.INT,
                30_000,
                Range.between(100, 600_000),
                Importance.MEDIUM,
                "How long connecting, and then the whole answer, may take. A request with no answer in time may "
                        + "have been applied: it is sent again with the same idempotency key.",
                REQUEST_GROUP,
                ++order,
                Width.SHORT,
                "Timeout");

        order = 0;
        def.define(
                AUTH_TYPE,
                Type.STRING,
                "none",
                ConfigDef.CaseInsensitiveValidString.in(names(AuthType.values())),
                Importance.HIGH,
                "How requests are authenticated: 'none', 'basic' (" + BASIC_USERNAME + " and " + BASIC_PASSWORD
                        + "), 'bearer' (" + BEARER_TOKEN
                        + ") or 'oauth2' (client credentials, the http.oauth2.* keys).",
                AUTH_GROUP,
                ++order,
                Width.SHORT,
                "Authentication",
                List.of(
                        BASIC_USERNAME,
                        BASIC_PASSWORD,
                        BEARER_TOKEN,
                        OAUTH2_TOKEN_URL,
                        OAUTH2_CLIENT_ID,
                        OAUTH2_CLIENT_SECRET,
                        OAUTH2_SCOPE,
                        OAUTH2_AUDIENCE,
                        OAUTH2_CLIENT_AUTH_METHOD),
                KeyRecommender.values(names(AuthType.values())));
        def.define(
                BASIC_USERNAME,
                Type.STRING,
                null,
                Importance.HIGH,
                "The user name for basic authentication.",
                AUTH_GROUP,
                ++order,
                Width.MEDIUM,
                "Basic: user name",
                List.of(),
                KeyRecommender.shownWhen(When.is(AUTH_TYPE, "basic")));
        def.define(
                BASIC_PASSWORD,
                Type.PASSWORD,
                null,
                Importance.HIGH,
                "The password for basic authentication; best given through a config provider, e.g. "
                        + "${file:/etc/secrets/http.properties:password}.",
                AUTH_GROUP,
                ++order,
                Width.MEDIUM,
                "Basic: password",
                List.of(),
                KeyRecommender.shownWhen(When.is(AUTH_TYPE, "basic")));
        def.define(
                BEARER_TOKEN,
                Type.PASSWORD,
                null,
                Importance.HIGH,
                "The token sent as 'Authorization: Bearer <token>'; best given through a config provider.",
                AUTH_GROUP,
                ++order,
                Width.LONG,
                "Bearer token",
                List.of(),
                KeyRecommender.shownWhen(When.is(AUTH_TYPE, "bearer")));
        def.define(
                OAUTH2_TOKEN_URL,
                Type.STRING,
                null,
                Importance.HIGH,
                "The authorization server's token endpoint (an http(s) URL), asked for a token with the client "
                        + "credentials grant (RFC 6749, 4.4).",
                AUTH_GROUP,
                ++order,
                Width.LONG,
                "OAuth2: token URL",
                List.of(),
                KeyRecommender.shownWhen(When.is(AUTH_TYPE, "oauth2")));
        def.define(
                OAUTH2_CLIENT_ID,
                Type.STRING,
                null,
                Importance.HIGH,
                "The OAuth2 client id.",
                AUTH_GROUP,
                ++order,
                Width.MEDIUM,
                "OAuth2: client id",
                List.of(),
                KeyRecommender.shownWhen(When.is(AUTH_TYPE, "oauth2")));
        def.define(
                OAUTH2_CLIENT_SECRET,
                Type.PASSWORD,
                null,
                Importance.HIGH,
                "The OAuth2 client secret; best given through a config provider.",
                AUTH_GROUP,
                ++order,
                Width.MEDIUM,
                "OAuth2: client secret",
                List.of(),
                KeyRecommender.shownWhen(When.is(AUTH_TYPE, "oauth2")));
        def.define(
                OAUTH2_SCOPE,
                Type.STRING,
                "",
                new NoLineBreaks(),
                Importance.MEDIUM,
                "The scope asked for (space-separated); empty: none asked, the server's default.",
                AUTH_GROUP,
                ++order,
                Width.MEDIUM,
                "OAuth2: scope",
                List.of(),
                KeyRecommender.shownWhen(When.is(AUTH_TYPE, "oauth2")));
        def.define(
                OAUTH2_AUDIENCE,
                Type.STRING,
                "",
                new NoLineBreaks(),
                Importance.LOW,
                "An 'audience' parameter for the token request, which some servers (Auth0, Okta) need; empty: none.",
                AUTH_GROUP,
                ++order,
                Width.MEDIUM,
                "OAuth2: audience",
                List.of(),
                KeyRecommender.shownWhen(When.is(AUTH_TYPE, "oauth2")));
        def.define(
                OAUTH2_CLIENT_AUTH_METHOD,
                Type.STRING,
                "client_secret_basic",
                ConfigDef.CaseInsensitiveValidString.in(names(ClientAuthMethod.values())),
                Importance.LOW,
                "How the client authenticates to the token endpoint: 'client_secret_basic' (HTTP Basic, what "
                        + "RFC 6749 asks servers to support) or 'client_secret_post' (id and secret in the form). "
                        + "Never both.",
                AUTH_GROUP,
                ++order,
                Width.SHORT,
                "OAuth2: client authentication",
                List.of(),
                KeyRecommender.shownWhen(When.is(AUTH_TYPE, "oauth2")).withValues(names(ClientAuthMethod.values())));

        order = 0;
        def.define(
                IDEMPOTENCY_ENABLED,
                Type.BOOLEAN,
                true,
                Importance.MEDIUM,
                "Send an idempotency key with each request, derived from the connector name and the topic, "
                        + "partition and offsets it carries, the same on every retry and after a restart: a server that "
                        + "honours it applies a resent request once. Requests then never mix partitions.",
                DELIVERY_GROUP,
                ++order,
                Width.SHORT,
                "Idempotency keys",
                List.of(IDEMPOTENCY_HEADER),
                null);
        def.define(
                IDEMPOTENCY_HEADER,
                Type.STRING,
                "Idempotency-Key",
                new HeaderName(),
                Importance.LOW,
                "The header that carries the idempotency key (its value a quoted structured-field string, as the "
                        + "IETF draft has it).",
                DELIVERY_GROUP,
                ++order,
                Width.MEDIUM,
                "Idempotency header",
                List.of(),
                KeyRecommender.shownWhen(When.isTrue(IDEMPOTENCY_ENABLED)));
        def.define(
                STATUS_RETRIABLE,
                Type.LIST,
                "408,409,425,429,500-599",
                new StatusCodes(),
                Importance.MEDIUM,
                "Answers that are sent again later, with backoff until retry.timeout.ms (then the records go to the "
                        + "dead-letter queue). 429 and 503 slow the host's requests down and honour Retry-After. 409 is "
                        + "here because an idempotency key still in use answers it.",
                DELIVERY_GROUP,
                ++order,
                Width.MEDIUM,
                "Retriable statuses");
        def.define(
                STATUS_REJECTED,
                Type.LIST,
                "400-499",
                new StatusCodes(),
                Importance.MEDIUM,
                "Answers that mean the records can never succeed: a request of several records is split to find "
                        + "the bad ones; each goes to the dead-letter queue with the status, and an excerpt of the "
                        + "answer's body in its reply. Codes also in " + STATUS_FATAL + " or " + STATUS_RETRIABLE
                        + " are those.",
                DELIVERY_GROUP,
                ++order,
                Width.MEDIUM,
                "Rejecting statuses");
        def.define(
                STATUS_FATAL,
                Type.LIST,
                "401,403,405,407",
                new StatusCodes(),
                Importance.MEDIUM,
                "Answers that stop the task with a message naming the keys to check (credentials, permissions, "
                        + "method). Checked first, then " + STATUS_RETRIABLE + ", then " + STATUS_REJECTED
                        + "; a 2xx is always written, and any code in no list (a 3xx: redirects are not followed) "
                        + "stops the task.",
                DELIVERY_GROUP,
                ++order,
                Width.MEDIUM,
                "Fatal statuses");
        def.define(
                RESPONSE_EXCERPT_MAX_BYTES,
                Type.INT,
                1_024,
                Range.between(0, 65_536),
                Importance.LOW,
                "How much of a rejecting answer's body goes into the reply of the rejected record (its DLQ headers "
                        + "and receipt). Never into logs or reasons: a body can echo the payload.",
                DELIVERY_GROUP,
                ++order,
                Width.SHORT,
                "Rejection excerpt bytes");
        def.define(
                RECEIPTS_BODY_MAX_BYTES,
                Type.INT,
                0,
                Range.between(0, 65_536),
                Importance.LOW,
                "How much of a successful answer's body goes into each record's reply (for receipts); 0: the "
                        + "status only.",
                DELIVERY_GROUP,
                ++order,
                Width.SHORT,
                "Receipt body bytes");
        def.define(
                RATE_LIMIT_PER_SECOND,
                Type.INT,
                10,
                Range.between(1, 100_000),
                Importance.MEDIUM,
                "Requests per second to one host (the quota scope http.host:<host>), for the whole connector: "
                        + "divided among its tasks.",
                DELIVERY_GROUP,
                ++order,
                Width.SHORT,
                "Requests per second per host");
        def.define(
                VALIDATE_REACHABILITY_ENABLED,
                Type.BOOLEAN,
                true,
                Importance.LOW,
                "At validate(), fetch an OAuth2 token (with oauth2) and send a HEAD request to the URL's host (the "
                        + "URL rendered from the sample record, path '/'): any answer means reachable.",
                DELIVERY_GROUP,
                ++order,
                Width.SHORT,
                "Check reachability");
        // the same key and default as the framework's, with what it also means here
        def.define(
                SinkConfig.BATCH_MAX_RECORDS,
                Type.INT,
                500,
                Range.between(1, 100_000),
                Importance.MEDIUM,
                "The most records in one request (json.array, ndjson). With idempotency keys, also the size of the "
                        + "offset blocks requests are cut at: a request never spans two blocks of a partition "
                        + "(offsets 0-499, 500-999, ...), so a restart cuts the same requests with the same keys.",
                SinkConfig.BATCH_GROUP,
                99,
                Width.SHORT,
                "Batch records");
        return def;
    }

    /** The rules between keys, each message on every key involved. */
    static final List<ConfigRule> RULES = List.of(
            ConfigRule.of(
                    c -> authType(c) == AuthType.BASIC
                                    && (blank(c.getString(BASIC_USERNAME)) || blank(c.getPassword(BASIC_PASSWORD)))
                            ? AUTH_TYPE + "=basic needs " + BASIC_USERNAME + " and " + BASIC_PASSWORD
                            : null,
                    AUTH_TYPE,
                    BASIC_USERNAME,
                    BASIC_PASSWORD),
            ConfigRule.of(
                    c -> authType(c) == AuthType.BEARER && blank(c.getPassword(BEARER_TOKEN))
                            ? AUTH_TYPE + "=bearer needs " + BEARER_TOKEN
                            : null,
                    AUTH_TYPE,
                    BEARER_TOKEN),
            ConfigRule.of(
                    c -> authType(c) == AuthType.OAUTH2
                                    && (blank(c.getString(OAUTH2_CLIENT_ID))
                                            || blank(c.getPassword(OAUTH2_CLIENT_SECRET)))
                            ? AUTH_TYPE + "=oauth2 needs " + OAUTH2_CLIENT_ID + " and " + OAUTH2_CLIENT_SECRET
                            : null,
                    AUTH_TYPE,
                    OAUTH2_CLIENT_ID,
                    OAUTH2_CLIENT_SECRET),
            ConfigRule.of(
                    c -> authType(c) == AuthType.OAUTH2 ? httpUrlProblem(c.getString(OAUTH2_TOKEN_URL)) : null,
                    AUTH_TYPE,
                    OAUTH2_TOKEN_URL),
            ConfigRule.of(
                    c -> c.getBoolean(IDEMPOTENCY_ENABLED)
                                    && HeaderTemplates.names(c.getString(HEADERS), c.getString(HEADERS_SEPARATOR))
                                            .stream()
                                            .anyMatch(n -> n.equalsIgnoreCase(c.getString(IDEMPOTENCY_HEADER)))
                            ? HEADERS + " sets " + c.getString(IDEMPOTENCY_HEADER)
                                    + ", the idempotency header: turn " + IDEMPOTENCY_ENABLED
                                    + " off to send your own, or remove it"
                            : null,
                    HEADERS,
                    HEADERS_SEPARATOR,
                    IDEMPOTENCY_ENABLED,
                    IDEMPOTENCY_HEADER),
            ConfigRule.of(
                    c -> authType(c) != AuthType.NONE
                                    && HeaderTemplates.names(c.getString(HEADERS), c.getString(HEADERS_SEPARATOR))
                                            .stream()
                                            .anyMatch(n -> n.equalsIgnoreCase("Authorization"))
                            ? HEADERS + " sets Authorization, which " + AUTH_TYPE + "=" + c.getString(AUTH_TYPE)
                                    + " sets: remove it, or use " + AUTH_TYPE + "=none for a scheme of your own"
                            : null,
                    HEADERS,
                    HEADERS_SEPARATOR,
                    AUTH_TYPE),
            ConfigRule.of(
                    c -> HeaderTemplates.problem(c.getString(HEADERS), c.getString(HEADERS_SEPARATOR)),
                    HEADERS,
                    HEADERS_SEPARATOR),
            ConfigRule.of(
                    c -> StatusTable.overlap(
                            c.getList(STATUS_RETRIABLE), c.getList(STATUS_REJECTED), c.getList(STATUS_FATAL)),
                    STATUS_RETRIABLE,
                    STATUS_REJECTED,
                    STATUS_FATAL));

    private static AuthType authType(AbstractConfig c) {
        return AuthType.valueOf(c.getString(AUTH_TYPE).toUpperCase(Locale.ROOT));
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static boolean blank(Password value) {
        return value == null || value.value() == null || value.value().isEmpty();
    }

    /** Why {@code url} is no absolute http(s) URL with a host, or null when it is one. */
    static String httpUrlProblem(String url) {
        if (blank(url)) {
            return OAUTH2_TOKEN_URL + " is required with " + AUTH_TYPE + "=oauth2";
        }
        try {
            URI uri = new URI(url.trim());
            return uri.getHost() == null
                            || !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    ? OAUTH2_TOKEN_URL + " must be an absolute http(s) URL with a host"
                    : null;
        } catch (URISyntaxException e) {
            return OAUTH2_TOKEN_URL + " is not a valid URL";
        }
    }

    String url() {
        return getString(URL).trim();
    }

    Method method() {
        return Method.valueOf(getString(METHOD).toUpperCase(Locale.ROOT));
    }

    String headers() {
        return getString(HEADERS);
    }

    String headersSeparator() {
        return getString(HEADERS_SEPARATOR);
    }

    BodyFormat bodyFormat() {
        return BodyFormat.of(getString(BODY_FORMAT));
    }

    /** The body template, or null for the record's value as JSON. */
    String bodyTemplate() {
        String template = getString(BODY_TEMPLATE);
        return template.isBlank() ? null : template;
    }

    String contentType() {
        String type = getString(CONTENT_TYPE).trim();
        return type.isEmpty() ? bodyFormat().contentType : type;
    }

    Duration timeout() {
        return Duration.ofMillis(getInt(TIMEOUT_MS));
    }

    AuthType authType() {
        return authType(this);
    }

    String basicUsername() {
        return getString(BASIC_USERNAME);
    }

    Password basicPassword() {
        return getPassword(BASIC_PASSWORD);
    }

    Password bearerToken() {
        return getPassword(BEARER_TOKEN);
    }

    URI oauth2TokenUrl() {
        return URI.create(getString(OAUTH2_TOKEN_URL).trim());
    }

    String oauth2ClientId() {
        return getString(OAUTH2_CLIENT_ID);
    }

    Password oauth2ClientSecret() {
        return getPassword(OAUTH2_CLIENT_SECRET);
    }

    String oauth2Scope() {
        return getString(OAUTH2_SCOPE).trim();
    }

    String oauth2Audience() {
        return getString(OAUTH2_AUDIENCE).trim();
    }

    ClientAuthMethod oauth2ClientAuthMethod() {
        return ClientAuthMethod.valueOf(getString(OAUTH2_CLIENT_AUTH_METHOD).toUpperCase(Locale.ROOT));
    }

    boolean idempotencyEnabled() {
        return getBoolean(IDEMPOTENCY_ENABLED);
    }

    String idempotencyHeader() {
        return getString(IDEMPOTENCY_HEADER).trim();
    }

    StatusTable statusTable() {
        return new StatusTable(getList(STATUS_RETRIABLE), getList(STATUS_REJECTED), getList(STATUS_FATAL));
    }

    int responseExcerptMaxBytes() {
        return getInt(RESPONSE_EXCERPT_MAX_BYTES);
    }

    int receiptsBodyMaxBytes() {
        return getInt(RECEIPTS_BODY_MAX_BYTES);
    }

    int rateLimitPerSecond() {
        return getInt(RATE_LIMIT_PER_SECOND);
    }

    boolean validateReachability() {
        return getBoolean(VALIDATE_REACHABILITY_ENABLED);
    }

    /** {@code batch.max.records}, which is also the size of the offset blocks keyed batches are cut at. */
    int batchMaxRecords() {
        return getInt(SinkConfig.BATCH_MAX_RECORDS);
    }

    /** The connector's name, which idempotency keys start with. */
    String connectorName() {
        return SinkConfig.connectorName(originals(), "unnamed");
    }

    /** A template that compiles and renders the sample record ({@link SampleRecord}), so its mistakes show at validate(). */
    static final class TemplateValidator implements ConfigDef.Validator {

        enum Part {
            URL,
            BODY
        }

        private final Part part;

        TemplateValidator(Part part) {
            this.part = part;
        }

        @Override
        public void ensureValid(String name, Object value) {
            if (value == null) {
                return;
            }
            String text = value.toString();
            try {
                switch (part) {
                    case URL -> UrlTemplate.compile(text).render(SampleRecord.scope());
                    case BODY -> {
                        if (!text.isBlank()) {
                            BodyTemplate.compile(text).render(SampleRecord.row());
                        }
                    }
                }
            } catch (TemplateException e) {
                // the message names the key; the value is not repeated: a URL's query may hold an API key
                throw new ConfigException(e.getMessage());
            }
        }

        @Override
        public String toString() {
            return switch (part) {
                case URL -> "an absolute http(s) URL, a Mustache template whose values are percent-encoded";
                case BODY -> "empty, or a Mustache template of JSON whose values are JSON-escaped";
            };
        }
    }

    /**
     * The tags of {@code http.headers} compile (balanced sections, no unescaped values or partials). The
     * entries themselves are split at {@code http.headers.separator}, another key, so a rule checks them.
     */
    static final class HeaderTags implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null) {
                return;
            }
            try {
                SafeTemplates.verbatim().compile(value.toString(), name);
            } catch (TemplateException e) {
                throw new ConfigException(e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "'Name: value' entries separated by " + HEADERS_SEPARATOR + ", values Mustache templates";
        }
    }

    /** A header-like value: no CR, LF or other control characters. */
    static final class NoLineBreaks implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value != null && value.toString().chars().anyMatch(Character::isISOControl)) {
                throw new ConfigException(name, value, "must not hold line breaks or other control characters");
            }
        }

        @Override
        public String toString() {
            return "text without line breaks";
        }
    }

    /** An HTTP header name (an RFC 9110 token). */
    static final class HeaderName implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null || !HeaderTemplates.isToken(value.toString().trim())) {
                throw new ConfigException(name, value, "must be an HTTP header name (letters, digits, '-', ...)");
            }
        }

        @Override
        public String toString() {
            return "an HTTP header name";
        }
    }

    /** HTTP status codes and ranges: {@code 408,429,500-599}. */
    static final class StatusCodes implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (!(value instanceof List<?> entries)) {
                return;
            }
            for (Object entry : entries) {
                try {
                    StatusTable.Span.parse(String.valueOf(entry));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(name, value, e.getMessage());
                }
            }
        }

        @Override
        public String toString() {
            return "HTTP status codes (100-599) and ranges such as 500-599, comma-separated";
        }
    }

    /** The record-independent parts of the config, for logs: never a URL's query, a header value or a secret. */
    Map<String, String> summary() {
        Map<String, String> summary = new LinkedHashMap<>();
        summary.put("method", method().name());
        summary.put("format", bodyFormat().configName);
        summary.put("auth", authType().name().toLowerCase(Locale.ROOT));
        summary.put("idempotency", idempotencyEnabled() ? idempotencyHeader() : "off");
        return summary;
    }
}

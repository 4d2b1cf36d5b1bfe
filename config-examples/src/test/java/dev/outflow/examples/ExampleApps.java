package dev.outflow.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import dev.outflow.connect.testkit.http.OAuth2Tokens;
import dev.outflow.connect.testkit.http.TestHttpServer;
import dev.outflow.connect.testkit.hubspot.HubSpotEmulator;
import dev.outflow.connect.testkit.hubspot.PropertyDefinition;
import dev.outflow.connect.testkit.sheets.SheetsEmulator;
import dev.outflow.connect.testkit.slack.SlackEmulator;

/**
 * The Google Sheets, Slack and HubSpot the examples name, set up as each connector's README tells a
 * user to: a service account that may edit every spreadsheet an example names; a bot token with the
 * scopes the README lists, a member of every channel an example names; a HubSpot account with the
 * properties the examples write, a private app for the contacts examples and an OAuth app for the
 * companies one, each with the scopes the README lists for what its examples do; for each HTTP example an API
 * of its own (a {@link TestHttpServer}, with an OAuth2 token endpoint for the client the example names). The
 * secrets go where the examples read them, in a folder that stands for {@link ConfigExamples#SECRETS_DIR}.
 */
public final class ExampleApps implements AutoCloseable {

    /** The file the examples' {@code ${dir:...}} reference reads: a service-account JSON key. */
    public static final String SHEETS_KEY_FILE = "sheets-service-account.json";
    /** The properties file the examples' {@code ${file:...}} references read, and its key. */
    public static final String SLACK_PROPERTIES_FILE = "slack.properties";

    public static final String SLACK_TOKEN_KEY = "bot.token";
    /** The properties file the HubSpot examples' references read. */
    public static final String HUBSPOT_PROPERTIES_FILE = "hubspot.properties";

    public static final String HUBSPOT_ACCESS_TOKEN_KEY = "access.token";
    public static final String HUBSPOT_CLIENT_SECRET_KEY = "oauth.client.secret";
    public static final String HUBSPOT_REFRESH_TOKEN_KEY = "oauth.refresh.token";
    /** The properties file the HTTP examples' references read, and its keys. */
    public static final String HTTP_PROPERTIES_FILE = "http.properties";

    public static final String HTTP_BEARER_TOKEN_KEY = "bearer.token";
    public static final String HTTP_CLIENT_SECRET_KEY = "oauth2.client.secret";
    /** The token the HTTP examples' API expects after {@code Bearer}. */
    public static final String HTTP_BEARER_TOKEN = "outflow-examples-api-token";

    /** The scheme and host of a URL: what a test replaces with its own server's. */
    private static final Pattern ORIGIN = Pattern.compile("^https?://[^/]+");

    private static final String SERVICE_ACCOUNT = "outflow-examples";
    private static final String BOT_TOKEN = "xoxb-outflow-examples-token";
    private static final String OAUTH_CLIENT_SECRET = "outflow-examples-client-secret";

    private final SheetsEmulator sheets = new SheetsEmulator();
    private final SlackEmulator slack = new SlackEmulator();
    private final HubSpotEmulator hubspot = new HubSpotEmulator();
    private final String serviceAccountKey = sheets.createServiceAccount(SERVICE_ACCOUNT);
    /** A private app's token: contacts written and their property definitions read. */
    private final String hubspotToken = hubspot.createToken("crm.objects.contacts.write", "crm.schemas.contacts.read");

    private String hubspotRefreshToken = "";
    /** The API of each HTTP example, by its file. */
    private final Map<String, TestHttpServer> httpApis = new HashMap<>();
    /** The token endpoint of each HTTP example that names an OAuth2 client, by its file. */
    private final Map<String, OAuth2Tokens> httpTokens = new HashMap<>();

    public ExampleApps(Collection<ConnectorExample> examples) {
        slack.createBotToken(BOT_TOKEN, SlackEmulator.ALL_BOT_SCOPES);
        // the properties the examples write that HubSpot does not have: created in its settings, as the README says
        hubspot.defineProperty("contacts", PropertyDefinition.number("churn_score"));
        hubspot.defineProperty("contacts", PropertyDefinition.enumeration("churn_risk", "low", "medium", "high"));
        hubspot.defineProperty(
                "companies", PropertyDefinition.string("account_id").unique());
        for (ConnectorExample example : examples) {
            if (example.isSheets()) {
                sheets.createSpreadsheet(
                        example.config().get("sheets.spreadsheet.id"), sheets.serviceAccountEmail(SERVICE_ACCOUNT));
            } else if (example.isSlack() && example.config().get("slack.channel") != null) {
                String channel = example.config().get("slack.channel");
                slack.createChannel(channel, channel.toLowerCase(Locale.ROOT));
            } else if (example.isHubSpot() && example.config().get("hubspot.oauth.client.id") != null) {
                // companies written, read (to archive on tombstones), and their property definitions read
                String clientId = example.config().get("hubspot.oauth.client.id");
                hubspot.createOAuthApp(clientId, OAUTH_CLIENT_SECRET);
                hubspotRefreshToken = hubspot.issueRefreshToken(
                        clientId,
                        "crm.objects.companies.write",
                        "crm.objects.companies.read",
                        "crm.schemas.companies.read");
            } else if (example.isHttp()) {
                TestHttpServer api = startHttpApi();
                String clientId = example.config().get("http.oauth2.client.id");
                if (clientId != null) {
                    httpTokens.put(example.file(), api.oauth2(clientId, OAUTH_CLIENT_SECRET));
                }
                httpApis.put(example.file(), api);
            }
        }
    }

    private static TestHttpServer startHttpApi() {
        try {
            return TestHttpServer.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public SheetsEmulator sheets() {
        return sheets;
    }

    public SlackEmulator slack() {
        return slack;
    }

    public HubSpotEmulator hubspot() {
        return hubspot;
    }

    /** The API the HTTP example's requests go to. */
    public TestHttpServer http(ConnectorExample example) {
        TestHttpServer api = httpApis.get(example.file());
        if (api == null) {
            throw new IllegalArgumentException("no HTTP API was set up for " + example.file());
        }
        return api;
    }

    /** The token endpoint of the HTTP example's API, for an example that names an OAuth2 client. */
    public OAuth2Tokens httpTokens(ConnectorExample example) {
        OAuth2Tokens tokens = httpTokens.get(example.file());
        if (tokens == null) {
            throw new IllegalArgumentException(example.file() + " names no OAuth2 client");
        }
        return tokens;
    }

    /** Writes the secrets into {@code secretsDir}, as an operator would into the real secrets folder. */
    public void writeSecrets(Path secretsDir) {
        try {
            Files.createDirectories(secretsDir);
            Files.writeString(secretsDir.resolve(SHEETS_KEY_FILE), serviceAccountKey);
            Files.writeString(secretsDir.resolve(SLACK_PROPERTIES_FILE), SLACK_TOKEN_KEY + "=" + BOT_TOKEN + "\n");
            Files.writeString(
                    secretsDir.resolve(HUBSPOT_PROPERTIES_FILE),
                    HUBSPOT_ACCESS_TOKEN_KEY + "=" + hubspotToken + "\n"
                            + HUBSPOT_CLIENT_SECRET_KEY + "=" + OAUTH_CLIENT_SECRET + "\n"
                            + HUBSPOT_REFRESH_TOKEN_KEY + "=" + hubspotRefreshToken + "\n");
            Files.writeString(
                    secretsDir.resolve(HTTP_PROPERTIES_FILE),
                    HTTP_BEARER_TOKEN_KEY + "=" + HTTP_BEARER_TOKEN + "\n" + HTTP_CLIENT_SECRET_KEY + "="
                            + OAUTH_CLIENT_SECRET + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The example's config for a test: its name (the JSON's top level, which the validate endpoint
     * wants in the config), secrets read from {@code secretsDir}, and the API endpoint pointed at the
     * emulator (the one key a real deployment leaves at its default; for HTTP, the scheme and host of the URL and
     * of the token endpoint, so the example's paths and templates stay as written).
     */
    public Map<String, String> configFor(ConnectorExample example, Path secretsDir) {
        Map<String, String> config = new HashMap<>(example.withSecretsIn(secretsDir));
        config.put("name", example.name());
        if (example.isSheets()) {
            config.put("sheets.root.url", sheets.rootUrl());
        } else if (example.isSlack()) {
            config.put("slack.api.url", slack.apiUrl());
        } else if (example.isHubSpot()) {
            config.put("hubspot.api.url", hubspot.baseUrl());
        } else if (example.isHttp()) {
            String origin = "http://127.0.0.1:" + http(example).port();
            for (String url : new String[] {"http.url", "http.oauth2.token.url"}) {
                config.computeIfPresent(
                        url, (key, value) -> ORIGIN.matcher(value).replaceFirst(origin));
            }
        } else {
            throw new IllegalArgumentException(
                    example.file() + " names no Outflow connector: " + example.connectorClass());
        }
        return config;
    }

    @Override
    public void close() {
        sheets.close();
        slack.close();
        hubspot.close();
        httpApis.values().forEach(TestHttpServer::close);
    }
}

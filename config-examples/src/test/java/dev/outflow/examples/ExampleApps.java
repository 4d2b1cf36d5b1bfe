package dev.outflow.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import dev.outflow.connect.testkit.sheets.SheetsEmulator;
import dev.outflow.connect.testkit.slack.SlackEmulator;

/**
 * The Google Sheets and Slack the examples name, set up as each connector's README tells a user to:
 * a service account that may edit every spreadsheet an example names, and a bot token with the
 * scopes the README lists, a member of every channel an example names. The secrets go where the
 * examples read them, in a folder that stands for {@link ConfigExamples#SECRETS_DIR}.
 */
public final class ExampleApps implements AutoCloseable {

    /** The file the examples' {@code ${dir:...}} reference reads: a service-account JSON key. */
    public static final String SHEETS_KEY_FILE = "sheets-service-account.json";
    /** The properties file the examples' {@code ${file:...}} references read, and its key. */
    public static final String SLACK_PROPERTIES_FILE = "slack.properties";

    public static final String SLACK_TOKEN_KEY = "bot.token";

    private static final String SERVICE_ACCOUNT = "outflow-examples";
    private static final String BOT_TOKEN = "xoxb-outflow-examples-token";

    private final SheetsEmulator sheets = new SheetsEmulator();
    private final SlackEmulator slack = new SlackEmulator();
    private final String serviceAccountKey = sheets.createServiceAccount(SERVICE_ACCOUNT);

    public ExampleApps(Collection<ConnectorExample> examples) {
        slack.createBotToken(BOT_TOKEN, SlackEmulator.ALL_BOT_SCOPES);
        for (ConnectorExample example : examples) {
            if (example.isSheets()) {
                sheets.createSpreadsheet(
                        example.config().get("sheets.spreadsheet.id"), sheets.serviceAccountEmail(SERVICE_ACCOUNT));
            } else if (example.isSlack() && example.config().get("slack.channel") != null) {
                String channel = example.config().get("slack.channel");
                slack.createChannel(channel, channel.toLowerCase(Locale.ROOT));
            }
        }
    }

    public SheetsEmulator sheets() {
        return sheets;
    }

    public SlackEmulator slack() {
        return slack;
    }

    /** Writes the secrets into {@code secretsDir}, as an operator would into the real secrets folder. */
    public void writeSecrets(Path secretsDir) {
        try {
            Files.createDirectories(secretsDir);
            Files.writeString(secretsDir.resolve(SHEETS_KEY_FILE), serviceAccountKey);
            Files.writeString(secretsDir.resolve(SLACK_PROPERTIES_FILE), SLACK_TOKEN_KEY + "=" + BOT_TOKEN + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The example's config for a test: its name (the JSON's top level, which the validate endpoint
     * wants in the config), secrets read from {@code secretsDir}, and the API endpoint pointed at the
     * emulator (the one key a real deployment leaves at its default).
     */
    public Map<String, String> configFor(ConnectorExample example, Path secretsDir) {
        Map<String, String> config = new HashMap<>(example.withSecretsIn(secretsDir));
        config.put("name", example.name());
        if (example.isSheets()) {
            config.put("sheets.root.url", sheets.rootUrl());
        } else if (example.isSlack()) {
            config.put("slack.api.url", slack.apiUrl());
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
    }
}

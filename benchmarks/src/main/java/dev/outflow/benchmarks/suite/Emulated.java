package dev.outflow.benchmarks.suite;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import dev.outflow.connect.sheets.SheetsConfig;
import dev.outflow.connect.sheets.SheetsSinkConnector;
import dev.outflow.connect.slack.SlackConfig;
import dev.outflow.connect.slack.SlackSinkConnector;
import dev.outflow.connect.testkit.sheets.SheetsEmulator;
import dev.outflow.connect.testkit.slack.SlackEmulator;

/**
 * The two apps as the scenarios use them: an emulator with an identity that may write, and the
 * connector config that points the real client at it, with every other key at its default.
 */
final class Emulated {

    static final String SPREADSHEET = "bench-sheet";
    /** The name of the Sheets emulator's service account that the connector's key belongs to. */
    static final String SERVICE_ACCOUNT = "bench";

    static final String SLACK_TOKEN = "xoxb-outflow-bench";
    static final String SLACK_CHANNEL = "C0BENCH";

    private Emulated() {}

    /** A Sheets emulator holding one spreadsheet shared with the service account of {@code key}. */
    record Sheets(SheetsEmulator emulator, String key) implements AutoCloseable {

        static Sheets start() {
            SheetsEmulator emulator = new SheetsEmulator();
            String key = emulator.createServiceAccount(SERVICE_ACCOUNT);
            emulator.createSpreadsheet(SPREADSHEET, emulator.serviceAccountEmail(SERVICE_ACCOUNT));
            return new Sheets(emulator, key);
        }

        /** The Sheets connector reading {@code topic}, every key not named here at its default. */
        Map<String, String> connector(String topic) {
            Map<String, String> config = new HashMap<>();
            config.put("connector.class", SheetsSinkConnector.class.getName());
            config.put("tasks.max", "1");
            config.put("topics", topic);
            config.put(SheetsConfig.SPREADSHEET_ID, SPREADSHEET);
            config.put(SheetsConfig.CREDENTIALS_JSON, key);
            config.put(SheetsConfig.ROOT_URL, emulator.rootUrl());
            return config;
        }

        /** Data rows in the tab (the header row aside): what a person would see. */
        long rows(String tab) {
            if (!emulator.tabs(SPREADSHEET).contains(tab)) {
                return 0;
            }
            return emulator.gridSize(SPREADSHEET, tab)[0] - 1;
        }

        SheetsEmulator.Stats stats() {
            return emulator.stats(SPREADSHEET);
        }

        @Override
        public void close() {
            emulator.close();
        }
    }

    /** A Slack emulator with a bot token holding every scope and one channel the bot is in. */
    record Slack(SlackEmulator emulator) implements AutoCloseable {

        static Slack start() {
            SlackEmulator emulator = new SlackEmulator();
            emulator.createBotToken(SLACK_TOKEN, SlackEmulator.ALL_BOT_SCOPES);
            emulator.createChannel(SLACK_CHANNEL, "bench");
            return new Slack(emulator);
        }

        /** The Slack connector reading {@code topic} into the channel, every key not named here at its default. */
        Map<String, String> connector(String topic) {
            Map<String, String> config = new HashMap<>();
            config.put("connector.class", SlackSinkConnector.class.getName());
            config.put("tasks.max", "1");
            config.put("topics", topic);
            config.put(SlackConfig.BOT_TOKEN, SLACK_TOKEN);
            config.put(SlackConfig.API_URL, emulator.apiUrl());
            config.put(SlackConfig.CHANNEL, SLACK_CHANNEL);
            return config;
        }

        @Override
        public void close() {
            emulator.close();
        }
    }

    /** A connector config as the results show it: the emulator's throw-away key is long and says nothing. */
    static Map<String, String> forResults(Map<String, String> config) {
        Map<String, String> shown = new TreeMap<>(config);
        shown.computeIfPresent(SheetsConfig.CREDENTIALS_JSON, (k, v) -> "<service-account key made by the emulator>");
        shown.computeIfPresent(SheetsConfig.ROOT_URL, (k, v) -> "<emulator>");
        shown.computeIfPresent(SlackConfig.API_URL, (k, v) -> "<emulator>");
        return shown;
    }
}

package dev.outflow.benchmarks.suite;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import dev.outflow.connect.hubspot.HubSpotConfig;
import dev.outflow.connect.hubspot.HubSpotSinkConnector;
import dev.outflow.connect.sheets.SheetsConfig;
import dev.outflow.connect.sheets.SheetsSinkConnector;
import dev.outflow.connect.slack.SlackConfig;
import dev.outflow.connect.slack.SlackSinkConnector;
import dev.outflow.connect.testkit.hubspot.HubSpotEmulator;
import dev.outflow.connect.testkit.hubspot.PropertyDefinition;
import dev.outflow.connect.testkit.sheets.SheetsEmulator;
import dev.outflow.connect.testkit.slack.SlackEmulator;

/**
 * The apps as the scenarios use them: an emulator with an identity that may write, and the
 * connector config that points the real client at it, with every other key at its default.
 */
final class Emulated {

    static final String SPREADSHEET = "bench-sheet";
    /** The name of the Sheets emulator's service account that the connector's key belongs to. */
    static final String SERVICE_ACCOUNT = "bench";

    static final String SLACK_TOKEN = "xoxb-outflow-bench";
    static final String SLACK_CHANNEL = "C0BENCH";

    /** The HubSpot object type the orders are written to, and the unique property that identifies an order. */
    static final String HUBSPOT_OBJECT_TYPE = "deals";

    static final String HUBSPOT_ID_PROPERTY = "order_id";

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

    /**
     * A HubSpot emulator at its default tier, whose deals have a property for every field of the benchmark's orders
     * (the order's id in {@link #HUBSPOT_ID_PROPERTY}, with unique values), and a private-app token with the scopes
     * an upsert of deals needs.
     */
    record HubSpot(HubSpotEmulator emulator, String token) implements AutoCloseable {

        static HubSpot start() {
            HubSpotEmulator emulator = new HubSpotEmulator();
            // deals have "amount" (a number) already; the other fields of BenchRecords get a property each, typed so
            // that the connector coerces numbers, booleans, an enumeration and a datetime as in production
            emulator.defineProperty(
                    HUBSPOT_OBJECT_TYPE,
                    PropertyDefinition.string(HUBSPOT_ID_PROPERTY).unique());
            emulator.defineProperty(HUBSPOT_OBJECT_TYPE, PropertyDefinition.string("customer"));
            emulator.defineProperty(HUBSPOT_OBJECT_TYPE, PropertyDefinition.string("currency"));
            emulator.defineProperty(HUBSPOT_OBJECT_TYPE, PropertyDefinition.bool("paid"));
            emulator.defineProperty(
                    HUBSPOT_OBJECT_TYPE,
                    PropertyDefinition.enumeration("status", "paid", "shipped", "refunded", "pending"));
            emulator.defineProperty(HUBSPOT_OBJECT_TYPE, PropertyDefinition.datetime("created"));
            emulator.defineProperty(HUBSPOT_OBJECT_TYPE, PropertyDefinition.string("country"));
            String token = emulator.createToken("crm.objects.deals.write", "crm.schemas.deals.read");
            return new HubSpot(emulator, token);
        }

        /**
         * The HubSpot connector upserting the orders of {@code topic} as deals by their id, every key not named here
         * at its default.
         */
        Map<String, String> connector(String topic) {
            Map<String, String> config = new HashMap<>();
            config.put("connector.class", HubSpotSinkConnector.class.getName());
            config.put("tasks.max", "1");
            config.put("topics", topic);
            config.put(HubSpotConfig.ACCESS_TOKEN, token);
            config.put(HubSpotConfig.API_URL, emulator.baseUrl());
            config.put(HubSpotConfig.OBJECT_TYPE, HUBSPOT_OBJECT_TYPE);
            config.put(HubSpotConfig.ID_PROPERTY, HUBSPOT_ID_PROPERTY);
            config.put(HubSpotConfig.PROPERTY_MAP, "id:" + HUBSPOT_ID_PROPERTY);
            return config;
        }

        /** Objects of the type in HubSpot: one per order written, as every order has an id of its own. */
        long objects() {
            return emulator.objects(HUBSPOT_OBJECT_TYPE).size();
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
        shown.computeIfPresent(HubSpotConfig.ACCESS_TOKEN, (k, v) -> "<private-app token made by the emulator>");
        shown.computeIfPresent(HubSpotConfig.API_URL, (k, v) -> "<emulator>");
        return shown;
    }
}

package dev.outflow.sandbox;

import java.util.HashMap;
import java.util.Map;

/**
 * The four connectors the sandbox deploys, configured as a user would through the REST API: churn
 * scores into a sheet and onto HubSpot contacts (the at-risk ones associated with their company),
 * anomaly alerts into a Slack channel, order events POSTed to an HTTP API, each with its dead-letter queue. Where the apps are and the
 * credentials come from {@link AppSettings} through the worker's config provider.
 */
final class DemoConnectors {

    static final String SHEETS = "churn-to-sheets";
    static final String SLACK = "anomalies-to-slack";
    static final String SHEETS_DLQ = "churn-scores-dlq";
    static final String SLACK_DLQ = "anomalies-dlq";
    static final String HUBSPOT = "churn-to-hubspot";
    static final String HUBSPOT_DLQ = "churn-hubspot-dlq";
    static final String HTTP = "orders-to-http";
    static final String HTTP_DLQ = "order-events-http-dlq";
    /** The demo API's bearer token: a setting of its own, read through the config provider like any secret. */
    static final String HTTP_BEARER_TOKEN = "http.auth.bearer.token";

    /** Slack mrkdwn; values from records are escaped by the connector, the emoji come from the template. */
    static final String ALERT_TEMPLATE =
            "{{^resolved}}:rotating_light: {{/resolved}}{{#resolved}}:white_check_mark: resolved: {{/resolved}}"
                    + "*{{service}}* {{metric}} = {{value}} (threshold {{threshold}}), {{incident}}";

    private DemoConnectors() {}

    static Map<String, String> sheets(AppSettings apps) {
        Map<String, String> config = common(ChurnScores.TOPIC, SHEETS_DLQ);
        config.put("connector.class", Plugins.SHEETS_CONNECTOR);
        for (String key :
                new String[] {SheetsTarget.SPREADSHEET_ID, SheetsTarget.CREDENTIALS_FILE, SheetsTarget.ROOT_URL}) {
            config.put(key, apps.ref(key));
        }
        return config;
    }

    static Map<String, String> slack(AppSettings apps) {
        Map<String, String> config = common(Anomalies.TOPIC, SLACK_DLQ);
        config.put("connector.class", Plugins.SLACK_CONNECTOR);
        for (String key : new String[] {SlackTarget.BOT_TOKEN, SlackTarget.CHANNEL, SlackTarget.API_URL}) {
            config.put(key, apps.ref(key));
        }
        config.put("slack.channel.field", "team_channel");
        config.put("slack.thread.key", "incident");
        config.put("slack.text.template", ALERT_TEMPLATE);
        config.put("slack.dedup.enabled", "true");
        return config;
    }

    /**
     * Upserts a contact per customer by e-mail (the default id property of contacts); renames the two
     * fields whose properties are named otherwise in the CRM; associates a contact with the company
     * whose unique key its record names, which only at-risk scores do.
     */
    static Map<String, String> hubspot(AppSettings apps) {
        Map<String, String> config = common(ChurnScores.TOPIC, HUBSPOT_DLQ);
        config.put("connector.class", Plugins.HUBSPOT_CONNECTOR);
        for (String key : new String[] {HubSpotTarget.ACCESS_TOKEN, HubSpotTarget.API_URL}) {
            config.put(key, apps.ref(key));
        }
        config.put("hubspot.object.type", "contacts");
        config.put("hubspot.mode", "upsert");
        config.put(
                "hubspot.property.map",
                "customer:" + HubSpotTarget.CUSTOMER_ID + ",segment:" + HubSpotTarget.CHURN_SEGMENT);
        config.put("hubspot.association.object.type", "companies");
        config.put("hubspot.association.id.property", DemoCompanies.KEY_PROPERTY);
        config.put("hubspot.association.field", ChurnScores.COMPANY_FIELD);
        return config;
    }

    /**
     * POSTs order events to the test receiver's orders API as NDJSON, up to 50 a request, with a bearer token
     * and an {@code Idempotency-Key} per request (on by default: the key comes from the request's topic,
     * partition and offsets, so a retry carries the same one). The API refuses an event with a negative
     * quantity (422), which the connector rejects into the dead-letter queue after splitting its batch.
     */
    static Map<String, String> http(AppSettings apps) {
        Map<String, String> config = common(OrderEvents.TOPIC, HTTP_DLQ);
        config.put("connector.class", Plugins.HTTP_CONNECTOR);
        config.put("http.url", "http://127.0.0.1:" + Sandbox.RECEIVER_PORT + OrdersApi.PATH);
        config.put("http.body.format", "ndjson");
        config.put("http.auth.type", "bearer");
        config.put(HTTP_BEARER_TOKEN, apps.ref(HTTP_BEARER_TOKEN));
        config.put("batch.max.records", "50");
        return config;
    }

    /** JSON text values, and rejected records to a dead-letter queue with the reason in its headers. */
    private static Map<String, String> common(String topic, String deadLetterQueue) {
        Map<String, String> config = new HashMap<>();
        config.put("tasks.max", "1");
        config.put("topics", topic);
        config.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("row.string.json.enabled", "true");
        config.put("errors.tolerance", "all");
        config.put("errors.deadletterqueue.topic.name", deadLetterQueue);
        config.put("errors.deadletterqueue.topic.replication.factor", "1");
        config.put("errors.deadletterqueue.context.headers.enable", "true");
        return config;
    }
}

package dev.outflow.examples;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** One connector JSON of config-examples/: its file, its name and its config as written. */
public record ConnectorExample(String file, String name, Map<String, String> config) {

    public static final String SHEETS_CLASS = "dev.outflow.connect.sheets.SheetsSinkConnector";
    public static final String SLACK_CLASS = "dev.outflow.connect.slack.SlackSinkConnector";
    public static final String HUBSPOT_CLASS = "dev.outflow.connect.hubspot.HubSpotSinkConnector";
    public static final String HTTP_CLASS = "dev.outflow.connect.http.HttpSinkConnector";

    public String connectorClass() {
        return config.get("connector.class");
    }

    public boolean isSheets() {
        return SHEETS_CLASS.equals(connectorClass());
    }

    public boolean isSlack() {
        return SLACK_CLASS.equals(connectorClass());
    }

    public boolean isHubSpot() {
        return HUBSPOT_CLASS.equals(connectorClass());
    }

    public boolean isHttp() {
        return HTTP_CLASS.equals(connectorClass());
    }

    /** The start of the file name of each example of this connector: its archive ships those files. */
    public String filePrefix() {
        return isSheets() ? "sheets-" : isSlack() ? "slack-" : isHubSpot() ? "hubspot-" : isHttp() ? "http-" : null;
    }

    public String topic() {
        return config.get("topics");
    }

    public String deadLetterTopic() {
        return config.get("errors.deadletterqueue.topic.name");
    }

    /** The config with its secret references moved from {@link ConfigExamples#SECRETS_DIR} to {@code secretsDir}. */
    public Map<String, String> withSecretsIn(Path secretsDir) {
        Map<String, String> moved = new TreeMap<>();
        config.forEach(
                (key, value) -> moved.put(key, value.replace(ConfigExamples.SECRETS_DIR, secretsDir.toString())));
        return moved;
    }
}

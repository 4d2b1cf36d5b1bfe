package dev.outflow.sandbox;

import java.util.Map;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Everything the web page shows, as one JSON document (GET /api/state): the connectors' states,
 * the sheets, the Slack channels, the CRM's contacts and companies, the test receiver, the dead
 * letters and the plugin metrics.
 */
final class Dashboard {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> links;
    private final Supplier<ObjectNode> connect;
    private final SheetsView sheets;
    private final SlackView slack;
    private final CrmView crm;
    private final ReceiverView receiver;
    private final DeadLetterLog deadLetters;
    private final PluginMetricsReader metrics;

    /**
     * @param links   where to look, by name (REST API, ...), shown at the top of the page
     * @param connect the connectors' states, as {@link ConnectorStatuses#read()} gives them
     */
    Dashboard(
            Map<String, String> links,
            Supplier<ObjectNode> connect,
            SheetsView sheets,
            SlackView slack,
            CrmView crm,
            ReceiverView receiver,
            DeadLetterLog deadLetters,
            PluginMetricsReader metrics) {
        this.links = links;
        this.connect = connect;
        this.sheets = sheets;
        this.slack = slack;
        this.crm = crm;
        this.receiver = receiver;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
    }

    ObjectNode state() {
        ObjectNode state = JSON.createObjectNode();
        state.put("now", System.currentTimeMillis());
        state.set("links", JSON.valueToTree(links));
        state.set("connect", connect.get());
        state.set("sheets", sheets.json());
        state.set("slack", slack.json());
        state.set("crm", crm.json());
        state.set("receiver", receiver.json());
        ObjectNode dlq = state.putObject("deadLetters").put("total", deadLetters.total());
        dlq.set("latest", JSON.valueToTree(deadLetters.latest()));
        ArrayNode tasks = state.putArray("metrics");
        metrics.read().forEach(task -> tasks.add(JSON.valueToTree(task)));
        return state;
    }
}

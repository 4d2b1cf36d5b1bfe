package dev.outflow.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.DynamicMBean;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.outflow.connect.testkit.http.TestHttpServer;
import dev.outflow.connect.testkit.hubspot.CrmObject;
import dev.outflow.connect.testkit.sheets.SheetsEmulator;
import dev.outflow.connect.testkit.slack.SlackEmulator;

/** The web page's JSON, built from real emulators, a dead letter, a REST answer and a JMX bean. */
class DashboardTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SheetsEmulator google;
    private SlackEmulator slack;
    private HubSpotTarget hubspot;
    private TestHttpServer receiver;
    private Dashboard dashboard;
    private final DeadLetterLog deadLetters = new DeadLetterLog();

    @BeforeEach
    void start() throws Exception {
        google = new SheetsEmulator();
        google.createSpreadsheet("sheet-1");
        google.setCell("sheet-1", "Sheet1", "A1", "customer");
        google.setCell("sheet-1", "Sheet1", "B1", "churn_score");
        google.setCell("sheet-1", "Sheet1", "A2", "customer-1");
        google.setCell("sheet-1", "Sheet1", "B2", 0.25);
        google.addTab("sheet-1", "empty");
        slack = new SlackEmulator();
        slack.createChannel("C0ALERTS", "alerts");
        String parent = slack.postAsUser("C0ALERTS", "*checkout* is slow");
        slack.replyAsUser("C0ALERTS", parent, "resolved");
        hubspot = HubSpotTarget.emulated();
        receiver = TestHttpServer.start();

        MBeanServer jmx = MBeanServerFactory.newMBeanServer();
        jmx.registerMBean(
                new Gauges(Map.of("records-written-total", 42.0)),
                new ObjectName("kafka.connect:type=plugins,connector=churn-to-sheets,task=0"));
        JsonNode rest = JSON.readTree("""
                {"churn-to-sheets": {"status": {"name": "churn-to-sheets", "type": "sink",
                  "connector": {"state": "RUNNING", "worker_id": "w"},
                  "tasks": [{"id": 0, "state": "FAILED", "worker_id": "w", "trace": "ConnectException: cannot be written to: 403\\n\\tat x.y(Z.java:1)"}]}}}""");
        dashboard = new Dashboard(
                Map.of("Connect REST API", "http://127.0.0.1:8083"),
                () -> JSON.createObjectNode().set("connectors", ConnectorStatuses.summarise(rest)),
                new SheetsView(google, "sheet-1", null),
                new SlackView(slack, "C0ALERTS"),
                new CrmView(hubspot.emulator()),
                new ReceiverView(receiver),
                deadLetters,
                new PluginMetricsReader(jmx));
    }

    @AfterEach
    void stop() {
        google.close();
        slack.close();
        hubspot.close();
        receiver.close();
    }

    @Test
    void theStateHoldsTheSheetTheChannelTheDeadLettersTheConnectorsAndTheMetrics() {
        deadLetters.add(deadLetter(0, "{\"customer\": oops"));

        JsonNode state = JSON.valueToTree(dashboard.state());

        JsonNode tab = state.at("/sheets/tabs/0");
        assertThat(tab.path("name").asText()).isEqualTo("Sheet1");
        assertThat(tab.path("header").toString()).isEqualTo("[\"customer\",\"churn_score\"]");
        assertThat(tab.path("rows").toString()).isEqualTo("[[\"customer-1\",\"0.25\"]]");
        assertThat(tab.path("rowCount").asInt()).isEqualTo(1);
        assertThat(state.at("/sheets/mode").asText()).isEqualTo("emulator");
        assertThat(state.at("/sheets/tabs/1/rowCount").asInt()).isZero();
        assertThat(state.at("/sheets/tabs/1/rows").size()).isZero();

        JsonNode channel = state.at("/slack/channels/0");
        assertThat(channel.path("name").asText()).isEqualTo("alerts");
        assertThat(channel.at("/messages/0/text").asText()).isEqualTo("*checkout* is slow");
        assertThat(channel.at("/messages/0/replies/0/text").asText()).isEqualTo("resolved");

        JsonNode letter = state.at("/deadLetters/latest/0");
        assertThat(state.at("/deadLetters/total").asLong()).isEqualTo(1);
        assertThat(letter.path("reason").asText()).isEqualTo("value is not valid JSON");
        assertThat(letter.path("origin").asText()).isEqualTo("churn-scores/1/7");
        assertThat(letter.path("connector").asText()).isEqualTo("churn-to-sheets");
        assertThat(letter.path("value").asText()).isEqualTo("{\"customer\": oops");

        JsonNode connector = state.at("/connect/connectors/0");
        assertThat(connector.path("state").asText()).isEqualTo("RUNNING");
        assertThat(connector.at("/tasks/0/error").asText()).isEqualTo("ConnectException: cannot be written to: 403");

        JsonNode metrics = state.at("/metrics/0");
        assertThat(metrics.path("connector").asText()).isEqualTo("churn-to-sheets");
        assertThat(metrics.path("task").asText()).isEqualTo("0");
        assertThat(metrics.at("/values/records-written-total").asDouble()).isEqualTo(42.0);
    }

    @Test
    void theCrmShowsContactsAndCompaniesWithTheirPropertiesAndAssociations() throws Exception {
        String ann = upsertContacts("""
                {"idProperty": "email", "id": "ann@acme.example",
                 "properties": {"customer_id": "customer-1", "churn_score": "0.91", "churn_segment": "at-risk"}}""").get(0);
        String acme = hubspot.emulator()
                .findBy("companies", DemoCompanies.KEY_PROPERTY, "acme")
                .orElseThrow()
                .id();
        hubspotApi("/crm/v4/associations/contacts/companies/batch/associate/default", """
                {"inputs": [{"from": {"id": "%s"}, "to": {"id": "%s"}}]}""".formatted(ann, acme));

        JsonNode crm = JSON.valueToTree(dashboard.state()).path("crm");

        JsonNode contacts = crm.at("/types/0");
        assertThat(contacts.path("type").asText()).isEqualTo("contacts");
        assertThat(contacts.path("objectCount").asInt()).isEqualTo(1);
        assertThat(contacts.path("properties").toString())
                .isEqualTo("[\"churn_score\",\"churn_segment\",\"customer_id\",\"email\"]");
        JsonNode contact = contacts.at("/objects/0");
        assertThat(contact.path("id").asText()).isEqualTo(ann);
        assertThat(contact.at("/properties/email").asText()).isEqualTo("ann@acme.example");
        assertThat(contact.at("/properties/churn_segment").asText()).isEqualTo("at-risk");
        assertThat(contact.at("/associations/type").asText()).isEqualTo("companies");
        assertThat(contact.at("/associations/labels").toString()).isEqualTo("[\"Acme Corp\"]");

        JsonNode companies = crm.at("/types/1");
        assertThat(companies.path("type").asText()).isEqualTo("companies");
        assertThat(companies.path("objectCount").asInt()).isEqualTo(DemoCompanies.ALL.size());
        JsonNode acmeShown = null;
        for (JsonNode company : companies.path("objects")) {
            if (company.path("id").asText().equals(acme)) {
                acmeShown = company;
            }
        }
        assertThat(acmeShown).as("Acme among the companies shown").isNotNull();
        assertThat(acmeShown.at("/properties/" + DemoCompanies.KEY_PROPERTY).asText())
                .isEqualTo("acme");
        assertThat(acmeShown.at("/associations/count").asInt()).isEqualTo(1);
        assertThat(acmeShown.at("/associations/labels").toString()).isEqualTo("[\"ann@acme.example\"]");
    }

    @Test
    void theCrmShowsOnlyTheLatestObjectsTheMostRecentlyWrittenFirst() throws Exception {
        int written = CrmView.OBJECTS_SHOWN + 5;
        StringBuilder inputs = new StringBuilder();
        for (int i = 0; i < written; i++) {
            inputs.append(i == 0 ? "" : ",")
                    .append("{\"idProperty\": \"email\", \"id\": \"c")
                    .append(i)
                    .append("@acme.example\", \"properties\": {}}");
        }
        upsertContacts(inputs.toString());
        Instant batchWritten = hubspot.emulator().objects("contacts").stream()
                .map(CrmObject::updatedAt)
                .max(Comparator.naturalOrder())
                .orElseThrow();
        while (!Instant.now().isAfter(batchWritten)) {
            Thread.onSpinWait(); // the update below must be later than the batch on the emulator's clock
        }
        String newest = upsertContacts("""
                {"idProperty": "email", "id": "c3@acme.example", "properties": {"churn_score": "0.5"}}""").get(0);

        JsonNode contacts = JSON.valueToTree(dashboard.state()).at("/crm/types/0");

        assertThat(contacts.path("objectCount").asInt()).isEqualTo(written);
        assertThat(contacts.path("objects").size()).isEqualTo(CrmView.OBJECTS_SHOWN);
        assertThat(contacts.at("/objects/0/id").asText()).isEqualTo(newest);
        assertThat(contacts.at("/objects/0/properties/email").asText()).isEqualTo("c3@acme.example");
    }

    @Test
    void theReceiverShowsTheLatestRequestsBodiesCutAndOfTheHeadersOnlyTheIdempotencyKey() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < ReceiverView.REQUESTS_SHOWN + 2; i++) {
            String body = i == ReceiverView.REQUESTS_SHOWN + 1
                    ? "y".repeat(ReceiverView.BODY_CHARS + 10)
                    : "[{\"id\":" + i + "}]";
            http.send(
                    HttpRequest.newBuilder(URI.create(receiver.url("/acme?batch=" + i)))
                            .header("Authorization", "Bearer s3cret")
                            .header("Idempotency-Key", "\"acme-" + i + "\"")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
        }

        JsonNode view = JSON.valueToTree(dashboard.state()).path("receiver");

        assertThat(view.path("url").asText()).isEqualTo(receiver.url("/"));
        assertThat(view.path("requestCount").asInt()).isEqualTo(ReceiverView.REQUESTS_SHOWN + 2);
        assertThat(view.path("latest").size()).isEqualTo(ReceiverView.REQUESTS_SHOWN);
        assertThat(view.at("/latest/0/target").asText()).isEqualTo("/acme?batch=2");
        assertThat(view.at("/latest/0/body").asText()).isEqualTo("[{\"id\":2}]");
        assertThat(view.at("/latest/0/idempotencyKey").asText()).isEqualTo("\"acme-2\"");
        JsonNode last = view.path("latest").get(ReceiverView.REQUESTS_SHOWN - 1);
        assertThat(last.path("method").asText()).isEqualTo("POST");
        assertThat(last.path("bytes").asInt()).isEqualTo(ReceiverView.BODY_CHARS + 10);
        assertThat(last.path("body").asText())
                .hasSize(ReceiverView.BODY_CHARS + 1)
                .endsWith("…");
        assertThat(view.toString()).doesNotContain("s3cret");
    }

    @Test
    void aLongDeadLetterIsCutOnlyTheLatestAreKeptAndNoneTwice() {
        for (int i = 0; i < DeadLetterLog.KEPT + 5; i++) {
            deadLetters.add(deadLetter(i, "x".repeat(DeadLetterLog.VALUE_CHARS + i)));
        }
        deadLetters.add(deadLetter(3, "read again after a rebalance"));

        JsonNode state = JSON.valueToTree(dashboard.state());

        assertThat(state.at("/deadLetters/total").asLong()).isEqualTo(DeadLetterLog.KEPT + 5);
        assertThat(state.at("/deadLetters/latest").size()).isEqualTo(DeadLetterLog.KEPT);
        assertThat(state.at("/deadLetters/latest/0/value").asText())
                .hasSize(DeadLetterLog.VALUE_CHARS + 1)
                .endsWith("…");
    }

    @Test
    void theWebConsoleServesThePageAndTheState() throws Exception {
        try (WebConsole web = new WebConsole(0, dashboard, null)) {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + web.port();

            HttpResponse<String> page = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/")).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> state = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/api/state")).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> elsewhere = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/nothing")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("<title>Outflow sandbox</title>", "/api/state");
            assertThat(state.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(state.body()).at("/sheets/tabs/0/name").asText())
                    .isEqualTo("Sheet1");
            assertThat(elsewhere.statusCode()).isEqualTo(404);
        }
    }

    /** Batch-upserts contacts through the emulator's API, as the connector does; returns their ids. */
    private List<String> upsertContacts(String inputs) throws Exception {
        JsonNode answer = hubspotApi("/crm/v3/objects/contacts/batch/upsert", "{\"inputs\": [" + inputs + "]}");
        List<String> ids = new ArrayList<>();
        answer.path("results").forEach(result -> ids.add(result.path("id").asText()));
        return ids;
    }

    private JsonNode hubspotApi(String path, String body) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(hubspot.settings().get(HubSpotTarget.API_URL) + path))
                                .header(
                                        "Authorization",
                                        "Bearer " + hubspot.settings().get(HubSpotTarget.ACCESS_TOKEN))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s: %s", path, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static ConsumerRecord<byte[], byte[]> deadLetter(long offset, String value) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("__connect.errors.topic", bytes("churn-scores"));
        headers.add("__connect.errors.partition", bytes("1"));
        headers.add("__connect.errors.offset", bytes("7"));
        headers.add("__connect.errors.connector.name", bytes("churn-to-sheets"));
        headers.add("__connect.errors.exception.message", bytes("value is not valid JSON"));
        return new ConsumerRecord<>(
                "churn-scores-dlq",
                0,
                offset,
                0L,
                TimestampType.CREATE_TIME,
                0,
                0,
                bytes("customer-1"),
                bytes(value),
                headers,
                java.util.Optional.empty());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A bean shaped like the worker's: one read-only attribute per metric, named as the metric. */
    private record Gauges(Map<String, Double> values) implements DynamicMBean {
        @Override
        public Object getAttribute(String name) {
            return values.get(name);
        }

        @Override
        public void setAttribute(Attribute attribute) {
            throw new UnsupportedOperationException();
        }

        @Override
        public AttributeList getAttributes(String[] names) {
            AttributeList list = new AttributeList();
            for (String name : names) {
                list.add(new Attribute(name, values.get(name)));
            }
            return list;
        }

        @Override
        public AttributeList setAttributes(AttributeList attributes) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Object invoke(String action, Object[] params, String[] signature) {
            throw new UnsupportedOperationException();
        }

        @Override
        public MBeanInfo getMBeanInfo() {
            MBeanAttributeInfo[] attributes = values.keySet().stream()
                    .map(name -> new MBeanAttributeInfo(name, "double", name, true, false, false))
                    .toArray(MBeanAttributeInfo[]::new);
            return new MBeanInfo(getClass().getName(), "metrics", attributes, null, null, null);
        }
    }
}

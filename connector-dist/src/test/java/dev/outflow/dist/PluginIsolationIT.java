package dev.outflow.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.outflow.connect.testkit.ConnectHarness;
import dev.outflow.connect.testkit.http.Answer;
import dev.outflow.connect.testkit.http.RecordedRequest;
import dev.outflow.connect.testkit.http.TestHttpServer;
import dev.outflow.connect.testkit.hubspot.HubSpotEmulator;
import dev.outflow.connect.testkit.slack.SlackMessage;
import dev.outflow.examples.ConfigExamples;
import dev.outflow.examples.ConnectorExample;
import dev.outflow.examples.ExampleApps;

/**
 * The connectors as a user installs them: a Connect worker whose plugin.path holds only the unpacked
 * archives, with none of the connectors' classes on this test's classpath (a connector on the
 * classpath would win over plugin.path), and the worker's config providers taken from the
 * distributed worker example. The worker lists every connector, its validate endpoint reports bad
 * configs on the keys at fault, and every connector JSON of config-examples/ runs as written against
 * the emulators; only the API endpoint is added and the secrets folder moved.
 */
class PluginIsolationIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final List<String> CONNECTORS = List.of(
            ConnectorExample.SHEETS_CLASS,
            ConnectorExample.SLACK_CLASS,
            ConnectorExample.HUBSPOT_CLASS,
            ConnectorExample.HTTP_CLASS);

    @TempDir
    static Path work;

    private static Path secrets;
    private static ExampleApps apps;
    private static ConnectHarness harness;

    static List<ConnectorExample> examples() {
        return ConfigExamples.connectors();
    }

    @BeforeAll
    static void startAWorkerOnTheArchives() throws Exception {
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        HubArchive.all().forEach(archive -> archive.unpackInto(plugins));
        secrets = work.resolve("secrets");
        apps = new ExampleApps(examples());
        apps.writeSecrets(secrets);
        Map<String, String> worker = new HashMap<>(
                ConfigExamples.worker(ConfigExamples.DISTRIBUTED_WORKER).configProviders(secrets));
        worker.put("plugin.path", plugins.toString());
        harness = ConnectHarness.start("plugin-isolation", 1, worker);
    }

    @AfterAll
    static void stop() {
        if (harness != null) {
            harness.close();
        }
        if (apps != null) {
            apps.close();
        }
    }

    @Test
    void theConnectorsAreNotOnThisTestsClasspath() {
        for (String connector : CONNECTORS) {
            assertThatThrownBy(() -> Class.forName(connector)).as(connector).isInstanceOf(ClassNotFoundException.class);
        }
    }

    @Test
    void theWorkerListsEveryConnectorFromPluginPath() throws Exception {
        EmbeddedConnectCluster connect = harness.cluster();
        JsonNode plugins = JSON.readTree((String) connect.requestGet(connect.endpointForResource("connector-plugins"))
                .getEntity());
        Map<String, JsonNode> byClass = new HashMap<>();
        plugins.forEach(plugin -> byClass.put(plugin.path("class").asText(), plugin));

        for (String connector : CONNECTORS) {
            assertThat(byClass).as("GET /connector-plugins: %s", plugins).containsKey(connector);
            assertThat(byClass.get(connector).path("type").asText()).isEqualTo("sink");
            assertThat(byClass.get(connector).path("version").asText()).isEqualTo(HubArchive.VERSION);
        }
    }

    @Test
    void validateNamesTheKeysOfTheRuleForAnUpsertWithoutKeyColumns() {
        ConnectorExample upsert = example("sheets-upsert.json");
        Map<String, String> config = apps.configFor(upsert, secrets);
        config.remove("sheets.key.columns");

        // a rule between keys puts its message on every key it reads (DESIGN.md 3.7)
        assertThat(errors(validate(upsert, config))).containsOnlyKeys("sheets.key.columns", "sheets.mode");
    }

    @Test
    void validateNamesBothKeysForSlackWithNeitherTokenNorWebhook() {
        ConnectorExample alerts = example("slack-alerts.json");
        Map<String, String> config = apps.configFor(alerts, secrets);
        config.remove("slack.bot.token");

        assertThat(errors(validate(alerts, config))).containsOnlyKeys("slack.bot.token", "slack.webhook.url");
    }

    @Test
    void validateNamesEveryCredentialKeyForHubSpotOAuthWithoutItsRefreshToken() {
        ConnectorExample oauth = example("hubspot-companies-oauth.json");
        Map<String, String> config = apps.configFor(oauth, secrets);
        config.remove("hubspot.oauth.refresh.token");

        assertThat(errors(validate(oauth, config)))
                .containsOnlyKeys(
                        "hubspot.access.token",
                        "hubspot.oauth.client.id",
                        "hubspot.oauth.client.secret",
                        "hubspot.oauth.refresh.token");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void runsAsWrittenAgainstTheApps(ConnectorExample example) throws Exception {
        Map<String, String> config = apps.configFor(example, secrets);
        assertThat(errors(validate(example, config)))
                .as("validate %s", example.file())
                .isEmpty();
        harness.createTopic(example.topic(), 1);
        // a one-broker cluster cannot create the examples' dead-letter topics with 3 replicas, so they exist first
        harness.createTopic(example.deadLetterTopic(), 1);

        switch (example.file()) {
            case "sheets-append.json" -> appendsOrders(example, config);
            case "sheets-upsert.json" -> upsertsScoresAndDeletesOnTombstones(example, config);
            case "slack-alerts.json" -> postsAlertsFromTheTemplates(example, config);
            case "slack-threads.json" -> threadsUpdatesByIncident(example, config);
            case "slack-digest.json" -> foldsABurstIntoDigests(example, config);
            case "hubspot-contacts-upsert.json" -> upsertsContactsByEmailAndRejectsABadOption(example, config);
            case "hubspot-contacts-enrich.json" -> updatesKnownContactsOnly(example, config);
            case "hubspot-companies-oauth.json" -> upsertsCompaniesByAccountIdAndArchivesOnTombstones(example, config);
            case "http-orders-bearer.json" -> postsOrdersAsOneJsonArrayWithTheBearerToken(example, config);
            case "http-events-oauth2-ndjson.json" -> postsEventsAsNdjsonWithAnOAuth2Token(example, config);
            case "http-customers-put.json" -> putsEachCustomerAtItsUrlAndRejectsWhatTheApiRefuses(example, config);
            default -> fail("no scenario runs " + example.file() + ": add one here");
        }
        assertThat(harness.taskStates(example.name())).containsOnly("RUNNING");
    }

    private static void appendsOrders(ConnectorExample example, Map<String, String> config)
            throws InterruptedException {
        harness.produce(
                example.topic(),
                1,
                3,
                i -> "order-" + i,
                i -> "{\"id\":" + i + ",\"customer\":\"c-" + i + "\",\"amount\":" + (i + 10.5) + "}");
        start(example, config);
        String sheet = example.config().get("sheets.spreadsheet.id");
        String tab = example.config().get("sheets.tab");

        ConnectHarness.await("3 orders in " + tab, () -> dataRows(sheet, tab).size() == 3);
        assertThat(apps.sheets().header(sheet, tab)).contains("id", "customer", "amount", "_timestamp");
    }

    private static void upsertsScoresAndDeletesOnTombstones(ConnectorExample example, Map<String, String> config)
            throws InterruptedException {
        // c-1 scores 1 then 3; c-2 scores 2, then its tombstone deletes its row
        harness.produce(
                example.topic(),
                1,
                4,
                i -> i % 2 == 0 ? "c-1" : "c-2",
                i -> i == 3 ? null : "{\"score\":" + (i + 1) + "}");
        start(example, config);
        String sheet = example.config().get("sheets.spreadsheet.id");
        String tab = example.config().get("sheets.tab");

        awaitCommitted(example);
        List<String> header = apps.sheets().header(sheet, tab);
        assertThat(dataRows(sheet, tab)).singleElement().satisfies(row -> {
            assertThat(row.get(header.indexOf("_key"))).isEqualTo("c-1");
            assertThat(row.get(header.indexOf("score"))).isEqualTo(3.0);
        });
    }

    private static void postsAlertsFromTheTemplates(ConnectorExample example, Map<String, String> config)
            throws InterruptedException {
        harness.produce(
                example.topic(),
                1,
                2,
                i -> null,
                i -> "{\"service\":\"svc-" + i + "\",\"status\":\"down\",\"owner\":\"team-" + i + "\"}");
        start(example, config);
        String channel = example.config().get("slack.channel");

        ConnectHarness.await(
                "2 alerts in " + channel, () -> apps.slack().messages(channel).size() == 2);
        assertThat(apps.slack().messages(channel)).allSatisfy(message -> {
            assertThat(message.text()).matches(":rotating_light: svc-\\d is down <!here>");
            assertThat(message.blocksJson()).contains("\"header\"").contains("team-");
        });
    }

    private static void threadsUpdatesByIncident(ConnectorExample example, Map<String, String> config)
            throws InterruptedException {
        List<String> updates = List.of("api is down", "failover started", "resolved");
        harness.produce(
                example.topic(),
                1,
                updates.size(),
                i -> null,
                i -> "{\"incident\":\"42\",\"update\":\"" + updates.get(i) + "\"}");
        start(example, config);
        String channel = example.config().get("slack.channel");

        ConnectHarness.await(
                "3 updates in " + channel, () -> apps.slack().messages(channel).size() == 3);
        SlackMessage parent = apps.slack().topLevelMessages(channel).get(0);
        assertThat(apps.slack().topLevelMessages(channel)).hasSize(1);
        assertThat(parent.text()).contains("Incident 42", "api is down");
        assertThat(apps.slack().messages(channel))
                .filteredOn(SlackMessage::isReply)
                .hasSize(2)
                .allSatisfy(reply -> assertThat(reply.threadTs()).isEqualTo(parent.ts()));
    }

    private static void foldsABurstIntoDigests(ConnectorExample example, Map<String, String> config)
            throws InterruptedException {
        int burst = 20;
        harness.produce(
                example.topic(),
                1,
                burst,
                i -> null,
                i -> "{\"order\":" + (1000 + i) + ",\"reason\":\"card declined\"}");
        start(example, config);
        String channel = example.config().get("slack.channel");
        List<String> orders = IntStream.range(0, burst)
                .mapToObj(i -> "#" + (1000 + i) + " payment failed")
                .toList();

        ConnectHarness.await(burst + " failures in " + channel, () -> {
            String texts = apps.slack().messages(channel).stream()
                    .map(SlackMessage::text)
                    .collect(Collectors.joining("\n"));
            return orders.stream().allMatch(texts::contains);
        });
        assertThat(apps.slack().messages(channel))
                .as("digests, not one message per record")
                .hasSizeLessThan(burst);
    }

    private static void upsertsContactsByEmailAndRejectsABadOption(ConnectorExample example, Map<String, String> config)
            throws InterruptedException {
        List<String> values = List.of(
                "{\"email\":\"ann@example.com\",\"score\":0.2,\"risk\":\"low\"}",
                "{\"email\":\"bob@example.com\",\"score\":0.5,\"risk\":\"medium\"}",
                "{\"email\":\"ann@example.com\",\"score\":0.9,\"risk\":\"high\"}",
                "{\"email\":\"carl@example.com\",\"score\":0.7,\"risk\":\"extreme\"}");
        harness.produce(example.topic(), 1, values.size(), i -> null, values::get);
        start(example, config);

        awaitCommitted(example);
        assertThat(apps.hubspot().findBy("contacts", "email", "ann@example.com"))
                .hasValueSatisfying(ann -> {
                    assertThat(ann.property("churn_score")).isEqualTo("0.9");
                    assertThat(ann.property("churn_risk")).isEqualTo("high");
                });
        assertThat(apps.hubspot().findBy("contacts", "email", "bob@example.com"))
                .isPresent();
        assertThat(apps.hubspot().findBy("contacts", "email", "carl@example.com"))
                .isEmpty();
        assertThat(harness.readAll(example.deadLetterTopic(), 1))
                .singleElement()
                .satisfies(letter -> assertThat(letter.headers().get("__connect.errors.exception.message"))
                        .contains("INVALID_OPTION on churn_risk"));
    }

    private static void updatesKnownContactsOnly(ConnectorExample example, Map<String, String> config)
            throws Exception {
        HubSpotEmulator hubspot = apps.hubspot();
        createContact(hubspot, "dana@example.com");
        List<String> values = List.of(
                "{\"email\":\"dana@example.com\",\"employer\":\"Acme\",\"mobile\":\"+1 555 0100\",\"vendor_score\":7}",
                "{\"email\":\"nobody@example.com\",\"employer\":\"Globex\"}");
        harness.produce(example.topic(), 1, values.size(), i -> null, values::get);
        start(example, config);

        awaitCommitted(example);
        assertThat(hubspot.findBy("contacts", "email", "dana@example.com")).hasValueSatisfying(dana -> {
            assertThat(dana.property("company")).isEqualTo("Acme");
            assertThat(dana.property("phone")).isEqualTo("+1 555 0100");
        });
        assertThat(hubspot.findBy("contacts", "email", "nobody@example.com"))
                .as("update-only creates nothing")
                .isEmpty();
        assertThat(harness.readAll(example.deadLetterTopic(), 1)).hasSize(1);
    }

    private static void upsertsCompaniesByAccountIdAndArchivesOnTombstones(
            ConnectorExample example, Map<String, String> config) throws InterruptedException {
        // a-1 is written twice, a-2 once and then its tombstone archives it
        List<String> values = List.of(
                "{\"account_id\":\"a-1\",\"name\":\"Acme\",\"domain\":\"acme.example\"}",
                "{\"account_id\":\"a-2\",\"name\":\"Globex\",\"domain\":\"globex.example\"}",
                "{\"account_id\":\"a-1\",\"name\":\"Acme Corp\",\"domain\":\"acme.example\"}");
        harness.produce(
                example.topic(),
                1,
                values.size() + 1,
                i -> i == 1 || i == 3 ? "a-2" : "a-1",
                i -> i < 3 ? values.get(i) : null);
        start(example, config);

        awaitCommitted(example);
        assertThat(apps.hubspot().findBy("companies", "account_id", "a-1"))
                .hasValueSatisfying(acme -> assertThat(acme.property("name")).isEqualTo("Acme Corp"));
        assertThat(apps.hubspot().findBy("companies", "account_id", "a-2"))
                .as("archived by its tombstone")
                .isEmpty();
        assertThat(apps.hubspot().requests("/oauth/v1/token")).isNotEmpty();
    }

    private static void postsOrdersAsOneJsonArrayWithTheBearerToken(
            ConnectorExample example, Map<String, String> config) throws Exception {
        harness.produce(
                example.topic(),
                1,
                3,
                i -> "order-" + i,
                i -> "{\"id\":" + i + ",\"customer\":\"c-" + i + "\",\"amount\":" + (i + 10.5) + "}");
        start(example, config);

        awaitCommitted(example);
        // validate()'s reachability check (HEAD /) aside
        List<RecordedRequest> requests = apps.http(example).applied().stream()
                .filter(request -> !request.method().equals("HEAD"))
                .toList();
        assertThat(requests).isNotEmpty().allSatisfy(request -> {
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.path()).isEqualTo("/v1/orders/batch");
            assertThat(request.header("Authorization")).isEqualTo("Bearer " + ExampleApps.HTTP_BEARER_TOKEN);
            assertThat(request.header("Idempotency-Key")).isNotBlank();
        });
        List<JsonNode> orders = new ArrayList<>();
        for (RecordedRequest request : requests) {
            JSON.readTree(request.bodyText()).forEach(orders::add);
        }
        assertThat(orders).extracting(order -> order.path("id").asInt()).containsExactly(0, 1, 2);
    }

    private static void postsEventsAsNdjsonWithAnOAuth2Token(ConnectorExample example, Map<String, String> config)
            throws InterruptedException {
        harness.produce(
                example.topic(),
                1,
                3,
                i -> "user-" + i,
                i -> "{\"name\":\"signed_up\",\"user\":\"user-" + i + "\",\"at\":\"2026-11-30T10:0" + i + ":00Z\"}");
        start(example, config);

        awaitCommitted(example);
        TestHttpServer api = apps.http(example);
        assertThat(apps.httpTokens(example).tokensIssued()).isPositive();
        List<String> lines = api.applied().stream()
                .filter(request -> request.path().equals("/v2/events"))
                .flatMap(request -> request.bodyText().lines())
                .toList();
        assertThat(lines)
                .containsExactly(
                        "{\"event\":\"signed_up\",\"user\":\"user-0\",\"at\":\"2026-11-30T10:00:00Z\",\"source\":\"product-events\"}",
                        "{\"event\":\"signed_up\",\"user\":\"user-1\",\"at\":\"2026-11-30T10:01:00Z\",\"source\":\"product-events\"}",
                        "{\"event\":\"signed_up\",\"user\":\"user-2\",\"at\":\"2026-11-30T10:02:00Z\",\"source\":\"product-events\"}");
    }

    private static void putsEachCustomerAtItsUrlAndRejectsWhatTheApiRefuses(
            ConnectorExample example, Map<String, String> config) throws InterruptedException {
        TestHttpServer api = apps.http(example);
        // the API refuses a profile without an e-mail address, as a real one would validate it
        api.answerByDefault(request -> request.bodyText().contains("\"email\":\"\"")
                ? Answer.status(422).withBody("{\"error\":\"email is required\"}")
                : Answer.ok());
        List<String> values = List.of(
                "{\"customer_id\":\"c 1/a\",\"name\":\"Ann\",\"email\":\"ann@example.com\",\"tier\":\"gold\"}",
                "{\"customer_id\":\"c-2\",\"name\":\"Bob\",\"email\":\"\",\"tier\":\"silver\"}",
                "{\"customer_id\":\"c-3\",\"name\":\"Carl\",\"email\":\"carl@example.com\",\"tier\":\"gold\"}");
        harness.produce(example.topic(), 1, values.size(), i -> null, values::get);
        start(example, config);

        awaitCommitted(example);
        assertThat(api.applied().stream().filter(request -> !request.method().equals("HEAD")))
                .allSatisfy(request -> {
                    assertThat(request.method()).isEqualTo("PUT");
                    assertThat(request.header("X-Source")).isEqualTo("outflow");
                })
                .extracting(RecordedRequest::path)
                .containsExactly("/api/customers/c%201%2Fa", "/api/customers/c-3");
        assertThat(harness.readAll(example.deadLetterTopic(), 1))
                .singleElement()
                .satisfies(letter -> assertThat(letter.headers().get("__connect.errors.exception.message"))
                        .contains("422"));
    }

    /** A contact that exists before the enrichment runs, made through HubSpot's API as any app would. */
    private static void createContact(HubSpotEmulator hubspot, String email) throws Exception {
        HttpResponse<String> created = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(hubspot.baseUrl() + "/crm/v3/objects/contacts/batch/create"))
                                .header("Authorization", "Bearer " + hubspot.createToken(HubSpotEmulator.ALL_SCOPES))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "{\"inputs\":[{\"properties\":{\"email\":\"" + email + "\"}}]}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    private static void start(ConnectorExample example, Map<String, String> config) throws InterruptedException {
        harness.configureConnector(example.name(), config);
        harness.awaitRunning(example.name(), Integer.parseInt(example.config().get("tasks.max")));
    }

    private static void awaitCommitted(ConnectorExample example) throws InterruptedException {
        ConnectHarness.await(
                "offsets committed to the end of " + example.topic(),
                () -> harness.committedOffsets(example.name()).equals(harness.endOffsets(example.topic(), 1)));
    }

    private static List<List<Object>> dataRows(String sheet, String tab) {
        if (!apps.sheets().tabs(sheet).contains(tab)) {
            return List.of();
        }
        List<List<Object>> values = apps.sheets().values(sheet, tab);
        return values.isEmpty() ? List.of() : new ArrayList<>(values.subList(1, values.size()));
    }

    private static ConnectorExample example(String file) {
        return examples().stream()
                .filter(example -> example.file().equals(file))
                .findFirst()
                .orElseThrow();
    }

    /** PUT /connector-plugins/{simple class name}/config/validate, through the worker's config providers. */
    private static ConfigInfos validate(ConnectorExample example, Map<String, String> config) {
        String plugin =
                example.connectorClass().substring(example.connectorClass().lastIndexOf('.') + 1);
        return harness.cluster().validateConnectorConfig(plugin, config);
    }

    private static Map<String, List<String>> errors(ConfigInfos infos) {
        return infos.configs().stream()
                .filter(info -> !info.configValue().errors().isEmpty())
                .collect(Collectors.toMap(
                        info -> info.configValue().name(),
                        info -> info.configValue().errors()));
    }
}

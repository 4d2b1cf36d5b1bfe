package dev.outflow.connect.slack;

import static dev.outflow.connect.slack.SlackItSupport.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.apache.kafka.connect.runtime.rest.entities.ConnectorOffset;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorOffsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.outflow.connect.testkit.ConnectHarness;
import dev.outflow.connect.testkit.ConnectHarness.ReadRecord;
import dev.outflow.connect.testkit.slack.Fault;
import dev.outflow.connect.testkit.slack.FaultRule;
import dev.outflow.connect.testkit.slack.SlackEmulator;
import dev.outflow.connect.testkit.slack.SlackMessage;
import dev.outflow.connect.testkit.slack.SlackRenderer;
import dev.outflow.connect.testkit.slack.SlackRenderer.Mention;
import dev.outflow.connect.testkit.slack.SlackRenderer.MentionKind;
import dev.outflow.connect.testkit.slack.SlackRenderer.Rendering;
import dev.outflow.connect.testkit.slack.SlackRenderer.Style;

/**
 * The Slack sink end to end: a real KRaft broker and Connect worker in this JVM, the real Slack
 * client, the Slack emulator. Each test has its own topics, channels and connector. Rates are
 * scaled up (emulator: 200 messages a second per channel; connector: 100) so 2,000 messages take
 * seconds, not half an hour.
 */
class SlackDeliveryIT {

    private static ConnectHarness harness;
    private static SlackEmulator slack;

    @BeforeAll
    static void start() {
        slack = SlackItSupport.emulator();
        slack.rateLimits().perChannel(200, 20).methodPerMinute("chat.postMessage", 100_000);
        harness = ConnectHarness.start(
                "slack-delivery-it",
                1,
                Map.of(
                        "config.providers", "file",
                        "config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider"));
    }

    @AfterAll
    static void stop() {
        if (harness != null) {
            harness.close();
        }
        if (slack != null) {
            slack.close();
        }
    }

    private static Map<String, String> fast(Map<String, String> config) {
        config.put(SlackConfig.CHANNEL_PER_MINUTE, "6000");
        config.put(SlackConfig.CHANNEL_BURST, "10");
        config.put(SlackConfig.WORKSPACE_PER_MINUTE, "60000");
        return config;
    }

    @Test
    void recordsRoutedByAFieldArePostedOnceEachInPartitionOrderAndRendered() throws Exception {
        List<String> channels = List.of("C0ROUTEA", "C0ROUTEB", "C0ROUTEC");
        channels.forEach(id -> slack.createChannel(id, id.toLowerCase()));
        harness.createTopic("orders", 3);
        harness.produce(
                "orders",
                3,
                2_000,
                i -> "k" + i,
                i -> "{\"id\":" + i + ",\"status\":\"s" + (i % 7) + "\",\"channel\":\"" + channels.get(i % 3) + "\"}");

        Map<String, String> config = fast(SlackItSupport.connector(slack, "orders"));
        config.put(SlackConfig.CHANNEL_FIELD, "channel");
        config.put(SlackConfig.TEXT_TEMPLATE, "Order #{{id}} is *{{status}}* ({{_topic}}/{{_partition}}/{{_offset}})");
        harness.configureConnector("routed", config);

        ConnectHarness.await(
                "2,000 messages",
                () -> channels.stream().mapToInt(slack::postCount).sum() >= 2_000);
        SlackItSupport.awaitCommitted(harness, "routed", "orders", 3);

        Set<Long> ids = new HashSet<>();
        for (int c = 0; c < 3; c++) {
            List<SlackMessage> messages = slack.messages(channels.get(c));
            for (SlackMessage message : messages) {
                Map<String, Object> payload = message.metadataPayload();
                long id = Long.parseLong(message.text()
                        .substring("Order #".length(), message.text().indexOf(' ', 7)));
                assertThat(ids.add(id)).as("record %s posted once", id).isTrue();
                assertThat(id % 3).as("record %s in its channel", id).isEqualTo(c);
                assertThat(message.text())
                        .isEqualTo("Order #" + id + " is *s" + (id % 7) + "* (orders/" + payload.get("partition") + "/"
                                + payload.get("offset") + ")");
                assertThat(message.unfurlLinks()).isFalse();
                assertThat(message.unfurlMedia()).isFalse();
            }
            SlackItSupport.offsetsInPostOrder(messages)
                    .values()
                    .forEach(offsets -> assertThat(offsets).isSorted().doesNotHaveDuplicates());
        }
        assertThat(ids).hasSize(2_000);
        assertThat(channels.stream().mapToInt(slack::postCount).sum()).isEqualTo(2_000);
    }

    /**
     * The issue's 13 variants go through the real worker and client; what Slack would show for each
     * message, by the testkit's renderer, is the value's exact text in the message text, a mrkdwn
     * section, a section field, a context element and plain_text objects, while the template's own
     * bold and mention still work.
     */
    @Test
    void valuesFromRecordsShowAsExactlyTheirTextAndOnlyTheTemplateFormats() throws Exception {
        slack.createChannel("C0SAFE", "safe");
        harness.createTopic("notes", 1);
        String[] variants = SlackLiteralDataTest.VARIANTS;
        ObjectMapper json = new ObjectMapper();
        harness.produce(
                "notes",
                1,
                variants.length,
                i -> "k" + i,
                i -> json.createObjectNode()
                        .put("id", i)
                        .put("note", variants[i])
                        .toString());

        Map<String, String> config = fast(SlackItSupport.connector(slack, "notes"));
        config.put(SlackConfig.CHANNEL, "C0SAFE");
        config.put(SlackConfig.TEXT_TEMPLATE, "<!here> *{{note}}*");
        config.put(
                SlackConfig.BLOCKS_TEMPLATE,
                "[{\"type\":\"header\",\"text\":{\"type\":\"plain_text\",\"text\":\"{{note}}\"}},"
                        + "{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"{{note}}\"},"
                        + "\"fields\":[{\"type\":\"mrkdwn\",\"text\":\"{{note}}\"},{\"type\":\"plain_text\",\"text\":\"{{note}}\"}]},"
                        + "{\"type\":\"context\",\"elements\":[{\"type\":\"mrkdwn\",\"text\":\"{{note}}\"}]}]");
        harness.configureConnector("safe", config);

        ConnectHarness.await(variants.length + " messages", () -> slack.postCount("C0SAFE") == variants.length);
        List<SlackMessage> messages = slack.messages("C0SAFE");
        for (int i = 0; i < variants.length; i++) {
            String value = variants[i];
            SlackMessage message = messages.get(i);
            Rendering text = SlackRenderer.messageText(message.text());
            assertThat(text.text()).as("text of %s", value).isEqualTo("@here " + value);
            assertThat(text.styled(Style.BOLD))
                    .as("the template's bold around %s", value)
                    .containsExactly(value);
            assertThat(text.mentions())
                    .as("the template's mention only, for %s", value)
                    .containsExactly(new Mention(MentionKind.BROADCAST, "here"));
            assertThat(text.links()).as("links in %s", value).isEmpty();

            Map<String, Rendering> blocks = SlackRenderer.blocks(message.blocksJson());
            assertThat(blocks).hasSize(5);
            blocks.forEach((pointer, shown) -> {
                assertThat(shown.text()).as("%s of %s", pointer, value).isEqualTo(value);
                assertThat(shown.isLiteral())
                        .as("%s of %s: %s", pointer, value, shown)
                        .isTrue();
            });
            assertThat(message.unfurlLinks()).isFalse();
            assertThat(message.unfurlMedia()).isFalse();
        }
    }

    /**
     * Slack posts a message but drops its metadata (answering ok with invalid_metadata_schema): the
     * task notices, says so once at WARN, and counts every drop in its metrics, since deduplication
     * cannot see such messages.
     */
    @Test
    void aPostWhoseMetadataSlackDropsIsDetected() throws Exception {
        slack.createChannel("C0DROP", "drop");
        harness.createTopic("dropped", 1);
        harness.produce("dropped", 1, 5, i -> "k" + i, i -> "{\"id\":" + i + "}");
        FaultRule drop = slack.inject(FaultRule.of(Fault.metadataDropped())
                .method("chat.postMessage")
                .channel("C0DROP")
                .times(3));

        Map<String, String> config = fast(SlackItSupport.connector(slack, "dropped"));
        config.put(SlackConfig.CHANNEL, "C0DROP");
        config.put(SlackConfig.TEXT_TEMPLATE, "id {{id}}");
        config.put(SlackConfig.DEDUP_ENABLED, "true");
        try (CapturedLogs logs = CapturedLogs.capture()) {
            harness.configureConnector("dropped", config);
            ConnectHarness.await("5 messages", () -> slack.postCount("C0DROP") == 5);
            SlackItSupport.awaitCommitted(harness, "dropped", "dropped", 1);

            assertThat(drop.triggered()).isEqualTo(3);
            assertThat(slack.messages("C0DROP"))
                    .filteredOn(m -> m.metadataJson() == null)
                    .hasSize(3);
            assertThat(logs.lines())
                    .filteredOn(line -> line.contains("dropped its metadata"))
                    .singleElement()
                    .asString()
                    .contains("invalid_metadata_schema")
                    .contains("at-least-once");
            assertThat(pluginMetric("dropped", "slack-metadata-dropped-total")).isEqualTo(3.0);
        }
        stop("dropped");
    }

    /** A task metric of a connector, as the worker publishes plugin metrics over JMX. */
    private static double pluginMetric(String connector, String name) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        for (ObjectName bean :
                server.queryNames(new ObjectName("kafka.connect:type=plugins,connector=" + connector + ",*"), null)) {
            try {
                return ((Number) server.getAttribute(bean, name)).doubleValue();
            } catch (javax.management.AttributeNotFoundException e) {
                // another plugin of the connector (its converters, say)
            }
        }
        throw new AssertionError("no plugin metric " + name + " for " + connector + " in "
                + server.queryNames(new ObjectName("kafka.connect:*"), null));
    }

    @Test
    void aThreadKeyMakesParentsAndReplies() throws Exception {
        slack.createChannel("C0THREAD", "incidents");
        harness.createTopic("incidents", 1);
        String[] incidents = {"A", "B", "A", "A", "B"};
        harness.produce(
                "incidents",
                1,
                incidents.length,
                i -> null,
                i -> "{\"incident\":\"" + incidents[i] + "\",\"step\":" + i + "}");

        Map<String, String> config = SlackItSupport.connector(slack, "incidents");
        config.put(SlackConfig.CHANNEL, "C0THREAD");
        config.put(SlackConfig.THREAD_KEY, "incident");
        config.put(SlackConfig.TEXT_TEMPLATE, "incident {{incident}} step {{step}}");
        harness.configureConnector("threads", config);

        ConnectHarness.await("5 messages", () -> slack.postCount("C0THREAD") == 5);
        List<SlackMessage> parents = slack.topLevelMessages("C0THREAD");
        assertThat(parents).extracting(SlackMessage::text).containsExactly("incident A step 0", "incident B step 1");
        assertThat(slack.replies("C0THREAD", parents.get(0).ts()))
                .extracting(SlackMessage::text)
                .containsExactly("incident A step 2", "incident A step 3");
        assertThat(slack.replies("C0THREAD", parents.get(1).ts()))
                .extracting(SlackMessage::text)
                .containsExactly("incident B step 4");
        assertThat(slack.orphanReplies("C0THREAD")).isEmpty();
    }

    @Test
    void updateModeEditsOneMessagePerKeyAndATombstoneDeletesIt() throws Exception {
        slack.createChannel("C0CARDS", "status");
        harness.createTopic("status", 1);
        String[] keys = {"api", "db", "api", "db", "api"};
        String[] values = {
            "{\"status\":\"up\"}", "{\"status\":\"up\"}", "{\"status\":\"down\"}", null, "{\"status\":\"recovering\"}"
        };
        harness.produce("status", 1, keys.length, i -> keys[i], i -> values[i]);

        Map<String, String> config = SlackItSupport.connector(slack, "status");
        config.put(SlackConfig.CHANNEL, "C0CARDS");
        config.put(SlackConfig.MODE, "update");
        config.put(SlackConfig.THREAD_KEY, "_key");
        config.put("behavior.on.null.values", "delete");
        config.put(SlackConfig.TEXT_TEMPLATE, "*{{_key}}* is {{status}}");
        harness.configureConnector("cards", config);

        SlackItSupport.awaitCommitted(harness, "cards", "status", 1);
        assertThat(slack.messages("C0CARDS")).singleElement().satisfies(card -> {
            assertThat(card.text()).isEqualTo("*api* is recovering");
            assertThat(card.editCount()).isEqualTo(2);
        });
        assertThat(slack.deletedMessages("C0CARDS"))
                .singleElement()
                .satisfies(card -> assertThat(card.text()).isEqualTo("*db* is up"));
        assertThat(slack.postCount("C0CARDS")).isEqualTo(2);
    }

    @Test
    void recordsSlackRefusesGoToTheDeadLetterQueueWithTheReason() throws Exception {
        slack.createChannel("C0FINE", "fine");
        slack.createChannel("C0ARCHIVED", "archived");
        slack.archiveChannel("C0ARCHIVED");
        harness.createTopic("mixed", 1);
        String[] rows = {
            "{\"title\":\"ok 0\",\"to\":\"C0FINE\"}",
            "{\"title\":\"lost\",\"to\":\"C0NOSUCH\"}",
            "{\"title\":\"shelved\",\"to\":\"C0ARCHIVED\"}",
            "{\"title\":\"\",\"to\":\"C0FINE\"}",
            "{\"title\":\"ok 4\",\"to\":\"C0FINE\"}"
        };
        harness.produce("mixed", 1, rows.length, i -> null, i -> rows[i]);

        Map<String, String> config =
                ConnectHarness.withDeadLetterQueue(SlackItSupport.connector(slack, "mixed"), SlackItSupport.DLQ);
        config.put(SlackConfig.CHANNEL_FIELD, "to");
        config.put(SlackConfig.TEXT_TEMPLATE, "{{title}}");
        config.put(
                SlackConfig.BLOCKS_TEMPLATE,
                "[{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"{{title}}\"}}]");
        harness.configureConnector("mixed", config);

        List<ReadRecord> dead = harness.readAll(SlackItSupport.DLQ, 3);
        Map<String, String> reasons = new HashMap<>();
        dead.forEach(record -> reasons.put(
                record.headers().get("__connect.errors.offset"),
                record.headers().get("__connect.errors.exception.message")));
        assertThat(reasons)
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("1", "channel_not_found", "2", "is_archived", "3", "invalid_blocks"));
        SlackItSupport.awaitCommitted(harness, "mixed", "mixed", 1);
        assertThat(slack.messages("C0FINE")).extracting(SlackMessage::text).containsExactly("ok 0", "ok 4");
        assertThat(harness.taskStates("mixed")).containsOnly("RUNNING");
    }

    @Test
    void invalidAuthFailsTheTaskWithAClearMessageAndTheTokenIsNeverLogged(@TempDir Path dir) throws Exception {
        slack.createChannel("C0AUTH", "auth");
        harness.createTopic("audit", 1);
        Path secrets = dir.resolve("slack.properties");
        Files.writeString(secrets, "token=" + TOKEN + "\n", StandardCharsets.UTF_8);
        String wrongToken = "xoxb-0000-wrong-secret-token";

        try (CapturedLogs logs = CapturedLogs.capture()) {
            Map<String, String> config = SlackItSupport.connector(slack, "audit");
            config.put(SlackConfig.BOT_TOKEN, "${file:" + secrets + ":token}");
            config.put(SlackConfig.CHANNEL, "C0AUTH");
            harness.configureConnector("auth", config);
            harness.awaitRunning("auth", 1);

            // the secret changes behind the config provider: the restarted task reads a token Slack does not know
            Files.writeString(secrets, "token=" + wrongToken + "\n", StandardCharsets.UTF_8);
            harness.cluster().restartConnectorAndTasks("auth", false, true, false);
            harness.produce("audit", 1, 1, i -> null, i -> "{\"id\":1}");

            String trace = harness.awaitTaskFailure("auth");
            assertThat(trace)
                    .contains("Slack refused the credentials (invalid_auth); check slack.bot.token")
                    .doesNotContain(wrongToken)
                    .doesNotContain(TOKEN);
            assertThat(logs.lines()).isNotEmpty().noneMatch(line -> line.contains(wrongToken) || line.contains(TOKEN));
        }
        assertThat(slack.messages("C0AUTH")).isEmpty();
    }

    /**
     * With deduplication the tasks skip what the channel's history says is posted; a reset through
     * the offsets REST API must not be undone by that. DELETE: every record is posted once more.
     * PATCH of one partition to k: exactly its records from k on are posted once more.
     */
    @Test
    void offsetsChangedThroughTheRestApiAreNotUndoneByDeduplication() throws Exception {
        int records = 40;
        long k = 12;
        slack.createChannel("C0RESET", "reset");
        harness.createTopic("ledger", 2);
        harness.produce("ledger", 2, records, i -> null, i -> "{\"id\":" + i + "}");
        Map<String, String> config = fast(SlackItSupport.connector(slack, "ledger"));
        config.put(SlackConfig.CHANNEL, "C0RESET");
        config.put(SlackConfig.DEDUP_ENABLED, "true");
        config.put(SlackConfig.TEXT_TEMPLATE, "entry {{id}}");
        harness.configureConnector("reset", config);
        ConnectHarness.await("every record posted", () -> recordPosts("C0RESET").size() == records);
        SlackItSupport.awaitCommitted(harness, "reset", "ledger", 2);

        stop("reset");
        harness.cluster().resetConnectorOffsets("reset");
        harness.cluster().resumeConnector("reset");
        ConnectHarness.await(
                "every record posted again", () -> recordPosts("C0RESET").size() == 2 * records);
        SlackItSupport.awaitCommitted(harness, "reset", "ledger", 2);
        assertThat(postsPerRecord("C0RESET"))
                .hasSize(records)
                .allSatisfy((record, posts) -> assertThat(posts).isEqualTo(2));

        stop("reset");
        harness.cluster()
                .alterConnectorOffsets(
                        "reset",
                        new ConnectorOffsets(List.of(new ConnectorOffset(
                                Map.of("kafka_topic", "ledger", "kafka_partition", 0), Map.of("kafka_offset", k)))));
        harness.cluster().resumeConnector("reset");
        long partitionZero = records / 2;
        ConnectHarness.await(
                "partition 0 from " + k + " posted again",
                () -> recordPosts("C0RESET").size() == 2 * records + (partitionZero - k));
        SlackItSupport.awaitCommitted(harness, "reset", "ledger", 2);

        assertThat(recordPosts("C0RESET")).hasSize(2 * records + (int) (partitionZero - k));
        postsPerRecord("C0RESET")
                .forEach((record, posts) -> assertThat(posts)
                        .as(record)
                        .isEqualTo(record.startsWith("0/") && Long.parseLong(record.substring(2)) >= k ? 3 : 2));
        assertThat(slack.findByMetadata("C0RESET", "outflow_reset", Map.of("connector", "reset")))
                .hasSize(2)
                .allSatisfy(
                        marker -> assertThat(marker.text()).contains("were reset through the Kafka Connect REST API"));
    }

    private static void stop(String connector) throws InterruptedException {
        harness.cluster().stopConnector(connector);
        ConnectHarness.await(
                connector + " stopped",
                () -> "STOPPED"
                        .equals(harness.cluster()
                                .connectorStatus(connector)
                                .connector()
                                .state()));
    }

    private static List<SlackMessage> recordPosts(String channel) {
        return slack.messages(channel).stream()
                .filter(m -> "outflow_record".equals(m.metadataEventType()))
                .toList();
    }

    /** "partition/offset" -> how many messages hold that record. */
    private static Map<String, Integer> postsPerRecord(String channel) {
        Map<String, Integer> posts = new HashMap<>();
        recordPosts(channel)
                .forEach(m -> posts.merge(
                        ((Number) m.metadataPayload().get("partition")).intValue() + "/"
                                + ((Number) m.metadataPayload().get("offset")).longValue(),
                        1,
                        Integer::sum));
        return posts;
    }
}

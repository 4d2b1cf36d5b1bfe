package dev.outflow.connect.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.outflow.connect.core.api.Cell;
import dev.outflow.connect.core.api.Failure;
import dev.outflow.connect.core.api.FirstRowsFailedException;
import dev.outflow.connect.core.api.QuotaScope;
import dev.outflow.connect.core.api.Row;
import dev.outflow.connect.core.api.StoredOffsets;
import dev.outflow.connect.core.api.WriteResult;
import dev.outflow.connect.core.api.config.ConfigProblem;
import dev.outflow.connect.core.internal.delivery.RateLimiter;
import dev.outflow.connect.testkit.ManualClock;
import dev.outflow.connect.testkit.slack.Fault;
import dev.outflow.connect.testkit.slack.FaultRule;
import dev.outflow.connect.testkit.slack.SlackEmulator;
import dev.outflow.connect.testkit.slack.SlackMessage;

/** The destination against the Slack emulator, without Kafka: writes, history, and the access check. */
class SlackDestinationTest {

    private static final String TOKEN = "xoxb-unit-test";
    private static final String CHANNEL = "C0UNIT";

    private SlackEmulator slack;
    private SlackDestination destination;

    @BeforeEach
    void start() {
        slack = new SlackEmulator();
        slack.rateLimits().disable();
        slack.createBotToken(TOKEN, SlackEmulator.ALL_BOT_SCOPES);
        slack.createChannel(CHANNEL, "unit");
    }

    @AfterEach
    void stop() {
        if (destination != null) {
            destination.stop();
        }
        slack.close();
    }

    private Map<String, String> props(String... pairs) {
        Map<String, String> props = new HashMap<>();
        props.put("name", "unit");
        props.put(SlackConfig.BOT_TOKEN, TOKEN);
        props.put(SlackConfig.API_URL, slack.apiUrl());
        props.put(SlackConfig.CHANNEL, CHANNEL);
        props.put(SlackConfig.TEXT_TEMPLATE, "{{text}}");
        for (int i = 0; i < pairs.length; i += 2) {
            props.put(pairs[i], pairs[i + 1]);
        }
        return props;
    }

    private SlackDestination started(Map<String, String> props) {
        if (destination != null) {
            destination.stop();
        }
        destination = new SlackDestination();
        destination.start(props);
        return destination;
    }

    private static Row row(long offset, String key, String text) {
        return Rows.row(
                "events", 0, offset, key, key == null ? Map.of("text", text) : Map.of("text", text, "incident", key));
    }

    /**
     * Slack's bucket for a channel (one message a second, a burst of 3, as the emulator enforces it)
     * starts when the first post reaches it, and sees every post some milliseconds after the
     * connector's limiter let it go. Posts go one at a time; the first is the slowest (a new
     * connection: 40 ms each way, then 5). At Slack's exact pace the first post after the burst
     * reaches Slack's bucket 35 ms before its token and is refused; the default's 5% margin (about
     * 50 ms a message) absorbs that at once and then keeps growing.
     */
    @Test
    void atTheDefaultRateNoPostReachesSlacksBucketBeforeItsToken() {
        List<QuotaScope> scopes = started(props()).quotaScopes(CHANNEL);
        ManualClock clock = new ManualClock(Instant.EPOCH);
        RateLimiter limiter = new RateLimiter(clock, new SplittableRandom(1), 1);
        double slackTokens = 3;
        long slackRefilledAtMs = -1;
        int refused = 0;
        long now = 0;
        for (int post = 0; now < 600_000; post++) {
            long waitMs;
            while ((waitMs = limiter.tryAcquire(scopes)) > 0) {
                now += waitMs; // the worker calls again when the limiter said
                clock.set(Instant.ofEpochMilli(now));
            }
            long oneWayMs = post == 0 ? 40 : 5;
            long arrivesMs = now + oneWayMs;
            if (slackRefilledAtMs >= 0) {
                slackTokens = Math.min(3, slackTokens + (arrivesMs - slackRefilledAtMs) / 1000.0);
            }
            slackRefilledAtMs = arrivesMs;
            if (slackTokens >= 1) {
                slackTokens--;
            } else {
                refused++;
            }
            now = arrivesMs + oneWayMs; // the next post goes once this one is answered
            clock.set(Instant.ofEpochMilli(now));
        }
        assertThat(refused).isZero();
    }

    @Test
    void withoutDigestsAWriteTakesTheFirstRecordOnly() throws Exception {
        WriteResult result = started(props()).write(CHANNEL, List.of(row(1, null, "one"), row(2, null, "two")));
        assertThat(result.handled()).isEqualTo(1);
        assertThat(result.rejected()).isEmpty();
        assertThat(slack.messages(CHANNEL)).extracting(SlackMessage::text).containsExactly("one");
    }

    @Test
    void aRefusedMessageRejectsItsRecordOnly() {
        SlackDestination destination = started(props());
        // the failure names the one record sent: the framework rejects it alone, with no bisection of the batch
        assertThatThrownBy(() -> destination.write("C0MISSING", List.of(row(1, null, "one"), row(2, null, "two"))))
                .isInstanceOfSatisfying(FirstRowsFailedException.class, failed -> {
                    assertThat(failed.rows()).isEqualTo(1);
                    assertThat(destination.classify(failed.getCause()))
                            .isEqualTo(Failure.rejected("channel_not_found"));
                });
    }

    @Test
    void withDigestsTheWaitingRecordsFoldIntoOneMessage() throws Exception {
        WriteResult result = started(props(SlackConfig.DIGEST_ENABLED, "true"))
                .write(CHANNEL, List.of(row(1, null, "one"), row(2, null, "two"), row(3, null, "three")));
        assertThat(result.handled()).isEqualTo(3);
        assertThat(slack.messages(CHANNEL)).singleElement().satisfies(m -> {
            assertThat(m.text()).isEqualTo("_3 records_\none\ntwo\nthree");
            assertThat(m.metadataEventType()).isEqualTo("outflow_digest");
        });
    }

    @Test
    void aRestartedTaskKeepsReplyingInTheThreadsItFindsInHistory() throws Exception {
        Map<String, String> props = props(SlackConfig.THREAD_KEY, "incident");
        started(props).write(CHANNEL, List.of(row(1, "A", "A opened")));
        started(props).write(CHANNEL, List.of(row(2, "A", "A escalated")));

        SlackMessage parent = slack.topLevelMessages(CHANNEL).get(0);
        assertThat(slack.topLevelMessages(CHANNEL)).hasSize(1);
        assertThat(slack.replies(CHANNEL, parent.ts()))
                .extracting(SlackMessage::text)
                .containsExactly("A escalated");
    }

    @Test
    void updateModeEditsTheKeysMessageAndPostsAgainWhenItWasDeletedInSlack() throws Exception {
        SlackDestination updates = started(props(SlackConfig.MODE, "update", SlackConfig.THREAD_KEY, "incident"));
        updates.write(CHANNEL, List.of(row(1, "A", "up")));
        updates.write(CHANNEL, List.of(row(2, "A", "degraded")));
        assertThat(slack.messages(CHANNEL))
                .singleElement()
                .satisfies(m -> assertThat(m.editCount()).isEqualTo(1));

        try (SlackClient someone = SlackClient.create(slack.apiUrl(), 5_000, new Password(TOKEN), null)) {
            someone.delete(CHANNEL, slack.messages(CHANNEL).get(0).ts());
        }
        updates.write(CHANNEL, List.of(row(3, "A", "down")));
        assertThat(slack.messages(CHANNEL)).singleElement().satisfies(m -> {
            assertThat(m.text()).isEqualTo("down");
            assertThat(m.edited()).isFalse();
        });
    }

    @Test
    void storedOffsetsAreTheLastOffsetsInTheChannelsHistoryRepliesIncluded() throws Exception {
        SlackDestination threads =
                started(props(SlackConfig.THREAD_KEY, "incident", SlackConfig.DEDUP_ENABLED, "true"));
        threads.write(CHANNEL, List.of(row(10, "A", "parent")));
        threads.write(CHANNEL, List.of(row(11, "A", "reply")));
        threads.write(CHANNEL, List.of(Rows.row("other", 1, 5, null, Map.of("text", "x", "incident", "B"))));

        StoredOffsets stored = started(props(SlackConfig.THREAD_KEY, "incident", SlackConfig.DEDUP_ENABLED, "true"))
                .storedOffsets(List.of(new TopicPartition("events", 0)));
        assertThat(stored.oneTargetPerPartition()).isFalse();
        assertThat(stored.byTarget()).containsExactly(Map.entry(CHANNEL, Map.of(new TopicPartition("events", 0), 11L)));
    }

    private static Map<TopicPartition, Long> offsets(Object... pairs) {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            offsets.put((TopicPartition) pairs[i], (Long) pairs[i + 1]);
        }
        return offsets;
    }

    @Test
    void aResetPostsOneMarkerToEachConfiguredChannelOnceAndTheOldOffsetsNoLongerCount() throws Exception {
        slack.createChannel("C0ORDERS", "orders");
        Map<String, String> props =
                props(SlackConfig.DEDUP_ENABLED, "true", SlackConfig.CHANNEL_TOPIC_MAP, "orders:C0ORDERS");
        SlackDestination writer = started(props);
        writer.write(CHANNEL, List.of(row(7, null, "seven")));
        writer.write("C0ORDERS", List.of(Rows.row("orders", 0, 3, null, Map.of("text", "three"))));
        TopicPartition events = new TopicPartition("events", 0);
        TopicPartition orders = new TopicPartition("orders", 0);

        new SlackDestination().alterStoredOffsets(props, offsets(events, null, orders, 2L));
        new SlackDestination()
                .alterStoredOffsets(props, offsets(events, null, orders, 2L)); // the worker may call again

        for (String channel : List.of(CHANNEL, "C0ORDERS")) {
            assertThat(slack.findByMetadata(channel, "outflow_reset", Map.of("connector", "unit")))
                    .singleElement()
                    .satisfies(m -> assertThat(m.text())
                            .contains("offsets of the connector *unit* were reset")
                            .contains("events-0 from its start")
                            .contains("orders-0 from offset 2"));
        }
        StoredOffsets stored = started(props).storedOffsets(List.of(events, orders));
        assertThat(stored.byTarget()).isEmpty();

        // a different change to the same partitions is a new marker
        new SlackDestination().alterStoredOffsets(props, offsets(orders, 1L));
        assertThat(slack.findByMetadata("C0ORDERS", "outflow_reset", Map.of("connector", "unit")))
                .hasSize(2);
        assertThat(slack.findByMetadata(CHANNEL, "outflow_reset", Map.of("connector", "unit")))
                .hasSize(2);
    }

    @Test
    void aResetPostsItsMarkerWhenHistoryIsRateLimitedAndFailsWhenThePostIsRefused() throws Exception {
        Map<String, String> props = props(SlackConfig.DEDUP_ENABLED, "true");
        Map<TopicPartition, Long> reset = offsets(new TopicPartition("events", 0), null);
        slack.inject(FaultRule.of(Fault.rateLimited(60))
                .method("conversations.history")
                .times(1));
        new SlackDestination().alterStoredOffsets(props, reset);
        assertThat(slack.findByMetadata(CHANNEL, "outflow_reset", Map.of("connector", "unit")))
                .hasSize(1);

        slack.inject(
                FaultRule.of(Fault.rateLimited(60)).method("chat.postMessage").times(1));
        assertThatThrownBy(() ->
                        new SlackSinkConnector().alterOffsets(props, offsets(new TopicPartition("events", 0), 3L)))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("could not be posted")
                .hasMessageContaining("429")
                .hasMessageContaining("left as they were")
                .hasMessageNotContaining(TOKEN);
        assertThat(slack.findByMetadata(CHANNEL, "outflow_reset", Map.of("connector", "unit")))
                .hasSize(1);
    }

    @Test
    void aResetIsRefusedForChannelsFromRecordsWithDedupAndNeedsNothingWithoutIt() {
        Map<String, String> routed =
                props(SlackConfig.DEDUP_ENABLED, "true", SlackConfig.CHANNEL_FIELD, "team.channel");
        Map<TopicPartition, Long> reset = offsets(new TopicPartition("events", 0), null);
        assertThatThrownBy(() -> new SlackSinkConnector().alterOffsets(routed, reset))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining(SlackConfig.DEDUP_ENABLED + "=false")
                .hasMessageContaining(SlackConfig.CHANNEL_TOPIC_MAP)
                .hasMessageNotContaining(TOKEN);

        assertThat(new SlackSinkConnector().alterOffsets(props(SlackConfig.CHANNEL_FIELD, "team.channel"), reset))
                .isTrue();
        String url = slack.createIncomingWebhook(CHANNEL);
        Map<String, String> webhook = props(SlackConfig.WEBHOOK_URL, url);
        webhook.remove(SlackConfig.BOT_TOKEN);
        webhook.remove(SlackConfig.CHANNEL);
        assertThat(new SlackSinkConnector().alterOffsets(webhook, reset)).isTrue();
        assertThat(slack.postCount()).isZero();
    }

    @Test
    void aChannelNamedByRecordsIsForgottenWhenIdleAndAConfiguredOneIsKept() throws Exception {
        slack.createChannel("C0DATA", "data");
        SlackDestination routed =
                started(props(SlackConfig.DEDUP_ENABLED, "true", SlackConfig.CHANNEL_FIELD, "channel"));
        Row forData = Rows.row("events", 0, 4, null, Map.of("text", "x", "channel", "C0DATA"));
        routed.write(routed.route(forData), List.of(forData));
        routed.write(CHANNEL, List.of(row(5, null, "y")));
        TopicPartition events = new TopicPartition("events", 0);
        assertThat(routed.storedOffsets(List.of(events)).byTarget()).containsOnlyKeys("C0DATA", CHANNEL);

        routed.forgetTarget("C0DATA");
        routed.forgetTarget(CHANNEL);
        assertThat(routed.storedOffsets(List.of(events)).byTarget()).containsOnlyKeys(CHANNEL);
    }

    @Test
    void anUnreadableHistoryIsWarnedAboutOncePerTaskNotOncePerChannel() throws Exception {
        slack.createBotToken("xoxb-no-history", Set.of("chat:write", "channels:read"));
        slack.createChannel("C0A", "a");
        slack.createChannel("C0B", "b");
        SlackDestination threads = started(props(
                SlackConfig.BOT_TOKEN,
                "xoxb-no-history",
                SlackConfig.THREAD_KEY,
                "incident",
                SlackConfig.CHANNEL_FIELD,
                "channel"));
        try (CapturedLogs logs = CapturedLogs.capture()) {
            for (String channel : List.of("C0A", "C0B")) {
                for (long offset = 0;
                        offset < 2;
                        offset++) { // the second record of a channel reads its history for keys
                    threads.write(
                            channel,
                            List.of(Rows.row("events", 0, offset, null, Map.of("text", "t", "incident", "A"))));
                }
            }
            assertThat(logs.lines())
                    .filteredOn(line -> line.contains("is not readable"))
                    .singleElement()
                    .asString()
                    .contains("C0A")
                    .contains("missing_scope")
                    .contains("channels:history");
        }
        assertThat(slack.requests("conversations.history")).hasSize(2); // both channels were tried
    }

    @Test
    void theAccessCheckPassesForAWorkingSetUp() {
        assertThat(new SlackDestination().checkAccess(props(SlackConfig.DEDUP_ENABLED, "true")))
                .isEmpty();
    }

    @Test
    void theAccessCheckSaysWhatToFixOnTheRightKey() {
        slack.createChannelWithoutBot("C0NOBOT", "nobot");
        slack.createChannel("C0OLD", "old");
        slack.archiveChannel("C0OLD");
        List<ConfigProblem> problems = new SlackDestination()
                .checkAccess(
                        props(SlackConfig.CHANNEL, "C0NOBOT", SlackConfig.CHANNEL_TOPIC_MAP, "old:C0OLD,gone:C0GONE"));
        assertThat(problems)
                .extracting(ConfigProblem::key)
                .containsOnly(SlackConfig.CHANNEL, SlackConfig.CHANNEL_TOPIC_MAP);
        assertThat(problems)
                .extracting(ConfigProblem::message)
                .anyMatch(m -> m.contains("not a member of channel C0NOBOT"))
                .anyMatch(m -> m.contains("channel C0OLD is archived"))
                .anyMatch(m -> m.contains("channel C0GONE was not found"));

        assertThat(new SlackDestination().checkAccess(props(SlackConfig.BOT_TOKEN, "xoxb-wrong")))
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.key()).isEqualTo(SlackConfig.BOT_TOKEN);
                    assertThat(p.message()).contains("invalid_auth").doesNotContain("xoxb-wrong");
                });

        slack.createBotToken("xoxb-read-only", Set.of("channels:read", "channels:history"));
        assertThat(new SlackDestination().checkAccess(props(SlackConfig.BOT_TOKEN, "xoxb-read-only")))
                .singleElement()
                .satisfies(p -> assertThat(p.message()).contains("lacks the chat:write scope"));

        slack.createBotToken("xoxb-no-history", Set.of("chat:write", "channels:read"));
        assertThat(new SlackDestination()
                        .checkAccess(
                                props(SlackConfig.BOT_TOKEN, "xoxb-no-history", SlackConfig.DEDUP_ENABLED, "true")))
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.key()).isEqualTo(SlackConfig.DEDUP_ENABLED);
                    assertThat(p.message()).contains("channels:history");
                });
    }

    @Test
    void validateReportsIndependentMistakesTogetherEachOnItsKey() {
        Map<String, String> props = props(
                SlackConfig.TEXT_TEMPLATE,
                "{{{raw}}}",
                SlackConfig.BOT_TOKEN,
                "xoxb-wrong",
                SlackConfig.MODE,
                "update");
        Map<String, List<String>> errors = new HashMap<>();
        new SlackSinkConnector()
                .validate(props).configValues().stream()
                        .filter(v -> !v.errorMessages().isEmpty())
                        .forEach(v -> errors.put(v.name(), v.errorMessages()));

        assertThat(errors)
                .containsOnlyKeys(
                        SlackConfig.TEXT_TEMPLATE, SlackConfig.BOT_TOKEN, SlackConfig.MODE, SlackConfig.THREAD_KEY);
        assertThat(errors.get(SlackConfig.TEXT_TEMPLATE))
                .singleElement()
                .asString()
                .contains("{{{raw}}}");
        assertThat(errors.get(SlackConfig.BOT_TOKEN))
                .singleElement()
                .asString()
                .contains("Slack refused the token (invalid_auth)")
                .doesNotContain("xoxb-wrong");
        assertThat(errors.get(SlackConfig.MODE)).singleElement().asString().contains(SlackConfig.THREAD_KEY);
        assertThat(errors.get(SlackConfig.THREAD_KEY)).isEqualTo(errors.get(SlackConfig.MODE));
    }

    @Test
    void aWebhookPostsWithoutMetadataAndUnfurlingOff() throws Exception {
        String url = slack.createIncomingWebhook(CHANNEL);
        Map<String, String> props = props(SlackConfig.WEBHOOK_URL, url);
        props.remove(SlackConfig.BOT_TOKEN);
        props.remove(SlackConfig.CHANNEL);
        SlackDestination webhook = started(props);
        assertThat(webhook.route(row(1, null, "x"))).isEqualTo(SlackDestination.WEBHOOK_TARGET);
        webhook.write(SlackDestination.WEBHOOK_TARGET, List.of(row(1, null, "<!channel> hi")));
        assertThat(slack.messages(CHANNEL)).singleElement().satisfies(m -> {
            assertThat(m.text()).isEqualTo("&lt;!channel&gt; hi");
            assertThat(m.unfurlLinks()).isFalse();
            assertThat(m.metadataJson()).isNull();
        });
    }

    @Test
    void aRecordWhoseKeyTheMapperRefusesIsRejectedAloneThroughAWebhookAndTheWebApi() throws Exception {
        SinkRecord bad = new SinkRecord(
                "events",
                0,
                Schema.INT64_SCHEMA,
                "not-a-long",
                null,
                Map.of("text", "x"),
                5L,
                1_700_000_000_000L,
                TimestampType.CREATE_TIME);
        Row row = new Row(bad, new String[] {"text"}, new Cell[] {Cell.text("x")}, false, 10);
        String reason = "the record could not be read: schema mismatch at field _key: expected INT64, got String";

        assertThatThrownBy(() -> started(props()).route(row))
                .isInstanceOf(DataException.class)
                .hasMessage("schema mismatch at field _key: expected INT64, got String");

        String url = slack.createIncomingWebhook(CHANNEL);
        Map<String, String> props = props(SlackConfig.WEBHOOK_URL, url, SlackConfig.DIGEST_ENABLED, "true");
        props.remove(SlackConfig.BOT_TOKEN);
        props.remove(SlackConfig.CHANNEL);
        SlackDestination webhook = started(props);
        WriteResult result = webhook.write(SlackDestination.WEBHOOK_TARGET, List.of(row, row(6, null, "fine")));
        assertThat(result.handled()).isEqualTo(1);
        assertThat(result.rejected()).containsExactly(Map.entry(0, reason));
        assertThat(slack.messages(CHANNEL)).isEmpty();
    }
}

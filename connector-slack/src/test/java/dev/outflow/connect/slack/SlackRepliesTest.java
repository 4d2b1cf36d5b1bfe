package dev.outflow.connect.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.outflow.connect.core.api.AppReply;
import dev.outflow.connect.core.api.Cell;
import dev.outflow.connect.core.api.Row;
import dev.outflow.connect.core.api.WriteResult;
import dev.outflow.connect.testkit.slack.SlackEmulator;
import dev.outflow.connect.testkit.slack.SlackMessage;

/** What a write says Slack answered for each record, for its receipt, against the emulator's messages. */
class SlackRepliesTest {

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

    private SlackDestination started(String... pairs) {
        Map<String, String> props = new HashMap<>();
        props.put("name", "unit");
        props.put(SlackConfig.BOT_TOKEN, TOKEN);
        props.put(SlackConfig.API_URL, slack.apiUrl());
        props.put(SlackConfig.CHANNEL, CHANNEL);
        props.put(SlackConfig.TEXT_TEMPLATE, "{{text}}");
        for (int i = 0; i < pairs.length; i += 2) {
            props.put(pairs[i], pairs[i + 1]);
        }
        destination = new SlackDestination();
        destination.start(props);
        return destination;
    }

    private static Row row(long offset, String key, String text) {
        return Rows.row("events", 0, offset, key, Map.of("text", text));
    }

    private static Row tombstone(long offset, String key) {
        return new Row(new SinkRecord("events", 0, null, key, null, null, offset), new String[0], new Cell[0], true, 0);
    }

    private SlackMessage message(AppReply reply) {
        return slack.message(reply.fields().get("channel"), reply.fields().get("ts"))
                .orElseThrow();
    }

    @Test
    void aPostToAChannelNamedByItsRecordSaysTheChannelIdSlackAnsweredAndTheMessagesTs() throws Exception {
        SlackDestination destination = started(SlackConfig.CHANNEL_FIELD, "channel");
        Row row = Rows.row("events", 0, 1, null, Map.of("text", "one", "channel", "unit"));

        WriteResult result = destination.write(destination.route(row), List.of(row));

        assertThat(result.replies()).containsOnlyKeys(0);
        AppReply reply = result.replies().get(0);
        assertThat(reply.fields()).containsOnlyKeys("channel", "ts").containsEntry("channel", CHANNEL);
        assertThat(message(reply).text()).isEqualTo("one");
    }

    @Test
    void aReplyInAKeysThreadSaysTheThreadTsAndItsParentDoesNot() throws Exception {
        SlackDestination threads = started(SlackConfig.THREAD_KEY, "_key");

        AppReply parent = threads.write(CHANNEL, List.of(row(1, "A", "A opened")))
                .replies()
                .get(0);
        AppReply reply = threads.write(CHANNEL, List.of(row(2, "A", "A escalated")))
                .replies()
                .get(0);

        assertThat(parent.fields()).containsOnlyKeys("channel", "ts");
        assertThat(message(parent).text()).isEqualTo("A opened");
        assertThat(reply.fields())
                .containsOnlyKeys("channel", "ts", "thread_ts")
                .containsEntry("channel", CHANNEL)
                .containsEntry("thread_ts", parent.fields().get("ts"));
        assertThat(slack.replies(CHANNEL, parent.fields().get("ts")))
                .singleElement()
                .satisfies(m -> {
                    assertThat(m.ts()).isEqualTo(reply.fields().get("ts"));
                    assertThat(m.text()).isEqualTo("A escalated");
                });
    }

    @Test
    void everyRecordFoldedIntoADigestSaysThatMessage() throws Exception {
        WriteResult result = started(SlackConfig.DIGEST_ENABLED, "true")
                .write(CHANNEL, List.of(row(1, null, "one"), row(2, null, "two"), row(3, null, "three")));

        assertThat(result.handled()).isEqualTo(3);
        assertThat(result.replies()).containsOnlyKeys(0, 1, 2);
        assertThat(result.replies().values()).containsOnly(result.replies().get(0));
        SlackMessage digest = slack.messages(CHANNEL).get(0);
        assertThat(slack.messages(CHANNEL)).containsExactly(digest);
        assertThat(result.replies().get(0)).isEqualTo(AppReply.of("channel", CHANNEL, "ts", digest.ts()));
    }

    @Test
    void updateModeSaysTheMessageItEditedAndOnATombstoneTheOneItDeleted() throws Exception {
        SlackDestination updates = started(SlackConfig.MODE, "update", SlackConfig.THREAD_KEY, "_key");
        AppReply posted =
                updates.write(CHANNEL, List.of(row(1, "A", "up"))).replies().get(0);

        AppReply edited =
                updates.write(CHANNEL, List.of(row(2, "A", "down"))).replies().get(0);

        assertThat(edited).isEqualTo(posted);
        assertThat(message(edited).text()).isEqualTo("down");
        assertThat(message(edited).editCount()).isEqualTo(1);

        AppReply deleted =
                updates.write(CHANNEL, List.of(tombstone(3, "A"))).replies().get(0);

        assertThat(deleted).isEqualTo(posted);
        assertThat(slack.messages(CHANNEL)).isEmpty();
        assertThat(slack.deletedMessages(CHANNEL))
                .extracting(SlackMessage::ts)
                .containsExactly(posted.fields().get("ts"));
    }

    @Test
    void aTombstoneForAKeyWithoutAMessageDeletesNothingAndSaysNothing() throws Exception {
        WriteResult result = started(SlackConfig.MODE, "update", SlackConfig.THREAD_KEY, "_key")
                .write(CHANNEL, List.of(tombstone(1, "B")));

        assertThat(result.replies()).isEmpty();
        assertThat(slack.requests("chat.delete")).isEmpty();
    }

    @Test
    void aWebhookPostSaysNothingForTheWebhookAnswersNoMessage() throws Exception {
        String url = slack.createIncomingWebhook(CHANNEL);
        Map<String, String> props = new HashMap<>();
        props.put(SlackConfig.WEBHOOK_URL, url);
        props.put(SlackConfig.TEXT_TEMPLATE, "{{text}}");
        destination = new SlackDestination();
        destination.start(props);

        WriteResult result = destination.write(SlackDestination.WEBHOOK_TARGET, List.of(row(1, null, "hi")));

        assertThat(result.replies()).isEmpty();
        assertThat(slack.messages(CHANNEL)).hasSize(1);
    }
}

package dev.outflow.connect.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.outflow.connect.slack.HistoryReader.ChannelHistory;
import dev.outflow.connect.slack.SlackClient.Message;
import dev.outflow.connect.testkit.slack.SlackEmulator;

/** What a channel's history says was posted, against the Slack emulator: offsets, keys, and reset markers. */
class HistoryReaderTest {

    private static final String TOKEN = "xoxb-history-test";
    private static final String CHANNEL = "C0HISTORY";
    private static final TopicPartition P0 = new TopicPartition("events", 0);
    private static final TopicPartition P1 = new TopicPartition("events", 1);

    private final OffsetMetadata metadata = new OffsetMetadata("history-test");
    private SlackEmulator slack;
    private SlackClient client;

    @BeforeEach
    void start() {
        slack = new SlackEmulator();
        slack.rateLimits().disable();
        slack.createBotToken(TOKEN, SlackEmulator.ALL_BOT_SCOPES);
        slack.createChannel(CHANNEL, "history");
        client = SlackClient.create(slack.apiUrl(), 5_000, new Password(TOKEN), null);
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        slack.close();
    }

    private String record(TopicPartition partition, long offset, String key, String threadTs) throws Exception {
        ObjectNode md = metadata.forRecord(
                Rows.row(partition.topic(), partition.partition(), offset, null, Map.of("x", "y")), key);
        return client.post(CHANNEL, new Message("record " + offset, null, md, threadTs))
                .ts();
    }

    private void marker(TopicPartition partition, Long offset) throws Exception {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        offsets.put(partition, offset);
        client.post(CHANNEL, new Message("reset", null, metadata.forReset(offsets), null));
    }

    private ChannelHistory read(boolean withReplies) throws Exception {
        return new HistoryReader(client, metadata, new HistoryBudget(1_000, 1, Clock.systemUTC()), 3, 200)
                .read(CHANNEL, new HistoryReader.Plan(null, false, withReplies));
    }

    @Test
    void theFloorIsTheHighestOffsetPostedPerPartition() throws Exception {
        record(P0, 3, null, null);
        record(P0, 7, null, null);
        record(P1, 2, null, null);
        assertThat(read(false).floors()).isEqualTo(Map.of(P0, 7L, P1, 2L));
    }

    @Test
    void afterAResetToTheStartOnlyNewerMessagesOfThatPartitionCount() throws Exception {
        record(P0, 5, null, null);
        record(P1, 9, null, null);
        marker(P0, null);
        assertThat(read(false).floors()).isEqualTo(Map.of(P1, 9L));

        record(P0, 0, null, null);
        record(P0, 1, null, null);
        assertThat(read(false).floors()).isEqualTo(Map.of(P0, 1L, P1, 9L));
    }

    @Test
    void afterAMoveToAnOffsetTheMarkerItselfStoresNothing() throws Exception {
        record(P0, 10, null, null);
        marker(P0, 4L);
        assertThat(read(false).floors()).isEmpty();
        record(P0, 4, null, null);
        assertThat(read(false).floors()).isEqualTo(Map.of(P0, 4L));
    }

    @Test
    void theNewestMarkerOfAPartitionDecides() throws Exception {
        marker(P0, null);
        record(P0, 2, null, null);
        marker(P0, null);
        assertThat(read(false).floors()).isEmpty();
    }

    @Test
    void repliesCountOnlyWhenNewerThanTheMarkerAndKeysSurviveIt() throws Exception {
        String parent = record(P0, 1, "A", null);
        record(P0, 2, "A", parent);
        marker(P0, null);
        assertThat(read(true).floors()).isEmpty();

        record(P0, 0, "A", parent);
        ChannelHistory after = read(true);
        assertThat(after.floors()).isEqualTo(Map.of(P0, 0L));
        assertThat(after.keys()).containsEntry("A", parent);
    }

    @Test
    void readingStopsOnceEveryWantedPartitionHasItsNewestMessageOrAMarker() throws Exception {
        record(P0, 5, null, null);
        record(P0, 6, null, null);
        marker(P0, null);
        record(P1, 3, null, null);
        slack.clearRequests();

        ChannelHistory read = new HistoryReader(client, metadata, new HistoryBudget(1_000, 1, Clock.systemUTC()), 3, 2)
                .read(CHANNEL, new HistoryReader.Plan(Set.of(P0, P1), true, false));

        assertThat(read.floors()).isEqualTo(Map.of(P1, 3L));
        assertThat(slack.requests("conversations.history"))
                .as("the first page of 2 holds both")
                .hasSize(1);
    }

    @Test
    void markersOfAnotherConnectorChangeNothing() throws Exception {
        record(P0, 6, null, null);
        client.post(
                CHANNEL, new Message("reset", null, new OffsetMetadata("someone-else").forReset(Map.of(P0, 0L)), null));
        assertThat(read(false).floors()).isEqualTo(Map.of(P0, 6L));
    }
}

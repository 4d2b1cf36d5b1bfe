package dev.outflow.connect.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.slack.api.model.Message;
import com.slack.api.util.json.GsonFactory;

class OffsetMetadataTest {

    private final OffsetMetadata metadata = new OffsetMetadata("alerts-connector");

    /** The metadata as the Slack client reads it back from history. */
    private static Message fromHistory(ObjectNode metadata, String botId) {
        ObjectNode message = BlocksTemplate.JSON.createObjectNode();
        message.put("type", "message").put("ts", "1700000000.000100");
        if (botId != null) {
            message.put("bot_id", botId);
        }
        message.set("metadata", metadata);
        return GsonFactory.createSnakeCase().fromJson(message.toString(), Message.class);
    }

    @Test
    void aRecordsMessageGivesItsOffsetAndKey() {
        ObjectNode record = metadata.forRecord(Rows.row("orders", 3, 9_007_199_254L, null, Map.of("id", "1")), "incident-7");
        assertThat(record.path("event_type").asText()).isEqualTo("outflow_record");

        Map<TopicPartition, Long> floors = new HashMap<>();
        Message read = fromHistory(record, "B0BOT");
        metadata.readOffsets(read, floors);
        assertThat(floors).containsExactly(Map.entry(new TopicPartition("orders", 3), 9_007_199_254L));
        assertThat(metadata.key(read)).isEqualTo("incident-7");
    }

    @Test
    void aDigestGivesTheLastOffsetOfEachPartition() {
        ObjectNode digest = metadata.forDigest(List.of(
                Rows.row("orders", 0, 5, null, Map.of()), Rows.row("orders", 1, 8, null, Map.of()),
                Rows.row("orders", 0, 6, null, Map.of())));
        assertThat(digest.path("event_payload").path("records").asInt()).isEqualTo(3);

        Map<TopicPartition, Long> floors = new HashMap<>(Map.of(new TopicPartition("orders", 0), 7L));
        metadata.readOffsets(fromHistory(digest, "B0BOT"), floors);
        assertThat(floors).containsOnly(Map.entry(new TopicPartition("orders", 0), 7L), Map.entry(new TopicPartition("orders", 1), 8L));
    }

    @Test
    void messagesOfOtherConnectorsAndOfPeopleAreIgnored() {
        ObjectNode other = new OffsetMetadata("someone-else").forRecord(Rows.row(Map.of()), "k");
        ObjectNode ours = metadata.forRecord(Rows.row(Map.of()), "k");
        Map<TopicPartition, Long> floors = new HashMap<>();
        metadata.readOffsets(fromHistory(other, "B0BOT"), floors);
        metadata.readOffsets(fromHistory(ours, null), floors);
        assertThat(floors).isEmpty();
        assertThat(metadata.key(fromHistory(other, "B0BOT"))).isNull();
    }
}

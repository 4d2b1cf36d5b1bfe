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
        ObjectNode record =
                metadata.forRecord(Rows.row("orders", 3, 9_007_199_254L, null, Map.of("id", "1")), "incident-7");
        assertThat(record.path("event_type").asText()).isEqualTo("outflow_record");

        OffsetMetadata.Said said = metadata.read(fromHistory(record, "B0BOT"));
        assertThat(said.reset()).isFalse();
        assertThat(said.offsets()).containsExactly(Map.entry(new TopicPartition("orders", 3), 9_007_199_254L));
        assertThat(said.key()).isEqualTo("incident-7");
    }

    @Test
    void aDigestGivesTheLastOffsetOfEachPartition() {
        ObjectNode digest = metadata.forDigest(List.of(
                Rows.row("orders", 0, 5, null, Map.of()),
                Rows.row("orders", 1, 8, null, Map.of()),
                Rows.row("orders", 0, 6, null, Map.of())));
        assertThat(digest.path("event_payload").path("records").asInt()).isEqualTo(3);

        assertThat(metadata.read(fromHistory(digest, "B0BOT")).offsets())
                .containsOnly(
                        Map.entry(new TopicPartition("orders", 0), 6L), Map.entry(new TopicPartition("orders", 1), 8L));
    }

    @Test
    void messagesOfOtherConnectorsAndOfPeopleAreIgnored() {
        ObjectNode other = new OffsetMetadata("someone-else").forRecord(Rows.row(Map.of()), "k");
        ObjectNode ours = metadata.forRecord(Rows.row(Map.of()), "k");
        assertThat(metadata.read(fromHistory(other, "B0BOT"))).isNull();
        assertThat(metadata.read(fromHistory(ours, null))).isNull();
    }

    @Test
    void aResetMarkerNamesEachPartitionWithItsNewOffsetOrNoneForItsStart() {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        offsets.put(new TopicPartition("orders", 0), null);
        offsets.put(new TopicPartition("orders", 1), 42L);
        ObjectNode marker = metadata.forReset(offsets);
        assertThat(marker.path("event_type").asText())
                .isEqualTo("outflow_reset")
                .matches("[A-Za-z0-9_-]+");
        assertThat(marker.path("event_payload").path("offsets").findValues("offset"))
                .hasSize(1); // Slack's payloads have no null

        OffsetMetadata.Said said = metadata.read(fromHistory(marker, "B0BOT"));
        assertThat(said.reset()).isTrue();
        assertThat(said.offsets()).isEqualTo(offsets);
        assertThat(new OffsetMetadata("someone-else").read(fromHistory(marker, "B0BOT")))
                .isNull();
    }
}

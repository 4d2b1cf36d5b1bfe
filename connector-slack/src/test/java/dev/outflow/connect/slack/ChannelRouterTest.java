package dev.outflow.connect.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

import dev.outflow.connect.core.api.Row;
import dev.outflow.connect.core.api.template.RecordScope;

class ChannelRouterTest {

    private final ChannelRouter router = new ChannelRouter("team.channel", Map.of("alerts", "C0ALERTS"), "C0FIXED");

    private String route(Row row) {
        return router.route(row, RecordScope.of(row));
    }

    @Test
    void theFieldWinsWhenTheRecordHasIt() {
        assertThat(route(Rows.row("alerts", 0, 1, null, Map.of("team.channel", " C0TEAM "))))
                .isEqualTo("C0TEAM");
    }

    @Test
    void thenTheTopicsChannelThenTheFixedOne() {
        assertThat(route(Rows.row("alerts", 0, 1, null, Map.of("other", "x")))).isEqualTo("C0ALERTS");
        assertThat(route(Rows.row("orders", 0, 1, null, Map.of("team.channel", ""))))
                .isEqualTo("C0FIXED");
    }

    @Test
    void aRecordWithNoChannelIsRejectedWithAReasonWithoutItsValues() {
        ChannelRouter fieldOnly = new ChannelRouter("to", Map.of(), null);
        Row row = Rows.row(Map.of("secret", "payload-marker"));
        assertThatThrownBy(() -> fieldOnly.route(row, RecordScope.of(row)))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("its field to is empty")
                .hasMessageNotContaining("payload-marker");
    }

    @Test
    void theConfiguredChannelsAreTheTopicMapsAndTheFixedOne() {
        assertThat(router.configuredChannels()).containsExactlyInAnyOrder("C0ALERTS", "C0FIXED");
    }
}

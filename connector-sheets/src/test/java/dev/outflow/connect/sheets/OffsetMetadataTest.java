package dev.outflow.connect.sheets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import com.google.api.services.sheets.v4.model.DeveloperMetadata;
import com.google.api.services.sheets.v4.model.Request;

import dev.outflow.connect.core.api.StoredOffsets;

class OffsetMetadataTest {

    private static final TopicPartition P0 = new TopicPartition("orders", 0);

    @Test
    void aFirstRecordCreatesTheEntryAndLaterOnesUpdateIt() {
        OffsetMetadata offsets = new OffsetMetadata("sheets-sink");
        Request first = offsets.record("orders", P0, 41);
        assertThat(first.getCreateDeveloperMetadata().getDeveloperMetadata().getMetadataKey()).isEqualTo(OffsetMetadata.KEY);
        assertThat(first.getCreateDeveloperMetadata().getDeveloperMetadata().getMetadataId()).isEqualTo(offsets.id("orders", P0));
        offsets.recorded("orders", List.of(P0));

        Request next = offsets.record("orders", P0, 99);
        assertThat(next.getCreateDeveloperMetadata()).isNull();
        assertThat(next.getUpdateDeveloperMetadata().getDeveloperMetadata().getMetadataValue()).contains("\"offset\":99");
        assertThat(next.getUpdateDeveloperMetadata().getFields()).isEqualTo("metadataValue");
    }

    @Test
    void readsOnlyItsOwnConnectorsOffsetsForThePartitionsAsked() {
        OffsetMetadata mine = new OffsetMetadata("mine");
        String value = mine.record("orders", P0, 7).getCreateDeveloperMetadata().getDeveloperMetadata().getMetadataValue();
        String other = new OffsetMetadata("other").record("orders", P0, 500).getCreateDeveloperMetadata().getDeveloperMetadata().getMetadataValue();
        String elsewhere = mine.record("orders", new TopicPartition("orders", 3), 9).getCreateDeveloperMetadata().getDeveloperMetadata().getMetadataValue();
        List<DeveloperMetadata> found = List.of(
                new DeveloperMetadata().setMetadataId(1).setMetadataValue(value),
                new DeveloperMetadata().setMetadataId(2).setMetadataValue(other),
                new DeveloperMetadata().setMetadataId(3).setMetadataValue(elsewhere),
                new DeveloperMetadata().setMetadataId(4).setMetadataValue("not json"));

        StoredOffsets stored = mine.read(found, List.of(P0));
        assertThat(stored.byTarget()).isEqualTo(Map.of("orders", Map.of(P0, 7L)));
        assertThat(stored.oneTargetPerPartition()).isTrue();
    }

    @Test
    void idsArePositiveStableAndDistinctPerConnectorTabAndPartition() {
        OffsetMetadata a = new OffsetMetadata("a");
        assertThat(a.id("t", P0)).isPositive().isEqualTo(new OffsetMetadata("a").id("t", P0));
        assertThat(a.id("t", P0)).isNotEqualTo(new OffsetMetadata("b").id("t", P0));
        assertThat(a.id("t", P0)).isNotEqualTo(a.id("u", P0));
        assertThat(a.id("t", P0)).isNotEqualTo(a.id("t", new TopicPartition("orders", 1)));
    }
}

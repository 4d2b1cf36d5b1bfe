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
    void aForgottenTabIsLookedUpAgainSoAnEntryInUseIsUpdatedNotCreatedTwice() {
        OffsetMetadata offsets = new OffsetMetadata("sheets-sink");
        offsets.read(List.of(), List.of(P0));
        assertThat(offsets.needsLookup("orders")).as("a full read knows every tab").isFalse();
        offsets.recorded("orders", List.of(P0));

        offsets.forget("orders");
        assertThat(offsets.needsLookup("orders")).isTrue();
        assertThat(offsets.needsLookup("never-written")).as("after a forget, no tab counts as known empty").isTrue();
        String mine = new OffsetMetadata("sheets-sink").record("orders", P0, 5).getCreateDeveloperMetadata().getDeveloperMetadata().getMetadataValue();
        String otherTab = new OffsetMetadata("sheets-sink").record("archive", P0, 5).getCreateDeveloperMetadata().getDeveloperMetadata().getMetadataValue();
        offsets.learn("orders", List.of(new DeveloperMetadata().setMetadataId(1).setMetadataValue(otherTab)));
        assertThat(offsets.needsLookup("orders")).isFalse();
        assertThat(offsets.record("orders", P0, 6).getCreateDeveloperMetadata()).as("no entry in this tab yet").isNotNull();

        offsets.forget("orders");
        offsets.learn("orders", List.of(new DeveloperMetadata().setMetadataId(1).setMetadataValue(mine)));
        assertThat(offsets.record("orders", P0, 6).getUpdateDeveloperMetadata()).isNotNull();
    }

    @Test
    void aResetDeletesThePartitionsEntriesInEveryTabAndAMoveRewindsOnlyThoseAtOrPastIt() {
        OffsetMetadata offsets = new OffsetMetadata("sink");
        TopicPartition p1 = new TopicPartition("orders", 1);
        TopicPartition p2 = new TopicPartition("orders", 2);
        List<DeveloperMetadata> found = List.of(
                entry(offsets, 1, "orders", P0, 10), entry(offsets, 2, "archive", P0, 3),
                entry(offsets, 3, "orders", p1, 10), entry(offsets, 4, "orders", p2, 4),
                entry(new OffsetMetadata("other"), 5, "orders", P0, 10));
        Map<TopicPartition, Long> change = new java.util.HashMap<>();
        change.put(P0, null);
        change.put(p1, 7L);
        change.put(p2, 5L);

        List<Request> requests = offsets.alter(found, change);

        assertThat(requests).hasSize(3);
        assertThat(requests.subList(0, 2)).allSatisfy(r -> assertThat(r.getDeleteDeveloperMetadata()).isNotNull());
        assertThat(requests.subList(0, 2)).extracting(r -> r.getDeleteDeveloperMetadata().getDataFilter().getDeveloperMetadataLookup().getMetadataId())
                .containsExactly(1, 2);
        assertThat(requests.get(2).getUpdateDeveloperMetadata().getDataFilters().get(0).getDeveloperMetadataLookup().getMetadataId()).isEqualTo(3);
        assertThat(requests.get(2).getUpdateDeveloperMetadata().getDeveloperMetadata().getMetadataValue()).contains("\"offset\":6");
        assertThat(offsets.alter(found, Map.of(p1, 0L))).singleElement().satisfies(r -> assertThat(r.getDeleteDeveloperMetadata()).isNotNull());
    }

    private static DeveloperMetadata entry(OffsetMetadata owner, int id, String tab, TopicPartition tp, long offset) {
        return new DeveloperMetadata().setMetadataId(id)
                .setMetadataValue(owner.record(tab, tp, offset).getCreateDeveloperMetadata().getDeveloperMetadata().getMetadataValue());
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

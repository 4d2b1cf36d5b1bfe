package dev.outflow.connect.sheets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import com.google.api.services.sheets.v4.model.DeveloperMetadata;
import com.google.api.services.sheets.v4.model.Request;

import dev.outflow.connect.core.api.StoredOffsets;

class OffsetMetadataTest {

    private static final TopicPartition P0 = new TopicPartition("orders", 0);
    private static final TopicPartition P1 = new TopicPartition("orders", 1);

    private static DeveloperMetadata entry(
            int id, String connector, String tab, int task, Map<TopicPartition, Long> offsets) {
        return new DeveloperMetadata()
                .setMetadataId(id)
                .setMetadataKey(OffsetEntry.KEY)
                .setMetadataValue(new OffsetEntry(connector, tab, task, offsets).encode());
    }

    /** An entry of the format before issue 10: one per connector, tab and partition, at the spreadsheet location. */
    private static DeveloperMetadata legacy(int id, String connector, String tab, TopicPartition tp, long offset) {
        return new DeveloperMetadata()
                .setMetadataId(id)
                .setMetadataKey(OffsetMetadata.LEGACY_KEY)
                .setMetadataValue("{\"connector\":\"" + connector + "\",\"tab\":\"" + tab + "\",\"topic\":\""
                        + tp.topic() + "\",\"partition\":" + tp.partition() + ",\"offset\":" + offset + "}");
    }

    private static int deletedId(Request request) {
        return request.getDeleteDeveloperMetadata()
                .getDataFilter()
                .getDeveloperMetadataLookup()
                .getMetadataId();
    }

    @Test
    void aFirstWriteCreatesTheTasksEntryAtTheTabsSheetAndLaterOnesUpdateItWithEveryPartition() throws Exception {
        OffsetMetadata offsets = new OffsetMetadata("sheets-sink", 0, 1);
        offsets.read(List.of(), List.of(P0, P1));
        List<Request> first = offsets.record("orders", 77, Map.of(P0, 41L));
        assertThat(first).singleElement().satisfies(r -> {
            DeveloperMetadata created = r.getCreateDeveloperMetadata().getDeveloperMetadata();
            assertThat(created.getMetadataKey()).isEqualTo(OffsetEntry.KEY);
            assertThat(created.getMetadataId()).isEqualTo(offsets.id("orders"));
            assertThat(created.getLocation().getSheetId())
                    .as("the tab's sheet, not the spreadsheet")
                    .isEqualTo(77);
            assertThat(OffsetEntry.decode(created.getMetadataValue()).offsets()).isEqualTo(Map.of(P0, 41L));
        });
        offsets.recorded("orders");

        List<Request> next = offsets.record("orders", 77, Map.of(P1, 5L));
        assertThat(next).singleElement().satisfies(r -> {
            assertThat(r.getUpdateDeveloperMetadata().getFields()).isEqualTo("metadataValue");
            assertThat(OffsetEntry.decode(r.getUpdateDeveloperMetadata()
                                    .getDeveloperMetadata()
                                    .getMetadataValue())
                            .offsets())
                    .isEqualTo(Map.of(P0, 41L, P1, 5L));
        });
    }

    @Test
    void aWriteThatFailedLeavesTheEntryAsItWas() throws Exception {
        OffsetMetadata offsets = new OffsetMetadata("sheets-sink", 0, 1);
        offsets.read(List.of(), List.of(P0));
        offsets.record("orders", 77, Map.of(P0, 41L)); // never recorded: the write failed
        assertThat(offsets.record("orders", 77, Map.of(P0, 41L)))
                .singleElement()
                .satisfies(r -> assertThat(r.getCreateDeveloperMetadata())
                        .as("still to create")
                        .isNotNull());
    }

    @Test
    void readsOnlyItsOwnConnectorsOffsetsTakingTheHighestOfItsEntriesInBothFormats() {
        OffsetMetadata mine = new OffsetMetadata("mine", 0, 2);
        TopicPartition p3 = new TopicPartition("orders", 3);
        List<DeveloperMetadata> found = List.of(
                entry(1, "mine", "orders", 0, Map.of(P0, 7L, P1, 3L)),
                entry(2, "mine", "orders", 1, Map.of(P1, 9L)), // P1 moved to task 1, which advanced it
                entry(3, "other", "orders", 0, Map.of(P0, 500L)),
                legacy(4, "mine", "orders", p3, 12),
                legacy(5, "mine", "orders", P0, 2),
                new DeveloperMetadata()
                        .setMetadataId(6)
                        .setMetadataKey(OffsetEntry.KEY)
                        .setMetadataValue("not json"));

        StoredOffsets stored = mine.read(found, List.of(P0, P1, p3));
        assertThat(stored.byTarget()).isEqualTo(Map.of("orders", Map.of(P0, 7L, P1, 9L, p3, 12L)));
        assertThat(stored.oneTargetPerPartition()).isTrue();
    }

    @Test
    void entriesAreMaintainedStalePartitionsDroppedOrphansAdoptedAndTheFormatBeforeDeletedAsItsPartitionsAreWritten()
            throws Exception {
        TopicPartition p3 = new TopicPartition("orders", 3);
        List<DeveloperMetadata> found = List.of(
                entry(1, "sink", "orders", 0, Map.of(P0, 7L, P1, 3L)),
                entry(2, "sink", "orders", 1, Map.of(P1, 9L)),
                entry(3, "sink", "orders", 4, Map.of(p3, 30L)), // a task number that no longer exists (tasks.max was 5)
                legacy(4, "sink", "orders", P0, 2),
                legacy(5, "sink", "orders", new TopicPartition("orders", 8), 2));
        OffsetMetadata task0 = new OffsetMetadata("sink", 0, 2);
        task0.read(found, List.of(P0));

        List<Request> requests = task0.record("orders", 77, Map.of(P0, 8L));
        assertThat(requests).hasSize(3);
        assertThat(OffsetEntry.decode(requests.get(0)
                                .getUpdateDeveloperMetadata()
                                .getDeveloperMetadata()
                                .getMetadataValue())
                        .offsets())
                .as("P1 is task 1's now; task 4's partitions are adopted")
                .isEqualTo(Map.of(P0, 8L, p3, 30L));
        assertThat(deletedId(requests.get(1)))
                .as("the entry before of the partition written")
                .isEqualTo(4);
        assertThat(deletedId(requests.get(2))).as("the orphan, merged").isEqualTo(3);
        task0.recorded("orders");
        assertThat(task0.record("orders", 77, Map.of(P0, 9L)))
                .as("nothing left to delete")
                .hasSize(1);

        OffsetMetadata task1 = new OffsetMetadata("sink", 1, 2);
        task1.read(found, List.of(P1));
        assertThat(task1.record("orders", 77, Map.of(P1, 10L)))
                .as("only task 0 adopts orphans")
                .hasSize(1);
    }

    @Test
    void aThousandPartitionsOfOneTopicFitOneEntryWellWithinTheSheetsBudget() throws Exception {
        Map<TopicPartition, Long> written = new HashMap<>();
        for (int p = 0; p < 1000; p++) {
            written.put(new TopicPartition("orders-with-a-long-topic-name", p), 1_000_000_000L + p);
        }
        OffsetEntry entry =
                new OffsetEntry("a-connector-with-a-long-name", "orders-with-a-long-topic-name", 0, written);
        assertThat(entry.size()).isLessThan(OffsetEntry.SHEET_BUDGET / 2);
        assertThat(OffsetEntry.decode(entry.encode())).isEqualTo(entry);

        OffsetMetadata offsets = new OffsetMetadata("a-connector-with-a-long-name", 0, 1);
        offsets.read(List.of(), List.of());
        assertThat(offsets.record("orders-with-a-long-topic-name", 1, written)).hasSize(1);
    }

    @Test
    void offsetsThatWouldNotFitTheSheetAreRefusedBeforeGoogleRefusesTheWrite() {
        Map<TopicPartition, Long> written = new HashMap<>();
        for (int p = 0; p < 3000; p++) {
            written.put(new TopicPartition("orders", p), Long.MAX_VALUE - p);
        }
        OffsetMetadata offsets = new OffsetMetadata("sink", 0, 1);
        offsets.read(List.of(), List.of());
        assertThatThrownBy(() -> offsets.record("orders", 1, written))
                .isInstanceOf(OffsetBudgetException.class)
                .hasMessageContaining("3000 partitions in tab 'orders'")
                .hasMessageContaining(SheetsConfig.TAB + "=${topic}");
    }

    @Test
    void aForgottenTabIsLookedUpAgainSoAnEntryInUseIsUpdatedNotCreatedTwice() throws Exception {
        OffsetMetadata offsets = new OffsetMetadata("sheets-sink", 0, 1);
        offsets.read(List.of(), List.of(P0));
        assertThat(offsets.needsLookup("orders"))
                .as("a full read knows every tab")
                .isFalse();

        offsets.forget("orders");
        assertThat(offsets.needsLookup("orders")).isTrue();
        assertThat(offsets.needsLookup("never-written"))
                .as("after a forget, no tab counts as known empty")
                .isTrue();
        offsets.learn("orders", List.of(entry(1, "sheets-sink", "archive", 0, Map.of(P0, 5L))));
        assertThat(offsets.needsLookup("orders")).isFalse();
        assertThat(offsets.record("orders", 1, Map.of(P0, 6L)).get(0).getCreateDeveloperMetadata())
                .as("no entry in this tab yet")
                .isNotNull();

        offsets.forget("orders");
        offsets.learn("orders", List.of(entry(1, "sheets-sink", "orders", 0, Map.of(P0, 5L))));
        assertThat(offsets.record("orders", 1, Map.of(P0, 6L)).get(0).getUpdateDeveloperMetadata())
                .isNotNull();
    }

    @Test
    void aResetDeletesThePartitionFromEveryEntryAndAMoveRewindsOnlyOffsetsAtOrPastIt() {
        OffsetMetadata offsets = new OffsetMetadata("sink", 0, 1);
        TopicPartition p2 = new TopicPartition("orders", 2);
        List<DeveloperMetadata> found = List.of(
                entry(1, "sink", "orders", 0, Map.of(P0, 10L, P1, 10L, p2, 4L)),
                entry(2, "sink", "archive", 0, Map.of(P0, 3L)),
                legacy(3, "sink", "orders", P1, 12),
                entry(4, "other", "orders", 0, Map.of(P0, 10L)));
        Map<TopicPartition, Long> change = new HashMap<>();
        change.put(P0, null);
        change.put(P1, 7L);
        change.put(p2, 5L);

        List<Request> requests = offsets.alter(found, change);

        assertThat(requests).hasSize(3);
        assertThat(OffsetEntry.decode(requests.get(0)
                                .getUpdateDeveloperMetadata()
                                .getDeveloperMetadata()
                                .getMetadataValue())
                        .offsets())
                .isEqualTo(Map.of(P1, 6L, p2, 4L));
        assertThat(deletedId(requests.get(1))).as("archive held only P0").isEqualTo(2);
        assertThat(requests.get(2)
                        .getUpdateDeveloperMetadata()
                        .getDeveloperMetadata()
                        .getMetadataValue())
                .contains("\"offset\":6");
        assertThat(offsets.alter(found, Map.of(p2, 0L)))
                .singleElement()
                .satisfies(r -> assertThat(OffsetEntry.decode(r.getUpdateDeveloperMetadata()
                                        .getDeveloperMetadata()
                                        .getMetadataValue())
                                .offsets())
                        .isEqualTo(Map.of(P0, 10L, P1, 10L)));
    }

    @Test
    void idsArePositiveStableAndDistinctPerConnectorTabAndTask() {
        OffsetMetadata a = new OffsetMetadata("a", 0, 2);
        assertThat(a.id("t")).isPositive().isEqualTo(new OffsetMetadata("a", 0, 2).id("t"));
        assertThat(a.id("t")).isNotEqualTo(new OffsetMetadata("b", 0, 2).id("t"));
        assertThat(a.id("t")).isNotEqualTo(a.id("u"));
        assertThat(a.id("t")).isNotEqualTo(new OffsetMetadata("a", 1, 2).id("t"));
    }
}

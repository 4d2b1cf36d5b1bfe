package dev.outflow.connect.sheets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class RowLocationsTest {

    private final RowLocations locations = new RowLocations();

    @Test
    void nothingIsSelectedForATabNotWrittenYetOrForKeysAndFieldsItDoesNotHold() {
        assertThat(locations.select("t", List.of("a"), List.of("id")).isEmpty()).isTrue();

        locations.remember("t", Map.of("a", 1), Map.of("id", 0));
        assertThat(locations.select("t", List.of("new"), List.of("id")).isEmpty())
                .isTrue();
        assertThat(locations.select("t", List.of("a"), List.of("new field")).isEmpty())
                .isTrue();
        assertThat(locations.select("other", List.of("a"), List.of("id")).isEmpty())
                .isTrue();
    }

    @Test
    void theRowsOfTheKeysAreReadInRangesOfAdjacentRowsAcrossTheColumnsTheBatchWrites() {
        locations.remember(
                "t",
                Map.of("a", 3, "b", 4, "c", 5, "d", 9, "e", 20),
                Map.of("notes", 0, "id", 1, "name", 2, "mine", 3, "score", 4));

        RowLocations.Selection selection =
                locations.select("t", List.of("d", "a", "c", "b"), List.of("score", "name", "unknown"));

        assertThat(selection.rows()).containsExactly(new int[] {3, 6}, new int[] {9, 10});
        assertThat(selection.firstColumn()).isEqualTo(2);
        assertThat(selection.endColumn()).isEqualTo(5);
        assertThat(selection.covers(5)).isTrue();
        assertThat(selection.covers(6)).isFalse();
        assertThat(selection.covers(20)).as("e is not in the batch").isFalse();
    }

    @Test
    void aBatchUpdatingRowsInMorePlacesThanTheRangesAllowReadsTheFirstOnes() {
        Map<String, Integer> rows = new HashMap<>();
        IntStream.range(0, 300).forEach(i -> rows.put("k" + i, 1 + 2 * i)); // never adjacent
        locations.remember("t", rows, Map.of("id", 0));

        RowLocations.Selection selection = locations.select("t", rows.keySet(), List.of("id"));

        assertThat(selection.rows()).hasSize(RowLocations.MAX_RANGES);
        assertThat(selection.rows().get(RowLocations.MAX_RANGES - 1)).containsExactly(199, 200);
    }

    @Test
    void afterAWriteDeletedRowsAreGoneTheRowsBelowMoveUpAndAppendedKeysFollowTheLast() {
        Map<String, Integer> before = Map.of("a", 1, "b", 2, "c", 3, "d", 4, "e", 5);

        Map<String, Integer> after =
                RowLocations.afterWrite(before, new TreeSet<>(List.of(2, 4)), null, List.of("f", "g"), 5);

        assertThat(after)
                .containsOnly(
                        Map.entry("a", 1), Map.entry("c", 2), Map.entry("e", 3), Map.entry("f", 4), Map.entry("g", 5));
    }

    @Test
    void aClearedRowLosesItsKey() {
        Map<String, Integer> after = RowLocations.afterWrite(Map.of("a", 1), new TreeSet<>(), 1, List.of(), 1);

        assertThat(after).isEmpty();
    }
}

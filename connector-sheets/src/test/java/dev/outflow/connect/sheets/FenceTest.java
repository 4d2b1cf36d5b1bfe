package dev.outflow.connect.sheets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.google.api.services.sheets.v4.model.Request;
import com.google.api.services.sheets.v4.model.SheetProperties;

class FenceTest {

    private static SheetProperties sheet(int id, String title) {
        return new SheetProperties().setSheetId(id).setTitle(title);
    }

    private static List<Integer> deletedIds(List<Request> requests) {
        return requests.stream()
                .filter(r -> r.getDeleteSheet() != null)
                .map(r -> r.getDeleteSheet().getSheetId())
                .toList();
    }

    @Test
    void aClaimForNewPartitionsDeletesEveryFenceOfTheConnectorAndNoOtherTab() {
        Fence fence = new Fence("sink", 0);
        List<SheetProperties> sheets = List.of(
                sheet(1, "orders"),
                sheet(2, "outflow-fence [sink] task 0 #2"),
                sheet(3, "outflow-fence [sink] task 1 #3"),
                sheet(4, "outflow-fence [sink-b] task 0 #4"),
                sheet(5, "outflow-fence [sink] task 1 #5] task 0 #x"));
        Fence.Claim claim = fence.claim(sheets, true, 99);
        assertThat(claim.deleted()).containsExactly(2, 3);
        assertThat(deletedIds(claim.requests())).containsExactly(2, 3);
        SheetProperties added =
                claim.requests().get(claim.requests().size() - 1).getAddSheet().getProperties();
        assertThat(added.getHidden()).isTrue();
        assertThat(added.getTitle()).isEqualTo("outflow-fence [sink] task 0 #2r");
        assertThat(fence.isFence(added.getTitle())).isTrue();
    }

    @Test
    void aClaimAfterAnUncertainWriteReplacesOnlyTheTasksOwnFence() {
        Fence fence = new Fence("sink", 1);
        fence.claimed(fence.claim(List.of(), true, 3));
        List<SheetProperties> sheets = List.of(
                sheet(2, "outflow-fence [sink] task 0 #2"),
                sheet(3, "outflow-fence [sink] task 1 #3"),
                sheet(4, "outflow-fence [sink] task 1 #4"),
                sheet(5, "outflow-fence [sink] task 11 #5"));
        // 4: a claim of task 1 whose answer was lost, or an older instance of task 1; 5 is task 11's
        assertThat(fence.claim(sheets, false, 7).deleted()).containsExactly(3, 4);
    }

    @Test
    void onlyAMessageNamingThisFencesIdRevokesIt() {
        Fence fence = new Fence("sink", 0);
        fence.claimed(fence.claim(List.of(), true, 12));
        assertThat(fence.revokedBy("Invalid requests[0].updateSheetProperties: No sheet with id: 123"))
                .isFalse();
        assertThat(fence.revokedBy("Invalid requests[2].appendCells: No grid with id: 7"))
                .isFalse();
        assertThat(fence.held()).isTrue();
        assertThat(fence.check().getUpdateSheetProperties().getProperties().getSheetId())
                .isEqualTo(12);
        assertThat(fence.revokedBy("Invalid requests[0].updateSheetProperties: No sheet with id: 12"))
                .isTrue();
        assertThat(fence.held()).isFalse();
    }

    @Test
    void aLongConnectorNameIsShortenedWithAChecksumSoTwoLongNamesStayApart() {
        String base = "x".repeat(70);
        Fence a = new Fence(base + "a", 0);
        Fence b = new Fence(base + "b", 0);
        String title = a.claim(List.of(), true, 5).added().getTitle();
        assertThat(title.length()).isLessThan(100);
        assertThat(a.isFence(title)).isTrue();
        assertThat(b.isFence(title)).isFalse();
    }
}

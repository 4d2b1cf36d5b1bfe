package dev.outflow.connect.sheets;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

import com.google.api.services.sheets.v4.model.AddSheetRequest;
import com.google.api.services.sheets.v4.model.DeleteSheetRequest;
import com.google.api.services.sheets.v4.model.GridProperties;
import com.google.api.services.sheets.v4.model.Request;
import com.google.api.services.sheets.v4.model.SheetProperties;
import com.google.api.services.sheets.v4.model.UpdateSheetPropertiesRequest;

/**
 * The token that fences a task's writes (DESIGN.md 3.6): a hidden tab of one cell, which every
 * write names, so Google applies a write only while its writer's fence still exists. A
 * {@code batchUpdate} is atomic and one subrequest naming a sheet that no longer exists fails it
 * whole ("No sheet with id"), rows and offsets together.
 *
 * <p>A task given partitions deletes every fence of its connector before it reads the stored
 * offsets: a write of an earlier owner that Google still holds either landed before (and its
 * offsets are read) or fails when it lands. A task whose own write's outcome is unknown, or whose
 * fence was deleted, replaces only its own fence and reads the offsets again. Fences are titled
 * {@code outflow-fence [connector] task N #id}, so people see what they are and a successor finds
 * them by name.
 */
final class Fence {

    private static final String PREFIX = "outflow-fence [";
    /** Connector names longer than this are shortened (with a checksum) so a title stays readable. */
    private static final int NAME_CHARS = 60;

    private static final Pattern TASK_AND_ID = Pattern.compile("task \\d+ #[0-9a-z]+");

    /** The subrequests of a claim, the fences they delete and the one they add. */
    record Claim(List<Request> requests, List<Integer> deleted, SheetProperties added) {}

    private final String namePrefix;
    private final int task;
    /** The fence this task's writes name, or null before the first claim and once it was lost. */
    private Integer sheetId;

    Fence(String connector, int task) {
        this.namePrefix = PREFIX + shortName(connector) + "] ";
        this.task = task;
    }

    boolean held() {
        return sheetId != null;
    }

    /**
     * Replaces this task's fence with a new one, {@code newSheetId}, deleting every fence of this
     * task number among {@code sheets}; with {@code revokeOthers}, every other fence of the connector
     * too. Applies nothing: the claim holds once its request succeeded ({@link #claimed}).
     */
    Claim claim(Collection<SheetProperties> sheets, boolean revokeOthers, int newSheetId) {
        List<Integer> deleted = new ArrayList<>();
        String ownTitles = namePrefix + "task " + task + " #";
        for (SheetProperties sheet : sheets) {
            // a fence of this task number that is not the one held: a claim whose answer was lost, or an older
            // instance's
            boolean own = sheetId != null && sheetId.equals(sheet.getSheetId())
                    || isFence(sheet.getTitle()) && sheet.getTitle().startsWith(ownTitles);
            if (own || revokeOthers && isFence(sheet.getTitle())) {
                deleted.add(sheet.getSheetId());
            }
        }
        List<Request> requests = deletions(deleted);
        SheetProperties added = new SheetProperties()
                .setSheetId(newSheetId)
                .setTitle(namePrefix + "task " + task + " #" + Integer.toString(newSheetId, 36))
                .setHidden(true)
                .setGridProperties(new GridProperties().setRowCount(1).setColumnCount(1));
        requests.add(new Request().setAddSheet(new AddSheetRequest().setProperties(added)));
        return new Claim(requests, deleted, added);
    }

    /**
     * The subrequests that delete every fence of the connector among {@code sheets}: after them, no
     * write of any of its tasks still held at Google can land (an offsets reset makes them).
     */
    List<Request> revokeAll(Collection<SheetProperties> sheets) {
        return deletions(sheets.stream()
                .filter(sheet -> isFence(sheet.getTitle()))
                .map(SheetProperties::getSheetId)
                .toList());
    }

    private static List<Request> deletions(List<Integer> sheetIds) {
        List<Request> requests = new ArrayList<>();
        sheetIds.forEach(id -> requests.add(new Request().setDeleteSheet(new DeleteSheetRequest().setSheetId(id))));
        return requests;
    }

    /** The claim's request succeeded: writes name its fence from now on. */
    void claimed(Claim claim) {
        sheetId = claim.added().getSheetId();
    }

    /**
     * The subrequest every write carries: it changes nothing (the fence stays hidden) but names the
     * fence, so the write fails whole once the fence is gone.
     */
    Request check() {
        if (sheetId == null) {
            throw new IllegalStateException("no fence claimed");
        }
        return new Request()
                .setUpdateSheetProperties(new UpdateSheetPropertiesRequest()
                        .setProperties(new SheetProperties().setSheetId(sheetId).setHidden(true))
                        .setFields("hidden"));
    }

    /**
     * True when Google's message says this task's fence is gone, which makes the fence lost: the
     * next claim makes a new one.
     */
    boolean revokedBy(String message) {
        if (sheetId == null || message == null) {
            return false;
        }
        // Google names a missing sheet "No sheet with id" in sheet requests, "No grid with id" in cell requests
        boolean revoked = Pattern.compile("No (sheet|grid) with id: " + sheetId + "(?!\\d)")
                .matcher(message)
                .find();
        if (revoked) {
            sheetId = null;
        }
        return revoked;
    }

    /** True for a fence of this connector, of any task. */
    boolean isFence(String title) {
        return title != null
                && title.startsWith(namePrefix)
                && TASK_AND_ID.matcher(title.substring(namePrefix.length())).matches();
    }

    private static String shortName(String connector) {
        if (connector.length() <= NAME_CHARS) {
            return connector;
        }
        CRC32 crc = new CRC32();
        crc.update(connector.getBytes(StandardCharsets.UTF_8));
        return connector.substring(0, NAME_CHARS - 9) + "~" + String.format("%08x", crc.getValue());
    }
}

package dev.outflow.connect.sheets;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Where each key's row was after a tab's last write, and the tab's header then: what lets the next
 * upsert read the rows it is about to update in the same request as the key columns, and compare
 * them, without a second read (Google allows 60 reads a minute per user, as many as writes: one
 * more read per write would halve what upserts can do). A guess only: the key columns read in that
 * same request say where each key really is, and a row that was not read is written as before.
 */
final class RowLocations {

    /**
     * The most row ranges one read names. They go in the URL ({@code ranges=} each), which Google's
     * front ends cap at a few kilobytes; 100 ranges of a short title stay near 4 KB. A batch that
     * updates rows in more places compares the first 100 of them and writes the others.
     */
    static final int MAX_RANGES = 100;

    /**
     * What to read besides the header and the key columns: row ranges {@code [start, end)} and the
     * columns {@code [firstColumn, endColumn)} the batch writes.
     */
    record Selection(List<int[]> rows, int firstColumn, int endColumn) {

        static final Selection NONE = new Selection(List.of(), 0, 0);

        boolean isEmpty() {
            return rows.isEmpty();
        }

        boolean covers(int rowIndex) {
            for (int[] range : rows) {
                if (rowIndex >= range[0] && rowIndex < range[1]) {
                    return true;
                }
            }
            return false;
        }
    }

    private record Known(Map<String, Integer> rowOfKey, Map<String, Integer> columns) {}

    private final Map<String, Known> tabs = new HashMap<>();

    /**
     * The rows where {@code keys} were after the last write, merged into ranges of adjacent rows
     * (at most {@link #MAX_RANGES}), across the columns of {@code fields} in the header then. Empty
     * when nothing is known of the tab, none of the keys was in it, or none of the fields.
     */
    Selection select(String tab, Collection<String> keys, Collection<String> fields) {
        Known known = tabs.get(tab);
        if (known == null) {
            return Selection.NONE;
        }
        int first = Integer.MAX_VALUE;
        int last = -1;
        for (String field : fields) {
            Integer column = known.columns.get(field);
            if (column != null) {
                first = Math.min(first, column);
                last = Math.max(last, column);
            }
        }
        TreeSet<Integer> rows = new TreeSet<>();
        for (String key : keys) {
            Integer row = known.rowOfKey.get(key);
            if (row != null) {
                rows.add(row);
            }
        }
        if (last < 0 || rows.isEmpty()) {
            return Selection.NONE;
        }
        List<int[]> ranges = new ArrayList<>();
        for (int row : rows) {
            int[] current = ranges.isEmpty() ? null : ranges.get(ranges.size() - 1);
            if (current != null && current[1] == row) {
                current[1] = row + 1;
            } else if (ranges.size() < MAX_RANGES) {
                ranges.add(new int[] {row, row + 1});
            } else {
                break;
            }
        }
        return new Selection(List.copyOf(ranges), first, last + 1);
    }

    /** What the tab holds after a write: keys by row, and the header's columns by name. */
    void remember(String tab, Map<String, Integer> rowOfKey, Map<String, Integer> columns) {
        tabs.put(tab, new Known(rowOfKey, Map.copyOf(columns)));
    }

    void forget(String tab) {
        tabs.remove(tab);
    }

    /**
     * Where the keys will be once a write has deleted {@code deleted} (row indexes as read), cleared
     * {@code cleared} (or null) and appended {@code appended} after the last of {@code dataRows}
     * rows below the header: deleted and cleared keys gone, the rows below a deletion one up per
     * deletion, appended keys after the rest.
     */
    static Map<String, Integer> afterWrite(
            Map<String, Integer> before,
            SortedSet<Integer> deleted,
            Integer cleared,
            List<String> appended,
            int dataRows) {
        int[] gone = deleted.stream().mapToInt(Integer::intValue).toArray(); // ascending
        Map<String, Integer> after = new HashMap<>(before.size() + appended.size());
        before.forEach((key, row) -> {
            int at = Arrays.binarySearch(gone, row);
            if (at < 0 && !row.equals(cleared)) {
                after.put(key, row - (-at - 1)); // one up for each deleted row above it
            }
        });
        int next = dataRows - deleted.size() + 1; // row 0 is the header
        for (String key : appended) {
            after.putIfAbsent(key, next++);
        }
        return after;
    }
}

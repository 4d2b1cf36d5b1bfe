package dev.outflow.connect.testkit.sheets;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One sheet (tab): its properties as the API's SheetProperties JSON (without {@code index}, which is
 * its position in the spreadsheet) and its cells, stored sparsely. A cell is an immutable CellData
 * JSON object holding only what a user enters (userEnteredValue, userEnteredFormat, note, ...);
 * {@code null} is an empty cell.
 */
final class Tab {

    static final int DEFAULT_ROWS = 1000;
    static final int DEFAULT_COLUMNS = 26;

    final ObjectNode props;
    /** rows.size() <= rowCount; each row's size <= columnCount; trailing rows/cells may be absent. */
    final ArrayList<ArrayList<ObjectNode>> rows;
    /**
     * For a copy made by a batchUpdate: the row lists it made itself and may change in place; the
     * others are shared with the stored tab and are copied before their first change. Null when
     * every row is this tab's own.
     */
    private Set<ArrayList<ObjectNode>> ownRows;

    Tab(ObjectNode props, ArrayList<ArrayList<ObjectNode>> rows) {
        this.props = props;
        this.rows = rows;
    }

    static Tab create(int sheetId, String title, int rowCount, int columnCount) {
        ObjectNode props = ApiError.JSON.objectNode();
        props.put("sheetId", sheetId);
        props.put("title", title);
        props.put("sheetType", "GRID");
        ObjectNode grid = props.putObject("gridProperties");
        grid.put("rowCount", rowCount);
        grid.put("columnCount", columnCount);
        return new Tab(props, new ArrayList<>());
    }

    /** A copy sharing the row lists (copy-on-write): cheap for big sheets, safe for the original. */
    Tab copy() {
        Tab copy = new Tab(props.deepCopy(), new ArrayList<>(rows));
        copy.ownRows = Collections.newSetFromMap(new IdentityHashMap<>());
        return copy;
    }

    /** Called when this copy replaced the original: every row is now this tab's own. */
    void adoptRows() {
        ownRows = null;
    }

    private ArrayList<ObjectNode> mutableRow(int index) {
        ArrayList<ObjectNode> row = rows.get(index);
        if (row == null) {
            row = new ArrayList<>();
        } else if (ownRows == null || ownRows.contains(row)) {
            return row;
        } else {
            row = new ArrayList<>(row);
        }
        rows.set(index, row);
        if (ownRows != null) {
            ownRows.add(row);
        }
        return row;
    }

    int id() {
        return props.get("sheetId").asInt();
    }

    String title() {
        return props.get("title").asText();
    }

    boolean hidden() {
        return props.path("hidden").asBoolean(false);
    }

    ObjectNode grid() {
        JsonNode g = props.get("gridProperties");
        if (g == null || !g.isObject()) {
            g = props.putObject("gridProperties");
        }
        return (ObjectNode) g;
    }

    int rowCount() {
        return grid().path("rowCount").asInt(0);
    }

    int columnCount() {
        return grid().path("columnCount").asInt(0);
    }

    int frozenRows() {
        return grid().path("frozenRowCount").asInt(0);
    }

    int frozenColumns() {
        return grid().path("frozenColumnCount").asInt(0);
    }

    long cellCount() {
        return (long) rowCount() * columnCount();
    }

    /** Sets the grid size, dropping cells that fall outside. */
    void resize(int rowCount, int columnCount) {
        grid().put("rowCount", rowCount);
        grid().put("columnCount", columnCount);
        while (rows.size() > rowCount) {
            rows.remove(rows.size() - 1);
        }
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i) != null && rows.get(i).size() > columnCount) {
                ArrayList<ObjectNode> row = mutableRow(i);
                while (row.size() > columnCount) {
                    row.remove(row.size() - 1);
                }
            }
        }
    }

    ObjectNode cell(int row, int col) {
        if (row >= rows.size()) {
            return null;
        }
        ArrayList<ObjectNode> r = rows.get(row);
        return r == null || col >= r.size() ? null : r.get(col);
    }

    void setCell(int row, int col, ObjectNode cell) {
        if (cell != null && cell.isEmpty()) {
            cell = null;
        }
        if (cell == null && cell(row, col) == null) {
            return;
        }
        while (rows.size() <= row) {
            rows.add(null);
        }
        ArrayList<ObjectNode> r = mutableRow(row);
        while (r.size() <= col) {
            r.add(null);
        }
        r.set(col, cell);
    }

    static boolean hasValue(ObjectNode cell) {
        return cell != null
                && cell.has("userEnteredValue")
                && !cell.get("userEnteredValue").isEmpty();
    }

    /** The index of the last row holding a value, -1 when the sheet has none. */
    int lastValueRow() {
        for (int r = rows.size() - 1; r >= 0; r--) {
            ArrayList<ObjectNode> row = rows.get(r);
            if (row != null) {
                for (ObjectNode cell : row) {
                    if (hasValue(cell)) {
                        return r;
                    }
                }
            }
        }
        return -1;
    }

    void insertRows(int at, int count) {
        grid().put("rowCount", rowCount() + count);
        if (at < rows.size()) {
            rows.addAll(at, Collections.nCopies(count, null));
        }
    }

    void deleteRows(int from, int to) {
        grid().put("rowCount", rowCount() - (to - from));
        if (from < rows.size()) {
            rows.subList(from, Math.min(to, rows.size())).clear();
        }
    }

    void insertColumns(int at, int count) {
        grid().put("columnCount", columnCount() + count);
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i) != null && at < rows.get(i).size()) {
                mutableRow(i).addAll(at, Collections.nCopies(count, null));
            }
        }
    }

    void deleteColumns(int from, int to) {
        grid().put("columnCount", columnCount() - (to - from));
        for (int i = 0; i < rows.size(); i++) {
            ArrayList<ObjectNode> row = rows.get(i);
            if (row != null && from < row.size()) {
                row = mutableRow(i);
                row.subList(from, Math.min(to, row.size())).clear();
            }
        }
    }

    /** Rows [from, to) as lists of cells (null for empty), each padded to {@code width}. */
    List<List<ObjectNode>> block(int fromRow, int toRow, int fromCol, int toCol) {
        List<List<ObjectNode>> out = new ArrayList<>();
        for (int r = fromRow; r < toRow; r++) {
            List<ObjectNode> row = new ArrayList<>();
            for (int c = fromCol; c < toCol; c++) {
                row.add(cell(r, c));
            }
            out.add(row);
        }
        return out;
    }
}

package dev.outflow.connect.sheets;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a write knows about its tab, read fresh for every flush: its grid, its header and, in
 * upsert mode, the key cells of its rows. Columns are found by header name every time, because people reorder,
 * sort and add columns between two flushes.
 */
final class Tab {

    final int sheetId;
    final String title;
    final int rowCount;
    final int columnCount;
    /** Rows frozen at the top (the header, usually); Google keeps at least one row below them. */
    final int frozenRows;
    /** The header row's cells, in column order; blank for an empty header cell. */
    final List<String> header;
    /** The data rows (below the header) as text of their key columns, the other cells blank; empty unless read for upsert. */
    final List<List<String>> rows;
    /** In upsert mode, the rows a write is about to update as they are stored, read with the key columns; else none. */
    final StoredRows stored;

    Tab(
            int sheetId,
            String title,
            int rowCount,
            int columnCount,
            int frozenRows,
            List<String> header,
            List<List<String>> rows,
            StoredRows stored) {
        this.sheetId = sheetId;
        this.title = title;
        this.rowCount = rowCount;
        this.columnCount = columnCount;
        this.frozenRows = frozenRows;
        this.header = header;
        this.rows = rows;
        this.stored = stored;
    }

    /** A tab that does not exist yet; the write creates it with this id. */
    static Tab absent(int sheetId, String title) {
        return new Tab(sheetId, title, 0, 0, 0, List.of(), List.of(), StoredRows.NONE);
    }

    boolean exists() {
        return rowCount > 0;
    }

    /** Header name -> column index; the first column wins when a name repeats. */
    Map<String, Integer> columns() {
        return columns(header);
    }

    /** Header name -> column index of a header row; the first column wins when a name repeats. */
    static Map<String, Integer> columns(List<String> header) {
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i);
            if (!name.isBlank()) {
                columns.putIfAbsent(name, i);
            }
        }
        return columns;
    }

    /** The A1 range of the tab's header row: the title quoted as the API requires. */
    static String headerRange(String title) {
        return quoted(title) + "!1:1";
    }

    /** The A1 range of one whole column of the tab (0 is A), header included. */
    static String columnRange(String title, int column) {
        String letters = letters(column);
        return quoted(title) + "!" + letters + ":" + letters;
    }

    /** The A1 range of rows {@code [startRow, endRow)} and columns {@code [startColumn, endColumn)}, zero-based as the API's grid ranges. */
    static String cellsRange(String title, int startRow, int endRow, int startColumn, int endColumn) {
        return quoted(title) + "!" + letters(startColumn) + (startRow + 1) + ":" + letters(endColumn - 1) + endRow;
    }

    private static String quoted(String title) {
        return "'" + title.replace("'", "''") + "'";
    }

    private static String letters(int column) {
        StringBuilder letters = new StringBuilder();
        for (int n = column + 1; n > 0; n = (n - 1) / 26) {
            letters.insert(0, (char) ('A' + (n - 1) % 26));
        }
        return letters.toString();
    }
}

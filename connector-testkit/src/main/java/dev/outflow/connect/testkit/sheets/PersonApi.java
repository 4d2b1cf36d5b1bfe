package dev.outflow.connect.testkit.sheets;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.outflow.connect.testkit.sheets.SheetsEmulator.Cell;
import dev.outflow.connect.testkit.sheets.SheetsEmulator.Formula;
import dev.outflow.connect.testkit.sheets.SheetsEmulator.MetadataEntry;
import dev.outflow.connect.testkit.sheets.SheetsEmulator.NumberFormat;
import dev.outflow.connect.testkit.sheets.SheetsEmulator.Role;

/**
 * The person API of {@link SheetsEmulator}: spreadsheets as someone in the browser sees and edits
 * them, outside quotas and counters. Each method is documented where it is public, on the emulator.
 */
final class PersonApi {

    private final Object lock;
    private final Map<String, Book> books;
    private final Random random;

    PersonApi(Object lock, Map<String, Book> books, Random random) {
        this.lock = lock;
        this.books = books;
        this.random = random;
    }

    String createSpreadsheet(String spreadsheetId, String... editors) {
        Objects.requireNonNull(spreadsheetId, "spreadsheetId");
        synchronized (lock) {
            if (books.containsKey(spreadsheetId)) {
                throw new IllegalStateException("spreadsheet " + spreadsheetId + " exists");
            }
            Book book = new Book(spreadsheetId, "Untitled spreadsheet");
            book.tabs.add(Tab.create(0, "Sheet1", Tab.DEFAULT_ROWS, Tab.DEFAULT_COLUMNS));
            for (String email : editors) {
                book.acl.put(email.toLowerCase(Locale.ROOT), Role.WRITER);
            }
            books.put(spreadsheetId, book);
            return spreadsheetId;
        }
    }

    void share(String spreadsheetId, String email, Role role) {
        synchronized (lock) {
            book(spreadsheetId).acl.put(email.toLowerCase(Locale.ROOT), Objects.requireNonNull(role));
        }
    }

    void unshare(String spreadsheetId, String email) {
        synchronized (lock) {
            book(spreadsheetId).acl.remove(email.toLowerCase(Locale.ROOT));
        }
    }

    void deleteSpreadsheet(String spreadsheetId) {
        synchronized (lock) {
            book(spreadsheetId);
            books.remove(spreadsheetId);
        }
    }

    void setSpreadsheetTitle(String spreadsheetId, String title) {
        synchronized (lock) {
            book(spreadsheetId).title = title;
        }
    }

    List<String> tabs(String spreadsheetId) {
        return tabs(spreadsheetId, true);
    }

    List<String> visibleTabs(String spreadsheetId) {
        return tabs(spreadsheetId, false);
    }

    private List<String> tabs(String spreadsheetId, boolean hiddenToo) {
        synchronized (lock) {
            List<String> out = new ArrayList<>();
            for (Tab t : book(spreadsheetId).tabs) {
                if (hiddenToo || !t.hidden()) {
                    out.add(t.title());
                }
            }
            return out;
        }
    }

    int sheetId(String spreadsheetId, String tab) {
        synchronized (lock) {
            return tab(spreadsheetId, tab).id();
        }
    }

    int[] gridSize(String spreadsheetId, String tab) {
        synchronized (lock) {
            Tab t = tab(spreadsheetId, tab);
            return new int[] {t.rowCount(), t.columnCount()};
        }
    }

    int addTab(String spreadsheetId, String title) {
        synchronized (lock) {
            Book book = book(spreadsheetId);
            if (book.tab(title) != null) {
                throw new IllegalStateException("a tab named " + title + " exists");
            }
            int id;
            do {
                id = 1 + random.nextInt(Integer.MAX_VALUE - 1);
            } while (book.tab(id) != null);
            Tab tab = Tab.create(id, title, Tab.DEFAULT_ROWS, Tab.DEFAULT_COLUMNS);
            requireCellLimit(book.cellCount() + tab.cellCount());
            book.tabs.add(tab);
            return id;
        }
    }

    void renameTab(String spreadsheetId, String tab, String newTitle) {
        synchronized (lock) {
            Book book = book(spreadsheetId);
            Tab t = tab(spreadsheetId, tab);
            Tab other = book.tab(newTitle);
            if (other != null && other != t) {
                throw new IllegalStateException("a tab named " + newTitle + " exists");
            }
            t.props.put("title", newTitle);
        }
    }

    void deleteTab(String spreadsheetId, String tab) {
        synchronized (lock) {
            Book book = book(spreadsheetId);
            Tab t = tab(spreadsheetId, tab);
            if (book.tabs.size() == 1) {
                throw new IllegalStateException("cannot delete the only tab");
            }
            book.tabs.remove(t);
            book.metadata.removeIf(m -> m.sheetId() != null && m.sheetId() == t.id());
        }
    }

    void resizeTab(String spreadsheetId, String tab, int rows, int columns) {
        if (rows < 1 || columns < 1 || columns > A1.MAX_COLUMNS) {
            throw new IllegalArgumentException("bad grid size " + rows + "x" + columns);
        }
        synchronized (lock) {
            Book book = book(spreadsheetId);
            Tab t = tab(spreadsheetId, tab);
            requireCellLimit(book.cellCount() - t.cellCount() + (long) rows * columns);
            t.resize(rows, columns);
            book.metadata.removeIf(m -> m.sheetId() != null
                    && m.sheetId() == t.id()
                    && ((m.locationType().equals("ROW") && m.start() >= rows)
                            || (m.locationType().equals("COLUMN") && m.start() >= columns)));
        }
    }

    long cellCount(String spreadsheetId) {
        synchronized (lock) {
            return book(spreadsheetId).cellCount();
        }
    }

    List<List<Object>> values(String spreadsheetId, String tab) {
        List<List<Object>> out = new ArrayList<>();
        for (List<Cell> row : cells(spreadsheetId, tab)) {
            List<Object> values = new ArrayList<>();
            for (Cell c : row) {
                values.add(c == null ? null : c.value());
            }
            while (!values.isEmpty() && values.get(values.size() - 1) == null) {
                values.remove(values.size() - 1);
            }
            out.add(values);
        }
        while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    List<List<Cell>> cells(String spreadsheetId, String tab) {
        synchronized (lock) {
            Tab t = tab(spreadsheetId, tab);
            List<List<Cell>> out = new ArrayList<>();
            for (int r = 0; r < t.rows.size(); r++) {
                ArrayList<ObjectNode> row = t.rows.get(r);
                List<Cell> cells = new ArrayList<>();
                if (row != null) {
                    for (ObjectNode cell : row) {
                        cells.add(cell == null ? null : toCell(cell));
                    }
                }
                while (!cells.isEmpty() && cells.get(cells.size() - 1) == null) {
                    cells.remove(cells.size() - 1);
                }
                out.add(cells);
            }
            while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
                out.remove(out.size() - 1);
            }
            return out;
        }
    }

    Cell cell(String spreadsheetId, String tab, String a1) {
        synchronized (lock) {
            Tab t = tab(spreadsheetId, tab);
            int[] rc = singleCell(a1);
            ObjectNode cell = t.cell(rc[0], rc[1]);
            return cell == null ? null : toCell(cell);
        }
    }

    List<String> header(String spreadsheetId, String tab) {
        synchronized (lock) {
            Tab t = tab(spreadsheetId, tab);
            List<String> out = new ArrayList<>();
            for (int c = 0; c < t.columnCount(); c++) {
                ObjectNode cell = t.cell(0, c);
                out.add(Tab.hasValue(cell) ? Formats.formatted(cell) : "");
            }
            while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
                out.remove(out.size() - 1);
            }
            return out;
        }
    }

    void setCell(String spreadsheetId, String tab, String a1, Object value) {
        synchronized (lock) {
            Tab t = tab(spreadsheetId, tab);
            int[] rc = singleCell(a1);
            requireInGrid(t, rc);
            ObjectNode existing = t.cell(rc[0], rc[1]);
            ObjectNode cell = existing == null ? ApiError.JSON.objectNode() : existing.deepCopy();
            if (value == null) {
                cell.remove("userEnteredValue");
            } else {
                ObjectNode v = ApiError.JSON.objectNode();
                if (value instanceof String s && s.startsWith("=")) {
                    v.put("formulaValue", s);
                } else if (value instanceof String s) {
                    v.put("stringValue", s);
                } else if (value instanceof Number n) {
                    v.put("numberValue", n.doubleValue());
                } else if (value instanceof Boolean b) {
                    v.put("boolValue", b);
                } else if (value instanceof Formula f) {
                    v.put("formulaValue", f.text());
                } else {
                    throw new IllegalArgumentException("unsupported value type " + value.getClass());
                }
                cell.set("userEnteredValue", v);
            }
            t.setCell(rc[0], rc[1], cell);
        }
    }

    void setNumberFormat(String spreadsheetId, String tab, String a1, NumberFormat format) {
        synchronized (lock) {
            Tab t = tab(spreadsheetId, tab);
            int[] rc = singleCell(a1);
            requireInGrid(t, rc);
            ObjectNode existing = t.cell(rc[0], rc[1]);
            ObjectNode cell = existing == null ? ApiError.JSON.objectNode() : existing.deepCopy();
            ObjectNode fmt = cell.has("userEnteredFormat")
                    ? (ObjectNode) cell.get("userEnteredFormat")
                    : cell.putObject("userEnteredFormat");
            if (format == null) {
                fmt.remove("numberFormat");
            } else {
                ObjectNode nf = fmt.putObject("numberFormat");
                nf.put("type", format.type());
                if (format.pattern() != null && !format.pattern().isEmpty()) {
                    nf.put("pattern", format.pattern());
                }
            }
            if (fmt.isEmpty()) {
                cell.remove("userEnteredFormat");
            }
            t.setCell(rc[0], rc[1], cell);
        }
    }

    void moveColumn(String spreadsheetId, String tab, int from, int to) {
        synchronized (lock) {
            Book book = book(spreadsheetId);
            Tab t = tab(spreadsheetId, tab);
            if (from < 0 || to < 0 || from >= t.columnCount() || to >= t.columnCount()) {
                throw new IllegalArgumentException("column out of the grid");
            }
            int width = Math.max(from, to) + 1;
            for (ArrayList<ObjectNode> row : t.rows) {
                if (row == null) {
                    continue; // stored tabs own their rows (see Tab#adoptRows), so in-place edits are safe
                }
                while (row.size() < width) {
                    row.add(null);
                }
                row.add(to, row.remove(from));
                while (!row.isEmpty() && row.get(row.size() - 1) == null) {
                    row.remove(row.size() - 1);
                }
            }
            for (int i = 0; i < book.metadata.size(); i++) {
                Metadata m = book.metadata.get(i);
                if ("COLUMN".equals(m.locationType()) && m.sheetId() == t.id()) {
                    book.metadata.set(i, m.withStart(movedIndex(m.start(), from, to)));
                }
            }
        }
    }

    private static int movedIndex(int i, int from, int to) {
        if (i == from) {
            return to;
        }
        if (from < to && i > from && i <= to) {
            return i - 1;
        }
        if (to < from && i >= to && i < from) {
            return i + 1;
        }
        return i;
    }

    void sortDataRows(String spreadsheetId, String tab, int column, boolean ascending) {
        synchronized (lock) {
            Book book = book(spreadsheetId);
            Tab t = tab(spreadsheetId, tab);
            int last = t.lastValueRow();
            if (last < 2) {
                return;
            }
            while (t.rows.size() <= last) {
                t.rows.add(null);
            }
            List<Integer> order = new ArrayList<>();
            for (int r = 1; r <= last; r++) {
                order.add(r);
            }
            Comparator<Integer> byValue = (a, b) -> compareForSort(t.cell(a, column), t.cell(b, column), ascending);
            order.sort(byValue);
            List<ArrayList<ObjectNode>> sorted = new ArrayList<>();
            for (int r : order) {
                sorted.add(t.rows.get(r));
            }
            Map<Integer, Integer> newIndex = new HashMap<>();
            for (int i = 0; i < order.size(); i++) {
                t.rows.set(1 + i, sorted.get(i));
                newIndex.put(order.get(i), 1 + i);
            }
            for (int i = 0; i < book.metadata.size(); i++) {
                Metadata m = book.metadata.get(i);
                if ("ROW".equals(m.locationType()) && m.sheetId() == t.id() && newIndex.containsKey(m.start())) {
                    book.metadata.set(i, m.withStart(newIndex.get(m.start())));
                }
            }
        }
    }

    private static int compareForSort(ObjectNode a, ObjectNode b, boolean ascending) {
        boolean ea = !Tab.hasValue(a);
        boolean eb = !Tab.hasValue(b);
        if (ea || eb) {
            return Boolean.compare(ea, eb); // empty cells last either way
        }
        JsonNode va = a.get("userEnteredValue");
        JsonNode vb = b.get("userEnteredValue");
        int ra = sortRank(va);
        int rb = sortRank(vb);
        int c;
        if (ra != rb) {
            c = Integer.compare(ra, rb);
        } else if (ra == 0) {
            c = Double.compare(
                    va.get("numberValue").asDouble(), vb.get("numberValue").asDouble());
        } else if (ra == 1) {
            c = text(va).compareToIgnoreCase(text(vb));
        } else {
            c = Boolean.compare(
                    va.get("boolValue").asBoolean(), vb.get("boolValue").asBoolean());
        }
        return ascending ? c : -c;
    }

    private static int sortRank(JsonNode v) {
        return v.has("numberValue") ? 0 : v.has("boolValue") ? 2 : 1;
    }

    private static String text(JsonNode v) {
        return v.has("stringValue")
                ? v.get("stringValue").asText()
                : v.path("formulaValue").asText("");
    }

    void insertColumn(String spreadsheetId, String tab, int index, String header) {
        synchronized (lock) {
            Book book = book(spreadsheetId);
            Tab t = tab(spreadsheetId, tab);
            if (index < 0 || index > t.columnCount()) {
                throw new IllegalArgumentException("column index out of the grid");
            }
            requireCellLimit(book.cellCount() + t.rowCount());
            t.insertColumns(index, 1);
            for (int i = 0; i < book.metadata.size(); i++) {
                Metadata m = book.metadata.get(i);
                if ("COLUMN".equals(m.locationType()) && m.sheetId() == t.id() && m.start() >= index) {
                    book.metadata.set(i, m.withStart(m.start() + 1));
                }
            }
            if (header != null) {
                ObjectNode cell = ApiError.JSON.objectNode();
                cell.putObject("userEnteredValue").put("stringValue", header);
                t.setCell(0, index, cell);
            }
        }
    }

    void deleteRow(String spreadsheetId, String tab, int rowIndex) {
        synchronized (lock) {
            Book book = book(spreadsheetId);
            Tab t = tab(spreadsheetId, tab);
            if (rowIndex < 0 || rowIndex >= t.rowCount() || t.rowCount() == 1) {
                throw new IllegalArgumentException("cannot delete row " + rowIndex);
            }
            t.deleteRows(rowIndex, rowIndex + 1);
            Iterator<Metadata> it = book.metadata.iterator();
            List<Metadata> shifted = new ArrayList<>();
            while (it.hasNext()) {
                Metadata m = it.next();
                if ("ROW".equals(m.locationType()) && m.sheetId() == t.id() && m.start() >= rowIndex) {
                    it.remove();
                    if (m.start() > rowIndex) {
                        shifted.add(m.withStart(m.start() - 1));
                    }
                }
            }
            book.metadata.addAll(shifted);
        }
    }

    List<MetadataEntry> developerMetadata(String spreadsheetId) {
        synchronized (lock) {
            List<MetadataEntry> out = new ArrayList<>();
            for (Metadata m : book(spreadsheetId).metadata) {
                out.add(new MetadataEntry(
                        m.id(), m.key(), m.value(), m.visibility(), m.locationType(), m.sheetId(), m.start()));
            }
            return out;
        }
    }

    private Book book(String spreadsheetId) {
        Book book = books.get(spreadsheetId);
        if (book == null) {
            throw new IllegalArgumentException("no spreadsheet " + spreadsheetId);
        }
        return book;
    }

    private Tab tab(String spreadsheetId, String title) {
        Tab t = book(spreadsheetId).tab(title);
        if (t == null) {
            throw new IllegalArgumentException("no tab " + title + " in " + spreadsheetId);
        }
        return t;
    }

    private static int[] singleCell(String a1) {
        A1.Range r = A1.parse(a1);
        if (r.hasSheet()
                || !r.bareCells()
                || r.startRow() == null
                || r.startCol() == null
                || r.endRow() != r.startRow() + 1
                || r.endCol() != r.startCol() + 1) {
            throw new IllegalArgumentException("not a single cell: " + a1);
        }
        return new int[] {r.startRow(), r.startCol()};
    }

    private static void requireInGrid(Tab t, int[] rc) {
        if (rc[0] >= t.rowCount() || rc[1] >= t.columnCount()) {
            throw new IllegalArgumentException("cell outside the grid of " + t.title());
        }
    }

    private static void requireCellLimit(long cells) {
        if (cells > Batch.MAX_CELLS) {
            throw new IllegalStateException(Batch.CELL_LIMIT_MESSAGE);
        }
    }

    private static Cell toCell(ObjectNode cell) {
        JsonNode v = cell.get("userEnteredValue");
        Object value = null;
        if (v != null) {
            if (v.has("stringValue")) {
                value = v.get("stringValue").asText();
            } else if (v.has("numberValue")) {
                value = v.get("numberValue").asDouble();
            } else if (v.has("boolValue")) {
                value = v.get("boolValue").asBoolean();
            } else if (v.has("formulaValue")) {
                value = new Formula(v.get("formulaValue").asText());
            }
        }
        JsonNode nf = cell.path("userEnteredFormat").path("numberFormat");
        NumberFormat format = nf.isObject()
                ? new NumberFormat(
                        nf.path("type").asText(null), nf.path("pattern").asText(null))
                : null;
        return new Cell(value, format, value == null ? null : Formats.formatted(cell));
    }

    List<String> spreadsheetIds() {
        synchronized (lock) {
            return Collections.unmodifiableList(new ArrayList<>(books.keySet()));
        }
    }
}

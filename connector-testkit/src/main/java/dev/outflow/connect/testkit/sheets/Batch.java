package dev.outflow.connect.testkit.sheets;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Applies one {@code spreadsheets.batchUpdate} to a working copy of a spreadsheet. Nothing touches
 * the stored spreadsheet until every subrequest succeeded: the caller swaps in {@link #result()}.
 */
final class Batch {

    static final long MAX_CELLS = 10_000_000L;
    static final int MAX_CELL_CHARS = 50_000;
    static final int MAX_TITLE_CHARS = 100;

    static final String CELL_LIMIT_MESSAGE =
            "This action would increase the number of cells in the workbook above the limit of 10000000 cells.";
    static final String CELL_CHARS_MESSAGE =
            "Your input contains more than the maximum of 50000 characters in a single cell.";
    static final String FROZEN_ROWS_MESSAGE = "You can't freeze all visible rows on the sheet.";
    static final String FROZEN_COLUMNS_MESSAGE = "You can't freeze all visible columns on the sheet.";
    static final String NON_FROZEN_ROWS_MESSAGE = "Sorry, it is not possible to delete all non-frozen rows.";
    static final String NON_FROZEN_COLUMNS_MESSAGE = "Sorry, it is not possible to delete all non-frozen columns.";

    /** What a CellData keeps when stored; the rest (effective values, formatted values) is derived. */
    private static final Set<String> STORED_CELL_FIELDS =
            Set.of("userEnteredValue", "userEnteredFormat", "note", "textFormatRuns", "dataValidation", "pivotTable");

    private final Book work;
    private final Random random;
    private final Set<Tab> owned = Collections.newSetFromMap(new IdentityHashMap<>());
    private final ArrayNode replies = ApiError.JSON.arrayNode();
    private int index;
    private String kind;

    Batch(Book original, Random random) {
        this.work = original.shallowCopy();
        this.random = random;
    }

    /** The updated spreadsheet, to store in place of the original once {@link #run} succeeded. */
    Book result() {
        for (Tab tab : owned) {
            tab.adoptRows(); // the original is about to be dropped: its rows are no longer shared
        }
        return work;
    }

    ArrayNode replies() {
        return replies;
    }

    /** Runs every request of a (validated, normalized) BatchUpdateSpreadsheetRequest. */
    void run(JsonNode body) {
        JsonNode requests = body.path("requests");
        if (!requests.isArray() || requests.isEmpty()) {
            throw ApiError.invalidArgument("Must specify at least one request.");
        }
        for (index = 0; index < requests.size(); index++) {
            JsonNode request = requests.get(index);
            List<String> set = new ArrayList<>();
            request.fieldNames().forEachRemaining(set::add);
            if (set.isEmpty()) {
                throw ApiError.invalidArgument("Invalid requests[" + index + "]: No request set.");
            }
            if (set.size() > 1) {
                throw ApiError.invalidArgument("Invalid value at 'requests[" + index
                        + "]' (oneof), oneof field 'kind' is already set. Cannot set '" + set.get(1) + "'");
            }
            kind = set.get(0);
            if (!Schema.IMPLEMENTED_REQUESTS.contains(kind)) {
                throw ApiError.unimplemented("requests[" + index + "]." + kind);
            }
            JsonNode req = request.get(kind);
            ObjectNode reply = ApiError.JSON.objectNode();
            switch (kind) {
                case "addSheet" -> addSheet(req, reply);
                case "deleteSheet" -> deleteSheet(req);
                case "updateSheetProperties" -> updateSheetProperties(req);
                case "appendCells" -> appendCells(req);
                case "updateCells" -> updateCells(req);
                case "insertDimension" -> insertDimension(req);
                case "deleteDimension" -> deleteDimension(req);
                case "appendDimension" -> appendDimension(req);
                case "createDeveloperMetadata" -> createDeveloperMetadata(req, reply);
                case "updateDeveloperMetadata" -> updateDeveloperMetadata(req, reply);
                case "deleteDeveloperMetadata" -> deleteDeveloperMetadata(req, reply);
                default -> throw new IllegalStateException(kind);
            }
            if (work.cellCount() > MAX_CELLS) {
                throw invalid(CELL_LIMIT_MESSAGE);
            }
            if (kind.endsWith("DeveloperMetadata")) {
                String over = MetadataBudget.overrun(work);
                if (over != null) {
                    throw invalid(over);
                }
            }
            replies.add(reply);
        }
    }

    private ApiError invalid(String message) {
        return ApiError.invalidRequest(index, kind, message);
    }

    // ---------------------------------------------------------------------------------------------
    // sheets
    // ---------------------------------------------------------------------------------------------

    private void addSheet(JsonNode req, ObjectNode reply) {
        JsonNode props = req.path("properties");
        int sheetId;
        if (props.has("sheetId")) {
            sheetId = intOf(props.get("sheetId"));
            if (sheetId < 0) {
                throw invalid("Sheet id must be non-negative.");
            }
            if (work.tab(sheetId) != null) {
                throw invalid("Sheet with id " + sheetId + " already exists.");
            }
        } else {
            do {
                sheetId = 1 + random.nextInt(Integer.MAX_VALUE - 1);
            } while (work.tab(sheetId) != null);
        }
        String title = props.path("title").asText("");
        if (title.isEmpty()) {
            int n = work.tabs.size() + 1;
            while (work.tab("Sheet" + n) != null) {
                n++;
            }
            title = "Sheet" + n;
        } else {
            checkTitle(title, null);
        }
        String type = Schema.enumName(props.get("sheetType"), "SheetType");
        if (type != null && !type.equals("GRID") && !type.equals("SHEET_TYPE_UNSPECIFIED")) {
            throw ApiError.unimplemented("sheets of type " + type);
        }
        JsonNode grid = props.path("gridProperties");
        int rows = grid.has("rowCount") && intOf(grid.get("rowCount")) > 0
                ? intOf(grid.get("rowCount"))
                : Tab.DEFAULT_ROWS;
        int cols = grid.has("columnCount") && intOf(grid.get("columnCount")) > 0
                ? intOf(grid.get("columnCount"))
                : Tab.DEFAULT_COLUMNS;
        if (rows < 0 || cols < 0) {
            throw invalid("Invalid grid size.");
        }
        checkColumns(cols);
        Tab tab = Tab.create(sheetId, title, rows, cols);
        copyExtraProperties(props, tab.props);
        checkFrozen(tab.grid(), rows, cols);
        owned.add(tab);
        int at = props.has("index") ? clamp(intOf(props.get("index")), 0, work.tabs.size()) : work.tabs.size();
        work.tabs.add(at, tab);
        reply.putObject("addSheet").set("properties", Render.propertiesJson(tab, at));
    }

    private static void copyExtraProperties(JsonNode from, ObjectNode to) {
        for (String f : List.of("hidden", "tabColor", "tabColorStyle", "rightToLeft")) {
            if (from.has(f)) {
                to.set(f, from.get(f).deepCopy());
            }
        }
        JsonNode grid = from.path("gridProperties");
        ObjectNode toGrid = (ObjectNode) to.get("gridProperties");
        for (String f : List.of(
                "frozenRowCount",
                "frozenColumnCount",
                "hideGridlines",
                "rowGroupControlAfter",
                "columnGroupControlAfter")) {
            if (grid.has(f)) {
                toGrid.set(f, grid.get(f).deepCopy());
            }
        }
    }

    private void checkTitle(String title, Tab self) {
        if (title.codePointCount(0, title.length()) > MAX_TITLE_CHARS) {
            throw invalid("The sheet name cannot be greater than 100 characters.");
        }
        for (Tab t : work.tabs) {
            if (t != self && t.title().toLowerCase(Locale.ROOT).equals(title.toLowerCase(Locale.ROOT))) {
                throw invalid("A sheet with the name \"" + title + "\" already exists. Please enter another name.");
            }
        }
    }

    /**
     * Google keeps at least one row and one column of a sheet unfrozen, whether the sheet is added
     * or resized or its frozen counts changed.
     */
    private void checkFrozen(JsonNode grid, int rows, int cols) {
        int frozenRows = grid.path("frozenRowCount").asInt(0);
        int frozenColumns = grid.path("frozenColumnCount").asInt(0);
        if (frozenRows < 0 || frozenColumns < 0) {
            throw invalid("Frozen row and column counts must be non-negative.");
        }
        if (frozenRows > 0 && frozenRows >= rows) {
            throw invalid(FROZEN_ROWS_MESSAGE);
        }
        if (frozenColumns > 0 && frozenColumns >= cols) {
            throw invalid(FROZEN_COLUMNS_MESSAGE);
        }
    }

    private void checkColumns(long columns) {
        if (columns > A1.MAX_COLUMNS) {
            throw invalid("This action would increase the number of columns in the sheet above the limit of "
                    + A1.MAX_COLUMNS + ".");
        }
    }

    private void deleteSheet(JsonNode req) {
        int sheetId = intOf(req.get("sheetId"));
        Tab tab = work.tab(sheetId);
        if (tab == null) {
            // Google's words for the sheet-level requests (a gspread tutorial's deleteSheet error; rootjs #554
            // for updateSheetProperties); requests on a grid range say "No grid with id"
            throw invalid("No sheet with id: " + sheetId);
        }
        if (work.tabs.size() == 1) {
            throw invalid("You can't remove all the sheets in a document.");
        }
        long visible = work.tabs.stream().filter(t -> t != tab && !t.hidden()).count();
        if (visible == 0) {
            throw invalid("You can't remove all the visible sheets in a document.");
        }
        work.tabs.remove(tab);
        work.metadata.removeIf(m -> m.sheetId() != null && m.sheetId() == sheetId);
    }

    private void updateSheetProperties(JsonNode req) {
        JsonNode props = req.path("properties");
        int sheetId = intOf(props.get("sheetId"));
        List<List<String>> paths = mask(req, "SheetProperties");
        if (work.tab(sheetId) == null) {
            throw invalid("No sheet with id: " + sheetId);
        }
        Tab tab = tabForWrite(sheetId);
        ObjectNode next = tab.props.deepCopy();
        next.put("index", work.indexOf(tab));
        FieldMask.applyUpdate(next, props, paths);
        // identity and type cannot change
        next.put("sheetId", sheetId);
        next.put("sheetType", "GRID");
        String title = next.path("title").asText("");
        if (title.isEmpty()) {
            throw invalid("The sheet name cannot be empty.");
        }
        if (!title.equals(tab.title())) {
            checkTitle(title, tab);
        }
        if (next.path("hidden").asBoolean(false) && !tab.hidden()) {
            long visible =
                    work.tabs.stream().filter(t -> t != tab && !t.hidden()).count();
            if (visible == 0) {
                throw invalid("You can't hide all the sheets in a document.");
            }
        }
        JsonNode grid = next.path("gridProperties");
        int rows = grid.path("rowCount").asInt(0);
        int cols = grid.path("columnCount").asInt(0);
        if (rows <= 0) {
            throw invalid("You can't delete all the rows on the sheet.");
        }
        if (cols <= 0) {
            throw invalid("You can't delete all the columns on the sheet.");
        }
        checkColumns(cols);
        checkFrozen(grid, rows, cols);
        // Google applies rowCount before columnCount and checks the limit in between
        // (gspread-dataframe #37): new rows x old columns must fit too
        if (rows != tab.rowCount()
                && work.cellCount() - tab.cellCount() + (long) rows * tab.columnCount() > MAX_CELLS) {
            throw invalid(CELL_LIMIT_MESSAGE);
        }
        int newIndex = next.has("index") ? intOf(next.get("index")) : work.indexOf(tab);
        next.remove("index");
        tab.props.removeAll();
        tab.props.setAll(next);
        ((ObjectNode) tab.props.get("gridProperties")).put("rowCount", rows).put("columnCount", cols);
        tab.resize(rows, cols);
        dropMetadataOutside(tab);
        int from = work.indexOf(tab);
        int to = clamp(newIndex, 0, work.tabs.size() - 1);
        if (from != to) {
            work.tabs.remove(from);
            work.tabs.add(to, tab);
        }
    }

    private void dropMetadataOutside(Tab tab) {
        int rows = tab.rowCount();
        int cols = tab.columnCount();
        work.metadata.removeIf(m -> m.sheetId() != null
                && m.sheetId() == tab.id()
                && ((m.locationType().equals("ROW") && m.start() >= rows)
                        || (m.locationType().equals("COLUMN") && m.start() >= cols)));
    }

    // ---------------------------------------------------------------------------------------------
    // cells
    // ---------------------------------------------------------------------------------------------

    private void appendCells(JsonNode req) {
        int sheetId = intOf(req.get("sheetId"));
        Tab tab = tabForWrite(sheetId);
        List<List<String>> paths = mask(req, "CellData");
        if (req.has("tableId")) {
            throw ApiError.unimplemented("appendCells into tables");
        }
        JsonNode rows = req.path("rows");
        int start = tab.lastValueRow() + 1;
        int width = 0;
        for (JsonNode row : rows) {
            width = Math.max(width, row.path("values").size());
        }
        long neededRows = (long) start + rows.size();
        if (width > tab.columnCount()) {
            // appendCells adds rows, never columns (googlesheets4 issue #193 shows Google's answer)
            throw invalid("Attempting to write column: " + tab.columnCount() + ", beyond the last requested column of: "
                    + (tab.columnCount() - 1));
        }
        if (neededRows > tab.rowCount()) {
            tab.grid().put("rowCount", (int) Math.min(neededRows, Integer.MAX_VALUE));
        }
        if (work.cellCount() > MAX_CELLS) {
            throw invalid(CELL_LIMIT_MESSAGE); // before touching cells: the grid would already be too big
        }
        for (int i = 0; i < rows.size(); i++) {
            JsonNode values = rows.get(i).path("values");
            for (int c = 0; c < values.size(); c++) {
                tab.setCell(start + i, c, merge(tab.cell(start + i, c), values.get(c), paths));
            }
        }
    }

    private void updateCells(JsonNode req) {
        boolean hasStart = req.has("start");
        boolean hasRange = req.has("range");
        if (hasStart && hasRange) {
            throw ApiError.invalidArgument("Invalid value at 'requests[" + index
                    + "].update_cells' (oneof), oneof field 'area' is already set." + " Cannot set 'range'");
        }
        if (!hasStart && !hasRange) {
            throw invalid("Must specify either start or range.");
        }
        List<List<String>> paths = mask(req, "CellData");
        JsonNode rows = req.path("rows");
        int width = 0;
        for (JsonNode row : rows) {
            width = Math.max(width, row.path("values").size());
        }
        if (hasStart) {
            JsonNode start = req.get("start");
            Tab tab = tabForWrite(intOf(start.get("sheetId")));
            int r0 = intOf(start.get("rowIndex"));
            int c0 = intOf(start.get("columnIndex"));
            if (r0 < 0 || c0 < 0) {
                throw invalid("Start coordinates must be non-negative.");
            }
            if (r0 >= tab.rowCount() || c0 >= tab.columnCount()) {
                throw invalid(exceedsGrid(tab, r0, r0 + 1, c0, c0 + 1));
            }
            // the rows are written from start to the grid's edge, like appendCells
            if (r0 + rows.size() > tab.rowCount()) {
                throw invalid("Attempting to write row: " + tab.rowCount() + ", beyond the last requested row of: "
                        + (tab.rowCount() - 1));
            }
            if (c0 + width > tab.columnCount()) {
                throw invalid("Attempting to write column: " + tab.columnCount()
                        + ", beyond the last requested column of: " + (tab.columnCount() - 1));
            }
            for (int i = 0; i < rows.size(); i++) {
                JsonNode values = rows.get(i).path("values");
                for (int c = 0; c < values.size(); c++) {
                    tab.setCell(r0 + i, c0 + c, merge(tab.cell(r0 + i, c0 + c), values.get(c), paths));
                }
            }
            return;
        }
        JsonNode range = req.get("range");
        Tab tab = tabForWrite(intOf(range.get("sheetId")));
        int sr = range.has("startRowIndex") ? intOf(range.get("startRowIndex")) : 0;
        int er = range.has("endRowIndex") ? intOf(range.get("endRowIndex")) : tab.rowCount();
        int sc = range.has("startColumnIndex") ? intOf(range.get("startColumnIndex")) : 0;
        int ec = range.has("endColumnIndex") ? intOf(range.get("endColumnIndex")) : tab.columnCount();
        if (sr < 0 || sc < 0 || er < sr || ec < sc) {
            throw invalid("Invalid range: start indexes must be non-negative and not after the end indexes.");
        }
        if (er > tab.rowCount() || ec > tab.columnCount()) {
            throw invalid(exceedsGrid(tab, sr, er, sc, ec));
        }
        if (rows.size() > er - sr) {
            throw invalid("Attempting to write row: " + (sr + rows.size() - 1) + ", beyond the last requested row of: "
                    + (er - 1));
        }
        if (width > ec - sc) {
            throw invalid("Attempting to write column: " + (sc + width - 1) + ", beyond the last requested column of: "
                    + (ec - 1));
        }
        for (int r = sr; r < er; r++) {
            JsonNode values = r - sr < rows.size() ? rows.get(r - sr).path("values") : null;
            for (int c = sc; c < ec; c++) {
                JsonNode source = values != null && c - sc < values.size() ? values.get(c - sc) : null;
                ObjectNode existing = tab.cell(r, c);
                if (existing == null && (source == null || source.isEmpty())) {
                    continue; // clearing an empty cell
                }
                tab.setCell(r, c, merge(existing, source, paths));
            }
        }
    }

    private static String exceedsGrid(Tab tab, int r0, int r1, int c0, int c1) {
        return "Range (" + A1.format(tab.title(), r0, r1, c0, c1) + ") exceeds grid limits. Max rows: " + tab.rowCount()
                + ", max columns: " + tab.columnCount();
    }

    /** The stored cell after writing {@code source} through the update mask onto {@code existing}. */
    private ObjectNode merge(ObjectNode existing, JsonNode source, List<List<String>> paths) {
        ObjectNode target = existing == null ? ApiError.JSON.objectNode() : existing.deepCopy();
        FieldMask.applyUpdate(target, source == null || source.isNull() ? ApiError.JSON.objectNode() : source, paths);
        Iterator<String> names = target.fieldNames();
        while (names.hasNext()) {
            if (!STORED_CELL_FIELDS.contains(names.next())) {
                names.remove();
            }
        }
        JsonNode value = target.get("userEnteredValue");
        if (value != null) {
            if (value.isEmpty()) {
                target.remove("userEnteredValue");
            } else {
                target.set("userEnteredValue", checkValue(value));
            }
        }
        return target.isEmpty() ? null : target;
    }

    private JsonNode checkValue(JsonNode value) {
        if (value.has("errorValue")) {
            throw invalid("errorValue is a read-only field and cannot be set.");
        }
        if (value.size() > 1) {
            List<String> set = new ArrayList<>();
            value.fieldNames().forEachRemaining(set::add);
            throw ApiError.invalidArgument("Invalid value at 'requests[" + index
                    + "]' (oneof), oneof field 'value' is already set. Cannot set '" + set.get(1) + "'");
        }
        for (String text : List.of("stringValue", "formulaValue")) {
            JsonNode s = value.get(text);
            if (s != null && s.asText().codePointCount(0, s.asText().length()) > MAX_CELL_CHARS) {
                throw invalid(CELL_CHARS_MESSAGE);
            }
        }
        JsonNode number = value.get("numberValue");
        if (number != null && !number.isDouble()) {
            double d = number.isTextual() ? Double.parseDouble(number.asText()) : number.asDouble();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw invalid("Invalid number value: " + number.asText());
            }
            ObjectNode copy = ApiError.JSON.objectNode();
            copy.set("numberValue", DoubleNode.valueOf(d));
            return copy;
        }
        return value;
    }

    // ---------------------------------------------------------------------------------------------
    // dimensions
    // ---------------------------------------------------------------------------------------------

    private record Dim(Tab tab, boolean rows, int start, int end) {}

    private Dim dimensionRange(JsonNode range) {
        if (range == null || range.isMissingNode()) {
            throw invalid("range must be specified.");
        }
        Tab tab = tabForWrite(intOf(range.get("sheetId")));
        String dimension = Schema.enumName(range.get("dimension"), "Dimension");
        if (dimension == null || dimension.equals("DIMENSION_UNSPECIFIED")) {
            throw invalid("range.dimension must be specified.");
        }
        int start = intOf(range.get("startIndex"));
        int end = intOf(range.get("endIndex"));
        if (start < 0 || end <= start) {
            throw invalid("range.startIndex must be non-negative and less than range.endIndex.");
        }
        return new Dim(tab, dimension.equals("ROWS"), start, end);
    }

    private void insertDimension(JsonNode req) {
        Dim d = dimensionRange(req.get("range"));
        int size = d.rows ? d.tab.rowCount() : d.tab.columnCount();
        boolean inherit = req.path("inheritFromBefore").asBoolean(false);
        if (d.start > size) {
            throw invalid("range.startIndex is larger than current grid size (" + size + ")");
        }
        if (d.start == size && !inherit) {
            throw invalid(
                    "range.startIndex must be less than the grid size (" + size + ") if inheritFromBefore is false.");
        }
        if (d.start == 0 && inherit) {
            throw invalid("range.startIndex must be greater than 0 if inheritFromBefore is true.");
        }
        int count = d.end - d.start;
        if (d.rows) {
            d.tab.insertRows(d.start, count);
        } else {
            checkColumns((long) d.tab.columnCount() + count);
            d.tab.insertColumns(d.start, count);
        }
        shiftMetadata(d.tab, d.rows ? "ROW" : "COLUMN", d.start, Integer.MAX_VALUE, count);
    }

    private void deleteDimension(JsonNode req) {
        Dim d = dimensionRange(req.get("range"));
        int size = d.rows ? d.tab.rowCount() : d.tab.columnCount();
        if (d.end > size) {
            throw invalid(
                    d.rows
                            ? exceedsGrid(d.tab, d.start, d.end, 0, d.tab.columnCount())
                            : exceedsGrid(d.tab, 0, d.tab.rowCount(), d.start, d.end));
        }
        if (d.start == 0 && d.end == size) {
            throw invalid(
                    d.rows
                            ? "You can't delete all the rows on the sheet."
                            : "You can't delete all the columns on the sheet.");
        }
        int frozen = d.rows ? d.tab.frozenRows() : d.tab.frozenColumns();
        int unfrozenDeleted = d.end - Math.max(d.start, frozen);
        if (frozen > 0 && unfrozenDeleted > 0 && unfrozenDeleted >= size - frozen) {
            throw invalid(d.rows ? NON_FROZEN_ROWS_MESSAGE : NON_FROZEN_COLUMNS_MESSAGE);
        }
        String type = d.rows ? "ROW" : "COLUMN";
        work.metadata.removeIf(m -> m.sheetId() != null
                && m.sheetId() == d.tab.id()
                && m.locationType().equals(type)
                && m.start() >= d.start
                && m.start() < d.end);
        if (d.rows) {
            d.tab.deleteRows(d.start, d.end);
        } else {
            d.tab.deleteColumns(d.start, d.end);
        }
        shiftMetadata(d.tab, type, d.end, Integer.MAX_VALUE, -(d.end - d.start));
        int frozenKey = d.rows ? d.tab.frozenRows() : d.tab.frozenColumns();
        if (frozenKey > 0) {
            int deletedFrozen = Math.max(0, Math.min(frozenKey, d.end) - d.start);
            if (deletedFrozen > 0) {
                d.tab.grid().put(d.rows ? "frozenRowCount" : "frozenColumnCount", frozenKey - deletedFrozen);
            }
        }
    }

    private void appendDimension(JsonNode req) {
        Tab tab = tabForWrite(intOf(req.get("sheetId")));
        String dimension = Schema.enumName(req.get("dimension"), "Dimension");
        if (dimension == null || dimension.equals("DIMENSION_UNSPECIFIED")) {
            throw invalid("dimension must be specified.");
        }
        int length = intOf(req.get("length"));
        if (length <= 0) {
            throw invalid("length must be greater than 0.");
        }
        if (dimension.equals("ROWS")) {
            tab.grid().put("rowCount", (int) Math.min((long) tab.rowCount() + length, Integer.MAX_VALUE));
        } else {
            checkColumns((long) tab.columnCount() + length);
            tab.grid().put("columnCount", tab.columnCount() + length);
        }
    }

    private void shiftMetadata(Tab tab, String type, int from, int to, int delta) {
        for (int i = 0; i < work.metadata.size(); i++) {
            Metadata m = work.metadata.get(i);
            if (m.sheetId() != null
                    && m.sheetId() == tab.id()
                    && m.locationType().equals(type)
                    && m.start() >= from
                    && m.start() < to) {
                work.metadata.set(i, m.withStart(m.start() + delta));
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // developer metadata
    // ---------------------------------------------------------------------------------------------

    private void createDeveloperMetadata(JsonNode req, ObjectNode reply) {
        JsonNode dm = req.get("developerMetadata");
        if (dm == null) {
            throw invalid("developerMetadata must be specified.");
        }
        String key = dm.path("metadataKey").asText("");
        if (key.isEmpty()) {
            throw invalid("A metadata key must be specified.");
        }
        String visibility = Schema.enumName(dm.get("visibility"), "DeveloperMetadataVisibility");
        if (visibility == null || visibility.equals("DEVELOPER_METADATA_VISIBILITY_UNSPECIFIED")) {
            throw invalid("Developer metadata visibility must be specified.");
        }
        int id;
        if (dm.has("metadataId")) {
            id = intOf(dm.get("metadataId"));
            if (id <= 0) {
                throw invalid("Developer metadata ID must be positive.");
            }
            for (Metadata m : work.metadata) {
                if (m.id() == id) {
                    throw invalid("Developer metadata with ID " + id + " already exists.");
                }
            }
        } else {
            id = newMetadataId();
        }
        Metadata created = located(
                id,
                key,
                dm.has("metadataValue") ? dm.get("metadataValue").asText() : null,
                visibility,
                dm.get("location"));
        work.metadata.add(created);
        reply.putObject("createDeveloperMetadata").set("developerMetadata", created.toJson());
    }

    private int newMetadataId() {
        while (true) {
            int id = 1 + random.nextInt(Integer.MAX_VALUE - 1);
            boolean taken = false;
            for (Metadata m : work.metadata) {
                taken |= m.id() == id;
            }
            if (!taken) {
                return id;
            }
        }
    }

    private Metadata located(int id, String key, String value, String visibility, JsonNode location) {
        if (location == null || location.isEmpty()) {
            throw invalid("A developer metadata location must be specified.");
        }
        int set = (location.path("spreadsheet").asBoolean(false) ? 1 : 0)
                + (location.has("sheetId") ? 1 : 0)
                + (location.has("dimensionRange") ? 1 : 0);
        if (set != 1) {
            throw invalid("Exactly one of spreadsheet, sheetId or dimensionRange must be set in the location.");
        }
        if (location.path("spreadsheet").asBoolean(false)) {
            return new Metadata(id, key, value, visibility, "SPREADSHEET", null, null);
        }
        if (location.has("sheetId")) {
            int sheetId = intOf(location.get("sheetId"));
            if (work.tab(sheetId) == null) {
                throw invalid("No grid with id: " + sheetId);
            }
            return new Metadata(id, key, value, visibility, "SHEET", sheetId, null);
        }
        Dim d = dimensionRange(location.get("dimensionRange"));
        if (d.end - d.start != 1) {
            throw invalid("Developer metadata may only be associated with a single row or column.");
        }
        int size = d.rows ? d.tab.rowCount() : d.tab.columnCount();
        if (d.end > size) {
            throw invalid(
                    d.rows
                            ? exceedsGrid(d.tab, d.start, d.end, 0, d.tab.columnCount())
                            : exceedsGrid(d.tab, 0, d.tab.rowCount(), d.start, d.end));
        }
        return new Metadata(id, key, value, visibility, d.rows ? "ROW" : "COLUMN", d.tab.id(), d.start);
    }

    private void updateDeveloperMetadata(JsonNode req, ObjectNode reply) {
        JsonNode filters = req.path("dataFilters");
        if (filters.isEmpty()) {
            throw invalid("At least one data filter must be specified.");
        }
        JsonNode dm = req.get("developerMetadata");
        if (dm == null) {
            throw invalid("developerMetadata must be specified.");
        }
        List<List<String>> paths = mask(req, "DeveloperMetadata");
        ArrayNode updated = ApiError.JSON.arrayNode();
        for (int i = 0; i < work.metadata.size(); i++) {
            Metadata m = work.metadata.get(i);
            if (!matchesAny(m, filters)) {
                continue;
            }
            ObjectNode json = m.toJson();
            FieldMask.applyUpdate(json, dm, paths);
            if (json.path("metadataId").asInt() != m.id()) {
                throw invalid("metadataId cannot be updated.");
            }
            String key = json.path("metadataKey").asText("");
            if (key.isEmpty()) {
                throw invalid("A metadata key must be specified.");
            }
            String visibility = Schema.enumName(json.get("visibility"), "DeveloperMetadataVisibility");
            if (visibility == null || visibility.equals("DEVELOPER_METADATA_VISIBILITY_UNSPECIFIED")) {
                throw invalid("Developer metadata visibility must be specified.");
            }
            JsonNode location = json.get("location");
            if (location != null) {
                ObjectNode loc = location.deepCopy();
                loc.remove("locationType");
                location = loc;
            }
            Metadata next = located(
                    m.id(),
                    key,
                    json.has("metadataValue") ? json.get("metadataValue").asText() : null,
                    visibility,
                    location);
            work.metadata.set(i, next);
            updated.add(next.toJson());
        }
        ObjectNode out = reply.putObject("updateDeveloperMetadata");
        if (!updated.isEmpty()) {
            out.set("developerMetadata", updated);
        }
    }

    private void deleteDeveloperMetadata(JsonNode req, ObjectNode reply) {
        JsonNode filter = req.get("dataFilter");
        if (filter == null) {
            throw invalid("dataFilter must be specified.");
        }
        ArrayNode deleted = ApiError.JSON.arrayNode();
        Iterator<Metadata> it = work.metadata.iterator();
        while (it.hasNext()) {
            Metadata m = it.next();
            if (matches(m, filter)) {
                deleted.add(m.toJson());
                it.remove();
            }
        }
        ObjectNode out = reply.putObject("deleteDeveloperMetadata");
        if (!deleted.isEmpty()) {
            out.set("deletedDeveloperMetadata", deleted);
        }
    }

    private boolean matchesAny(Metadata m, JsonNode filters) {
        for (JsonNode f : filters) {
            if (matches(m, f)) {
                return true;
            }
        }
        return false;
    }

    private boolean matches(Metadata m, JsonNode filter) {
        try {
            return Lookup.matches(m, filter);
        } catch (Lookup.BadFilter e) {
            throw e.unimplemented ? ApiError.unimplemented(e.getMessage()) : invalid(e.getMessage());
        }
    }

    // ---------------------------------------------------------------------------------------------
    // helpers
    // ---------------------------------------------------------------------------------------------

    /** The tab, copied into this batch on first write so the stored spreadsheet stays untouched. */
    private Tab tabForWrite(int sheetId) {
        Tab tab = work.tab(sheetId);
        if (tab == null) {
            throw invalid("No grid with id: " + sheetId);
        }
        if (owned.contains(tab)) {
            return tab;
        }
        Tab copy = tab.copy();
        work.tabs.set(work.indexOf(tab), copy);
        owned.add(copy);
        return copy;
    }

    private List<List<String>> mask(JsonNode req, String messageName) {
        String text = req.path("fields").asText("");
        if (text.isEmpty()) {
            throw invalid("At least one field must be listed in 'fields'. (Use '*' to indicate all fields.)");
        }
        FieldMask mask;
        try {
            mask = FieldMask.parse(text);
        } catch (FieldMask.SyntaxException e) {
            throw invalid("Invalid field mask: '" + text + "'.");
        }
        List<String> unknown = mask.unknownPaths(messageName);
        if (!unknown.isEmpty()) {
            throw invalid("Error expanding 'fields' parameter. Cannot find matching fields for path '" + unknown.get(0)
                    + "'.");
        }
        return mask.leafPaths(messageName);
    }

    static int intOf(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return 0;
        }
        return node.isTextual() ? new java.math.BigDecimal(node.asText().trim()).intValueExact() : node.asInt();
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}

package dev.outflow.connect.testkit.sheets;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builds the response bodies of the read methods from the stored model. */
final class Render {

    private Render() {}

    /** SheetProperties as the API returns them: sheetId, title, index first; defaults left out. */
    static ObjectNode propertiesJson(Tab tab, int index) {
        ObjectNode out = ApiError.JSON.objectNode();
        out.put("sheetId", tab.id());
        out.put("title", tab.title());
        out.put("index", index);
        out.put("sheetType", "GRID");
        ObjectNode grid = out.putObject("gridProperties");
        grid.put("rowCount", tab.rowCount());
        grid.put("columnCount", tab.columnCount());
        for (var e : tab.grid().properties()) {
            if (!grid.has(e.getKey()) && !isDefault(e.getValue())) {
                grid.set(e.getKey(), e.getValue().deepCopy());
            }
        }
        for (var e : tab.props.properties()) {
            if (!out.has(e.getKey()) && !isDefault(e.getValue())) {
                out.set(e.getKey(), e.getValue().deepCopy());
            }
        }
        return out;
    }

    private static boolean isDefault(JsonNode v) {
        return v.isNull()
                || (v.isBoolean() && !v.asBoolean())
                || (v.isIntegralNumber() && v.asLong() == 0)
                || (v.isContainerNode() && v.isEmpty());
    }

    record Area(Tab tab, int startRow, int endRow, int startCol, int endCol) {}

    /**
     * Resolves an A1 range against a spreadsheet for reading: a range starting outside the grid is
     * refused as the API does; an end past the grid is cut at the grid's edge.
     */
    static Area resolve(Book book, String text) {
        A1.Range r = A1.parse(text);
        Tab tab;
        if (r.hasSheet()) {
            tab = book.tab(r.sheet());
            if (tab == null) {
                throw A1.unparseable(text);
            }
        } else {
            tab = book.tab(r.sheet());
            if (tab != null) {
                r = new A1.Range(r.sheet(), true, false, null, null, null, null);
            } else if (r.bareCells()) {
                tab = firstVisible(book);
            } else {
                throw A1.unparseable(text);
            }
        }
        int sr = r.startRow() == null ? 0 : r.startRow();
        int sc = r.startCol() == null ? 0 : r.startCol();
        if (sr >= tab.rowCount() || sc >= tab.columnCount()) {
            throw ApiError.invalidArgument("Range (" + A1.format(tab.title(), sr, r.endRow(), sc, r.endCol())
                    + ") exceeds grid limits. Max rows: " + tab.rowCount() + ", max columns: " + tab.columnCount());
        }
        int er = r.endRow() == null ? tab.rowCount() : Math.min(r.endRow(), tab.rowCount());
        int ec = r.endCol() == null ? tab.columnCount() : Math.min(r.endCol(), tab.columnCount());
        return new Area(tab, sr, er, sc, ec);
    }

    private static Tab firstVisible(Book book) {
        for (Tab t : book.tabs) {
            if (!t.hidden()) {
                return t;
            }
        }
        return book.tabs.get(0);
    }

    // ---------------------------------------------------------------------------------------------
    // spreadsheets.get
    // ---------------------------------------------------------------------------------------------

    static ObjectNode spreadsheet(Book book, List<String> ranges, boolean includeGridData) {
        ObjectNode out = ApiError.JSON.objectNode();
        out.put("spreadsheetId", book.id);
        ObjectNode props = out.putObject("properties");
        props.put("title", book.title);
        props.put("locale", "en_US");
        props.put("autoRecalc", "ON_CHANGE");
        props.put("timeZone", "Etc/GMT");
        ObjectNode defaultFormat = props.putObject("defaultFormat");
        ObjectNode white = defaultFormat.putObject("backgroundColor");
        white.put("red", 1).put("green", 1).put("blue", 1);
        defaultFormat
                .putObject("padding")
                .put("top", 2)
                .put("right", 3)
                .put("bottom", 2)
                .put("left", 3);
        defaultFormat.put("verticalAlignment", "BOTTOM");
        defaultFormat.put("wrapStrategy", "OVERFLOW_CELL");
        ObjectNode text = defaultFormat.putObject("textFormat");
        text.putObject("foregroundColor");
        text.put("fontFamily", "arial,sans,sans-serif");
        text.put("fontSize", 10);

        Map<Tab, List<Area>> wanted = new LinkedHashMap<>();
        if (ranges.isEmpty()) {
            for (Tab t : book.tabs) {
                wanted.put(t, List.of(new Area(t, 0, t.rowCount(), 0, t.columnCount())));
            }
        } else {
            for (String range : ranges) {
                Area a = resolve(book, range);
                wanted.computeIfAbsent(a.tab(), k -> new ArrayList<>()).add(a);
            }
        }
        ArrayNode sheets = out.putArray("sheets");
        for (Tab t : book.tabs) {
            List<Area> areas = wanted.get(t);
            if (areas == null) {
                continue;
            }
            ObjectNode sheet = sheets.addObject();
            sheet.set("properties", propertiesJson(t, book.indexOf(t)));
            if (includeGridData) {
                ArrayNode data = sheet.putArray("data");
                for (Area a : areas) {
                    data.add(gridData(book, a));
                }
            }
            ArrayNode md = ApiError.JSON.arrayNode();
            for (Metadata m : book.metadata) {
                if (m.locationType().equals("SHEET") && m.sheetId() == t.id()) {
                    md.add(m.toJson());
                }
            }
            if (!md.isEmpty()) {
                sheet.set("developerMetadata", md);
            }
        }
        ArrayNode md = ApiError.JSON.arrayNode();
        for (Metadata m : book.metadata) {
            if (m.locationType().equals("SPREADSHEET")) {
                md.add(m.toJson());
            }
        }
        if (!md.isEmpty()) {
            out.set("developerMetadata", md);
        }
        out.put("spreadsheetUrl", "https://docs.google.com/spreadsheets/d/" + book.id + "/edit");
        return out;
    }

    private static ObjectNode gridData(Book book, Area a) {
        ObjectNode data = ApiError.JSON.objectNode();
        if (a.startRow() > 0) {
            data.put("startRow", a.startRow());
        }
        if (a.startCol() > 0) {
            data.put("startColumn", a.startCol());
        }
        ArrayNode rowData = ApiError.JSON.arrayNode();
        int lastNonEmpty = -1;
        for (int r = a.startRow(); r < a.endRow() && r < a.tab().rows.size(); r++) {
            ObjectNode row = ApiError.JSON.objectNode();
            ArrayNode values = ApiError.JSON.arrayNode();
            int lastCell = -1;
            for (int c = a.startCol(); c < a.endCol(); c++) {
                ObjectNode cell = a.tab().cell(r, c);
                values.add(cell == null ? ApiError.JSON.objectNode() : cellJson(cell));
                if (cell != null) {
                    lastCell = c - a.startCol();
                }
            }
            while (values.size() > lastCell + 1) {
                values.remove(values.size() - 1);
            }
            if (!values.isEmpty()) {
                row.set("values", values);
                lastNonEmpty = r - a.startRow();
            }
            rowData.add(row);
        }
        while (rowData.size() > lastNonEmpty + 1) {
            rowData.remove(rowData.size() - 1);
        }
        if (!rowData.isEmpty()) {
            data.set("rowData", rowData);
        }
        ArrayNode rowMetadata = data.putArray("rowMetadata");
        for (int r = a.startRow(); r < a.endRow(); r++) {
            rowMetadata.add(dimensionProperties(book, a.tab(), "ROW", r, 21));
        }
        ArrayNode columnMetadata = data.putArray("columnMetadata");
        for (int c = a.startCol(); c < a.endCol(); c++) {
            columnMetadata.add(dimensionProperties(book, a.tab(), "COLUMN", c, 100));
        }
        return data;
    }

    private static ObjectNode dimensionProperties(Book book, Tab tab, String type, int index, int pixels) {
        ObjectNode p = ApiError.JSON.objectNode();
        p.put("pixelSize", pixels);
        for (Metadata m : book.metadata) {
            if (m.locationType().equals(type) && m.sheetId() == tab.id() && m.start() == index) {
                ArrayNode list = p.has("developerMetadata")
                        ? (ArrayNode) p.get("developerMetadata")
                        : p.putArray("developerMetadata");
                list.add(m.toJson());
            }
        }
        return p;
    }

    /** A stored cell as CellData in a response: what was entered, plus derived values. */
    static ObjectNode cellJson(ObjectNode stored) {
        ObjectNode out = ApiError.JSON.objectNode();
        JsonNode value = stored.get("userEnteredValue");
        if (value != null) {
            out.set("userEnteredValue", value.deepCopy());
            if (!value.has("formulaValue")) {
                out.set("effectiveValue", value.deepCopy());
                out.put("formattedValue", Formats.formatted(stored));
            }
        }
        for (var e : stored.properties()) {
            if (!e.getKey().equals("userEnteredValue")) {
                out.set(e.getKey(), e.getValue().deepCopy());
            }
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------------
    // spreadsheets.values.get
    // ---------------------------------------------------------------------------------------------

    static ObjectNode values(Book book, String range, String majorDimension, String render) {
        Area a = resolve(book, range);
        List<List<JsonNode>> rows = new ArrayList<>();
        for (int r = a.startRow(); r < a.endRow() && r < a.tab().rows.size(); r++) {
            List<JsonNode> row = new ArrayList<>();
            for (int c = a.startCol(); c < a.endCol(); c++) {
                row.add(renderValue(a.tab().cell(r, c), render));
            }
            rows.add(row);
        }
        if ("COLUMNS".equals(majorDimension)) {
            List<List<JsonNode>> cols = new ArrayList<>();
            for (int c = 0; c < a.endCol() - a.startCol(); c++) {
                List<JsonNode> col = new ArrayList<>();
                for (List<JsonNode> row : rows) {
                    col.add(row.get(c));
                }
                cols.add(col);
            }
            rows = cols;
        }
        ArrayNode values = ApiError.JSON.arrayNode();
        int lastNonEmpty = -1;
        for (List<JsonNode> row : rows) {
            int last = -1;
            for (int i = 0; i < row.size(); i++) {
                if (row.get(i) != null) {
                    last = i;
                }
            }
            ArrayNode out = values.addArray();
            for (int i = 0; i <= last; i++) {
                out.add(row.get(i) == null ? ApiError.JSON.textNode("") : row.get(i));
            }
            if (last >= 0) {
                lastNonEmpty = values.size() - 1;
            }
        }
        while (values.size() > lastNonEmpty + 1) {
            values.remove(values.size() - 1);
        }
        ObjectNode out = ApiError.JSON.objectNode();
        out.put("range", A1.format(a.tab().title(), a.startRow(), a.endRow(), a.startCol(), a.endCol()));
        out.put("majorDimension", majorDimension == null ? "ROWS" : majorDimension);
        if (!values.isEmpty()) {
            out.set("values", values);
        }
        return out;
    }

    private static JsonNode renderValue(ObjectNode cell, String render) {
        if (!Tab.hasValue(cell)) {
            return null;
        }
        JsonNode v = cell.get("userEnteredValue");
        if (v.has("formulaValue")) {
            return ApiError.JSON.textNode(v.get("formulaValue").asText()); // formulas are not evaluated
        }
        if (render == null || render.equals("FORMATTED_VALUE")) {
            return ApiError.JSON.textNode(Formats.formatted(cell));
        }
        if (v.has("numberValue")) {
            return v.get("numberValue");
        }
        if (v.has("boolValue")) {
            return v.get("boolValue");
        }
        return v.get("stringValue");
    }

    // ---------------------------------------------------------------------------------------------
    // developerMetadata:search
    // ---------------------------------------------------------------------------------------------

    static ObjectNode search(Book book, JsonNode body) {
        JsonNode filters = body.path("dataFilters");
        if (filters.isEmpty()) {
            throw ApiError.invalidArgument("At least one data filter must be specified.");
        }
        ArrayNode matched = ApiError.JSON.arrayNode();
        for (Metadata m : book.metadata) {
            ArrayNode hits = ApiError.JSON.arrayNode();
            for (JsonNode f : filters) {
                boolean match;
                try {
                    match = Lookup.matches(m, f);
                } catch (Lookup.BadFilter e) {
                    throw e.unimplemented
                            ? ApiError.unimplemented(e.getMessage())
                            : ApiError.invalidArgument(e.getMessage());
                }
                if (match) {
                    hits.add(f.deepCopy());
                }
            }
            if (!hits.isEmpty()) {
                ObjectNode entry = matched.addObject();
                entry.set("developerMetadata", m.toJson());
                entry.set("dataFilters", hits);
            }
        }
        if (book.metadata.isEmpty()) {
            // still validate the filters when there is nothing to match
            for (JsonNode f : filters) {
                try {
                    Lookup.matches(new Metadata(0, "", null, "DOCUMENT", "SPREADSHEET", null, null), f);
                } catch (Lookup.BadFilter e) {
                    throw e.unimplemented
                            ? ApiError.unimplemented(e.getMessage())
                            : ApiError.invalidArgument(e.getMessage());
                }
            }
        }
        ObjectNode out = ApiError.JSON.objectNode();
        if (!matched.isEmpty()) {
            out.set("matchedDeveloperMetadata", matched);
        }
        return out;
    }
}

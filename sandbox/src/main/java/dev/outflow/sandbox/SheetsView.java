package dev.outflow.sandbox;

import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.outflow.connect.testkit.sheets.SheetsEmulator;
import dev.outflow.connect.testkit.sheets.SheetsEmulator.Cell;

/**
 * The spreadsheet as the web page shows it: each tab's header and its latest rows, as displayed
 * text. A real spreadsheet is not read back: the page links to it instead.
 */
final class SheetsView {

    static final int ROWS_SHOWN = 100;

    private final SheetsEmulator emulator;
    private final String spreadsheetId;
    private final String link;

    /** {@code emulator} null: the connector writes to the real spreadsheet at {@code link}. */
    SheetsView(SheetsEmulator emulator, String spreadsheetId, String link) {
        this.emulator = emulator;
        this.spreadsheetId = spreadsheetId;
        this.link = link;
    }

    /** {mode, spreadsheet, link, tabs: [{name, header: [..], rows: [[..]], rowCount}]}, the last rows only. */
    ObjectNode json() {
        ObjectNode json = JsonNodeFactory.instance
                .objectNode()
                .put("mode", emulator == null ? "google" : "emulator")
                .put("spreadsheet", spreadsheetId)
                .put("link", link);
        ArrayNode tabs = json.putArray("tabs");
        if (emulator != null) {
            for (String tab : emulator.visibleTabs(spreadsheetId)) {
                tabs.add(tab(tab, emulator.cells(spreadsheetId, tab)));
            }
        }
        return json;
    }

    private static ObjectNode tab(String name, List<List<Cell>> cells) {
        ObjectNode tab = JsonNodeFactory.instance.objectNode().put("name", name);
        ArrayNode header = tab.putArray("header");
        if (!cells.isEmpty()) {
            cells.get(0).forEach(cell -> header.add(text(cell)));
        }
        int dataRows = Math.max(0, cells.size() - 1);
        ArrayNode rows = tab.putArray("rows");
        for (List<Cell> row :
                cells.subList(Math.min(cells.size(), Math.max(1, cells.size() - ROWS_SHOWN)), cells.size())) {
            ArrayNode shown = rows.addArray();
            row.forEach(cell -> shown.add(text(cell)));
        }
        return tab.put("rowCount", dataRows);
    }

    /** What a person sees in the cell. */
    private static String text(Cell cell) {
        if (cell == null || cell.value() == null) {
            return "";
        }
        return cell.formattedValue() != null ? cell.formattedValue() : String.valueOf(cell.value());
    }
}

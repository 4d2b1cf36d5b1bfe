package dev.outflow.connect.testkit.sheets;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One developer metadata entry. {@code locationType} is SPREADSHEET, SHEET, ROW or COLUMN; for
 * ROW/COLUMN {@code start} is the single row or column it is attached to (it moves with it).
 */
record Metadata(
        int id, String key, String value, String visibility, String locationType, Integer sheetId, Integer start) {

    Metadata withStart(int newStart) {
        return new Metadata(id, key, value, visibility, locationType, sheetId, newStart);
    }

    ObjectNode toJson() {
        ObjectNode json = ApiError.JSON.objectNode();
        json.put("metadataId", id);
        json.put("metadataKey", key);
        if (value != null) {
            json.put("metadataValue", value);
        }
        json.set("location", locationJson());
        json.put("visibility", visibility);
        return json;
    }

    ObjectNode locationJson() {
        ObjectNode loc = ApiError.JSON.objectNode();
        loc.put("locationType", locationType);
        switch (locationType) {
            case "SPREADSHEET" -> loc.put("spreadsheet", true);
            case "SHEET" -> loc.put("sheetId", sheetId);
            default -> {
                ObjectNode range = loc.putObject("dimensionRange");
                range.put("sheetId", sheetId);
                range.put("dimension", locationType.equals("ROW") ? "ROWS" : "COLUMNS");
                range.put("startIndex", start);
                range.put("endIndex", start + 1);
            }
        }
        return loc;
    }
}

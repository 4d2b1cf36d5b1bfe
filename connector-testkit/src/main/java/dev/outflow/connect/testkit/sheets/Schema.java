package dev.outflow.connect.testkit.sheets;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The part of the Sheets API v4 message schema the emulator needs: to reject unknown JSON names and
 * ill-typed values in request bodies the way the real front end does, and to check and apply
 * {@code fields} masks. Field names and types follow the public discovery document; messages the
 * emulator does not look into are {@code any} (accepted as they are).
 */
final class Schema {

    enum Type {
        STRING,
        BOOL,
        INT32,
        DOUBLE,
        FLOAT,
        ENUM,
        MESSAGE,
        ANY,
        UNIMPLEMENTED
    }

    record Field(String json, String snake, Type type, boolean repeated, String ref) {}

    static final class Message {
        final String name;
        final Map<String, Field> fields = new LinkedHashMap<>();
        final Map<String, Field> bySnake = new HashMap<>();

        Message(String name) {
            this.name = name;
        }

        Field field(String key) {
            Field f = fields.get(key);
            return f != null ? f : bySnake.get(key);
        }
    }

    private static final Map<String, Message> MESSAGES = new HashMap<>();
    private static final Map<String, List<String>> ENUMS = new HashMap<>();

    static Message message(String name) {
        Message m = MESSAGES.get(name);
        if (m == null) {
            throw new IllegalArgumentException("no message " + name);
        }
        return m;
    }

    /** The Request kinds the emulator implements; every other real kind answers 501. */
    static final Set<String> IMPLEMENTED_REQUESTS = Set.of(
            "addSheet",
            "deleteSheet",
            "updateSheetProperties",
            "appendCells",
            "updateCells",
            "insertDimension",
            "deleteDimension",
            "appendDimension",
            "createDeveloperMetadata",
            "updateDeveloperMetadata",
            "deleteDeveloperMetadata");

    private static final String[] ALL_REQUEST_KINDS = {
        "addBanding",
        "addChart",
        "addCommentReply",
        "addConditionalFormatRule",
        "addDataSource",
        "addDimensionGroup",
        "addFilterView",
        "addNamedRange",
        "addProtectedRange",
        "addSheet",
        "addSlicer",
        "addTable",
        "appendCells",
        "appendDimension",
        "autoFill",
        "autoResizeDimensions",
        "cancelDataSourceRefresh",
        "clearBasicFilter",
        "copyPaste",
        "createDeveloperMetadata",
        "cutPaste",
        "deleteBanding",
        "deleteComment",
        "deleteCommentReply",
        "deleteConditionalFormatRule",
        "deleteDataSource",
        "deleteDeveloperMetadata",
        "deleteDimension",
        "deleteDimensionGroup",
        "deleteDuplicates",
        "deleteEmbeddedObject",
        "deleteFilterView",
        "deleteNamedRange",
        "deleteProtectedRange",
        "deleteRange",
        "deleteSheet",
        "deleteTable",
        "duplicateFilterView",
        "duplicateSheet",
        "findReplace",
        "insertComment",
        "insertDimension",
        "insertRange",
        "mergeCells",
        "moveDimension",
        "pasteData",
        "randomizeRange",
        "refreshDataSource",
        "repeatCell",
        "setBasicFilter",
        "setDataValidation",
        "sortRange",
        "textToColumns",
        "trimWhitespace",
        "unmergeCells",
        "updateBanding",
        "updateBorders",
        "updateCells",
        "updateChartSpec",
        "updateCommentPost",
        "updateConditionalFormatRule",
        "updateDataSource",
        "updateDeveloperMetadata",
        "updateDimensionGroup",
        "updateDimensionProperties",
        "updateEmbeddedObjectBorder",
        "updateEmbeddedObjectPosition",
        "updateFilterView",
        "updateNamedRange",
        "updateProtectedRange",
        "updateSheetProperties",
        "updateSlicerSpec",
        "updateSpreadsheetProperties",
        "updateTable"
    };

    static {
        enumType("Dimension", "DIMENSION_UNSPECIFIED", "ROWS", "COLUMNS");
        enumType("SheetType", "SHEET_TYPE_UNSPECIFIED", "GRID", "OBJECT", "DATA_SOURCE");
        enumType(
                "NumberFormatType",
                "NUMBER_FORMAT_TYPE_UNSPECIFIED",
                "TEXT",
                "NUMBER",
                "PERCENT",
                "CURRENCY",
                "DATE",
                "TIME",
                "DATE_TIME",
                "SCIENTIFIC");
        enumType("DeveloperMetadataVisibility", "DEVELOPER_METADATA_VISIBILITY_UNSPECIFIED", "DOCUMENT", "PROJECT");
        enumType(
                "DeveloperMetadataLocationType",
                "DEVELOPER_METADATA_LOCATION_TYPE_UNSPECIFIED",
                "ROW",
                "COLUMN",
                "SHEET",
                "SPREADSHEET");
        enumType(
                "DeveloperMetadataLocationMatchingStrategy",
                "DEVELOPER_METADATA_LOCATION_MATCHING_STRATEGY_UNSPECIFIED",
                "EXACT_LOCATION",
                "INTERSECTING_LOCATION");
        enumType(
                "ErrorType",
                "ERROR_TYPE_UNSPECIFIED",
                "ERROR",
                "NULL_VALUE",
                "DIVIDE_BY_ZERO",
                "VALUE",
                "REF",
                "NAME",
                "NUM",
                "N_A",
                "LOADING");
        enumType(
                "CommentsViewMode", "COMMENTS_VIEW_MODE_UNSPECIFIED", "DEFAULT_COMMENTS_VIEW_MODE", "INCLUDE_COMMENTS");

        // ---- requests ----
        msg(
                "BatchUpdateSpreadsheetRequest",
                "requests:Request[]",
                "includeSpreadsheetInResponse:bool",
                "responseRanges:str[]",
                "responseIncludeGridData:bool",
                "commentsViewMode:enum:CommentsViewMode");
        List<String> kinds = new ArrayList<>();
        for (String kind : ALL_REQUEST_KINDS) {
            String type = Character.toUpperCase(kind.charAt(0)) + kind.substring(1) + "Request";
            kinds.add(kind + ":" + (IMPLEMENTED_REQUESTS.contains(kind) ? type : "unimplemented"));
        }
        msg("Request", kinds.toArray(String[]::new));
        msg("AddSheetRequest", "properties:SheetProperties");
        msg("DeleteSheetRequest", "sheetId:int");
        msg("UpdateSheetPropertiesRequest", "properties:SheetProperties", "fields:str");
        msg("AppendCellsRequest", "sheetId:int", "rows:RowData[]", "fields:str", "tableId:str");
        msg("UpdateCellsRequest", "start:GridCoordinate", "range:GridRange", "rows:RowData[]", "fields:str");
        msg("InsertDimensionRequest", "range:DimensionRange", "inheritFromBefore:bool");
        msg("DeleteDimensionRequest", "range:DimensionRange");
        msg("AppendDimensionRequest", "sheetId:int", "dimension:enum:Dimension", "length:int");
        msg("CreateDeveloperMetadataRequest", "developerMetadata:DeveloperMetadata");
        msg(
                "UpdateDeveloperMetadataRequest",
                "dataFilters:DataFilter[]",
                "developerMetadata:DeveloperMetadata",
                "fields:str");
        msg("DeleteDeveloperMetadataRequest", "dataFilter:DataFilter");
        msg("SearchDeveloperMetadataRequest", "dataFilters:DataFilter[]");

        // ---- shared messages ----
        msg(
                "SheetProperties",
                "sheetId:int",
                "title:str",
                "index:int",
                "sheetType:enum:SheetType",
                "gridProperties:GridProperties",
                "hidden:bool",
                "tabColor:Color",
                "tabColorStyle:ColorStyle",
                "rightToLeft:bool",
                "dataSourceSheetProperties:any");
        msg(
                "GridProperties",
                "rowCount:int",
                "columnCount:int",
                "frozenRowCount:int",
                "frozenColumnCount:int",
                "hideGridlines:bool",
                "rowGroupControlAfter:bool",
                "columnGroupControlAfter:bool");
        msg("Color", "red:float", "green:float", "blue:float", "alpha:float");
        msg("ColorStyle", "rgbColor:Color", "themeColor:any");
        msg("GridCoordinate", "sheetId:int", "rowIndex:int", "columnIndex:int");
        msg(
                "GridRange",
                "sheetId:int",
                "startRowIndex:int",
                "endRowIndex:int",
                "startColumnIndex:int",
                "endColumnIndex:int");
        msg("DimensionRange", "sheetId:int", "dimension:enum:Dimension", "startIndex:int", "endIndex:int");
        msg("RowData", "values:CellData[]");
        msg(
                "CellData",
                "userEnteredValue:ExtendedValue",
                "effectiveValue:ExtendedValue",
                "formattedValue:str",
                "userEnteredFormat:CellFormat",
                "effectiveFormat:CellFormat",
                "hyperlink:str",
                "note:str",
                "textFormatRuns:any[]",
                "dataValidation:any",
                "pivotTable:any",
                "dataSourceTable:any",
                "dataSourceFormula:any",
                "chipRuns:any[]");
        msg(
                "ExtendedValue",
                "numberValue:double",
                "stringValue:str",
                "boolValue:bool",
                "formulaValue:str",
                "errorValue:ErrorValue");
        msg("ErrorValue", "type:enum:ErrorType", "message:str");
        msg(
                "CellFormat",
                "numberFormat:NumberFormat",
                "backgroundColor:Color",
                "backgroundColorStyle:ColorStyle",
                "borders:any",
                "padding:any",
                "horizontalAlignment:any",
                "verticalAlignment:any",
                "wrapStrategy:any",
                "textDirection:any",
                "textFormat:any",
                "hyperlinkDisplayType:any",
                "textRotation:any");
        msg("NumberFormat", "type:enum:NumberFormatType", "pattern:str");
        msg(
                "DeveloperMetadata",
                "metadataId:int",
                "metadataKey:str",
                "metadataValue:str",
                "location:DeveloperMetadataLocation",
                "visibility:enum:DeveloperMetadataVisibility");
        msg(
                "DeveloperMetadataLocation",
                "locationType:enum:DeveloperMetadataLocationType",
                "spreadsheet:bool",
                "sheetId:int",
                "dimensionRange:DimensionRange");
        msg("DataFilter", "developerMetadataLookup:DeveloperMetadataLookup", "a1Range:str", "gridRange:GridRange");
        msg(
                "DeveloperMetadataLookup",
                "locationType:enum:DeveloperMetadataLocationType",
                "metadataLocation:DeveloperMetadataLocation",
                "locationMatchingStrategy:enum:DeveloperMetadataLocationMatchingStrategy",
                "metadataId:int",
                "metadataKey:str",
                "metadataValue:str",
                "visibility:enum:DeveloperMetadataVisibility");

        // ---- responses (for `fields` masks) ----
        msg(
                "Spreadsheet",
                "spreadsheetId:str",
                "properties:SpreadsheetProperties",
                "sheets:Sheet[]",
                "namedRanges:any[]",
                "spreadsheetUrl:str",
                "developerMetadata:DeveloperMetadata[]",
                "dataSources:any[]",
                "dataSourceSchedules:any[]",
                "comments:any[]",
                "commentsViewMode:str");
        msg(
                "SpreadsheetProperties",
                "title:str",
                "locale:str",
                "autoRecalc:str",
                "timeZone:str",
                "defaultFormat:CellFormat",
                "iterativeCalculationSettings:any",
                "spreadsheetTheme:any",
                "importFunctionsExternalUrlAccessAllowed:bool");
        msg(
                "Sheet",
                "properties:SheetProperties",
                "data:GridData[]",
                "merges:GridRange[]",
                "conditionalFormats:any[]",
                "filterViews:any[]",
                "protectedRanges:any[]",
                "basicFilter:any",
                "charts:any[]",
                "bandedRanges:any[]",
                "developerMetadata:DeveloperMetadata[]",
                "rowGroups:any[]",
                "columnGroups:any[]",
                "slicers:any[]",
                "tables:any[]",
                "commentAnchors:any[]");
        msg(
                "GridData",
                "startRow:int",
                "startColumn:int",
                "rowData:RowData[]",
                "rowMetadata:DimensionProperties[]",
                "columnMetadata:DimensionProperties[]");
        msg(
                "DimensionProperties",
                "hiddenByFilter:bool",
                "hiddenByUser:bool",
                "pixelSize:int",
                "developerMetadata:DeveloperMetadata[]",
                "dataSourceColumnReference:any");
        msg(
                "BatchUpdateSpreadsheetResponse",
                "spreadsheetId:str",
                "replies:Response[]",
                "updatedSpreadsheet:Spreadsheet",
                "commentUpdateState:str");
        msg(
                "Response",
                "addSheet:AddSheetResponse",
                "createDeveloperMetadata:CreateDeveloperMetadataResponse",
                "updateDeveloperMetadata:UpdateDeveloperMetadataResponse",
                "deleteDeveloperMetadata:DeleteDeveloperMetadataResponse",
                "addNamedRange:any",
                "addFilterView:any",
                "duplicateFilterView:any",
                "duplicateSheet:any",
                "findReplace:any",
                "updateEmbeddedObjectPosition:any",
                "addChart:any",
                "addBanding:any",
                "addProtectedRange:any",
                "deleteConditionalFormatRule:any",
                "updateConditionalFormatRule:any",
                "addDimensionGroup:any",
                "deleteDimensionGroup:any",
                "trimWhitespace:any",
                "deleteDuplicates:any",
                "addSlicer:any",
                "addDataSource:any",
                "updateDataSource:any",
                "refreshDataSource:any",
                "cancelDataSourceRefresh:any",
                "addTable:any",
                "addCommentReply:any",
                "insertComment:any");
        msg("AddSheetResponse", "properties:SheetProperties");
        msg("CreateDeveloperMetadataResponse", "developerMetadata:DeveloperMetadata");
        msg("UpdateDeveloperMetadataResponse", "developerMetadata:DeveloperMetadata[]");
        msg("DeleteDeveloperMetadataResponse", "deletedDeveloperMetadata:DeveloperMetadata[]");
        msg("SearchDeveloperMetadataResponse", "matchedDeveloperMetadata:MatchedDeveloperMetadata[]");
        msg("MatchedDeveloperMetadata", "developerMetadata:DeveloperMetadata", "dataFilters:DataFilter[]");
        msg("ValueRange", "range:str", "majorDimension:str", "values:any[]");
    }

    private static void enumType(String name, String... values) {
        ENUMS.put(name, List.of(values));
    }

    private static void msg(String name, String... specs) {
        Message m = new Message(name);
        for (String spec : specs) {
            int colon = spec.indexOf(':');
            String json = spec.substring(0, colon);
            String typeSpec = spec.substring(colon + 1);
            boolean repeated = typeSpec.endsWith("[]");
            if (repeated) {
                typeSpec = typeSpec.substring(0, typeSpec.length() - 2);
            }
            Type type;
            String ref = null;
            switch (typeSpec) {
                case "str" -> type = Type.STRING;
                case "bool" -> type = Type.BOOL;
                case "int" -> type = Type.INT32;
                case "double" -> type = Type.DOUBLE;
                case "float" -> type = Type.FLOAT;
                case "any" -> type = Type.ANY;
                case "unimplemented" -> type = Type.UNIMPLEMENTED;
                default -> {
                    if (typeSpec.startsWith("enum:")) {
                        type = Type.ENUM;
                        ref = typeSpec.substring(5);
                    } else {
                        type = Type.MESSAGE;
                        ref = typeSpec;
                    }
                }
            }
            Field f = new Field(json, snake(json), type, repeated, ref);
            m.fields.put(json, f);
            m.bySnake.put(f.snake(), f);
        }
        MESSAGES.put(name, m);
    }

    static String snake(String camel) {
        StringBuilder sb = new StringBuilder();
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c)) {
                sb.append('_').append(Character.toLowerCase(c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------------------------------------
    // Request body validation
    // ---------------------------------------------------------------------------------------------

    /** Checks a request body against a message; throws the 400 the real front end gives. */
    static void validate(JsonNode body, String messageName) {
        List<String[]> violations = new ArrayList<>();
        validateMessage(body, message(messageName), "", violations);
        if (!violations.isEmpty()) {
            StringBuilder message = new StringBuilder();
            for (String[] v : violations) {
                if (message.length() > 0) {
                    message.append('\n');
                }
                message.append(v[1]);
            }
            throw ApiError.badRequest(message.toString(), violations);
        }
    }

    private static void validateMessage(JsonNode node, Message m, String path, List<String[]> out) {
        if (!node.isObject()) {
            out.add(new String[] {path, invalidValue(path, "type.googleapis.com/google.apps.sheets.v4." + m.name, node)
            });
            return;
        }
        for (var e : node.properties()) {
            Field f = m.field(e.getKey());
            if (f == null) {
                String at = path.isEmpty() ? "" : " at '" + path + "'";
                out.add(new String[] {
                    path,
                    "Invalid JSON payload received. Unknown name \"" + e.getKey() + "\"" + at + ": Cannot find field."
                });
                continue;
            }
            JsonNode value = e.getValue();
            if (value.isNull()) {
                continue;
            }
            String childPath = path.isEmpty() ? f.snake() : path + "." + f.snake();
            if (f.repeated()) {
                if (!value.isArray()) {
                    out.add(new String[] {childPath, invalidValue(childPath, typeName(f), value)});
                    continue;
                }
                for (int i = 0; i < value.size(); i++) {
                    validateValue(value.get(i), f, childPath + "[" + i + "]", out);
                }
            } else {
                validateValue(value, f, childPath, out);
            }
        }
    }

    private static void validateValue(JsonNode value, Field f, String path, List<String[]> out) {
        if (value.isNull()) {
            return;
        }
        boolean ok = switch (f.type()) {
            case STRING -> value.isTextual();
            case BOOL -> value.isBoolean();
            case INT32 -> isInt32(value);
            case DOUBLE, FLOAT -> value.isNumber() || (value.isTextual() && isNumberText(value.asText()));
            case ENUM -> isEnum(value, f.ref());
            case ANY, UNIMPLEMENTED -> true;
            case MESSAGE -> {
                validateMessage(value, message(f.ref()), path, out);
                yield true;
            }
        };
        if (!ok) {
            out.add(new String[] {path, invalidValue(path, typeName(f), value)});
        }
    }

    /**
     * A copy of a valid body with every name in its JSON (lowerCamel) form and explicit nulls dropped,
     * so the handlers need not care that proto JSON also accepts snake_case names.
     */
    static JsonNode normalize(JsonNode node, String messageName) {
        return normalizeMessage(node, message(messageName));
    }

    private static JsonNode normalizeMessage(JsonNode node, Message m) {
        if (!node.isObject()) {
            return node;
        }
        com.fasterxml.jackson.databind.node.ObjectNode out = ApiError.JSON.objectNode();
        for (var e : node.properties()) {
            Field f = m.field(e.getKey());
            JsonNode value = e.getValue();
            if (f == null || value.isNull()) {
                continue;
            }
            if (f.type() != Type.MESSAGE) {
                out.set(f.json(), value.deepCopy());
            } else if (f.repeated()) {
                com.fasterxml.jackson.databind.node.ArrayNode arr = out.putArray(f.json());
                for (JsonNode el : value) {
                    arr.add(el.isNull() ? ApiError.JSON.objectNode() : normalizeMessage(el, message(f.ref())));
                }
            } else {
                out.set(f.json(), normalizeMessage(value, message(f.ref())));
            }
        }
        return out;
    }

    private static String invalidValue(String path, String type, JsonNode value) {
        return "Invalid value at '" + path + "' (" + type + "), " + value;
    }

    private static String typeName(Field f) {
        return switch (f.type()) {
            case STRING -> "TYPE_STRING";
            case BOOL -> "TYPE_BOOL";
            case INT32 -> "TYPE_INT32";
            case DOUBLE -> "TYPE_DOUBLE";
            case FLOAT -> "TYPE_FLOAT";
            case ENUM, MESSAGE -> "type.googleapis.com/google.apps.sheets.v4." + f.ref();
            case ANY, UNIMPLEMENTED -> "type.googleapis.com/google.protobuf.Value";
        };
    }

    static boolean isInt32(JsonNode value) {
        BigDecimal d;
        if (value.isNumber()) {
            d = value.decimalValue();
        } else if (value.isTextual()) {
            try {
                d = new BigDecimal(value.asText().trim());
            } catch (NumberFormatException e) {
                return false;
            }
        } else {
            return false;
        }
        try {
            d.intValueExact();
            return true;
        } catch (ArithmeticException e) {
            return false;
        }
    }

    private static boolean isNumberText(String s) {
        if (s.equals("NaN") || s.equals("Infinity") || s.equals("-Infinity")) {
            return true;
        }
        try {
            new BigDecimal(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The name of an enum value given by name or by number (proto3 JSON allows both). */
    static String enumName(JsonNode value, String enumName) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isIntegralNumber()) {
            return ENUMS.get(enumName).get(value.asInt());
        }
        return value.asText();
    }

    private static boolean isEnum(JsonNode value, String enumName) {
        List<String> values = ENUMS.get(enumName);
        if (value.isTextual()) {
            return values.contains(value.asText());
        }
        return value.isIntegralNumber() && value.asInt() >= 0 && value.asInt() < values.size();
    }

    static String upper(String s) {
        return s.toUpperCase(Locale.ROOT);
    }
}

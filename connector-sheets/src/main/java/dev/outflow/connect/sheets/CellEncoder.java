package dev.outflow.connect.sheets;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

import com.google.api.services.sheets.v4.model.CellData;
import com.google.api.services.sheets.v4.model.CellFormat;
import com.google.api.services.sheets.v4.model.ExtendedValue;
import com.google.api.services.sheets.v4.model.NumberFormat;

import dev.outflow.connect.core.api.Cell;

/**
 * Typed cells as Sheets stores them: numbers stay numbers, booleans booleans, timestamps and
 * dates serial numbers with a date format. Text is always {@code stringValue}, which Sheets never
 * parses, so data that starts with '=', '+', '-' or '@' stays text and is never a formula.
 */
final class CellEncoder {

    /** Google's limit of characters in one cell. */
    static final int MAX_CELL_CHARS = 50_000;

    /** Sheets counts days from 1899-12-30 (serial number 0). */
    private static final LocalDate SERIAL_EPOCH = LocalDate.of(1899, 12, 30);

    private static final double MILLIS_PER_DAY = 86_400_000d;

    /** A value too long for one cell: the record is refused (with {@code sheets.cell.overflow=reject}). */
    static final class CellTooLongException extends Exception {
        CellTooLongException(String field, int length) {
            super("field '" + field + "' has " + length + " characters, more than Google's " + MAX_CELL_CHARS
                    + " per cell (" + SheetsConfig.CELL_OVERFLOW + "=reject)");
        }
    }

    /**
     * JSON bytes of a cell around its value, rounded up: {@code {"userEnteredValue":{"stringValue":""}}}
     * is 39, the comma before it 1.
     */
    private static final int CELL_JSON = 40;
    /** The longest a double is written ({@code -1.2345678901234567E-300}). */
    private static final int NUMBER_JSON = 24;

    private final ZoneId zone;
    private final boolean truncate;
    /** What a date, time or timestamp cell's format adds to its JSON, the longest of the three. */
    private final int formatJson;

    private final CellFormat datetimeFormat;
    private final CellFormat dateFormat;
    private final CellFormat timeFormat;

    CellEncoder(SheetsConfig config) {
        this.zone = config.zone();
        this.truncate = config.cellOverflow() == SheetsConfig.CellOverflow.TRUNCATE;
        this.datetimeFormat = format("DATE_TIME", config.datetimePattern());
        this.dateFormat = format("DATE", config.datePattern());
        this.timeFormat = format("TIME", config.timePattern());
        // ,"userEnteredFormat":{"numberFormat":{"pattern":"…","type":"DATE_TIME"}}
        this.formatJson = 64
                + Math.max(
                        config.datetimePattern().length(),
                        Math.max(
                                config.datePattern().length(),
                                config.timePattern().length()));
    }

    private static CellFormat format(String type, String pattern) {
        return new CellFormat().setNumberFormat(new NumberFormat().setType(type).setPattern(pattern));
    }

    /** The cell to write; an empty CellData for a null, which clears the cell when updating. */
    CellData encode(String field, Cell cell) throws CellTooLongException {
        return switch (cell.type()) {
            case NULL -> new CellData();
            case TEXT -> text(field, (String) cell.value());
            case INTEGER -> number(((Long) cell.value()).doubleValue());
            case FLOAT -> {
                double value = (Double) cell.value();
                yield Double.isFinite(value) ? number(value) : text(field, Double.toString(value));
            }
            case DECIMAL -> number(((BigDecimal) cell.value()).doubleValue());
            case BOOLEAN ->
                new CellData().setUserEnteredValue(new ExtendedValue().setBoolValue((Boolean) cell.value()));
            case TIMESTAMP ->
                number(serial(LocalDateTime.ofInstant((Instant) cell.value(), zone)))
                        .setUserEnteredFormat(datetimeFormat);
            case DATE ->
                number(ChronoUnit.DAYS.between(SERIAL_EPOCH, (LocalDate) cell.value()))
                        .setUserEnteredFormat(dateFormat);
            case TIME ->
                number(((LocalTime) cell.value()).toNanoOfDay() / 1_000_000d / MILLIS_PER_DAY)
                        .setUserEnteredFormat(timeFormat);
        };
    }

    /**
     * About the JSON bytes of the cell once encoded, a little over rather than under: what choosing
     * how many rows fit in a request starts from, without encoding or serializing them. Text counts
     * as the client escapes it (UTF-8, two bytes for a quote or backslash, six for a control
     * character), so content of any script is estimated near its real size. Only an estimate:
     * what is checked against the limit is the serialized request.
     */
    int estimateJsonBytes(Cell cell) {
        return switch (cell.type()) {
            case NULL -> 3;
            case TEXT -> CELL_JSON + escapedBytes((String) cell.value());
            case BOOLEAN, INTEGER, FLOAT, DECIMAL -> CELL_JSON + NUMBER_JSON;
            case TIMESTAMP, DATE, TIME -> CELL_JSON + NUMBER_JSON + formatJson;
        };
    }

    /** UTF-8 bytes of the text as a JSON string, escapes included; a text too long for a cell counts as cut. */
    private static int escapedBytes(String text) {
        int length = Math.min(text.length(), MAX_CELL_CHARS);
        int bytes = 0;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                bytes += 6; // a six-character escape; the client escapes U+2028 and U+2029 too
            } else if (c == '"' || c == '\\') {
                bytes += 2;
            } else if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800 || Character.isSurrogate(c)) {
                bytes += 2; // a surrogate pair is 4 bytes, 2 for each half
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** The text a cell holds when read back: what upsert keys are compared by. */
    static String keyText(Cell cell) {
        return switch (cell.type()) {
            case NULL -> "";
            case INTEGER, FLOAT, DECIMAL -> normalizeNumber(cell.asText());
            default -> cell.asText();
        };
    }

    /** Numbers read back from Sheets come as 42 or 42.5; ours as 42, 42.0 or 4.2E1: compare them as one form. */
    static String normalizeNumber(String text) {
        try {
            return new BigDecimal(text).stripTrailingZeros().toPlainString();
        } catch (NumberFormatException e) {
            return text;
        }
    }

    private double serial(LocalDateTime time) {
        long days = ChronoUnit.DAYS.between(SERIAL_EPOCH, time.toLocalDate());
        return days + time.toLocalTime().toNanoOfDay() / 1_000_000d / MILLIS_PER_DAY;
    }

    private static CellData number(double value) {
        return new CellData().setUserEnteredValue(new ExtendedValue().setNumberValue(value));
    }

    private CellData text(String field, String value) throws CellTooLongException {
        String stored = value;
        if (value.length() > MAX_CELL_CHARS) {
            if (!truncate) {
                throw new CellTooLongException(field, value.length());
            }
            stored = truncated(value);
        }
        return new CellData().setUserEnteredValue(new ExtendedValue().setStringValue(stored));
    }

    /** Cut to fit, ending with a marker that says how much was cut, so nobody mistakes it for the whole value. */
    static String truncated(String value) {
        String marker = " …[truncated " + value.length() + " characters to " + MAX_CELL_CHARS + "]";
        int keep = MAX_CELL_CHARS - marker.length();
        if (Character.isHighSurrogate(value.charAt(keep - 1))) {
            keep--; // never split an emoji in two
        }
        return value.substring(0, keep) + marker;
    }
}

package dev.outflow.connect.testkit.sheets;

import java.util.Map;
import java.util.TreeMap;

/**
 * Google's storage limit for developer metadata: 30,000 characters at the spreadsheet location and
 * 30,000 for each sheet, every character of every entry's key and value counted ("Read, write, and
 * search metadata", section "Metadata storage limits"). Where the guide is unclear the emulator is
 * stricter: entries on a sheet's rows and columns count towards that sheet, and characters are
 * UTF-16 units (a character outside the BMP counts twice).
 */
final class MetadataBudget {

    static final int LIMIT = 30_000;

    private MetadataBudget() {}

    /** Characters one entry spends of its location's budget. */
    static int size(Metadata m) {
        return m.key().length() + (m.value() == null ? 0 : m.value().length());
    }

    /** The message for the first location over its budget, or null when every location fits. */
    static String overrun(Book book) {
        long spreadsheet = 0;
        Map<Integer, Long> bySheet = new TreeMap<>();
        for (Metadata m : book.metadata) {
            if (m.sheetId() == null) {
                spreadsheet += size(m);
            } else {
                bySheet.merge(m.sheetId(), (long) size(m), Long::sum);
            }
        }
        if (spreadsheet > LIMIT) {
            return message("the spreadsheet", spreadsheet);
        }
        for (Map.Entry<Integer, Long> sheet : bySheet.entrySet()) {
            if (sheet.getValue() > LIMIT) {
                return message("sheet " + sheet.getKey(), sheet.getValue());
            }
        }
        return null;
    }

    /** Not Google's wording (no public record of it was found): tests should not pin it. */
    private static String message(String location, long characters) {
        return "Developer metadata storage limit exceeded: " + location + " would hold " + characters
                + " characters of metadata keys and values, above the limit of " + LIMIT + ".";
    }
}

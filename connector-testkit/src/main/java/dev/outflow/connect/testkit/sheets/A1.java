package dev.outflow.connect.testkit.sheets;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A1 notation: parsing ranges the way the Sheets API accepts them, and writing them back. */
final class A1 {

    static final int MAX_COLUMNS = 18278; // ZZZ

    private A1() {}

    /**
     * A parsed range, zero-based, end-exclusive; {@code null} bounds are open (to the grid's edge).
     * When the text had no {@code !}, {@code sheet} holds the whole text and {@code bareCells} says
     * whether it also reads as cells of the first sheet (the caller decides with the sheet list).
     */
    record Range(
            String sheet,
            boolean hasSheet,
            boolean bareCells,
            Integer startRow,
            Integer endRow,
            Integer startCol,
            Integer endCol) {

        boolean wholeSheet() {
            return startRow == null && endRow == null && startCol == null && endCol == null;
        }
    }

    private static final Pattern REF = Pattern.compile("\\$?([A-Za-z]{1,3})?\\$?([0-9]{1,10})?");

    static ApiError unparseable(String text) {
        return ApiError.invalidArgument("Unable to parse range: " + text);
    }

    static Range parse(String text) {
        if (text == null || text.isEmpty()) {
            throw unparseable(text == null ? "" : text);
        }
        if (text.charAt(0) == '\'') {
            StringBuilder name = new StringBuilder();
            int i = 1;
            while (true) {
                if (i >= text.length()) {
                    throw unparseable(text);
                }
                char c = text.charAt(i);
                if (c == '\'') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '\'') {
                        name.append('\'');
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                name.append(c);
                i++;
            }
            if (name.length() == 0) {
                throw unparseable(text);
            }
            if (i == text.length()) {
                return new Range(name.toString(), true, false, null, null, null, null);
            }
            if (text.charAt(i) != '!' || i + 1 == text.length()) {
                throw unparseable(text);
            }
            Range cells = cells(text.substring(i + 1), text);
            if (cells == null) {
                throw unparseable(text);
            }
            return new Range(name.toString(), true, false, cells.startRow, cells.endRow, cells.startCol, cells.endCol);
        }
        int bang = text.lastIndexOf('!');
        if (bang >= 0) {
            if (bang == 0 || bang == text.length() - 1) {
                throw unparseable(text);
            }
            Range cells = cells(text.substring(bang + 1), text);
            if (cells == null) {
                throw unparseable(text);
            }
            return new Range(
                    text.substring(0, bang), true, false, cells.startRow, cells.endRow, cells.startCol, cells.endCol);
        }
        Range cells = cells(text, text);
        if (cells == null) {
            return new Range(text, false, false, null, null, null, null);
        }
        return new Range(text, false, true, cells.startRow, cells.endRow, cells.startCol, cells.endCol);
    }

    /** Parses the part after {@code !}; null when it is not cells. */
    private static Range cells(String part, String whole) {
        String[] refs = part.split(":", -1);
        if (refs.length > 2) {
            return null;
        }
        Integer[] a = ref(refs[0]);
        if (a == null) {
            return null;
        }
        if (refs.length == 1) {
            if (a[0] == null || a[1] == null) {
                return null; // a lone "A" or "5" is not a range
            }
            return new Range(null, false, false, a[1], a[1] + 1, a[0], a[0] + 1);
        }
        Integer[] b = ref(refs[1]);
        if (b == null) {
            return null;
        }
        boolean aCol = a[0] != null, aRow = a[1] != null, bCol = b[0] != null, bRow = b[1] != null;
        if ((aCol && !aRow && !bCol && bRow) || (!aCol && aRow && bCol && !bRow)) {
            return null; // "A:5", "5:A"
        }
        Integer c1 = a[0], c2 = b[0], r1 = a[1], r2 = b[1];
        Integer startCol, endCol, startRow, endRow;
        if (c1 != null && c2 != null) {
            startCol = Math.min(c1, c2);
            endCol = Math.max(c1, c2) + 1;
        } else if (c1 != null) {
            startCol = c1;
            endCol = null;
        } else if (c2 != null) {
            startCol = 0;
            endCol = c2 + 1;
        } else {
            startCol = null;
            endCol = null;
        }
        if (r1 != null && r2 != null) {
            startRow = Math.min(r1, r2);
            endRow = Math.max(r1, r2) + 1;
        } else if (r1 != null) {
            startRow = r1;
            endRow = null;
        } else if (r2 != null) {
            startRow = 0;
            endRow = r2 + 1;
        } else {
            startRow = null;
            endRow = null;
        }
        return new Range(null, false, false, startRow, endRow, startCol, endCol);
    }

    /** [columnIndex, rowIndex], either may be null; null when not a reference. */
    private static Integer[] ref(String s) {
        if (s.isEmpty()) {
            return null;
        }
        Matcher m = REF.matcher(s);
        if (!m.matches() || (m.group(1) == null && m.group(2) == null)) {
            return null;
        }
        Integer col = null, row = null;
        if (m.group(1) != null) {
            col = columnIndex(m.group(1));
            if (col >= MAX_COLUMNS) {
                return null;
            }
        }
        if (m.group(2) != null) {
            long r = Long.parseLong(m.group(2));
            if (r < 1 || r > Integer.MAX_VALUE) {
                return null;
            }
            row = (int) r - 1;
        }
        return new Integer[] {col, row};
    }

    static int columnIndex(String letters) {
        int n = 0;
        for (char c : letters.toUpperCase(java.util.Locale.ROOT).toCharArray()) {
            n = n * 26 + (c - 'A' + 1);
        }
        return n - 1;
    }

    static String columnName(int index) {
        StringBuilder sb = new StringBuilder();
        int n = index + 1;
        while (n > 0) {
            int rem = (n - 1) % 26;
            sb.append((char) ('A' + rem));
            n = (n - 1) / 26;
        }
        return sb.reverse().toString();
    }

    private static final Pattern PLAIN_TITLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");
    private static final Pattern CELL_LIKE = Pattern.compile("[A-Za-z]{1,3}[0-9]+");
    private static final Pattern R1C1_LIKE = Pattern.compile("[Rr][0-9]*[Cc][0-9]*");

    /** The sheet title as the API writes it before {@code !}: quoted unless it is a plain name. */
    static String quoteTitle(String title) {
        boolean plain = PLAIN_TITLE.matcher(title).matches()
                && !CELL_LIKE.matcher(title).matches()
                && !R1C1_LIKE.matcher(title).matches();
        return plain ? title : "'" + title.replace("'", "''") + "'";
    }

    /** "Sheet1!A1:B2" (zero-based, end-exclusive input; a null end is written open). */
    static String format(String title, int startRow, Integer endRow, int startCol, Integer endCol) {
        String start = columnName(startCol) + (startRow + 1);
        String end = (endCol == null ? columnName(startCol) : columnName(endCol - 1))
                + (endRow == null ? "" : String.valueOf(endRow));
        if (endRow != null && endCol != null && endRow == startRow + 1 && endCol == startCol + 1) {
            return quoteTitle(title) + "!" + start;
        }
        return quoteTitle(title) + "!" + start + ":" + end;
    }
}

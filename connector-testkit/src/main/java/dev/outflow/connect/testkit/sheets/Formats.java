package dev.outflow.connect.testkit.sheets;

import java.math.BigDecimal;
import java.math.MathContext;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Formatted values ({@code FORMATTED_VALUE}), an approximation of the en_US locale: general
 * numbers, the common number-format patterns (through {@link DecimalFormat}) and date/time
 * patterns on serial numbers (days since 1899-12-30). Patterns it cannot read fall back to general.
 */
final class Formats {

    private Formats() {}

    private static final LocalDateTime EPOCH = LocalDateTime.of(1899, 12, 30, 0, 0);

    static String formatted(ObjectNode cell) {
        JsonNode v = cell.get("userEnteredValue");
        if (v == null) {
            return "";
        }
        if (v.has("stringValue")) {
            return v.get("stringValue").asText();
        }
        if (v.has("boolValue")) {
            return v.get("boolValue").asBoolean() ? "TRUE" : "FALSE";
        }
        if (v.has("formulaValue")) {
            return v.get("formulaValue").asText();
        }
        if (v.has("numberValue")) {
            JsonNode nf = cell.path("userEnteredFormat").path("numberFormat");
            return number(
                    v.get("numberValue").asDouble(),
                    nf.path("type").asText(null),
                    nf.path("pattern").asText(""));
        }
        return "";
    }

    static String number(double d, String type, String pattern) {
        if (type == null || type.equals("TEXT") || type.equals("NUMBER_FORMAT_TYPE_UNSPECIFIED")) {
            return general(d);
        }
        try {
            switch (type) {
                case "NUMBER":
                    return decimal(d, pattern.isEmpty() ? "#,##0.00" : pattern);
                case "PERCENT":
                    return decimal(d, pattern.isEmpty() ? "0.00%" : pattern);
                case "CURRENCY":
                    return decimal(d, pattern.isEmpty() ? "$#,##0.00" : pattern);
                case "SCIENTIFIC":
                    return scientific(d, pattern.isEmpty() ? "0.00E+00" : pattern);
                case "DATE":
                    return dateTime(d, pattern.isEmpty() ? "M/d/yyyy" : pattern);
                case "TIME":
                    return dateTime(d, pattern.isEmpty() ? "h:mm:ss am/pm" : pattern);
                case "DATE_TIME":
                    return dateTime(d, pattern.isEmpty() ? "M/d/yyyy H:mm:ss" : pattern);
                default:
                    return general(d);
            }
        } catch (RuntimeException e) {
            return general(d);
        }
    }

    static String general(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return String.valueOf((long) d);
        }
        BigDecimal b = new BigDecimal(d).round(new MathContext(15)).stripTrailingZeros();
        double abs = Math.abs(d);
        if (abs >= 1e15 || abs < 1e-9) {
            String s = String.format(Locale.ROOT, "%.2E", d);
            return s.replace("E+0", "E+").replace("E-0", "E-");
        }
        return b.toPlainString();
    }

    private static String decimal(double d, String pattern) {
        String first = pattern.split(";", -1)[0]
                .replaceAll("\\[[^]]*]", "")
                .replace("_)", "")
                .replace("\"", "'");
        DecimalFormat f = new DecimalFormat(first, DecimalFormatSymbols.getInstance(Locale.US));
        return f.format(d);
    }

    private static String scientific(double d, String pattern) {
        boolean plus = pattern.contains("E+");
        DecimalFormat f = new DecimalFormat(pattern.replace("E+", "E"), DecimalFormatSymbols.getInstance(Locale.US));
        String s = f.format(d);
        if (plus && !s.contains("E-")) {
            s = s.replace("E", "E+");
        }
        return s;
    }

    private static String dateTime(double serial, String pattern) {
        long millis = Math.round(serial * 86_400_000d);
        LocalDateTime t = EPOCH.plusNanos(millis * 1_000_000L);
        return DateTimeFormatter.ofPattern(javaPattern(pattern), Locale.US).format(t);
    }

    /** Translates a Sheets date/time pattern into a java.time one (the common tokens only). */
    static String javaPattern(String p) {
        StringBuilder out = new StringBuilder();
        String lower = p.toLowerCase(Locale.ROOT);
        boolean ampm = lower.contains("am/pm") || lower.contains("a/p");
        boolean lastWasHour = false;
        int i = 0;
        while (i < p.length()) {
            char c = Character.toLowerCase(p.charAt(i));
            int run = 1;
            while (i + run < p.length() && Character.toLowerCase(p.charAt(i + run)) == c) {
                run++;
            }
            if (lower.startsWith("am/pm", i)) {
                out.append('a');
                i += 5;
                continue;
            }
            switch (c) {
                case 'y' -> out.append(run <= 2 ? "yy" : "yyyy");
                case 'd' -> out.append(run == 1 ? "d" : run == 2 ? "dd" : run == 3 ? "EEE" : "EEEE");
                case 'h' -> {
                    out.append(ampm ? (run == 1 ? "h" : "hh") : (run == 1 ? "H" : "HH"));
                    lastWasHour = true;
                    i += run;
                    continue;
                }
                case 's' -> out.append(run == 1 ? "s" : "ss");
                case 'm' -> {
                    boolean minutes = lastWasHour || nextTokenIsSeconds(lower, i + run);
                    if (minutes && run <= 2) {
                        out.append(run == 1 ? "m" : "mm");
                    } else {
                        out.append(run == 1 ? "M" : run == 2 ? "MM" : run == 3 ? "MMM" : "MMMM");
                    }
                }
                case '0' -> out.append("S".repeat(run));
                default -> {
                    if (Character.isLetter(c)) {
                        out.append('\'').append(p, i, i + run).append('\'');
                    } else if (c == '\'') {
                        out.append("''");
                    } else {
                        out.append(p, i, i + run);
                    }
                    i += run;
                    continue;
                }
            }
            if (c != 'h') {
                lastWasHour = false;
            }
            i += run;
        }
        return out.toString();
    }

    private static boolean nextTokenIsSeconds(String lower, int from) {
        for (int i = from; i < lower.length(); i++) {
            char c = lower.charAt(i);
            if (c == 's') {
                return true;
            }
            if (Character.isLetter(c)) {
                return false;
            }
        }
        return false;
    }
}

package dev.outflow.connect.hubspot;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.outflow.connect.core.api.Cell;

/**
 * A row's cell as the text HubSpot takes for a property of a given type (REFERENCE.md, HubSpot):
 * dates as the epoch milliseconds of midnight UTC, datetimes as epoch milliseconds, booleans as
 * {@code true}/{@code false}, numbers in plain decimal, multi-select options joined with {@code ;}.
 * A value that cannot be made into one throws {@link Refused} with a reason that names the property
 * and the kind of value, never the value. Text sent to a non-text property is stripped, since HubSpot
 * refuses leading or trailing whitespace there.
 */
final class ValueCoercion {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern INTEGER = Pattern.compile("-?\\d+");
    private static final long DAY_MILLIS = 86_400_000L;

    /** A value the property cannot hold; the message is payload-free. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    private ValueCoercion() {}

    /** The text to send, or null for a NULL cell (the property is then left as it is). */
    static String toHubSpot(Property property, Cell cell) throws Refused {
        if (cell.isNull()) {
            return null;
        }
        return switch (property.type()) {
            case "number" -> number(property, cell);
            case "bool" -> bool(property, cell);
            case "date" -> date(property, cell);
            case "datetime" -> datetime(property, cell);
            case "enumeration" ->
                property.isMultiSelect()
                        ? multiSelect(property, cell)
                        : text(cell).strip();
            default -> text(cell);
        };
    }

    private static String text(Cell cell) {
        return switch (cell.type()) {
            case TIMESTAMP -> cell.value().toString();
            case FLOAT -> plain((Double) cell.value());
            default -> cell.asText();
        };
    }

    private static String number(Property property, Cell cell) throws Refused {
        switch (cell.type()) {
            case INTEGER:
            case DECIMAL:
                return cell.asText();
            case FLOAT:
                double d = (Double) cell.value();
                if (!Double.isFinite(d)) {
                    throw refused(property, "a non-finite number", "number");
                }
                return plain(d);
            case TEXT:
                String text = cell.asText().strip();
                if (text.isEmpty()) {
                    return "";
                }
                try {
                    return new BigDecimal(text).toPlainString();
                } catch (NumberFormatException e) {
                    throw refused(property, "text that is not a number", "number");
                }
            default:
                throw refused(property, "a " + kind(cell), "number");
        }
    }

    private static String plain(double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    private static String bool(Property property, Cell cell) throws Refused {
        switch (cell.type()) {
            case BOOLEAN:
                return cell.asText();
            case INTEGER:
                long n = (Long) cell.value();
                if (n == 0 || n == 1) {
                    return n == 1 ? "true" : "false";
                }
                throw refused(property, "an integer other than 0 or 1", "boolean");
            case TEXT:
                String text = cell.asText().strip().toLowerCase(Locale.ROOT);
                if (text.equals("true") || text.equals("false") || text.isEmpty()) {
                    return text;
                }
                throw refused(property, "text other than true or false", "boolean");
            default:
                throw refused(property, "a " + kind(cell), "boolean");
        }
    }

    /** Midnight UTC of the value's day; a timestamp is taken at its UTC date. */
    private static String date(Property property, Cell cell) throws Refused {
        switch (cell.type()) {
            case DATE:
                return Long.toString(midnight((LocalDate) cell.value()));
            case TIMESTAMP:
                return Long.toString(midnight(
                        ((Instant) cell.value()).atOffset(ZoneOffset.UTC).toLocalDate()));
            case INTEGER:
                return midnightMillis(property, (Long) cell.value());
            case TEXT:
                String text = cell.asText().strip();
                if (text.isEmpty()) {
                    return "";
                }
                if (INTEGER.matcher(text).matches()) {
                    try {
                        return midnightMillis(property, Long.parseLong(text));
                    } catch (NumberFormatException e) {
                        throw refused(property, "text that is not a date", "date");
                    }
                }
                try {
                    return Long.toString(midnight(LocalDate.parse(text)));
                } catch (DateTimeException e) {
                    try {
                        return Long.toString(midnight(OffsetDateTime.parse(text)
                                .toInstant()
                                .atOffset(ZoneOffset.UTC)
                                .toLocalDate()));
                    } catch (DateTimeException notAnInstant) {
                        throw refused(property, "text that is not a date (YYYY-MM-DD or ISO 8601)", "date");
                    }
                }
            default:
                throw refused(property, "a " + kind(cell), "date");
        }
    }

    private static String midnightMillis(Property property, long millis) throws Refused {
        if (Math.floorMod(millis, DAY_MILLIS) != 0) {
            throw refused(property, "epoch milliseconds that are not midnight UTC", "date");
        }
        return Long.toString(millis);
    }

    private static long midnight(LocalDate date) {
        return date.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }

    private static String datetime(Property property, Cell cell) throws Refused {
        switch (cell.type()) {
            case TIMESTAMP:
                return Long.toString(((Instant) cell.value()).toEpochMilli());
            case DATE:
                return Long.toString(midnight((LocalDate) cell.value()));
            case INTEGER:
                return cell.asText();
            case TEXT:
                String text = cell.asText().strip();
                if (text.isEmpty() || INTEGER.matcher(text).matches()) {
                    return text;
                }
                try {
                    return Long.toString(OffsetDateTime.parse(text).toInstant().toEpochMilli());
                } catch (DateTimeException e) {
                    throw refused(
                            property, "text that is not a datetime (ISO 8601 with an offset, or epoch ms)", "datetime");
                }
            default:
                throw refused(property, "a " + kind(cell), "datetime");
        }
    }

    /** A JSON array (how a row holds an array) joined with {@code ;}; other text is taken as already joined. */
    private static String multiSelect(Property property, Cell cell) throws Refused {
        String text = text(cell).strip();
        if (!text.startsWith("[")) {
            return text;
        }
        try {
            JsonNode array = JSON.readTree(text);
            List<String> options = new ArrayList<>();
            for (JsonNode option : array) {
                if (!option.isValueNode() || option.isNull()) {
                    throw refused(property, "an array holding a non-scalar", "multi-select");
                }
                options.add(option.asText());
            }
            return String.join(";", options);
        } catch (IOException e) {
            throw refused(property, "text that is not a JSON array", "multi-select");
        }
    }

    private static String kind(Cell cell) {
        return cell.type().name().toLowerCase(Locale.ROOT);
    }

    private static Refused refused(Property property, String what, String type) {
        return new Refused("property " + property.name() + " is a " + type + " and the record holds " + what);
    }
}

package dev.outflow.connect.testkit.hubspot;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Checks the {@code properties} of one batch input against the object type's definitions, the way
 * HubSpot validates property values: unknown and read-only properties, e-mail addresses, enumeration
 * options, numbers, dates at midnight UTC, datetimes, booleans, and the whitespace rule for non-text
 * values. Every failing property of the input is reported, each as an {@code errors[]} detail.
 */
final class PropertyValues {

    /** Good enough to tell an address from a typo ({@code a@b.c}); HubSpot's own check is not public. */
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+$");

    private static final Pattern INTEGER_MILLIS = Pattern.compile("-?\\d+");

    private PropertyValues() {}

    /**
     * The values to store (as text, normalized), or the row's error.
     *
     * @param values the input's {@code properties} object
     */
    static Result check(ObjectType type, JsonNode values) {
        if (values == null || values.isMissingNode() || values.isNull()) {
            return new Result(Map.of(), null);
        }
        if (!values.isObject()) {
            return new Result(null, RowError.validation("properties must be an object of property names to values"));
        }
        Map<String, String> out = new java.util.LinkedHashMap<>();
        List<RowError.Detail> problems = new java.util.ArrayList<>();
        values.fields().forEachRemaining(e -> {
            String name = e.getKey();
            PropertyDefinition p = type.properties.get(name);
            if (p == null) {
                problems.add(
                        new RowError.Detail("PROPERTY_DOESNT_EXIST", "Property \"" + name + "\" does not exist", name));
                return;
            }
            if (p.readOnlyValue()) {
                problems.add(new RowError.Detail(
                        "READ_ONLY_VALUE", "\"" + name + "\" is a read only property; its value cannot be set.", name));
                return;
            }
            JsonNode raw = e.getValue();
            if (!raw.isValueNode() || raw.isNull()) {
                // stricter than HubSpot may be: only scalars are values; an empty string is how to clear one
                problems.add(new RowError.Detail(
                        "INVALID_VALUE",
                        (raw.isNull() ? "null" : raw.getNodeType().name()) + " is not a valid value for property "
                                + name + "; send a string, or \"\" to clear it",
                        name));
                return;
            }
            String value = raw.asText();
            RowError.Detail problem = value.isEmpty() ? null : problemWith(type, p, value);
            if (problem != null) {
                problems.add(problem);
            } else {
                out.put(name, normalized(type, p, value));
            }
        });
        if (!problems.isEmpty()) {
            return new Result(null, RowError.invalidProperties(problems));
        }
        return new Result(out, null);
    }

    /** The values of one input, or its error. */
    record Result(Map<String, String> values, RowError error) {}

    private static RowError.Detail problemWith(ObjectType type, PropertyDefinition p, String value) {
        String name = p.name();
        if (p.type() != PropertyDefinition.Type.STRING && !value.equals(value.strip())) {
            return new RowError.Detail(
                    "LEADING_TRAILING_WHITESPACE",
                    "Property value \"" + value + "\" for " + name + " has leading or trailing whitespace",
                    name);
        }
        switch (p.type()) {
            case STRING:
                if (type.isContacts()
                        && name.equals("email")
                        && !EMAIL.matcher(value).matches()) {
                    return new RowError.Detail("INVALID_EMAIL", "Email address " + value + " is invalid", name);
                }
                return null;
            case NUMBER:
                try {
                    new BigDecimal(value);
                    return null;
                } catch (NumberFormatException e) {
                    return new RowError.Detail("INVALID_LONG", value + " was not a valid long.", name);
                }
            case BOOL:
                return value.equals("true") || value.equals("false")
                        ? null
                        : new RowError.Detail(
                                "INVALID_BOOLEAN", value + " is not a valid boolean (true or false)", name);
            case DATE:
                return dateProblem(name, value);
            case DATETIME:
                return datetimeProblem(name, value);
            case ENUMERATION:
                List<String> chosen = p.isMultiSelect() ? List.of(value.split(";", -1)) : List.of(value);
                for (String option : chosen) {
                    if (!p.options().contains(option)) {
                        return new RowError.Detail(
                                "INVALID_OPTION", option + " was not one of the allowed options: " + p.options(), name);
                    }
                }
                return null;
            default:
                throw new IllegalStateException(p.type().name());
        }
    }

    private static RowError.Detail dateProblem(String name, String value) {
        long millis;
        if (INTEGER_MILLIS.matcher(value).matches()) {
            try {
                millis = Long.parseLong(value);
            } catch (NumberFormatException e) {
                return invalidDate(name, value);
            }
        } else {
            try {
                millis = LocalDate.parse(value)
                        .atStartOfDay(ZoneOffset.UTC)
                        .toInstant()
                        .toEpochMilli();
            } catch (DateTimeParseException e) {
                return invalidDate(name, value);
            }
        }
        if (Math.floorMod(millis, 86_400_000L) != 0) {
            return new RowError.Detail(
                    "INVALID_DATE",
                    value + " is at "
                            + Instant.ofEpochMilli(millis)
                                    .atOffset(ZoneOffset.UTC)
                                    .toLocalTime() + " UTC, not midnight!",
                    name);
        }
        return null;
    }

    private static RowError.Detail invalidDate(String name, String value) {
        return new RowError.Detail(
                "INVALID_DATE",
                value + " is not a valid date: send midnight UTC in epoch milliseconds " + "or YYYY-MM-DD",
                name);
    }

    private static RowError.Detail datetimeProblem(String name, String value) {
        if (INTEGER_MILLIS.matcher(value).matches()) {
            try {
                Long.parseLong(value);
                return null;
            } catch (NumberFormatException e) {
                // falls through to the error
            }
        } else {
            try {
                Instant.parse(value);
                return null;
            } catch (DateTimeParseException e) {
                // falls through to the error
            }
        }
        return new RowError.Detail(
                "INVALID_DATETIME",
                value + " is not a valid datetime: send epoch milliseconds or " + "an ISO 8601 instant",
                name);
    }

    /** As HubSpot stores values: e-mail addresses in lower case, dates and datetimes as epoch milliseconds. */
    private static String normalized(ObjectType type, PropertyDefinition p, String value) {
        if (value.isEmpty()) {
            return value;
        }
        switch (p.type()) {
            case STRING:
                return type.normalize(p.name(), value);
            case DATE:
                return INTEGER_MILLIS.matcher(value).matches()
                        ? value
                        : Long.toString(LocalDate.parse(value)
                                .atStartOfDay(ZoneOffset.UTC)
                                .toInstant()
                                .toEpochMilli());
            case DATETIME:
                return INTEGER_MILLIS.matcher(value).matches()
                        ? value
                        : Long.toString(Instant.parse(value).toEpochMilli());
            default:
                return value;
        }
    }
}

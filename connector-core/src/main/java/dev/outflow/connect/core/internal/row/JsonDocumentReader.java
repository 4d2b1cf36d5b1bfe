package dev.outflow.connect.core.internal.row;

import java.io.IOException;
import java.math.BigDecimal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;

/**
 * A String value holding JSON, read into cells ({@code parseJsonStrings}). This input has no
 * Connect types to dispatch on: Jackson's tokens map straight to cells (integers that fit a long
 * INTEGER, other numbers exact DECIMAL), objects flatten by the same rule as Structs and Maps
 * ({@link CellSink#flattens}), and whatever is not flattened is copied as compact JSON, numbers as
 * written, strings escaped as {@link JsonWriter} escapes them.
 *
 * <p>Text that is not one valid JSON value is refused with its line and column, never its text.
 * Thread-safe: Jackson's factory is.
 */
final class JsonDocumentReader {

    // Locations never carry the source text: they go into error messages.
    private final JsonFactory factory = JsonFactory.builder()
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    /** Reads {@code text}: an object's members as fields at level 0, any other value as the field {@code valueName}. */
    void read(String text, String valueName, CellSink out) {
        JsonParser parser = null;
        try {
            parser = factory.createParser(text);
            JsonToken token = parser.nextToken();
            if (token == null) {
                throw invalidJson(parser.currentLocation());
            }
            if (token == JsonToken.START_OBJECT) {
                members(parser, "", 0, out);
            } else {
                value(parser, token, valueName, -1, out);
            }
            if (parser.nextToken() != null) {
                throw invalidJson(parser.currentTokenLocation()); // a second value after the first
            }
        } catch (JsonProcessingException e) {
            // Jackson's message quotes the offending text: only its location is kept, and no cause
            throw invalidJson(
                    e.getLocation() != null ? e.getLocation() : parser == null ? null : parser.currentLocation());
        } catch (IOException e) {
            throw new UnmappableRecordException(
                    "value could not be read as JSON: " + e.getClass().getSimpleName());
        } finally {
            if (parser != null) {
                try {
                    parser.close();
                } catch (IOException ignored) {
                    // a String source has nothing to release
                }
            }
        }
    }

    /** Reads the members of the object whose START_OBJECT was just read, as fields at {@code level}. */
    private static void members(JsonParser parser, String prefix, int level, CellSink out) throws IOException {
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String member = parser.currentName();
            String name = prefix.isEmpty() ? member : prefix.concat(member);
            value(parser, parser.nextToken(), name, level, out);
        }
        if (token != JsonToken.END_OBJECT) {
            throw invalidJson(parser.currentLocation());
        }
    }

    private static void value(JsonParser parser, JsonToken token, String name, int level, CellSink out)
            throws IOException {
        if (token == null) {
            throw invalidJson(parser.currentLocation());
        }
        switch (token) {
            case VALUE_STRING -> out.text(name, parser.getText());
            case VALUE_NUMBER_INT -> {
                if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    out.decimal(name, new BigDecimal(parser.getBigIntegerValue()));
                } else {
                    out.integer(name, parser.getLongValue());
                }
            }
            case VALUE_NUMBER_FLOAT -> out.decimal(name, parser.getDecimalValue());
            case VALUE_TRUE -> out.bool(name, true);
            case VALUE_FALSE -> out.bool(name, false);
            case VALUE_NULL -> out.addNull(name);
            case START_OBJECT -> {
                if (out.flattens(level)) {
                    members(parser, name + ".", level + 1, out);
                } else {
                    out.text(name, copy(parser));
                }
            }
            case START_ARRAY -> out.text(name, copy(parser));
            default -> throw invalidJson(parser.currentTokenLocation());
        }
    }

    /** Compact JSON of the object or array whose start token was just read, numbers kept exact. */
    private static String copy(JsonParser parser) throws IOException {
        StringBuilder sb = new StringBuilder(64);
        int depth = 0;
        JsonToken token = parser.currentToken();
        while (true) {
            switch (token) {
                case START_OBJECT -> {
                    comma(sb);
                    sb.append('{');
                    depth++;
                }
                case START_ARRAY -> {
                    comma(sb);
                    sb.append('[');
                    depth++;
                }
                case END_OBJECT -> {
                    sb.append('}');
                    depth--;
                }
                case END_ARRAY -> {
                    sb.append(']');
                    depth--;
                }
                case FIELD_NAME -> {
                    comma(sb);
                    JsonWriter.appendQuoted(sb, parser.currentName());
                    sb.append(':');
                }
                case VALUE_STRING -> {
                    comma(sb);
                    JsonWriter.appendQuoted(sb, parser.getText());
                }
                case VALUE_NUMBER_INT -> {
                    comma(sb);
                    sb.append(parser.getText()); // integers are exact as written
                }
                case VALUE_NUMBER_FLOAT -> {
                    comma(sb);
                    sb.append(JsonWriter.plain(parser.getDecimalValue()));
                }
                case VALUE_TRUE -> {
                    comma(sb);
                    sb.append("true");
                }
                case VALUE_FALSE -> {
                    comma(sb);
                    sb.append("false");
                }
                case VALUE_NULL -> {
                    comma(sb);
                    sb.append("null");
                }
                default -> throw invalidJson(parser.currentTokenLocation());
            }
            if (depth == 0) {
                return sb.toString();
            }
            token = parser.nextToken();
            if (token == null) {
                throw invalidJson(parser.currentLocation());
            }
        }
    }

    /** Compact output has no whitespace, so a separator is due unless an object, array or member just opened. */
    private static void comma(StringBuilder sb) {
        int length = sb.length();
        if (length > 0) {
            char last = sb.charAt(length - 1);
            if (last != '{' && last != '[' && last != ':') {
                sb.append(',');
            }
        }
    }

    private static UnmappableRecordException invalidJson(JsonLocation location) {
        String where = location == null || location.getLineNr() < 0
                ? "at an unknown position"
                : "line " + location.getLineNr() + ", column " + location.getColumnNr();
        return new UnmappableRecordException("value is not valid JSON: " + where);
    }
}

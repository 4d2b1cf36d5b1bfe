package dev.outflow.connect.core.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the app answered for one row, as the row's receipt shows it (DESIGN.md 3.8): the app's
 * identifiers, in the order given, such as a Sheets tab and row, a Slack channel and {@code ts},
 * a HubSpot object id and whether it was created or updated, or an HTTP status. Values are short
 * text; a destination that adds a response excerpt bounds it itself.
 */
public record AppReply(Map<String, String> fields) {

    public AppReply {
        Objects.requireNonNull(fields, "fields");
        Map<String, String> copy = new LinkedHashMap<>();
        fields.forEach((name, value) ->
                copy.put(Objects.requireNonNull(name, "a field name"), Objects.requireNonNull(value, () -> name)));
        fields = Collections.unmodifiableMap(copy);
    }

    /** A reply from names and values in turn: {@code of("channel", "C1", "ts", "1.2")}. */
    public static AppReply of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values come in pairs");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return new AppReply(fields);
    }
}

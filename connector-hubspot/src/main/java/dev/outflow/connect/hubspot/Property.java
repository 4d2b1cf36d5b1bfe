package dev.outflow.connect.hubspot;

import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A property of a HubSpot object type, as {@code GET /crm/v3/properties/{objectType}} describes it:
 * what the connector needs to coerce values and check the configuration.
 *
 * @param type      {@code string}, {@code number}, {@code date}, {@code datetime}, {@code bool},
 *                  {@code enumeration} (or another type HubSpot adds, written as text)
 * @param fieldType {@code checkbox} for an enumeration is a multi-select, whose options are joined with {@code ;}
 */
record Property(String name, String type, String fieldType, boolean unique, boolean readOnly) {

    boolean isMultiSelect() {
        return type.equals("enumeration") && fieldType.equals("checkbox");
    }

    /** The properties of one object type by name, from the properties API's {@code results}. */
    static Map<String, Property> byName(JsonNode list) {
        Map<String, Property> out = new HashMap<>();
        for (JsonNode p : list.path("results")) {
            String name = p.path("name").asText();
            out.put(
                    name,
                    new Property(
                            name,
                            p.path("type").asText("string"),
                            p.path("fieldType").asText(""),
                            p.path("hasUniqueValue").asBoolean(false),
                            p.path("modificationMetadata").path("readOnlyValue").asBoolean(false)));
        }
        return out;
    }
}

package dev.outflow.connect.hubspot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.outflow.connect.core.api.Cell;
import dev.outflow.connect.core.api.Row;
import dev.outflow.connect.hubspot.HubSpotConfig.Mode;
import dev.outflow.connect.hubspot.HubSpotConfig.UnknownProperties;
import dev.outflow.connect.hubspot.ObjectBatch.Input;

/**
 * Turns the head of a write's rows into one batch request (an {@link ObjectBatch}): each row's fields
 * to properties (renamed by {@code hubspot.property.map}, coerced by {@link ValueCoercion}), rows of the
 * same id merged into one input (HubSpot refuses a batch naming an id twice; a later row's values win,
 * property by property, as if the rows had been sent one after the other), and at most
 * {@code hubspot.batch.size} inputs. Rows of one kind only: upserts and tombstones alternate in separate
 * batches, so their order holds.
 */
final class BatchPlanner {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Mode mode;
    private final String idProperty;
    private final Map<String, String> propertyMap;
    private final UnknownProperties unknown;
    private final int batchSize;
    private final Map<String, Property> properties;
    /** The record field that holds the id property's value. */
    private final String idField;
    /** The record field that names the object to associate with, or null: it is not a property. */
    private final String associationField;
    /** The record field that names the object type, or null: it is not a property either. */
    private final String typeField;

    /** @param idProperty the id property of the type's objects; null in create mode, or when the type has none */
    BatchPlanner(HubSpotConfig config, String idProperty, Map<String, Property> properties) {
        this.mode = config.mode();
        this.idProperty = idProperty;
        this.typeField = config.objectTypeField();
        this.propertyMap = config.propertyMap();
        this.unknown = config.unknownProperties();
        this.batchSize = config.batchSize();
        this.properties = properties;
        this.associationField = config.associationObjectType() == null ? null : config.associationField();
        this.idField = idProperty == null
                ? null
                : propertyMap.entrySet().stream()
                        .filter(e -> e.getValue().equals(idProperty))
                        .map(Map.Entry::getKey)
                        .findFirst()
                        .orElse(idProperty);
    }

    /** Set when a row was refused because a field had no property: the definitions may be out of date. */
    private boolean unknownProperty;

    ObjectBatch plan(List<Row> rows) {
        unknownProperty = false;
        return rows.get(0).isDelete() ? planArchive(rows) : planWrites(rows);
    }

    private ObjectBatch planWrites(List<Row> rows) {
        Map<String, MergedInput> byId = new LinkedHashMap<>();
        List<MergedInput> inputs = new ArrayList<>();
        Map<Integer, String> refused = new HashMap<>();
        int i = 0;
        for (; i < rows.size() && !rows.get(i).isDelete(); i++) {
            Row row = rows.get(i);
            if (idProperty == null && mode != Mode.CREATE) {
                // only with routing by a field: a type other than contacts, and no id property configured
                refused.put(
                        i,
                        "the record's object type has no id property to "
                                + mode.name().toLowerCase(Locale.ROOT) + " by; set " + HubSpotConfig.ID_PROPERTY);
                continue;
            }
            Map<String, String> values;
            try {
                values = values(row);
            } catch (ValueCoercion.Refused e) {
                refused.put(i, e.getMessage());
                continue;
            }
            String id = null;
            if (idProperty != null) {
                id = values.remove(idProperty);
                if (id == null || id.isEmpty()) {
                    refused.put(
                            i,
                            "the record has no value in field " + idField + " for the id property " + idProperty + " ("
                                    + HubSpotConfig.ID_PROPERTY + ")");
                    continue;
                }
            }
            MergedInput same = id == null ? null : byId.get(sameId(id));
            if (same == null) {
                if (inputs.size() == batchSize) {
                    break; // this row starts the next batch
                }
                same = new MergedInput(id);
                inputs.add(same);
                if (id != null) {
                    byId.put(sameId(id), same);
                }
            }
            same.add(i, row, values);
        }
        List<Input> planned = inputs.stream().map(MergedInput::toInput).toList();
        return new ObjectBatch(i, planned, refused, false, unknownProperty);
    }

    /** Tombstones: the objects named by the record keys, each once. */
    private ObjectBatch planArchive(List<Row> rows) {
        Map<String, MergedInput> byId = new LinkedHashMap<>();
        Map<Integer, String> refused = new HashMap<>();
        int i = 0;
        for (; i < rows.size() && rows.get(i).isDelete(); i++) {
            Row row = rows.get(i);
            Cell key = row.get("_key." + idField);
            if (key.isNull()) {
                key = row.get("_key");
            }
            String id = key.isNull() ? null : key.asText().strip();
            if (id == null || id.isEmpty()) {
                refused.put(i, "the tombstone has no key to name its object (the key, or its field " + idField + ")");
                continue;
            }
            MergedInput same = byId.get(sameId(id));
            if (same == null) {
                if (byId.size() == batchSize) {
                    break;
                }
                same = new MergedInput(id);
                byId.put(sameId(id), same);
            }
            same.add(i, row, Map.of());
        }
        List<Input> planned = byId.values().stream().map(MergedInput::toInput).toList();
        return new ObjectBatch(i, planned, refused, true, false);
    }

    /** An object's id as HubSpot compares ids: e-mail addresses without case, so two spellings are one object. */
    String sameId(String id) {
        return idProperty.equals(HubSpotConfig.CONTACTS_EMAIL) ? id.toLowerCase(Locale.ROOT) : id;
    }

    /** The row's properties as HubSpot takes them; refused when a field has no property or a value does not fit. */
    private Map<String, String> values(Row row) throws ValueCoercion.Refused {
        Map<String, String> values = new LinkedHashMap<>();
        for (int f = 0; f < row.size(); f++) {
            String field = row.name(f);
            if (field.equals(associationField) || field.equals(typeField)) {
                continue;
            }
            String name = propertyMap.get(field);
            if (name == null) {
                if (field.startsWith("_")) {
                    continue; // Kafka metadata: written only when mapped to a property
                }
                name = field;
            }
            Property property = properties.get(name);
            if (property == null || property.readOnly()) {
                if (unknown == UnknownProperties.IGNORE) {
                    continue;
                }
                unknownProperty |= property == null;
                throw new ValueCoercion.Refused("field " + field
                        + (property == null
                                ? " has no HubSpot property " + name
                                : " goes to the read-only property " + name)
                        + " (" + HubSpotConfig.UNKNOWN_PROPERTIES + "=fail; map it with "
                        + HubSpotConfig.PROPERTY_MAP + ")");
            }
            String value = ValueCoercion.toHubSpot(property, row.cell(f));
            if (value != null) {
                values.put(name, value);
            }
        }
        return values;
    }

    /** The rows of one object, merged in order. */
    private final class MergedInput {
        final String id;
        final List<Integer> rows = new ArrayList<>();
        final Map<String, String> values = new LinkedHashMap<>();
        Row last;
        String associateWith;

        MergedInput(String id) {
            this.id = id;
        }

        void add(int index, Row row, Map<String, String> rowValues) {
            rows.add(index);
            values.putAll(rowValues);
            last = row;
            if (associationField != null && !row.get(associationField).isNull()) {
                String value = row.get(associationField).asText().strip();
                associateWith = value.isEmpty() ? associateWith : value;
            }
        }

        Input toInput() {
            // the last row's coordinates: unique in the request, and stable when the same rows are sent again
            String traceId = last.topic() + "-" + last.partition() + "-" + last.offset();
            ObjectNode body = JSON.objectNode();
            if (id != null) {
                body.put("id", id);
                if (mode != Mode.CREATE) {
                    body.put("idProperty", idProperty);
                }
            }
            ObjectNode props = body.putObject("properties");
            values.forEach(props::put);
            body.put("objectWriteTraceId", traceId);
            return new Input(traceId, id, body, List.copyOf(rows), associateWith);
        }
    }
}

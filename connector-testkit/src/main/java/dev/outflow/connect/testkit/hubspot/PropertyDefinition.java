package dev.outflow.connect.testkit.hubspot;

import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A property of an object type as the properties API describes it: its {@code name}, {@code type}
 * ({@code string}, {@code number}, {@code date}, {@code datetime}, {@code bool}, {@code enumeration}),
 * {@code fieldType}, the allowed {@code options} of an enumeration, whether its values are unique
 * ({@code hasUniqueValue}) and whether clients may set it ({@code modificationMetadata.readOnlyValue}).
 * Immutable; build one with the factories and refine it with {@link #unique()} and {@link #readOnly()}.
 */
public final class PropertyDefinition {

    /** The property types of HubSpot's properties API. */
    public enum Type {
        STRING("string", "text"),
        NUMBER("number", "number"),
        DATE("date", "date"),
        DATETIME("datetime", "date"),
        BOOL("bool", "booleancheckbox"),
        ENUMERATION("enumeration", "select");

        final String apiName;
        final String defaultFieldType;

        Type(String apiName, String defaultFieldType) {
            this.apiName = apiName;
            this.defaultFieldType = defaultFieldType;
        }
    }

    private final String name;
    private final Type type;
    private final String fieldType;
    private final List<String> options;
    private final boolean unique;
    private final boolean readOnlyValue;
    private final boolean hubspotDefined;

    private PropertyDefinition(
            String name,
            Type type,
            String fieldType,
            List<String> options,
            boolean unique,
            boolean readOnlyValue,
            boolean hubspotDefined) {
        this.name = Objects.requireNonNull(name, "name");
        this.type = type;
        this.fieldType = fieldType;
        this.options = List.copyOf(options);
        this.unique = unique;
        this.readOnlyValue = readOnlyValue;
        this.hubspotDefined = hubspotDefined;
    }

    public static PropertyDefinition string(String name) {
        return new PropertyDefinition(name, Type.STRING, Type.STRING.defaultFieldType, List.of(), false, false, false);
    }

    public static PropertyDefinition number(String name) {
        return new PropertyDefinition(name, Type.NUMBER, Type.NUMBER.defaultFieldType, List.of(), false, false, false);
    }

    /** A date: values are midnight UTC (epoch milliseconds, or {@code YYYY-MM-DD}). */
    public static PropertyDefinition date(String name) {
        return new PropertyDefinition(name, Type.DATE, Type.DATE.defaultFieldType, List.of(), false, false, false);
    }

    /** A datetime: epoch milliseconds or an ISO 8601 instant. */
    public static PropertyDefinition datetime(String name) {
        return new PropertyDefinition(
                name, Type.DATETIME, Type.DATETIME.defaultFieldType, List.of(), false, false, false);
    }

    /** A checkbox: {@code true} or {@code false}. */
    public static PropertyDefinition bool(String name) {
        return new PropertyDefinition(
                name, Type.BOOL, Type.BOOL.defaultFieldType, List.of("true", "false"), false, false, false);
    }

    /** A single-select enumeration (a dropdown): the value is one of {@code options}. */
    public static PropertyDefinition enumeration(String name, String... options) {
        return new PropertyDefinition(name, Type.ENUMERATION, "select", List.of(options), false, false, false);
    }

    /** A multiple-checkbox enumeration: the value is options joined with {@code ;}. */
    public static PropertyDefinition multiSelect(String name, String... options) {
        return new PropertyDefinition(name, Type.ENUMERATION, "checkbox", List.of(options), false, false, false);
    }

    /** The same property with {@code hasUniqueValue: true}: usable as an {@code idProperty}. */
    public PropertyDefinition unique() {
        return new PropertyDefinition(name, type, fieldType, options, true, readOnlyValue, hubspotDefined);
    }

    /** The same property with {@code modificationMetadata.readOnlyValue: true}: writes to it are refused. */
    public PropertyDefinition readOnly() {
        return new PropertyDefinition(name, type, fieldType, options, unique, true, hubspotDefined);
    }

    /** Marks a property HubSpot itself defines (the built-in ones of contacts, companies, deals). */
    PropertyDefinition hubspotDefined() {
        return new PropertyDefinition(name, type, fieldType, options, unique, readOnlyValue, true);
    }

    public String name() {
        return name;
    }

    public Type type() {
        return type;
    }

    public String fieldType() {
        return fieldType;
    }

    public List<String> options() {
        return options;
    }

    public boolean hasUniqueValue() {
        return unique;
    }

    public boolean readOnlyValue() {
        return readOnlyValue;
    }

    public boolean isMultiSelect() {
        return type == Type.ENUMERATION && fieldType.equals("checkbox");
    }

    /** As {@code GET /crm/v3/properties/{objectType}/{propertyName}} answers it. */
    ObjectNode toJson(String createdAtIso) {
        ObjectNode p = ApiError.JSON.objectNode();
        p.put("name", name);
        p.put("label", name);
        p.put("type", type.apiName);
        p.put("fieldType", fieldType);
        p.put("description", "");
        p.put("groupName", hubspotDefined ? "hubspot_defined" : "outflow_emulator");
        ArrayNode opts = p.putArray("options");
        for (int i = 0; i < options.size(); i++) {
            ObjectNode o = opts.addObject();
            o.put("label", options.get(i));
            o.put("value", options.get(i));
            o.put("displayOrder", i);
            o.put("hidden", false);
        }
        p.put("displayOrder", -1);
        p.put("calculated", false);
        p.put("externalOptions", false);
        p.put("hasUniqueValue", unique);
        p.put("hidden", false);
        p.put("hubspotDefined", hubspotDefined);
        ObjectNode meta = p.putObject("modificationMetadata");
        meta.put("archivable", !hubspotDefined);
        meta.put("readOnlyDefinition", hubspotDefined);
        meta.put("readOnlyValue", readOnlyValue);
        p.put("formField", !readOnlyValue);
        p.put("createdAt", createdAtIso);
        p.put("updatedAt", createdAtIso);
        p.put("archived", false);
        return p;
    }

    @Override
    public String toString() {
        return "PropertyDefinition[" + name + " " + type.apiName + "/" + fieldType + (unique ? " unique" : "")
                + (readOnlyValue ? " read-only" : "") + "]";
    }
}

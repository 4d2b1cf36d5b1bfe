package dev.outflow.connect.testkit.hubspot;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One object type of the emulated account (contacts, companies, deals or a custom object): its
 * property definitions, its records, and an index of the values of its unique properties. Guarded by
 * the emulator's state lock.
 */
final class ObjectType {

    /** One stored record; mutable, only ever touched under the state lock. */
    static final class Stored {
        final String id;
        final Map<String, String> properties = new LinkedHashMap<>();
        final Instant createdAt;
        Instant updatedAt;
        boolean archived;

        Stored(String id, Instant createdAt) {
            this.id = id;
            this.createdAt = createdAt;
            this.updatedAt = createdAt;
        }

        CrmObject snapshot() {
            return new CrmObject(id, Map.copyOf(properties), createdAt, updatedAt, archived);
        }
    }

    /** Properties HubSpot sets on every record; never writable by clients. */
    static final List<String> SYSTEM_PROPERTIES = List.of("hs_object_id", "createdate", "hs_lastmodifieddate");

    final String name;
    final String objectTypeId;
    /** The word in this type's scopes: {@code crm.objects.<scopeName>.write}; custom objects share "custom". */
    final String scopeName;
    /** "Contact", as in HubSpot's "Contact already exists" message. */
    final String singularLabel;

    final boolean custom;
    final Map<String, PropertyDefinition> properties = new LinkedHashMap<>();
    final Map<String, Stored> records = new LinkedHashMap<>();
    /** Unique property name -> normalized value -> id of the live record holding it. */
    private final Map<String, Map<String, String>> uniqueIndex = new HashMap<>();

    ObjectType(String name, String objectTypeId, String scopeName, String singularLabel, boolean custom) {
        this.name = name;
        this.objectTypeId = objectTypeId;
        this.scopeName = scopeName;
        this.singularLabel = singularLabel;
        this.custom = custom;
        for (String system : SYSTEM_PROPERTIES) {
            PropertyDefinition p = system.equals("hs_object_id")
                    ? PropertyDefinition.number(system)
                    : PropertyDefinition.datetime(system);
            define(p.readOnly().hubspotDefined());
        }
    }

    void define(PropertyDefinition p) {
        properties.put(p.name(), p);
        if (identifies(p.name())) {
            uniqueIndex.computeIfAbsent(p.name(), k -> new HashMap<>());
        }
    }

    /** "CONTACT", as in HubSpot's "Could not get some CONTACT objects" message. */
    String upperLabel() {
        return singularLabel.toUpperCase(Locale.ROOT);
    }

    boolean isContacts() {
        return name.equals("contacts");
    }

    /**
     * Whether {@code property} identifies records: it has unique values, or it is the contacts' {@code email},
     * which HubSpot documents as an {@code idProperty} for contacts.
     */
    boolean identifies(String property) {
        PropertyDefinition p = properties.get(property);
        if (p == null) {
            return false;
        }
        return p.hasUniqueValue() || (isContacts() && property.equals("email"));
    }

    /** Values of identifying properties compare as HubSpot does: e-mail addresses without case. */
    String normalize(String property, String value) {
        return isContacts() && property.equals("email") ? value.toLowerCase(Locale.ROOT) : value;
    }

    Stored live(String id) {
        Stored s = records.get(id);
        return s == null || s.archived ? null : s;
    }

    /** The live record whose identifying {@code property} holds {@code value}, or null. */
    Stored findBy(String property, String value) {
        Map<String, String> index = uniqueIndex.get(property);
        String id = index == null ? null : index.get(normalize(property, value));
        return id == null ? null : live(id);
    }

    void put(Stored s, String property, String value) {
        Map<String, String> index = uniqueIndex.get(property);
        String old = s.properties.get(property);
        if (index != null && old != null && !old.isEmpty()) {
            index.remove(normalize(property, old), s.id);
        }
        if (value.isEmpty() && !SYSTEM_PROPERTIES.contains(property)) {
            s.properties.remove(property); // HubSpot: an empty string clears the value
            return;
        }
        s.properties.put(property, value);
        if (index != null) {
            index.put(normalize(property, value), s.id);
        }
    }

    void archive(Stored s, Instant at) {
        s.archived = true;
        s.updatedAt = at;
        for (Map.Entry<String, Map<String, String>> e : uniqueIndex.entrySet()) {
            String v = s.properties.get(e.getKey());
            if (v != null) {
                e.getValue().remove(normalize(e.getKey(), v), s.id);
            }
        }
    }

    List<CrmObject> liveSnapshots() {
        List<CrmObject> out = new ArrayList<>();
        for (Stored s : records.values()) {
            if (!s.archived) {
                out.add(s.snapshot());
            }
        }
        return out;
    }
}

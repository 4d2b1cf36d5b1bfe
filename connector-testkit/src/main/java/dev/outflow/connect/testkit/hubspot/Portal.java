package dev.outflow.connect.testkit.hubspot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The emulated HubSpot account ("portal"): its object types with their properties and records, the
 * associations between records, and the record id sequence. Guarded by the emulator's state lock.
 */
final class Portal {

    static final String PORTAL_ID = "12345678";

    private final Map<String, ObjectType> byKey = new LinkedHashMap<>();
    /** "fromTypeId:fromId:toTypeId" -> ids of the records associated with it (both directions are stored). */
    private final Map<String, Set<String>> associations = new LinkedHashMap<>();

    private long nextId = 1001;

    Portal() {
        ObjectType contacts = register(new ObjectType("contacts", "0-1", "contacts", "Contact", false));
        contacts.define(PropertyDefinition.string("email").hubspotDefined());
        contacts.define(PropertyDefinition.string("firstname").hubspotDefined());
        contacts.define(PropertyDefinition.string("lastname").hubspotDefined());
        contacts.define(PropertyDefinition.string("phone").hubspotDefined());
        contacts.define(PropertyDefinition.string("company").hubspotDefined());
        contacts.define(PropertyDefinition.enumeration(
                        "lifecyclestage",
                        "subscriber",
                        "lead",
                        "marketingqualifiedlead",
                        "salesqualifiedlead",
                        "opportunity",
                        "customer",
                        "evangelist",
                        "other")
                .hubspotDefined());
        ObjectType companies = register(new ObjectType("companies", "0-2", "companies", "Company", false));
        companies.define(PropertyDefinition.string("name").hubspotDefined());
        companies.define(PropertyDefinition.string("domain").hubspotDefined());
        companies.define(PropertyDefinition.string("city").hubspotDefined());
        companies.define(PropertyDefinition.string("industry").hubspotDefined());
        ObjectType deals = register(new ObjectType("deals", "0-3", "deals", "Deal", false));
        deals.define(PropertyDefinition.string("dealname").hubspotDefined());
        deals.define(PropertyDefinition.number("amount").hubspotDefined());
        deals.define(PropertyDefinition.datetime("closedate").hubspotDefined());
        deals.define(PropertyDefinition.string("pipeline").hubspotDefined());
        deals.define(PropertyDefinition.enumeration(
                        "dealstage",
                        "appointmentscheduled",
                        "qualifiedtobuy",
                        "presentationscheduled",
                        "decisionmakerboughtin",
                        "contractsent",
                        "closedwon",
                        "closedlost")
                .hubspotDefined());
    }

    private ObjectType register(ObjectType t) {
        byKey.put(t.name.toLowerCase(Locale.ROOT), t);
        byKey.put(t.objectTypeId, t);
        if (t.custom) {
            byKey.put(("p" + PORTAL_ID + "_" + t.name).toLowerCase(Locale.ROOT), t);
        }
        return t;
    }

    ObjectType registerCustom(String name, String objectTypeId) {
        if (!objectTypeId.matches("2-\\d+")) {
            throw new IllegalArgumentException("custom object type ids look like 2-123456: " + objectTypeId);
        }
        if (byKey.containsKey(name.toLowerCase(Locale.ROOT)) || byKey.containsKey(objectTypeId)) {
            throw new IllegalArgumentException("object type already exists: " + name + " / " + objectTypeId);
        }
        String label = Character.toUpperCase(name.charAt(0)) + name.substring(1);
        return register(new ObjectType(name, objectTypeId, "custom", label, true));
    }

    /** The type a path names (by name, objectTypeId or a custom type's fully qualified name), or null. */
    ObjectType find(String segment) {
        return byKey.get(segment.toLowerCase(Locale.ROOT));
    }

    /** The type a path names; HubSpot's 400 when it names none. */
    ObjectType type(String segment) {
        ObjectType t = find(segment);
        if (t == null) {
            throw ApiError.validation("Unable to infer object type from: " + segment);
        }
        return t;
    }

    ObjectType known(String typeName) {
        ObjectType t = find(typeName);
        if (t == null) {
            throw new IllegalArgumentException("no object type " + typeName);
        }
        return t;
    }

    String nextId() {
        return Long.toString(nextId++);
    }

    /** Stores the association in both directions; false when it already existed. */
    boolean associate(ObjectType from, String fromId, ObjectType to, String toId) {
        boolean added = associations
                .computeIfAbsent(from.objectTypeId + ":" + fromId + ":" + to.objectTypeId, k -> new LinkedHashSet<>())
                .add(toId);
        associations
                .computeIfAbsent(to.objectTypeId + ":" + toId + ":" + from.objectTypeId, k -> new LinkedHashSet<>())
                .add(fromId);
        return added;
    }

    List<String> associated(ObjectType from, String fromId, ObjectType to) {
        return new ArrayList<>(
                associations.getOrDefault(from.objectTypeId + ":" + fromId + ":" + to.objectTypeId, Set.of()));
    }

    int associationCount() {
        return associations.values().stream().mapToInt(Set::size).sum() / 2;
    }
}

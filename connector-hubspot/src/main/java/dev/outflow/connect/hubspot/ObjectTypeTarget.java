package dev.outflow.connect.hubspot;

import java.time.Instant;

/**
 * One object type the connector writes to, as a target of the framework: its batch endpoints, its id
 * property, its associations, and its property definitions (read at the first write to it, and again
 * when a record names a field they lack and they are old).
 */
final class ObjectTypeTarget {

    final String type;
    /** Null in create mode, or when the type has no id property (only when routed by a field). */
    final String idProperty;

    final String objectsPath;
    /** Null when written objects are not associated. */
    final Associator associator;

    /** Null until the first write, and after the definitions were found stale. */
    BatchPlanner planner;

    Instant propertiesReadAt;

    ObjectTypeTarget(String type, String idProperty, Associator associator) {
        this.type = type;
        this.idProperty = idProperty;
        this.objectsPath = "/crm/v3/objects/" + HubSpotClient.segment(type) + "/batch/";
        this.associator = associator;
    }
}

package dev.outflow.connect.testkit.hubspot;

import java.time.Instant;
import java.util.Map;

/**
 * A snapshot of one CRM record for a test to inspect: its id ({@code hs_object_id}), every property
 * value as HubSpot stores it (text), when it was created and last modified on the emulator's clock,
 * and whether it is archived.
 */
public record CrmObject(
        String id, Map<String, String> properties, Instant createdAt, Instant updatedAt, boolean archived) {

    /** The stored value of a property, or null. */
    public String property(String name) {
        return properties.get(name);
    }
}

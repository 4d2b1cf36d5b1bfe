package dev.outflow.sandbox;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.outflow.connect.testkit.hubspot.CrmObject;
import dev.outflow.connect.testkit.hubspot.HubSpotEmulator;

/**
 * The HubSpot CRM as the web page shows it: for contacts and companies, the objects written last
 * with their properties and the objects of the other type they are associated with.
 */
final class CrmView {

    static final int OBJECTS_SHOWN = 50;
    /** Associations listed per object; a company may have hundreds of contacts. */
    static final int ASSOCIATIONS_SHOWN = 10;

    static final List<String> TYPES = List.of("contacts", "companies");

    /** HubSpot sets these on every object: the id and the update time are shown apart, the rest is noise. */
    private static final Set<String> SYSTEM_PROPERTIES = Set.of("hs_object_id", "createdate", "hs_lastmodifieddate");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HubSpotEmulator emulator;

    CrmView(HubSpotEmulator emulator) {
        this.emulator = emulator;
    }

    /**
     * {mode, url, types: [{type, objectCount, properties: [..], objects: [{id, updatedAt, properties:
     * {..}, associations: {type, count, labels: [..]}}]}]}, the most recently written object first.
     */
    ObjectNode json() {
        ObjectNode json = JSON.createObjectNode().put("mode", "emulator").put("url", emulator.baseUrl());
        ArrayNode types = json.putArray("types");
        for (String type : TYPES) {
            String other = TYPES.get(1 - TYPES.indexOf(type));
            List<CrmObject> all = emulator.objects(type);
            List<CrmObject> latest = all.stream()
                    .sorted(Comparator.comparing(CrmObject::updatedAt)
                            .thenComparing(object -> Long.parseLong(object.id()))
                            .reversed())
                    .limit(OBJECTS_SHOWN)
                    .toList();
            Set<String> names = new TreeSet<>();
            latest.forEach(object -> names.addAll(object.properties().keySet()));
            names.removeAll(SYSTEM_PROPERTIES);
            ObjectNode shown = types.addObject().put("type", type).put("objectCount", all.size());
            names.forEach(shown.putArray("properties")::add);
            ArrayNode objects = shown.putArray("objects");
            for (CrmObject object : latest) {
                ObjectNode node = objects.addObject()
                        .put("id", object.id())
                        .put("updatedAt", object.updatedAt().toEpochMilli());
                ObjectNode properties = node.putObject("properties");
                names.forEach(name -> properties.put(name, object.property(name)));
                node.set("associations", associations(type, object.id(), other));
            }
        }
        return json;
    }

    private ObjectNode associations(String type, String id, String other) {
        List<String> ids = emulator.associations(type, id, other);
        ObjectNode json = JSON.createObjectNode().put("type", other).put("count", ids.size());
        ArrayNode labels = json.putArray("labels");
        ids.stream()
                .limit(ASSOCIATIONS_SHOWN)
                .forEach(otherId -> labels.add(
                        emulator.object(other, otherId).map(CrmView::label).orElse(otherId)));
        return json;
    }

    /** How a person recognises an object: a contact by its e-mail, a company by its name. */
    private static String label(CrmObject object) {
        for (String property : List.of("email", "name")) {
            String value = object.property(property);
            if (value != null && !value.isEmpty()) {
                return value;
            }
        }
        return object.id();
    }
}

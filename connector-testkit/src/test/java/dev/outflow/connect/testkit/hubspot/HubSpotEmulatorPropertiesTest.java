package dev.outflow.connect.testkit.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class HubSpotEmulatorPropertiesTest extends HubSpotEmulatorTestBase {

    @Test
    void listsTheBuiltInAndDefinedPropertiesAsThePropertiesApiDoes() {
        hubspot.defineProperty(
                "contacts", PropertyDefinition.string("external_id").unique());
        hubspot.defineProperty("contacts", PropertyDefinition.multiSelect("interests", "ski", "golf"));
        hubspot.defineProperty("contacts", PropertyDefinition.number("score").readOnly());

        Answer a = get("/crm/v3/properties/contacts");

        assertThat(a.status()).isEqualTo(200);
        JsonNode results = a.json().path("results");
        assertThat(results.findValuesAsText("name")).contains("email", "hs_object_id", "external_id", "interests");
        JsonNode externalId = find(results, "external_id");
        assertThat(externalId.path("type").asText()).isEqualTo("string");
        assertThat(externalId.path("hasUniqueValue").asBoolean()).isTrue();
        JsonNode interests = find(results, "interests");
        assertThat(interests.path("type").asText()).isEqualTo("enumeration");
        assertThat(interests.path("fieldType").asText()).isEqualTo("checkbox");
        assertThat(interests.path("options").findValuesAsText("value")).containsExactly("ski", "golf");
        assertThat(find(results, "score")
                        .at("/modificationMetadata/readOnlyValue")
                        .asBoolean())
                .isTrue();
        assertThat(find(results, "hs_object_id")
                        .at("/modificationMetadata/readOnlyValue")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void readsOnePropertyByObjectTypeIdAndRefusesUnknownOnes() {
        Answer email = get("/crm/v3/properties/0-1/email");
        Answer missing = get("/crm/v3/properties/contacts/nope");
        Answer badType = get("/crm/v3/properties/unicorns");

        assertThat(email.status()).isEqualTo(200);
        assertThat(email.json().path("name").asText()).isEqualTo("email");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(badType.status()).isEqualTo(400);
        assertThat(badType.json().path("message").asText()).isEqualTo("Unable to infer object type from: unicorns");
    }

    @Test
    void customObjectsAreReachableByNameIdAndFullyQualifiedName() {
        hubspot.registerCustomObject("cars", "2-1001");
        hubspot.defineProperty("2-1001", PropertyDefinition.date("registered"));

        assertThat(get("/crm/v3/properties/cars/registered").json().path("type").asText())
                .isEqualTo("date");
        assertThat(get("/crm/v3/properties/2-1001/registered").status()).isEqualTo(200);
        assertThat(get("/crm/v3/properties/p" + "12345678_cars/registered").status())
                .isEqualTo(200);
    }

    @Test
    void readingPropertiesNeedsTheSchemaScope() {
        String objectsOnly = hubspot.createToken("crm.objects.contacts.read", "crm.objects.contacts.write");

        Answer a = send(request("/crm/v3/properties/contacts", objectsOnly).GET());

        assertThat(a.status()).isEqualTo(403);
        assertThat(a.json().at("/errors/0/context/requiredScopes/0").asText()).isEqualTo("crm.schemas.contacts.read");
    }

    private static JsonNode find(JsonNode results, String name) {
        for (JsonNode p : results) {
            if (p.path("name").asText().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("no property " + name);
    }
}

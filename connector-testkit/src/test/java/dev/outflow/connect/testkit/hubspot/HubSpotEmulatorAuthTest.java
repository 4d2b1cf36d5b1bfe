package dev.outflow.connect.testkit.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;

import org.junit.jupiter.api.Test;

class HubSpotEmulatorAuthTest extends HubSpotEmulatorTestBase {

    private static final String UPSERT = "/crm/v3/objects/contacts/batch/upsert";
    private static final String BODY = inputs(upsertContact("a@example.com", "{}", null));

    @Test
    void aRequestWithoutATokenIs401InvalidAuthentication() {
        Answer a = send(request(UPSERT, null).POST(HttpRequest.BodyPublishers.ofString(BODY)));

        assertThat(a.status()).isEqualTo(401);
        assertThat(a.json().path("category").asText()).isEqualTo("INVALID_AUTHENTICATION");
        assertThat(a.json().path("status").asText()).isEqualTo("error");
        assertThat(a.json().path("correlationId").asText()).isNotEmpty();
        assertThat(hubspot.objects("contacts")).isEmpty();
    }

    @Test
    void anUnknownOrRevokedTokenIs401() {
        Answer unknown = send(request(UPSERT, "pat-na1-not-a-token").POST(HttpRequest.BodyPublishers.ofString(BODY)));
        hubspot.revokeToken(token);
        Answer revoked = post(UPSERT, BODY);

        assertThat(unknown.status()).isEqualTo(401);
        assertThat(revoked.status()).isEqualTo(401);
        assertThat(revoked.json().path("category").asText()).isEqualTo("INVALID_AUTHENTICATION");
    }

    @Test
    void aMissingScopeIs403MissingScopesNamingTheScope() {
        String readOnly = hubspot.createToken("crm.objects.contacts.read");

        Answer a = send(request(UPSERT, readOnly).POST(HttpRequest.BodyPublishers.ofString(BODY)));

        assertThat(a.status()).isEqualTo(403);
        assertThat(a.json().path("category").asText()).isEqualTo("MISSING_SCOPES");
        assertThat(a.json().path("message").asText()).startsWith("This app hasn't been granted all required scopes");
        assertThat(a.json().at("/errors/0/context/requiredScopes/0").asText()).isEqualTo("crm.objects.contacts.write");
        assertThat(hubspot.objects("contacts")).isEmpty();
    }

    @Test
    void customObjectsNeedTheCustomScopes() {
        hubspot.registerCustomObject("cars", "2-1001");
        hubspot.defineProperty("cars", PropertyDefinition.string("vin").unique());
        String contactsOnly = hubspot.createToken("crm.objects.contacts.write");

        Answer a = send(request("/crm/v3/objects/2-1001/batch/create", contactsOnly)
                .POST(HttpRequest.BodyPublishers.ofString(inputs("{\"properties\":{\"vin\":\"V1\"}}"))));

        assertThat(a.status()).isEqualTo(403);
        assertThat(a.json().at("/errors/0/context/requiredScopes/0").asText()).isEqualTo("crm.objects.custom.write");
    }

    @Test
    void theRequestLogNeverHoldsCredentials() {
        post(UPSERT, BODY);

        assertThat(hubspot.requests()).singleElement().satisfies(r -> {
            assertThat(r.toString()).doesNotContain(token);
            assertThat(r.status()).isEqualTo(200);
        });
    }
}

package dev.outflow.connect.testkit.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HubSpotEmulatorAssociationsTest extends HubSpotEmulatorTestBase {

    private String contact;
    private String company;

    @BeforeEach
    void records() {
        hubspot.rateLimits().disable();
        contact = post(
                        "/crm/v3/objects/contacts/batch/create",
                        inputs("{\"properties\":{\"email\":\"a@example.com\"}}"))
                .json()
                .at("/results/0/id")
                .asText();
        company = post(
                        "/crm/v3/objects/companies/batch/create",
                        inputs("{\"properties\":{\"domain\":\"example.com\"}}"))
                .json()
                .at("/results/0/id")
                .asText();
    }

    @Test
    void putDefaultAssociatesBothWaysWithHubSpotsTypeIds() {
        Answer a = put("/crm/v4/objects/contacts/" + contact + "/associations/default/companies/" + company);

        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().at("/results/0/associationSpec/associationCategory").asText())
                .isEqualTo("HUBSPOT_DEFINED");
        assertThat(a.json().at("/results/0/associationSpec/associationTypeId").asInt())
                .isEqualTo(279);
        assertThat(hubspot.associations("contacts", contact, "companies")).containsExactly(company);
        assertThat(hubspot.associations("companies", company, "contacts")).containsExactly(contact);
    }

    @Test
    void batchAssociateDefaultReportsUnknownIdsPerRowIn207() {
        Answer a = post(
                "/crm/v4/associations/contacts/companies/batch/associate/default",
                "{\"inputs\":["
                        + "{\"from\":{\"id\":\"" + contact + "\"},\"to\":{\"id\":\"" + company + "\"}},"
                        + "{\"from\":{\"id\":\"999999\"},\"to\":{\"id\":\"" + company + "\"}}]}");

        assertThat(a.status()).isEqualTo(207);
        assertThat(a.json().path("numErrors").asInt()).isEqualTo(1);
        assertThat(a.json().at("/errors/0/context/fromObjectId/0").asText()).isEqualTo("999999");
        assertThat(a.json().path("results")).hasSize(1);
        assertThat(hubspot.associationCount()).isEqualTo(1);
    }

    @Test
    void anUnknownIdOnTheSinglePutRefusesIt() {
        Answer a = put("/crm/v4/objects/contacts/" + contact + "/associations/default/companies/999999");

        assertThat(a.status()).isEqualTo(400);
        assertThat(hubspot.associationCount()).isZero();
    }

    @Test
    void customObjectsHaveNoDefaultAssociation() {
        hubspot.registerCustomObject("cars", "2-1001");

        Answer a = post("/crm/v4/associations/contacts/cars/batch/associate/default", "{\"inputs\":[]}");

        assertThat(a.status()).isEqualTo(400);
        assertThat(a.json().path("message").asText()).contains("no default association type");
    }

    @Test
    void associatingNeedsTheWriteScopeOfBothTypes() {
        String contactsOnly = hubspot.createToken("crm.objects.contacts.write");

        Answer a = send(request(
                        "/crm/v4/objects/contacts/" + contact + "/associations/default/companies/" + company,
                        contactsOnly)
                .PUT(HttpRequest.BodyPublishers.noBody()));

        assertThat(a.status()).isEqualTo(403);
        assertThat(a.json().at("/errors/0/context/requiredScopes/0").asText()).isEqualTo("crm.objects.companies.write");
    }

    @Test
    void theBatchSizeIsLimited() {
        hubspot.limits().maxAssociationInputs(1);

        Answer a = post(
                "/crm/v4/associations/contacts/companies/batch/associate/default",
                "{\"inputs\":["
                        + "{\"from\":{\"id\":\"" + contact + "\"},\"to\":{\"id\":\"" + company + "\"}},"
                        + "{\"from\":{\"id\":\"" + contact + "\"},\"to\":{\"id\":\"" + company + "\"}}]}");

        assertThat(a.status()).isEqualTo(400);
    }
}

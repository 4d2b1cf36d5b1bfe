package dev.outflow.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.outflow.connect.testkit.hubspot.HubSpotEmulator;
import dev.outflow.connect.testkit.hubspot.PropertyDefinition;

/**
 * Where the HubSpot connector writes: the HubSpot emulator, set up as the connector's README tells a
 * user to set up an account: a private app with the scopes the demo needs, the contact properties
 * the churn scores go to, and the demo's companies with a unique key to associate contacts with.
 */
final class HubSpotTarget implements AutoCloseable {

    static final String API_URL = "hubspot.api.url";
    static final String ACCESS_TOKEN = "hubspot.access.token";

    /** The contact properties the demo connector writes; {@link DemoConnectors#hubspot} maps fields to them. */
    static final String CUSTOMER_ID = "customer_id";

    static final String CHURN_SEGMENT = "churn_segment";

    /**
     * Write contacts and read their definitions; find companies by their key (read, and their
     * definitions for validate()) and associate with them (the emulator asks for both types' write scopes).
     */
    private static final String[] SCOPES = {
        "crm.objects.contacts.write",
        "crm.schemas.contacts.read",
        "crm.objects.companies.read",
        "crm.objects.companies.write",
        "crm.schemas.companies.read"
    };

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HubSpotEmulator emulator;
    private final Map<String, String> settings;

    private HubSpotTarget(HubSpotEmulator emulator, Map<String, String> settings) {
        this.emulator = emulator;
        this.settings = settings;
    }

    /** An emulator with the demo's private app, contact properties and companies. */
    static HubSpotTarget emulated() throws IOException, InterruptedException {
        HubSpotEmulator hubspot = new HubSpotEmulator();
        try {
            String token = hubspot.createToken(SCOPES);
            hubspot.defineProperty(
                    "contacts", PropertyDefinition.string(CUSTOMER_ID).unique());
            hubspot.defineProperty("contacts", PropertyDefinition.number("churn_score"));
            hubspot.defineProperty(
                    "contacts", PropertyDefinition.enumeration(CHURN_SEGMENT, "healthy", "watch", "at-risk"));
            hubspot.defineProperty("contacts", PropertyDefinition.enumeration("plan", "team", "enterprise"));
            hubspot.defineProperty("contacts", PropertyDefinition.number("seats"));
            hubspot.defineProperty(
                    "companies",
                    PropertyDefinition.string(DemoCompanies.KEY_PROPERTY).unique());
            createCompanies(hubspot.baseUrl(), token);
            return new HubSpotTarget(hubspot, Map.of(API_URL, hubspot.baseUrl(), ACCESS_TOKEN, token));
        } catch (IOException | InterruptedException | RuntimeException e) {
            hubspot.close();
            throw e;
        }
    }

    /** The companies go in through HubSpot's API, as a CRM's own import would put them there. */
    private static void createCompanies(String baseUrl, String token) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode inputs = body.putArray("inputs");
        for (DemoCompanies.Company company : DemoCompanies.ALL) {
            inputs.addObject()
                    .put("idProperty", DemoCompanies.KEY_PROPERTY)
                    .put("id", company.key())
                    .putObject("properties")
                    .put("name", company.name())
                    .put("domain", company.domain());
        }
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(baseUrl + "/crm/v3/objects/companies/batch/upsert"))
                                .header("Authorization", "Bearer " + token)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(
                    "the HubSpot emulator refused the demo's companies: " + response.statusCode());
        }
    }

    /** Connector settings for {@link AppSettings}, named as the connector's keys. */
    Map<String, String> settings() {
        return settings;
    }

    HubSpotEmulator emulator() {
        return emulator;
    }

    /** Where a person looks at the CRM. */
    String where() {
        return "emulator " + emulator.baseUrl() + " (contacts and companies; shown on the web page)";
    }

    @Override
    public void close() {
        emulator.close();
    }
}

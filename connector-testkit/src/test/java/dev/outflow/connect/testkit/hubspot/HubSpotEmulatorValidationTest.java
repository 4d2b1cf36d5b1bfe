package dev.outflow.connect.testkit.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** Property values are checked as HubSpot checks them; every failing property of a row is reported. */
class HubSpotEmulatorValidationTest extends HubSpotEmulatorTestBase {

    private static final String UPSERT = "/crm/v3/objects/contacts/batch/upsert";

    @BeforeEach
    void properties() {
        hubspot.rateLimits().disable();
        hubspot.defineProperty("contacts", PropertyDefinition.enumeration("tier", "gold", "silver"));
        hubspot.defineProperty("contacts", PropertyDefinition.multiSelect("interests", "ski", "golf", "chess"));
        hubspot.defineProperty("contacts", PropertyDefinition.date("renewal_date"));
        hubspot.defineProperty("contacts", PropertyDefinition.datetime("last_seen"));
        hubspot.defineProperty("contacts", PropertyDefinition.number("churn_score"));
        hubspot.defineProperty("contacts", PropertyDefinition.bool("vip"));
        hubspot.defineProperty("contacts", PropertyDefinition.string("region").readOnly());
    }

    /** The code of the single problem HubSpot reports for one upserted row. */
    private String codeFor(String propertiesJson) {
        Answer a = post(UPSERT, inputs(upsertContact("a@example.com", propertiesJson, null)));
        assertThat(a.status()).as(propertiesJson).isEqualTo(400);
        assertThat(a.json().path("category").asText()).isEqualTo("VALIDATION_ERROR");
        assertThat(a.json().path("message").asText()).startsWith("Property values were not valid: [");
        assertThat(hubspot.objects("contacts")).isEmpty();
        return a.json().at("/errors/0/code").asText();
    }

    @Test
    void eachKindOfBadValueHasHubSpotsCode() {
        assertThat(codeFor("{\"tier\":\"bronze\"}")).isEqualTo("INVALID_OPTION");
        assertThat(codeFor("{\"interests\":\"ski;tennis\"}")).isEqualTo("INVALID_OPTION");
        assertThat(codeFor("{\"renewal_date\":\"2024-13-01\"}")).isEqualTo("INVALID_DATE");
        assertThat(codeFor("{\"renewal_date\":\"1700000000000\"}")).isEqualTo("INVALID_DATE");
        assertThat(codeFor("{\"last_seen\":\"yesterday\"}")).isEqualTo("INVALID_DATETIME");
        assertThat(codeFor("{\"churn_score\":\"high\"}")).isEqualTo("INVALID_LONG");
        assertThat(codeFor("{\"vip\":\"yes\"}")).isEqualTo("INVALID_BOOLEAN");
        assertThat(codeFor("{\"nickname\":\"Al\"}")).isEqualTo("PROPERTY_DOESNT_EXIST");
        assertThat(codeFor("{\"region\":\"EU\"}")).isEqualTo("READ_ONLY_VALUE");
        assertThat(codeFor("{\"hs_object_id\":\"5\"}")).isEqualTo("READ_ONLY_VALUE");
        assertThat(codeFor("{\"churn_score\":\" 5\"}")).isEqualTo("LEADING_TRAILING_WHITESPACE");
        assertThat(codeFor("{\"churn_score\":null}")).isEqualTo("INVALID_VALUE");
    }

    @Test
    void aBadEmailIsInvalidEmail() {
        Answer a = post(UPSERT, inputs(upsertContact("not-an-address", "{}", null)));

        assertThat(a.status()).isEqualTo(400);
        assertThat(a.json().at("/errors/0/code").asText()).isEqualTo("INVALID_EMAIL");
        assertThat(a.json().at("/errors/0/message").asText()).isEqualTo("Email address not-an-address is invalid");
        assertThat(a.json().at("/errors/0/context/propertyName/0").asText()).isEqualTo("email");
    }

    @Test
    void everyFailingPropertyOfARowIsListed() {
        Answer a = post(UPSERT, inputs(upsertContact("a@example.com", "{\"tier\":\"x\",\"vip\":\"y\"}", null)));

        assertThat(a.json().path("errors").findValuesAsText("code"))
                .containsExactly("INVALID_OPTION", "INVALID_BOOLEAN");
    }

    @Test
    void goodValuesAreStoredAsHubSpotStoresThem() {
        Answer a = post(
                UPSERT,
                inputs(upsertContact(
                        "a@example.com",
                        "{\"tier\":\"gold\",\"interests\":\"ski;chess\","
                                + "\"renewal_date\":\"2024-03-01\",\"last_seen\":\"2024-03-01T10:15:30Z\",\"churn_score\":0.75,"
                                + "\"vip\":true,\"firstname\":\"  spaces kept in text \"}",
                        null)));

        assertThat(a.status()).isEqualTo(200);
        CrmObject c = hubspot.objects("contacts").get(0);
        assertThat(c.property("renewal_date")).isEqualTo("1709251200000");
        assertThat(c.property("last_seen")).isEqualTo("1709288130000");
        assertThat(c.property("interests")).isEqualTo("ski;chess");
        assertThat(c.property("churn_score")).isEqualTo("0.75");
        assertThat(c.property("vip")).isEqualTo("true");
        assertThat(c.property("firstname")).isEqualTo("  spaces kept in text ");
    }

    @Test
    void anEmptyStringClearsAValue() {
        post(UPSERT, inputs(upsertContact("a@example.com", "{\"tier\":\"gold\"}", null)));

        Answer a = post(UPSERT, inputs(upsertContact("a@example.com", "{\"tier\":\"\"}", null)));

        assertThat(a.status()).isEqualTo(200);
        assertThat(hubspot.objects("contacts").get(0).property("tier")).isNull();
    }

    @Test
    void threeBadRowsInATracedBatchAreTheOnlyErrorsAndTheRestIsWritten() {
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            rows.add(upsertContact("c" + i + "@example.com", "{\"tier\":\"gold\"}", "t" + i));
        }
        rows.set(2, upsertContact("bad-email", "{}", "t2"));
        rows.set(5, upsertContact("c5@example.com", "{\"tier\":\"bronze\"}", "t5"));
        rows.set(7, upsertContact("c7@example.com", "{\"renewal_date\":\"31/12/2024\"}", "t7"));

        Answer a = post(UPSERT, inputs(rows.toArray(String[]::new)));

        assertThat(a.status()).isEqualTo(207);
        assertThat(a.json().path("numErrors").asInt()).isEqualTo(3);
        List<String> traced = new ArrayList<>();
        List<String> codes = new ArrayList<>();
        for (JsonNode e : a.json().path("errors")) {
            traced.add(e.at("/context/objectWriteTraceId/0").asText());
            codes.add(e.at("/errors/0/code").asText());
        }
        assertThat(traced).containsExactly("t2", "t5", "t7");
        assertThat(codes).containsExactly("INVALID_EMAIL", "INVALID_OPTION", "INVALID_DATE");
        assertThat(a.json().path("results")).hasSize(7);
        assertThat(hubspot.objects("contacts")).hasSize(7);
    }

    @Test
    void twoCreatesWithOneUniqueValueInOneBatchConflict() {
        Answer a = post(
                "/crm/v3/objects/contacts/batch/create",
                inputs(
                        "{\"properties\":{\"email\":\"a@example.com\"},\"objectWriteTraceId\":\"t1\"}",
                        "{\"properties\":{\"email\":\"A@example.com\"},\"objectWriteTraceId\":\"t2\"}"));

        assertThat(a.status()).isEqualTo(207);
        assertThat(a.json().at("/errors/0/context/objectWriteTraceId/0").asText())
                .isEqualTo("t2");
        assertThat(hubspot.objects("contacts")).hasSize(1);
    }
}

package dev.outflow.connect.testkit.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class HubSpotEmulatorBatchTest extends HubSpotEmulatorTestBase {

    private static final String CONTACTS = "/crm/v3/objects/contacts/batch/";

    @BeforeEach
    void unlimited() {
        hubspot.rateLimits().disable();
    }

    @Test
    void upsertCreatesThenUpdatesByEmailAndSaysWhichWasNew() {
        Answer first =
                post(CONTACTS + "upsert", inputs(upsertContact("Ann@Example.com", "{\"firstname\":\"Ann\"}", null)));
        clock.advanceSeconds(5);
        Answer second =
                post(CONTACTS + "upsert", inputs(upsertContact("ann@example.com", "{\"firstname\":\"Anna\"}", null)));

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().path("status").asText()).isEqualTo("COMPLETE");
        assertThat(first.json().at("/results/0/new").asBoolean()).isTrue();
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json().at("/results/0/new").asBoolean()).isFalse();
        assertThat(second.json().at("/results/0/id").asText())
                .isEqualTo(first.json().at("/results/0/id").asText());
        assertThat(hubspot.objects("contacts")).singleElement().satisfies(c -> {
            assertThat(c.property("email")).isEqualTo("ann@example.com");
            assertThat(c.property("firstname")).isEqualTo("Anna");
            assertThat(c.updatedAt()).isEqualTo(clock.instant());
        });
    }

    @Test
    void createAnswers201AndAnExistingUniqueValueRefusesTheWholeBatchWithoutTraceIds() {
        Answer created = post(CONTACTS + "create", inputs("{\"properties\":{\"email\":\"a@example.com\"}}"));
        String id = created.json().at("/results/0/id").asText();

        Answer refused = post(
                CONTACTS + "create",
                inputs(
                        "{\"properties\":{\"email\":\"b@example.com\"}}",
                        "{\"properties\":{\"email\":\"A@example.com\"}}"));

        assertThat(created.status()).isEqualTo(201);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().path("category").asText()).isEqualTo("CONFLICT");
        assertThat(refused.json().path("message").asText()).isEqualTo("Contact already exists. Existing ID: " + id);
        assertThat(hubspot.objects("contacts")).hasSize(1); // b@ was not applied either: the batch is atomic
    }

    @Test
    void withAnObjectWriteTraceIdOnEveryInputFailingRowsAreReportedIn207AndTheRestApplied() {
        post(CONTACTS + "create", inputs("{\"properties\":{\"email\":\"a@example.com\"}}"));

        Answer a = post(
                CONTACTS + "create",
                inputs(
                        "{\"properties\":{\"email\":\"b@example.com\"},\"objectWriteTraceId\":\"t1\"}",
                        "{\"properties\":{\"email\":\"a@example.com\"},\"objectWriteTraceId\":\"t2\"}"));

        assertThat(a.status()).isEqualTo(207);
        assertThat(a.json().path("numErrors").asInt()).isEqualTo(1);
        assertThat(a.json().at("/errors/0/category").asText()).isEqualTo("CONFLICT");
        assertThat(a.json().at("/errors/0/context/objectWriteTraceId/0").asText())
                .isEqualTo("t2");
        assertThat(a.json().at("/results/0/objectWriteTraceId").asText()).isEqualTo("t1");
        assertThat(hubspot.objects("contacts"))
                .extracting(c -> c.property("email"))
                .containsExactly("a@example.com", "b@example.com");
    }

    @Test
    void repeatedTraceIdsDoNotOptIntoMultiStatus() {
        Answer a = post(
                CONTACTS + "create",
                inputs(
                        "{\"properties\":{\"email\":\"b@example.com\"},\"objectWriteTraceId\":\"same\"}",
                        "{\"properties\":{\"email\":\"not-an-address\"},\"objectWriteTraceId\":\"same\"}"));

        assertThat(a.status()).isEqualTo(400);
        assertThat(hubspot.objects("contacts")).isEmpty();
    }

    @Test
    void updateOfAnUnknownIdIsObjectNotFoundPerRow() {
        String id = post(CONTACTS + "create", inputs("{\"properties\":{\"email\":\"a@example.com\"}}"))
                .json()
                .at("/results/0/id")
                .asText();

        Answer traced = post(
                CONTACTS + "update",
                inputs(
                        "{\"id\":\"" + id + "\",\"properties\":{\"firstname\":\"A\"},\"objectWriteTraceId\":\"t1\"}",
                        "{\"id\":\"999999\",\"properties\":{\"firstname\":\"B\"},\"objectWriteTraceId\":\"t2\"}"));
        Answer untraced = post(CONTACTS + "update", inputs("{\"id\":\"999999\",\"properties\":{\"firstname\":\"B\"}}"));

        assertThat(traced.status()).isEqualTo(207);
        assertThat(traced.json().at("/errors/0/category").asText()).isEqualTo("OBJECT_NOT_FOUND");
        assertThat(traced.json().at("/errors/0/context/ids/0").asText()).isEqualTo("999999");
        assertThat(hubspot.object("contacts", id).orElseThrow().property("firstname"))
                .isEqualTo("A");
        assertThat(untraced.status()).isEqualTo(404);
        assertThat(untraced.json().path("category").asText()).isEqualTo("OBJECT_NOT_FOUND");
    }

    @Test
    void aWholeBatchNotFoundNamesEveryMissingId() {
        Answer a = post(
                CONTACTS + "update",
                inputs("{\"id\":\"7001\",\"properties\":{}}", "{\"id\":\"7002\",\"properties\":{}}"));

        assertThat(a.status()).isEqualTo(404);
        assertThat(a.json().at("/context/ids/0").asText()).isEqualTo("7001");
        assertThat(a.json().at("/context/ids/1").asText()).isEqualTo("7002");
    }

    @Test
    void updateByAUniqueIdProperty() {
        hubspot.defineProperty(
                "contacts", PropertyDefinition.string("external_id").unique());
        post(CONTACTS + "create", inputs("{\"properties\":{\"email\":\"a@example.com\",\"external_id\":\"X1\"}}"));

        Answer a = post(
                CONTACTS + "update",
                inputs("{\"id\":\"X1\",\"idProperty\":\"external_id\",\"properties\":{\"lastname\":\"Lee\"}}"));

        assertThat(a.status()).isEqualTo(200);
        assertThat(hubspot.findBy("contacts", "external_id", "X1").orElseThrow().property("lastname"))
                .isEqualTo("Lee");
    }

    @Test
    void anIdPropertyWithoutUniqueValuesIsRefused() {
        Answer byName =
                post(CONTACTS + "upsert", inputs("{\"id\":\"Ann\",\"idProperty\":\"firstname\",\"properties\":{}}"));
        Answer byObjectId = post(
                CONTACTS + "upsert", inputs("{\"id\":\"1001\",\"idProperty\":\"hs_object_id\",\"properties\":{}}"));

        assertThat(byName.status()).isEqualTo(400);
        assertThat(byName.json().path("message").asText())
                .isEqualTo(
                        "Unable to perform update/upsert by non-unique 0-1 property firstname in portal ID 12345678");
        assertThat(byObjectId.status()).isEqualTo(400);
    }

    @Test
    void upsertWithoutIdPropertyIsRefused() {
        Answer a = post(CONTACTS + "upsert", inputs("{\"id\":\"a@example.com\",\"properties\":{}}"));

        assertThat(a.status()).isEqualTo(400);
        assertThat(a.json().path("category").asText()).isEqualTo("VALIDATION_ERROR");
    }

    @Test
    void duplicateIdsInOneBatchRefuseTheBatch() {
        Answer a = post(
                CONTACTS + "upsert",
                inputs(upsertContact("a@example.com", "{}", "t1"), upsertContact("A@EXAMPLE.com", "{}", "t2")));

        assertThat(a.status()).isEqualTo(400);
        assertThat(a.json().path("message").asText())
                .isEqualTo("Duplicate IDs found in batch input: [A@EXAMPLE.com]. IDs must be unique");
        assertThat(hubspot.objects("contacts")).isEmpty();
    }

    @Test
    void moreThan100InputsAreRefusedAndTheLimitIsConfigurable() {
        List<String> rows = new ArrayList<>();
        for (int i = 0; i <= 100; i++) {
            rows.add(upsertContact("c" + i + "@example.com", "{}", null));
        }
        Answer tooMany = post(CONTACTS + "upsert", inputs(rows.toArray(String[]::new)));
        Answer hundred = post(CONTACTS + "upsert", inputs(rows.subList(0, 100).toArray(String[]::new)));
        hubspot.limits().maxBatchInputs(10);
        Answer eleven = post(CONTACTS + "upsert", inputs(rows.subList(0, 11).toArray(String[]::new)));

        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.json().path("message").asText()).contains("maximum number of inputs", "100");
        assertThat(hundred.status()).isEqualTo(200);
        assertThat(eleven.status()).isEqualTo(400);
    }

    @Test
    void resultsDoNotComeBackInInputOrder() {
        Answer a = post(
                CONTACTS + "upsert",
                inputs(upsertContact("a@example.com", "{}", null), upsertContact("b@example.com", "{}", null)));

        assertThat(a.json().path("results").findValuesAsText("email"))
                .containsExactly("b@example.com", "a@example.com");
    }

    @Test
    void archiveIs204IgnoresUnknownIdsAndFreesTheUniqueValue() {
        String id = post(CONTACTS + "create", inputs("{\"properties\":{\"email\":\"a@example.com\"}}"))
                .json()
                .at("/results/0/id")
                .asText();

        Answer archived = post(CONTACTS + "archive", inputs("{\"id\":\"" + id + "\"}", "{\"id\":\"424242\"}"));
        Answer again = post(CONTACTS + "upsert", inputs(upsertContact("a@example.com", "{}", null)));

        assertThat(archived.status()).isEqualTo(204);
        assertThat(archived.raw().body()).isEmpty();
        assertThat(hubspot.object("contacts", id).orElseThrow().archived()).isTrue();
        assertThat(again.json().at("/results/0/new").asBoolean()).isTrue();
        assertThat(hubspot.objects("contacts")).hasSize(1);
    }

    @Test
    void batchReadByIdPropertyReturnsRequestedPropertiesAndReportsMissingIdsIn207() {
        post(
                CONTACTS + "upsert",
                inputs(upsertContact("a@example.com", "{\"firstname\":\"Ann\",\"lastname\":\"Lee\"}", null)));

        Answer a = post(
                CONTACTS + "read",
                "{\"idProperty\":\"email\",\"properties\":[\"firstname\"],"
                        + "\"inputs\":[{\"id\":\"a@example.com\"},{\"id\":\"zed@example.com\"}]}");

        assertThat(a.status()).isEqualTo(207);
        JsonNode found = a.json().at("/results/0/properties");
        assertThat(found.path("firstname").asText()).isEqualTo("Ann");
        assertThat(found.has("lastname")).isFalse();
        assertThat(a.json().at("/errors/0/category").asText()).isEqualTo("OBJECT_NOT_FOUND");
        assertThat(a.json().at("/errors/0/context/ids/0").asText()).isEqualTo("zed@example.com");
    }

    @Test
    void associationsInsideBatchCreateAreRefusedNotSilentlyDropped() {
        Answer a = post(
                CONTACTS + "create",
                inputs("{\"properties\":{\"email\":\"a@example.com\"},"
                        + "\"associations\":[{\"to\":{\"id\":\"1\"},\"types\":[{\"associationCategory\":\"HUBSPOT_DEFINED\","
                        + "\"associationTypeId\":279}]}]}"));

        assertThat(a.status()).isEqualTo(501);
        assertThat(hubspot.objects("contacts")).isEmpty();
    }

    @Test
    void aBodyMustBeSentAsJson() {
        Answer a = send(request(CONTACTS + "upsert", token)
                .setHeader("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(inputs(upsertContact("a@example.com", "{}", null)))));

        assertThat(a.status()).isEqualTo(415);
        assertThat(hubspot.objects("contacts")).isEmpty();
    }

    @Test
    void malformedBodiesAre400() {
        assertThat(post(CONTACTS + "upsert", "{not json").status()).isEqualTo(400);
        assertThat(post(CONTACTS + "upsert", "{\"inputs\":{}}").status()).isEqualTo(400);
        assertThat(post(CONTACTS + "update", inputs("{\"properties\":{}}")).status())
                .isEqualTo(400);
    }
}

package dev.outflow.connect.hubspot;

import static dev.outflow.connect.hubspot.HubSpotTestSupport.props;
import static dev.outflow.connect.hubspot.HubSpotTestSupport.rows;
import static dev.outflow.connect.hubspot.HubSpotTestSupport.started;
import static dev.outflow.connect.hubspot.HubSpotTestSupport.tombstone;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.outflow.connect.core.api.Row;
import dev.outflow.connect.core.api.WriteResult;
import dev.outflow.connect.testkit.ManualClock;
import dev.outflow.connect.testkit.hubspot.CrmObject;
import dev.outflow.connect.testkit.hubspot.HubSpotEmulator;
import dev.outflow.connect.testkit.hubspot.PropertyDefinition;

/** The destination's writes against the strict emulator, over real HTTP. */
class HubSpotDestinationTest {

    private final ManualClock clock = new ManualClock();
    private HubSpotEmulator hubspot;
    private String token;

    @BeforeEach
    void start() {
        hubspot = new HubSpotEmulator(clock);
        token = hubspot.createToken(HubSpotEmulator.ALL_SCOPES);
        hubspot.defineProperty("contacts", PropertyDefinition.number("score"));
        hubspot.defineProperty("contacts", PropertyDefinition.date("renewal_date"));
        hubspot.defineProperty("contacts", PropertyDefinition.datetime("last_seen"));
        hubspot.defineProperty("contacts", PropertyDefinition.bool("vip"));
        hubspot.defineProperty("contacts", PropertyDefinition.enumeration("tier", "gold", "silver"));
        hubspot.defineProperty("contacts", PropertyDefinition.multiSelect("interests", "crm", "etl", "ml"));
        hubspot.defineProperty(
                "contacts", PropertyDefinition.string("external_id").unique());
    }

    @AfterEach
    void stop() {
        hubspot.close();
    }

    private HubSpotDestination destination(String... extra) {
        return started(props(hubspot, token, extra), clock);
    }

    private CrmObject contact(String email) {
        return hubspot.findBy("contacts", "email", email).orElseThrow();
    }

    private static JsonNode json(String body) throws Exception {
        return new ObjectMapper().readTree(body);
    }

    @Test
    void upsertsContactsByEmailWithValuesCoercedAsHubSpotDocumentsThem() throws Exception {
        Schema schema = SchemaBuilder.struct()
                .field("email", Schema.STRING_SCHEMA)
                .field("score", Schema.FLOAT64_SCHEMA)
                .field("renewal_date", Date.SCHEMA)
                .field("last_seen", Timestamp.SCHEMA)
                .field("vip", Schema.BOOLEAN_SCHEMA)
                .field("interests", SchemaBuilder.array(Schema.STRING_SCHEMA).build())
                .field("tier", Schema.STRING_SCHEMA)
                .build();
        Instant seen = Instant.parse("2026-03-04T05:06:07.089Z");
        Struct value = new Struct(schema)
                .put("email", "ann@example.com")
                .put("score", 0.25)
                .put("renewal_date", java.util.Date.from(Instant.parse("2026-07-01T00:00:00Z")))
                .put("last_seen", java.util.Date.from(seen))
                .put("vip", true)
                .put("interests", List.of("crm", "ml"))
                .put("tier", "gold");
        WriteResult result = destination().write("default", List.of(HubSpotTestSupport.row(schema, value, 0)));

        assertThat(result.rejected()).isEmpty();
        CrmObject ann = contact("ann@example.com");
        assertThat(ann.property("score")).isEqualTo("0.25");
        assertThat(ann.property("renewal_date"))
                .isEqualTo(Long.toString(Instant.parse("2026-07-01T00:00:00Z").toEpochMilli()));
        assertThat(ann.property("last_seen")).isEqualTo(Long.toString(seen.toEpochMilli()));
        assertThat(ann.property("vip")).isEqualTo("true");
        assertThat(ann.property("interests")).isEqualTo("crm;ml");
        assertThat(ann.property("tier")).isEqualTo("gold");
        JsonNode sent = json(hubspot.requests("/batch/upsert").get(0).body());
        assertThat(sent.path("inputs").get(0).path("idProperty").asText()).isEqualTo("email");
        assertThat(sent.path("inputs").get(0).path("objectWriteTraceId").asText())
                .isEqualTo("scores-0-0");
        assertThat(sent.path("inputs").get(0).path("properties").has("email"))
                .as("the id goes in id, once")
                .isFalse();
    }

    @Test
    void jsonTextValuesAreCoercedToo() throws Exception {
        WriteResult result = destination()
                .write(
                        "default",
                        rows("{\"email\":\"bo@example.com\",\"score\":\" 12 \",\"vip\":\"TRUE\","
                                + "\"renewal_date\":\"2026-01-31\",\"last_seen\":\"2026-01-31T10:00:00+02:00\","
                                + "\"interests\":\"etl;crm\"}"));

        assertThat(result.rejected()).isEmpty();
        CrmObject bo = contact("bo@example.com");
        assertThat(bo.property("score")).isEqualTo("12");
        assertThat(bo.property("vip")).isEqualTo("true");
        assertThat(bo.property("renewal_date"))
                .isEqualTo(Long.toString(LocalDate.parse("2026-01-31")
                        .atStartOfDay(java.time.ZoneOffset.UTC)
                        .toInstant()
                        .toEpochMilli()));
        assertThat(bo.property("last_seen"))
                .isEqualTo(Long.toString(Instant.parse("2026-01-31T08:00:00Z").toEpochMilli()));
        assertThat(bo.property("interests")).isEqualTo("etl;crm");
    }

    @Test
    void valuesThatCannotBeCoercedAreRejectedBeforeSendingNamingThePropertyNotTheValue() throws Exception {
        WriteResult result = destination()
                .write(
                        "default",
                        rows(
                                "{\"email\":\"a@example.com\",\"score\":\"twelve\"}",
                                "{\"email\":\"b@example.com\",\"renewal_date\":\"next tuesday\"}",
                                "{\"email\":\"c@example.com\",\"renewal_date\":1700000000123}",
                                "{\"email\":\"d@example.com\",\"vip\":\"maybe\"}",
                                "{\"email\":\"e@example.com\",\"last_seen\":\"yesterday\"}",
                                "{\"email\":\"f@example.com\",\"score\":3}"));

        assertThat(result.rejected()).containsOnlyKeys(0, 1, 2, 3, 4);
        assertThat(result.rejected().get(0)).contains("score", "number").doesNotContain("twelve");
        assertThat(result.rejected().get(1)).contains("renewal_date", "date").doesNotContain("tuesday");
        assertThat(result.rejected().get(2)).contains("not midnight UTC").doesNotContain("1700000000123");
        assertThat(result.rejected().get(3)).contains("vip", "boolean").doesNotContain("maybe");
        assertThat(result.rejected().get(4)).contains("last_seen", "datetime").doesNotContain("yesterday");
        assertThat(hubspot.objects("contacts"))
                .extracting(o -> o.property("email"))
                .containsExactly("f@example.com");
        JsonNode sent = json(hubspot.requests("/batch/upsert").get(0).body());
        assertThat(sent.path("inputs")).hasSize(1);
    }

    @Test
    void aBatchWhoseRowsAreAllRefusedSendsNothing() throws Exception {
        HubSpotDestination destination = destination();
        destination.write("default", rows("{\"email\":\"a@example.com\"}")); // reads the properties once
        hubspot.clearRequests();

        WriteResult result = destination.write("default", rows("{\"email\":\"a@example.com\",\"score\":\"x\"}"));

        assertThat(result.rejected()).containsOnlyKeys(0);
        assertThat(hubspot.requests()).isEmpty();
    }

    @Test
    void rowsOfOneIdAreMergedIntoOneInputTheLastValueWinning() throws Exception {
        WriteResult result = destination()
                .write(
                        "default",
                        rows(
                                "{\"email\":\"ann@example.com\",\"score\":1,\"tier\":\"silver\"}",
                                "{\"email\":\"bo@example.com\",\"score\":5}",
                                "{\"email\":\"ANN@example.com\",\"score\":2}",
                                "{\"email\":\"ann@example.com\",\"score\":3,\"firstname\":\"Ann\"}"));

        assertThat(result.rejected()).isEmpty();
        JsonNode inputs = json(hubspot.requests("/batch/upsert").get(0).body()).path("inputs");
        assertThat(inputs).hasSize(2);
        CrmObject ann = contact("ann@example.com");
        assertThat(ann.property("score")).isEqualTo("3");
        assertThat(ann.property("tier")).as("kept from an earlier row").isEqualTo("silver");
        assertThat(ann.property("firstname")).isEqualTo("Ann");
        assertThat(hubspot.objects("contacts")).hasSize(2);
    }

    @Test
    void aMultiStatusAnswerRejectsExactlyTheFailingRowsWithHubSpotsCategoryAndCodes() throws Exception {
        WriteResult result = destination()
                .write(
                        "default",
                        rows(
                                "{\"email\":\"a@example.com\",\"tier\":\"gold\"}",
                                "{\"email\":\"not-an-address\",\"tier\":\"gold\"}",
                                "{\"email\":\"c@example.com\",\"tier\":\"platinum\"}",
                                "{\"email\":\"d@example.com\",\"tier\":\"silver\"}",
                                "{\"email\":\"c@example.com\",\"score\":7}"));

        // row 4 merged into row 2's object: it shares that object's outcome
        assertThat(result.rejected()).containsOnlyKeys(1, 2, 4);
        assertThat(result.rejected().get(1))
                .isEqualTo("HubSpot refused the object (207 VALIDATION_ERROR: INVALID_EMAIL on email)");
        assertThat(result.rejected().get(2))
                .isEqualTo("HubSpot refused the object (207 VALIDATION_ERROR: INVALID_OPTION on tier)")
                .doesNotContain("platinum");
        assertThat(hubspot.objects("contacts"))
                .extracting(o -> o.property("email"))
                .containsExactlyInAnyOrder("a@example.com", "d@example.com");
    }

    @Test
    void updateModeRejectsUnknownIdsAndUpdatesTheOthers() throws Exception {
        destination().write("default", rows("{\"email\":\"known@example.com\",\"score\":1}"));

        WriteResult result = destination(HubSpotConfig.MODE, "update")
                .write(
                        "default",
                        rows(
                                "{\"email\":\"known@example.com\",\"score\":2}",
                                "{\"email\":\"stranger@example.com\",\"score\":3}"));

        assertThat(result.rejected()).containsOnlyKeys(1);
        assertThat(result.rejected().get(1))
                .startsWith("HubSpot refused the object (207 OBJECT_NOT_FOUND)")
                .contains("update mode creates none")
                .doesNotContain("stranger");
        assertThat(contact("known@example.com").property("score")).isEqualTo("2");
        assertThat(hubspot.findBy("contacts", "email", "stranger@example.com")).isEmpty();
    }

    @Test
    void createModeRejectsRowsWhoseUniqueValuesExist() throws Exception {
        HubSpotDestination create = destination(HubSpotConfig.MODE, "create");
        create.write("default", rows("{\"email\":\"a@example.com\",\"external_id\":\"x-1\"}"));
        String existing = contact("a@example.com").id();

        WriteResult result = create.write(
                "default",
                rows(
                        "{\"email\":\"b@example.com\",\"external_id\":\"x-2\"}",
                        "{\"email\":\"c@example.com\",\"external_id\":\"x-1\"}"));

        assertThat(result.rejected()).containsOnlyKeys(1);
        assertThat(result.rejected().get(1))
                .startsWith("HubSpot refused the object (207 CONFLICT)")
                .endsWith("id " + existing);
        assertThat(hubspot.objects("contacts")).hasSize(2);
        JsonNode input = json(hubspot.requests("/batch/create").get(1).body())
                .path("inputs")
                .get(0);
        assertThat(input.has("id")).isFalse();
        assertThat(input.has("idProperty")).isFalse();
    }

    @Test
    void tombstonesArchiveTheObjectTheirKeyNamesAndKeepTheirPlaceInTheStream() throws Exception {
        HubSpotDestination destination =
                destination(HubSpotConfig.DELETE_BEHAVIOR, "archive", "behavior.on.null.values", "delete");
        destination.write("default", rows("{\"email\":\"gone@example.com\"}", "{\"email\":\"stays@example.com\"}"));
        String gone = contact("gone@example.com").id();

        List<Row> batch = new ArrayList<>();
        batch.add(tombstone("gone@example.com", 10));
        batch.add(tombstone("never-was@example.com", 11));
        batch.addAll(rows("{\"email\":\"new@example.com\"}"));
        WriteResult first = destination.write("default", batch);

        assertThat(first.handled()).as("the tombstones alone, the upsert waits").isEqualTo(2);
        assertThat(first.rejected()).isEmpty();
        assertThat(hubspot.object("contacts", gone).orElseThrow().archived()).isTrue();
        assertThat(hubspot.findBy("contacts", "email", "stays@example.com")).isPresent();
        assertThat(hubspot.findBy("contacts", "email", "new@example.com")).isEmpty();
    }

    @Test
    void tombstonesAreSkippedWhenDeletesAreIgnored() throws Exception {
        HubSpotDestination destination = destination();
        destination.write("default", rows("{\"email\":\"kept@example.com\"}"));
        hubspot.clearRequests();

        WriteResult result = destination.write("default", List.of(tombstone("kept@example.com", 5)));

        assertThat(result.rejected()).isEmpty();
        assertThat(hubspot.requests()).isEmpty();
        assertThat(hubspot.findBy("contacts", "email", "kept@example.com")).isPresent();
    }

    @Test
    void fieldsWithoutAPropertyFailTheRecordOrAreIgnoredAsConfiguredAndRenamesApply() throws Exception {
        String row = "{\"mail\":\"a@example.com\",\"nickname\":\"Al\",\"hs_object_id\":\"1\"}";

        WriteResult failed =
                destination(HubSpotConfig.PROPERTY_MAP, "mail:email").write("default", rows(row));
        assertThat(failed.rejected()).containsOnlyKeys(0);
        assertThat(failed.rejected().get(0))
                .contains("field nickname has no HubSpot property nickname", HubSpotConfig.UNKNOWN_PROPERTIES);

        WriteResult ignored = destination(
                        HubSpotConfig.PROPERTY_MAP, "mail:email", HubSpotConfig.UNKNOWN_PROPERTIES, "ignore")
                .write("default", rows(row));
        assertThat(ignored.rejected()).isEmpty();
        assertThat(contact("a@example.com").properties()).doesNotContainKey("nickname");
    }

    @Test
    void aPropertyCreatedInHubSpotWhileTheTaskRunsIsWrittenOnceTheDefinitionsAreFiveMinutesOld() throws Exception {
        HubSpotDestination destination = destination();
        List<Row> row = rows("{\"email\":\"a@example.com\",\"nickname\":\"Al\"}");
        assertThat(destination.write("default", row).rejected()).containsOnlyKeys(0);

        hubspot.defineProperty("contacts", PropertyDefinition.string("nickname"));
        clock.advance(Duration.ofMinutes(4));
        assertThat(destination.write("default", row).rejected())
                .as("definitions younger than 5 minutes are not read again")
                .containsOnlyKeys(0);
        assertThat(hubspot.requests("/crm/v3/properties/")).hasSize(1);

        clock.advance(Duration.ofMinutes(1));
        assertThat(destination.write("default", row).rejected()).isEmpty();
        assertThat(contact("a@example.com").property("nickname")).isEqualTo("Al");
        assertThat(hubspot.requests("/crm/v3/properties/")).hasSize(2);
    }

    @Test
    void aRowWithoutAnIdIsRejectedNamingTheKey() throws Exception {
        WriteResult result = destination().write("default", rows("{\"firstname\":\"Nobody\"}"));

        assertThat(result.rejected().get(0)).contains("email", HubSpotConfig.ID_PROPERTY);
    }

    @Test
    void aWriteSendsAtMostTheBatchSizeOfObjectsAndLeavesTheRestForTheNext() throws Exception {
        HubSpotDestination destination = destination(HubSpotConfig.BATCH_SIZE, "2");

        WriteResult result = destination.write(
                "default",
                rows(
                        "{\"email\":\"a@example.com\"}",
                        "{\"email\":\"b@example.com\"}",
                        "{\"email\":\"a@example.com\",\"score\":1}",
                        "{\"email\":\"c@example.com\"}"));

        assertThat(result.handled()).isEqualTo(3);
        assertThat(hubspot.objects("contacts")).hasSize(2);
    }

    @Test
    void customObjectsAreWrittenByTheirTypeIdAndAUniqueProperty() throws Exception {
        hubspot.registerCustomObject("cars", "2-1234567");
        hubspot.defineProperty("cars", PropertyDefinition.string("vin").unique());
        hubspot.defineProperty("cars", PropertyDefinition.number("mileage"));

        WriteResult result = destination(HubSpotConfig.OBJECT_TYPE, "2-1234567", HubSpotConfig.ID_PROPERTY, "vin")
                .write("default", rows("{\"vin\":\"V1\",\"mileage\":1200}", "{\"vin\":\"V1\",\"mileage\":1300}"));

        assertThat(result.rejected()).isEmpty();
        assertThat(hubspot.findBy("cars", "vin", "V1").orElseThrow().property("mileage"))
                .isEqualTo("1300");
    }

    @Test
    void writtenObjectsAreAssociatedWithTheObjectTheirFieldNamesAndAnUnknownOneRejectsOnlyItsRow() throws Exception {
        hubspot.defineProperty(
                "companies", PropertyDefinition.string("company_key").unique());
        destination(HubSpotConfig.OBJECT_TYPE, "companies", HubSpotConfig.ID_PROPERTY, "company_key")
                .write("default", rows("{\"company_key\":\"acme\",\"name\":\"Acme\"}"));
        String acme =
                hubspot.findBy("companies", "company_key", "acme").orElseThrow().id();

        WriteResult result = destination(
                        HubSpotConfig.ASSOCIATION_OBJECT_TYPE,
                        "companies",
                        HubSpotConfig.ASSOCIATION_ID_PROPERTY,
                        "company_key",
                        HubSpotConfig.ASSOCIATION_FIELD,
                        "employer")
                .write(
                        "default",
                        rows(
                                "{\"email\":\"ann@example.com\",\"employer\":\"acme\"}",
                                "{\"email\":\"bo@example.com\",\"employer\":\"globex\"}",
                                "{\"email\":\"cy@example.com\"}",
                                "{\"email\":\"not-an-address\",\"employer\":\"acme\"}"));

        assertThat(result.rejected()).containsOnlyKeys(1, 3);
        assertThat(result.rejected().get(1))
                .isEqualTo("the object was written but not associated: no companies object has this value of "
                        + "company_key (hubspot.association.id.property)");
        assertThat(result.rejected().get(3)).contains("INVALID_EMAIL");
        assertThat(hubspot.associations("contacts", contact("ann@example.com").id(), "companies"))
                .containsExactly(acme);
        assertThat(hubspot.associations("contacts", contact("bo@example.com").id(), "companies"))
                .isEmpty();
        assertThat(hubspot.associations("contacts", contact("cy@example.com").id(), "companies"))
                .isEmpty();
        assertThat(contact("ann@example.com").properties()).doesNotContainKey("employer");
        assertThat(hubspot.associationCount()).isEqualTo(1);
    }

    @Test
    void aReplayConvergesOnTheSameObjects() throws Exception {
        HubSpotDestination destination = destination();
        List<Row> batch =
                rows("{\"email\":\"a@example.com\",\"score\":1}", "{\"email\":\"b@example.com\",\"score\":2}");

        destination.write("default", batch);
        destination.write("default", batch);

        assertThat(hubspot.objects("contacts")).hasSize(2);
        assertThat(contact("b@example.com").property("score")).isEqualTo("2");
    }

    @Test
    void theQuotaScopesAddUpToTheConfiguredBudgetsLessTheDefinitionReadsDividedByTheRequestsOfAWrite() {
        HubSpotDestination plain =
                destination(HubSpotConfig.REQUESTS_PER_10S, "190", HubSpotConfig.REQUESTS_PER_DAY, "650000");
        HubSpotDestination archiving = destination(
                HubSpotConfig.REQUESTS_PER_10S,
                "190",
                HubSpotConfig.REQUESTS_PER_DAY,
                "650000",
                HubSpotConfig.DELETE_BEHAVIOR,
                "archive",
                "behavior.on.null.values",
                "delete");
        HubSpotDestination associating = destination(
                HubSpotConfig.REQUESTS_PER_10S,
                "190",
                HubSpotConfig.REQUESTS_PER_DAY,
                "650000",
                HubSpotConfig.ASSOCIATION_OBJECT_TYPE,
                "companies",
                HubSpotConfig.ASSOCIATION_ID_PROPERTY,
                "company_key");

        // a day keeps one definitions read per 5 minutes: 288
        assertBudgets(plain, 189, 650_000 - 288);
        assertBudgets(archiving, 189 / 2, (650_000 - 288) / 2);
        assertBudgets(associating, 189 / 3, (650_000 - 288) / 3);
    }

    private static void assertBudgets(HubSpotDestination destination, long writesPer10s, long writesPerDay) {
        assertThat(destination.quotaScopes("default"))
                .satisfiesExactly(
                        tenSeconds -> {
                            assertThat(tenSeconds.period()).isEqualTo(Duration.ofSeconds(10));
                            assertThat(tenSeconds.permits() + tenSeconds.burst())
                                    .isEqualTo(writesPer10s);
                        },
                        daily -> {
                            assertThat(daily.period()).isEqualTo(Duration.ofDays(1));
                            assertThat(daily.permits() + daily.burst()).isEqualTo(writesPerDay);
                        });
    }
}

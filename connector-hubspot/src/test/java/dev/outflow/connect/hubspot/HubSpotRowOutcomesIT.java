package dev.outflow.connect.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.runtime.rest.entities.ConfigInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.outflow.connect.core.api.Row;
import dev.outflow.connect.testkit.ConnectHarness;
import dev.outflow.connect.testkit.ConnectHarness.ReadRecord;
import dev.outflow.connect.testkit.hubspot.CrmObject;
import dev.outflow.connect.testkit.hubspot.HubSpotEmulator;
import dev.outflow.connect.testkit.hubspot.PropertyDefinition;

/**
 * What the connector says per row and per key on a real Connect worker (one for the class): update
 * mode with ids HubSpot does not know, associations with an object that does not exist, and the
 * validate answer of the worker's REST API.
 */
class HubSpotRowOutcomesIT {

    private static final String DLQ_HEADER = "__connect.errors.exception.message";

    private static ConnectHarness harness;
    private HubSpotEmulator hubspot;
    private String token;

    @BeforeAll
    static void startConnect() {
        harness = ConnectHarness.start("hubspot-row-outcomes", 1, Map.of());
    }

    @AfterAll
    static void stopConnect() {
        harness.close();
    }

    @BeforeEach
    void startHubSpot() {
        hubspot = HubSpotItSupport.emulatorWithVersionedContacts();
        token = hubspot.createToken(HubSpotEmulator.ALL_SCOPES);
    }

    @AfterEach
    void stop() {
        for (String connector : harness.cluster().connectors()) {
            harness.cluster().deleteConnector(connector);
        }
        hubspot.close();
    }

    /** Writes rows to HubSpot before the test's connector runs: what the account already holds. */
    private void seed(List<Row> rows, String... keys) throws Exception {
        HubSpotDestination destination =
                HubSpotTestSupport.started(HubSpotTestSupport.props(hubspot, token, keys), Clock.systemUTC());
        try {
            assertThat(destination.write("default", rows).rejected()).isEmpty();
        } finally {
            destination.stop();
        }
    }

    /** Every dead-letter record's reason, by the e-mail address in its value. */
    private static Map<String, String> reasonsByEmail(List<ReadRecord> dead) {
        Map<String, String> reasons = new HashMap<>();
        dead.forEach(record -> reasons.put(
                record.value().replaceAll(".*\"email\":\"([^\"]+)\".*", "$1"),
                record.headers().get(DLQ_HEADER)));
        return reasons;
    }

    @Test
    void updateModeSendsExactlyTheUnknownIdsToTheDlqWithHubSpotsReasonAndUpdatesTheKnownOnes() throws Exception {
        int contacts = 100;
        // the even contacts exist, at version 0; the stream brings every contact at version 1
        List<String> existing = new ArrayList<>();
        for (int contact = 0; contact < contacts; contact += 2) {
            existing.add("{\"email\":\"" + HubSpotItSupport.email(contact) + "\",\"version\":0}");
        }
        seed(HubSpotTestSupport.rows(existing.toArray(String[]::new)));
        harness.createTopic("enrichment", 2);
        harness.produce(
                "enrichment",
                2,
                contacts,
                HubSpotItSupport.contactKeys(contacts),
                i -> "{\"email\":\"" + HubSpotItSupport.email(i) + "\",\"version\":1}");

        Map<String, String> config = HubSpotItSupport.connector(hubspot, token, "enrichment");
        config.put(HubSpotConfig.MODE, "update");
        harness.configureConnector("update-only", ConnectHarness.withDeadLetterQueue(config, "update-dlq"));
        List<ReadRecord> dead = harness.readAll("update-dlq", contacts / 2);
        HubSpotItSupport.awaitCommitted(harness, hubspot, "update-only", "enrichment", 2);

        Map<String, String> reasons = reasonsByEmail(dead);
        assertThat(dead).hasSize(contacts / 2);
        for (int contact = 1; contact < contacts; contact += 2) {
            assertThat(reasons.get(HubSpotItSupport.email(contact)))
                    .as("reason of unknown contact %d", contact)
                    .isEqualTo("HubSpot refused the object (207 OBJECT_NOT_FOUND): no object has this value of email, "
                            + "and update mode creates none");
        }
        List<CrmObject> stored = hubspot.objects("contacts");
        assertThat(stored)
                .hasSize(contacts / 2)
                .allSatisfy(contact -> assertThat(contact.property("version"))
                        .as("version of %s", contact.property("email"))
                        .isEqualTo("1"));
        assertThat(harness.taskStates("update-only")).containsExactly("RUNNING");
    }

    @Test
    void contactsAreAssociatedWithTheCompanyTheirKeyNamesAndAnUnknownCompanyRejectsOnlyItsRow() throws Exception {
        hubspot.defineProperty(
                "companies", PropertyDefinition.string("company_key").unique());
        seed(
                HubSpotTestSupport.rows(
                        "{\"company_key\":\"acme\",\"name\":\"Acme\"}",
                        "{\"company_key\":\"globex\",\"name\":\"Globex\"}"),
                HubSpotConfig.OBJECT_TYPE,
                "companies",
                HubSpotConfig.ID_PROPERTY,
                "company_key");
        String[] companies = {"acme", "globex", "initech"}; // no company has the key initech
        int contacts = 60;
        harness.createTopic("at-risk", 2);
        harness.produce(
                "at-risk",
                2,
                contacts,
                HubSpotItSupport.contactKeys(contacts),
                i -> "{\"email\":\"" + HubSpotItSupport.email(i) + "\",\"version\":1,\"company_key\":\""
                        + companies[i % 3] + "\"}");

        Map<String, String> config = HubSpotItSupport.connector(hubspot, token, "at-risk");
        config.put(HubSpotConfig.ASSOCIATION_OBJECT_TYPE, "companies");
        config.put(HubSpotConfig.ASSOCIATION_ID_PROPERTY, "company_key");
        harness.configureConnector("associate", ConnectHarness.withDeadLetterQueue(config, "associate-dlq"));
        List<ReadRecord> dead = harness.readAll("associate-dlq", contacts / 3);
        HubSpotItSupport.awaitCommitted(harness, hubspot, "associate", "at-risk", 2);

        assertThat(dead).hasSize(contacts / 3);
        Map<String, String> reasons = reasonsByEmail(dead);
        Map<String, String> companyIds = Map.of(
                "acme",
                        hubspot.findBy("companies", "company_key", "acme")
                                .orElseThrow()
                                .id(),
                "globex",
                        hubspot.findBy("companies", "company_key", "globex")
                                .orElseThrow()
                                .id());
        for (int contact = 0; contact < contacts; contact++) {
            CrmObject written = hubspot.findBy("contacts", "email", HubSpotItSupport.email(contact))
                    .orElseThrow();
            List<String> associated = hubspot.associations("contacts", written.id(), "companies");
            String company = companies[contact % 3];
            if (companyIds.containsKey(company)) {
                assertThat(associated).as("companies of contact %d", contact).containsExactly(companyIds.get(company));
                assertThat(reasons).doesNotContainKey(HubSpotItSupport.email(contact));
            } else {
                assertThat(associated).as("companies of contact %d", contact).isEmpty();
                assertThat(reasons.get(HubSpotItSupport.email(contact)))
                        .isEqualTo("the object was written but not associated: no companies object has this value of "
                                + "company_key (hubspot.association.id.property); the app answered: "
                                + "object_type=contacts, id=" + written.id() + ", action=created");
            }
        }
        assertThat(hubspot.associationCount()).isEqualTo(contacts - contacts / 3);
        assertThat(harness.taskStates("associate")).containsExactly("RUNNING");
    }

    @Test
    void theWorkersValidateAnswerNamesEveryProblemAtOnceOnItsKey() throws Exception {
        hubspot.defineProperty("contacts", PropertyDefinition.number("churn_score"));
        // may write contacts and companies and read their schemas, but read neither (archive and association need it)
        String writeOnly = hubspot.createToken(
                "crm.objects.contacts.write",
                "crm.schemas.contacts.read",
                "crm.objects.companies.write",
                "crm.schemas.companies.read");
        Map<String, String> config = HubSpotItSupport.connector(hubspot, writeOnly, "anything");
        config.put("name", "validated");
        config.put(HubSpotConfig.ID_PROPERTY, "firstname"); // not unique
        config.put(HubSpotConfig.PROPERTY_MAP, "score:churn_scor,created:createdate"); // unknown, read-only
        config.put("behavior.on.null.values", "delete");
        config.put(HubSpotConfig.DELETE_BEHAVIOR, "archive"); // needs crm.objects.contacts.read
        config.put(HubSpotConfig.ASSOCIATION_OBJECT_TYPE, "companies"); // needs crm.objects.companies.read
        config.put(HubSpotConfig.ASSOCIATION_ID_PROPERTY, "domain"); // not unique
        config.put(HubSpotConfig.BATCH_SIZE, "500"); // over HubSpot's 100

        // PUT /connector-plugins/{class}/config/validate on the embedded worker
        ConfigInfos answer = harness.cluster().validateConnectorConfig(HubSpotSinkConnector.class.getName(), config);

        Map<String, List<String>> errors = new HashMap<>();
        for (ConfigInfo info : answer.configs()) {
            if (!info.configValue().errors().isEmpty()) {
                errors.put(info.configValue().name(), info.configValue().errors());
            }
        }
        assertThat(errors)
                .containsOnlyKeys(
                        HubSpotConfig.ID_PROPERTY,
                        HubSpotConfig.PROPERTY_MAP,
                        HubSpotConfig.DELETE_BEHAVIOR,
                        HubSpotConfig.ASSOCIATION_ID_PROPERTY,
                        HubSpotConfig.ACCESS_TOKEN,
                        HubSpotConfig.BATCH_SIZE);
        assertThat(answer.errorCount()).isEqualTo(7);
        assertThat(errors.get(HubSpotConfig.ID_PROPERTY))
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .contains("firstname", "unique values");
        assertThat(errors.get(HubSpotConfig.PROPERTY_MAP))
                .hasSize(2)
                .anySatisfy(e -> assertThat(e).contains("churn_scor", "not a property of contacts"))
                .anySatisfy(e -> assertThat(e).contains("createdate", "read-only"));
        assertThat(errors.get(HubSpotConfig.DELETE_BEHAVIOR))
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .contains("crm.objects.contacts.read");
        assertThat(errors.get(HubSpotConfig.ASSOCIATION_ID_PROPERTY))
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .contains("domain", "unique values");
        assertThat(errors.get(HubSpotConfig.ACCESS_TOKEN))
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .contains("crm.objects.companies.read");
        assertThat(errors.get(HubSpotConfig.BATCH_SIZE)).isNotEmpty();
        assertThat(new ObjectMapper().writeValueAsString(answer)).doesNotContain(writeOnly);
    }
}

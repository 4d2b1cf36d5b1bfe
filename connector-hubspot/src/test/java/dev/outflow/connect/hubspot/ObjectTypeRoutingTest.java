package dev.outflow.connect.hubspot;

import static dev.outflow.connect.hubspot.HubSpotTestSupport.props;
import static dev.outflow.connect.hubspot.HubSpotTestSupport.rows;
import static dev.outflow.connect.hubspot.HubSpotTestSupport.started;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchException;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.outflow.connect.core.api.Destination;
import dev.outflow.connect.core.api.Row;
import dev.outflow.connect.core.api.WriteResult;
import dev.outflow.connect.testkit.ManualClock;
import dev.outflow.connect.testkit.hubspot.HubSpotEmulator;
import dev.outflow.connect.testkit.hubspot.PropertyDefinition;

/** hubspot.object.type.field: each record to the type its field names, each type with its own definitions. */
class ObjectTypeRoutingTest {

    private final ManualClock clock = new ManualClock();
    private HubSpotEmulator hubspot;
    private String token;

    @BeforeEach
    void start() {
        hubspot = new HubSpotEmulator(clock);
        token = hubspot.createToken(HubSpotEmulator.ALL_SCOPES);
        hubspot.defineProperty("contacts", PropertyDefinition.number("score"));
        hubspot.defineProperty(
                "companies", PropertyDefinition.string("company_key").unique());
        hubspot.defineProperty("companies", PropertyDefinition.number("score"));
    }

    @AfterEach
    void stop() {
        hubspot.close();
    }

    private HubSpotDestination routed(String... extra) {
        String[] routing = {HubSpotConfig.OBJECT_TYPE_FIELD, "kind"};
        String[] all = new String[routing.length + extra.length];
        System.arraycopy(routing, 0, all, 0, routing.length);
        System.arraycopy(extra, 0, all, routing.length, extra.length);
        return started(props(hubspot, token, all), clock);
    }

    /** Writes each row to the target route() gives it, as the framework does. */
    private static Map<String, WriteResult> writeRouted(HubSpotDestination destination, List<Row> rows)
            throws Exception {
        Map<String, WriteResult> results = new HashMap<>();
        for (Row row : rows) {
            String target = destination.route(row);
            results.put(target, destination.write(target, List.of(row)));
        }
        return results;
    }

    @Test
    void eachRecordGoesToTheTypeItsFieldNamesWithThatTypesIdPropertyAndDefinitions() throws Exception {
        HubSpotDestination destination = routed(HubSpotConfig.ID_PROPERTY, "company_key");
        hubspot.defineProperty(
                "contacts", PropertyDefinition.string("company_key").unique());

        Map<String, WriteResult> results = writeRouted(
                destination,
                rows(
                        "{\"kind\":\"contacts\",\"company_key\":\"c-1\",\"score\":1}",
                        "{\"kind\":\"companies\",\"company_key\":\"k-1\",\"score\":2}",
                        "{\"kind\":\"companies\",\"company_key\":\"k-2\",\"score\":3}"));

        assertThat(results).containsOnlyKeys("contacts", "companies");
        results.values().forEach(result -> assertThat(result.rejected()).isEmpty());
        assertThat(hubspot.findBy("contacts", "company_key", "c-1")
                        .orElseThrow()
                        .property("score"))
                .isEqualTo("1");
        assertThat(hubspot.findBy("companies", "company_key", "k-2")
                        .orElseThrow()
                        .property("score"))
                .isEqualTo("3");
        assertThat(hubspot.requests("/crm/v3/properties/companies"))
                .as("each type's definitions read once")
                .hasSize(1);
        assertThat(hubspot.requests("/crm/v3/properties/contacts")).hasSize(1);
    }

    @Test
    void contactsDefaultToEmailAndATypeWithoutAnIdPropertyIsRejectedNamingTheKey() throws Exception {
        HubSpotDestination destination = routed();

        WriteResult contact =
                destination.write("contacts", rows("{\"kind\":\"contacts\",\"email\":\"a@example.com\"}"));
        WriteResult company = destination.write("companies", rows("{\"kind\":\"companies\",\"score\":2}"));

        assertThat(contact.rejected()).isEmpty();
        assertThat(hubspot.findBy("contacts", "email", "a@example.com")).isPresent();
        assertThat(company.rejected().get(0)).contains("no id property", HubSpotConfig.ID_PROPERTY);
        assertThat(hubspot.objects("companies")).isEmpty();
    }

    @Test
    void aRecordWithoutTheFieldHasNoTargetAndItsReasonNamesTheKeyNotAValue() {
        HubSpotDestination destination = routed();

        Exception missing = catchException(
                () -> destination.route(rows("{\"email\":\"a@example.com\"}").get(0)));
        Exception blank =
                catchException(() -> destination.route(rows("{\"kind\":\" \"}").get(0)));

        assertThat(missing).isInstanceOf(DataException.class).hasMessageContaining(HubSpotConfig.OBJECT_TYPE_FIELD);
        assertThat(missing.getMessage()).doesNotContain("a@example.com");
        assertThat(blank).isInstanceOf(DataException.class);
        assertThat(started(props(hubspot, token), clock)
                        .route(rows("{\"kind\":\"deals\"}").get(0)))
                .as("without the field, one target")
                .isEqualTo(Destination.DEFAULT_TARGET);
    }

    @Test
    void aTypeHubSpotDoesNotHaveRejectsItsRecordsWithoutFailingTheTask() throws Exception {
        HubSpotDestination destination = routed(HubSpotConfig.ID_PROPERTY, "company_key");

        WriteResult result = destination.write(
                "widgets", rows("{\"kind\":\"widgets\",\"company_key\":\"w\"}", "{\"kind\":\"widgets\"}"));

        assertThat(result.rejected()).containsOnlyKeys(0, 1);
        assertThat(result.rejected().get(0))
                .contains(HubSpotConfig.OBJECT_TYPE_FIELD)
                .doesNotContain("widgets");
    }

    @Test
    void everyTypeDrawsOnTheSameAccountBudgets() {
        HubSpotDestination destination = routed();

        assertThat(destination.quotaScopes("contacts")).isEqualTo(destination.quotaScopes("companies"));
    }

    @Test
    void validateRefusesAFixedTypeWithTheFieldAndArchivingRoutedTombstones() {
        Map<String, List<String>> both = errors(
                props(hubspot, token, HubSpotConfig.OBJECT_TYPE_FIELD, "kind", HubSpotConfig.OBJECT_TYPE, "contacts"));
        assertThat(both).containsOnlyKeys(HubSpotConfig.OBJECT_TYPE_FIELD, HubSpotConfig.OBJECT_TYPE);
        assertThat(both.get(HubSpotConfig.OBJECT_TYPE))
                .singleElement()
                .asString()
                .contains("not both");

        Map<String, List<String>> archive = errors(props(
                hubspot,
                token,
                HubSpotConfig.OBJECT_TYPE_FIELD,
                "kind",
                HubSpotConfig.DELETE_BEHAVIOR,
                "archive",
                "behavior.on.null.values",
                "delete"));
        assertThat(archive).containsOnlyKeys(HubSpotConfig.OBJECT_TYPE_FIELD, HubSpotConfig.DELETE_BEHAVIOR);

        assertThat(errors(props(hubspot, token, HubSpotConfig.OBJECT_TYPE_FIELD, "kind")))
                .as("no id property needed up front: only records of types without one are rejected")
                .isEmpty();
    }

    private static Map<String, List<String>> errors(Map<String, String> props) {
        Map<String, String> config = new HashMap<>(props);
        config.put("connector.class", HubSpotSinkConnector.class.getName());
        config.put("topics", "scores");
        Map<String, List<String>> errors = new HashMap<>();
        for (ConfigValue value : new HubSpotSinkConnector().validate(config).configValues()) {
            if (!value.errorMessages().isEmpty()) {
                errors.put(value.name(), value.errorMessages());
            }
        }
        return errors;
    }
}

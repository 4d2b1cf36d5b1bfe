package dev.outflow.connect.hubspot;

import static dev.outflow.connect.hubspot.HubSpotTestSupport.props;
import static dev.outflow.connect.hubspot.HubSpotTestSupport.rows;
import static dev.outflow.connect.hubspot.HubSpotTestSupport.started;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.outflow.connect.core.api.AppReply;
import dev.outflow.connect.core.api.WriteResult;
import dev.outflow.connect.testkit.ManualClock;
import dev.outflow.connect.testkit.hubspot.CrmObject;
import dev.outflow.connect.testkit.hubspot.HubSpotEmulator;
import dev.outflow.connect.testkit.hubspot.PropertyDefinition;

/** What a write says HubSpot answered for each row, for its receipt, against the emulator's objects. */
class HubSpotRepliesTest {

    private final ManualClock clock = new ManualClock();
    private HubSpotEmulator hubspot;
    private String token;

    @BeforeEach
    void start() {
        hubspot = new HubSpotEmulator(clock);
        token = hubspot.createToken(HubSpotEmulator.ALL_SCOPES);
        hubspot.defineProperty("contacts", PropertyDefinition.number("score"));
        hubspot.defineProperty("contacts", PropertyDefinition.enumeration("tier", "gold", "silver"));
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

    private static AppReply reply(String id, String action) {
        return AppReply.of("object_type", "contacts", "id", id, "action", action);
    }

    @Test
    void anUpsertSaysWhichObjectEachRowWroteAndWhetherHubSpotCreatedOrUpdatedIt() throws Exception {
        HubSpotDestination destination = destination();
        destination.write("default", rows("{\"email\":\"ann@example.com\",\"score\":1}"));

        WriteResult result = destination.write(
                "default",
                rows(
                        "{\"email\":\"ann@example.com\",\"score\":2}",
                        "{\"email\":\"bo@example.com\",\"score\":5}",
                        "{\"email\":\"ANN@example.com\",\"score\":3}"));

        String ann = contact("ann@example.com").id();
        String bo = contact("bo@example.com").id();
        assertThat(ann).isNotEqualTo(bo);
        assertThat(result.replies())
                .as("row 2 was merged into row 0's object: it gets that object's reply")
                .containsOnlyKeys(0, 1, 2)
                .containsEntry(0, reply(ann, "updated"))
                .containsEntry(1, reply(bo, "created"))
                .containsEntry(2, reply(ann, "updated"));
        assertThat(hubspot.object("contacts", ann).orElseThrow().property("score"))
                .isEqualTo("3");
    }

    @Test
    void rowsHubSpotRefusedGetNoReplyAndTheOthersOfTheBatchDo() throws Exception {
        WriteResult result = destination()
                .write(
                        "default",
                        rows(
                                "{\"email\":\"a@example.com\",\"tier\":\"gold\"}",
                                "{\"email\":\"c@example.com\",\"tier\":\"platinum\"}",
                                "{\"email\":\"d@example.com\",\"tier\":\"silver\"}"));

        assertThat(result.rejected()).containsOnlyKeys(1);
        assertThat(result.replies())
                .containsOnlyKeys(0, 2)
                .containsEntry(0, reply(contact("a@example.com").id(), "created"))
                .containsEntry(2, reply(contact("d@example.com").id(), "created"));
    }

    @Test
    void createModeSaysCreatedAndUpdateModeSaysUpdatedByTheEndpointUsed() throws Exception {
        WriteResult created = destination(HubSpotConfig.MODE, "create")
                .write("default", rows("{\"email\":\"a@example.com\",\"score\":1}"));
        String id = contact("a@example.com").id();
        assertThat(created.replies()).containsOnlyKeys(0).containsEntry(0, reply(id, "created"));

        WriteResult updated = destination(HubSpotConfig.MODE, "update")
                .write(
                        "default",
                        rows("{\"email\":\"a@example.com\",\"score\":2}", "{\"email\":\"x@example.com\",\"score\":3}"));

        assertThat(updated.rejected()).containsOnlyKeys(1);
        assertThat(updated.replies()).containsOnlyKeys(0).containsEntry(0, reply(id, "updated"));
        assertThat(hubspot.objects("contacts")).extracting(CrmObject::id).containsExactly(id);
        assertThat(contact("a@example.com").property("score")).isEqualTo("2");
    }

    @Test
    void rowsSkippedAsUnchangedGetNoReplyForNothingWasAskedOfHubSpot() throws Exception {
        HubSpotDestination destination = destination(HubSpotConfig.SKIP_UNCHANGED_ENABLED, "true");
        destination.write("default", rows("{\"email\":\"a@example.com\",\"score\":1}"));

        WriteResult again = destination.write("default", rows("{\"email\":\"a@example.com\",\"score\":1}"));

        assertThat(again.replies()).isEmpty();
        assertThat(hubspot.requests("/batch/upsert")).hasSize(1);
    }

    @Test
    void archivedTombstonesGetNoReplyForTheArchiveEndpointAnswersNothing() throws Exception {
        HubSpotDestination destination =
                destination(HubSpotConfig.DELETE_BEHAVIOR, "archive", "behavior.on.null.values", "delete");
        destination.write("default", rows("{\"email\":\"a@example.com\"}"));
        String id = contact("a@example.com").id();

        WriteResult result = destination.write("default", List.of(HubSpotTestSupport.tombstone("a@example.com", 1)));

        assertThat(result.replies()).isEmpty();
        assertThat(hubspot.object("contacts", id).orElseThrow().archived()).isTrue();
    }
}

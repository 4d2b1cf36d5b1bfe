package dev.outflow.connect.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.outflow.connect.testkit.ConnectHarness;
import dev.outflow.connect.testkit.ReceiptsTopic;
import dev.outflow.connect.testkit.hubspot.CrmObject;
import dev.outflow.connect.testkit.hubspot.HubSpotEmulator;

/**
 * Receipts of a HubSpot connector upserting contacts (issue 14): a real broker and worker, the emulator
 * as HubSpot, the receipts read back from their topic. Every input record has exactly one receipt with
 * its outcome, and a written record's {@code id} is the HubSpot contact that holds its e-mail address,
 * {@code created} by the first phase and {@code updated} by the second.
 */
class HubSpotReceiptsIT {

    private static final String CONNECTOR = "hubspot-receipts";
    private static final String TOPIC = "contacts-in";
    private static final String RECEIPTS = "receipts";
    private static final String DLQ = "dlq";
    private static final int PARTITIONS = 2;
    private static final int RECEIPT_PARTITIONS = 3;
    /** The first phase creates one contact per record; the second updates them, twice each. */
    private static final int CONTACTS = 200;

    private static final int UPDATES = 2 * CONTACTS;
    private static final int RECORDS = CONTACTS + UPDATES;
    /** The update whose version is not a number (refused: the property is a number). */
    private static final int UNREADABLE = 123;
    /** The update that is a tombstone (skipped under behavior.on.null.values=ignore). */
    private static final int TOMBSTONE = 321;

    private HubSpotEmulator hubspot;
    private ConnectHarness harness;

    @AfterEach
    void stop() {
        if (harness != null) {
            harness.close();
        }
        if (hubspot != null) {
            hubspot.close();
        }
    }

    @Test
    void everyRecordHasOneReceiptAndItsIdIsTheContactHubSpotHoldsForIt() throws Exception {
        hubspot = HubSpotItSupport.emulatorWithVersionedContacts();
        String token = hubspot.createToken(HubSpotEmulator.ALL_SCOPES);
        harness = ConnectHarness.start("hubspot-receipts", 1, Map.of());
        harness.createTopic(TOPIC, PARTITIONS);
        ReceiptsTopic receipts = ReceiptsTopic.create(harness, RECEIPTS, RECEIPT_PARTITIONS);
        Map<String, String> config =
                ConnectHarness.withDeadLetterQueue(HubSpotItSupport.connector(hubspot, token, TOPIC), DLQ);
        config.put("behavior.on.null.values", "ignore");
        receipts.configure(config);

        // contact i (0-199) is record i of the first phase; record j of the second updates contact j % 200, in
        // the same partition (200 is even)
        harness.produce(
                TOPIC,
                PARTITIONS,
                CONTACTS,
                HubSpotItSupport.contactKeys(CONTACTS),
                HubSpotItSupport.versionedContacts(CONTACTS));
        harness.configureConnector(CONNECTOR, config);
        ConnectHarness.await(CONTACTS + " receipts", () -> receipts.count() >= CONTACTS);
        harness.produce(TOPIC, PARTITIONS, UPDATES, HubSpotItSupport.contactKeys(CONTACTS), j -> switch (j) {
            case TOMBSTONE -> null;
            case UNREADABLE -> "{\"email\":\"" + HubSpotItSupport.email(j % CONTACTS) + "\",\"version\":\"high\"}";
            default ->
                "{\"email\":\"" + HubSpotItSupport.email(j % CONTACTS) + "\",\"version\":" + (1 + j / CONTACTS) + "}";
        });
        HubSpotItSupport.awaitCommitted(harness, hubspot, CONNECTOR, TOPIC, PARTITIONS);

        ReceiptsTopic.Read read = receipts.readAll();
        assertThat(read.repeated()).as("keys receipted more than once").isEmpty();
        assertThat(read.byKey()).hasSize(RECORDS);
        Map<String, String> idByEmail = new HashMap<>();
        for (CrmObject contact : hubspot.objects("contacts")) {
            idByEmail.put(contact.property("email"), contact.id());
        }
        assertThat(idByEmail).hasSize(CONTACTS);
        Map<String, Integer> outcomes = new HashMap<>();
        read.byKey().forEach((coordinates, receipt) -> {
            int partition = receipt.get("partition").asInt();
            long offset = receipt.get("offset").asLong();
            assertThat(coordinates).isEqualTo(TOPIC + "/" + partition + "/" + offset);
            assertThat(receipt.get("connector").asText()).isEqualTo(CONNECTOR);
            String outcome = receipt.get("outcome").asText();
            outcomes.merge(outcome, 1, Integer::sum);
            int perPartition = CONTACTS / PARTITIONS;
            boolean update = offset >= perPartition;
            int index = update
                    ? (int) (offset - perPartition) * PARTITIONS + partition
                    : (int) offset * PARTITIONS + partition;
            if (update && index == TOMBSTONE) {
                assertThat(outcome).as("the tombstone's outcome").isEqualTo("skipped");
                assertThat(receipt.get("app").isNull()).isTrue();
                return;
            }
            if (update && index == UNREADABLE) {
                assertThat(outcome).as("the unreadable version's outcome").isEqualTo("rejected");
                assertThat(receipt.get("reason").asText()).contains("version");
                assertThat(receipt.get("app").isNull()).isTrue();
                return;
            }
            assertThat(outcome).as("outcome of %s", coordinates).isEqualTo("written");
            JsonNode app = receipt.get("app");
            String email = HubSpotItSupport.email(index % CONTACTS);
            assertThat(app.get("object_type").asText()).isEqualTo("contacts");
            assertThat(app.get("id").asText())
                    .as("the contact of %s", coordinates)
                    .isEqualTo(idByEmail.get(email));
            assertThat(app.get("action").asText())
                    .as("what %s did", coordinates)
                    .isEqualTo(update ? "updated" : "created");
        });
        assertThat(outcomes)
                .containsEntry("skipped", 1)
                .containsEntry("rejected", 1)
                .containsEntry("written", RECORDS - 2);
        assertThat(harness.readAll(DLQ, 1)).hasSize(1);
    }
}

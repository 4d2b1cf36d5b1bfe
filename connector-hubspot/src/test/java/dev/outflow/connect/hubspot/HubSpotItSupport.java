package dev.outflow.connect.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.outflow.connect.testkit.ConnectHarness;
import dev.outflow.connect.testkit.hubspot.CrmObject;
import dev.outflow.connect.testkit.hubspot.HubSpotEmulator;
import dev.outflow.connect.testkit.hubspot.PropertyDefinition;
import dev.outflow.connect.testkit.hubspot.RecordedRequest;

/**
 * What the HubSpot integration tests share: a connector config pointed at the emulator, a stream of
 * versioned contacts (record i is version i / keys of contact i % keys, so with keys a multiple of the
 * partition count every version of a contact lands in one partition, in order), and readers of what
 * HubSpot holds and what it applied.
 */
final class HubSpotItSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HubSpotItSupport() {}

    /** An emulator whose contacts have a number property {@code version}. */
    static HubSpotEmulator emulatorWithVersionedContacts() {
        HubSpotEmulator hubspot = new HubSpotEmulator();
        hubspot.defineProperty("contacts", PropertyDefinition.number("version"));
        return hubspot;
    }

    /** One task writing {@code topic} to the emulator's contacts with {@code token}; every other key at its default but the linger. */
    static Map<String, String> connector(HubSpotEmulator hubspot, String token, String topic) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", HubSpotSinkConnector.class.getName());
        config.put("tasks.max", "1");
        config.put("topics", topic);
        config.put(HubSpotConfig.ACCESS_TOKEN, token);
        config.put(HubSpotConfig.API_URL, hubspot.baseUrl());
        config.put("batch.linger.ms", "200");
        return config;
    }

    static String email(int contact) {
        return "c" + contact + "@example.com";
    }

    /** Record keys: the contact's number. */
    static IntFunction<String> contactKeys(int contacts) {
        return i -> "c" + i % contacts;
    }

    /** Record values: contact i % contacts at version i / contacts. */
    static IntFunction<String> versionedContacts(int contacts) {
        return i -> "{\"email\":\"" + email(i % contacts) + "\",\"version\":" + i / contacts + "}";
    }

    /**
     * Waits until the connector's committed offsets reach the end of every partition of the topic; a timeout
     * says where each partition stood and how many contacts HubSpot held.
     */
    static void awaitCommitted(
            ConnectHarness harness, HubSpotEmulator hubspot, String connector, String topic, int partitions)
            throws InterruptedException {
        try {
            ConnectHarness.await(
                    "every partition of " + topic + " committed",
                    () -> harness.committedOffsets(connector).equals(harness.endOffsets(topic, partitions)),
                    Duration.ofMinutes(2));
        } catch (AssertionError e) {
            throw new AssertionError(
                    e.getMessage() + ": committed " + harness.committedOffsets(connector) + ", end "
                            + harness.endOffsets(topic, partitions) + ", tasks " + harness.taskStates(connector)
                            + ", " + hubspot.objects("contacts").size() + " contacts in HubSpot",
                    e);
        }
    }

    /** HubSpot holds exactly one contact per number below {@code contacts}, each at {@code version}. */
    static void assertEveryContactOnceAt(HubSpotEmulator hubspot, int contacts, int version) {
        List<CrmObject> stored = hubspot.objects("contacts");
        assertThat(stored).hasSize(contacts);
        Map<String, String> versions = new HashMap<>();
        stored.forEach(contact -> versions.put(contact.property("email"), contact.property("version")));
        for (int contact = 0; contact < contacts; contact++) {
            assertThat(versions.get(email(contact)))
                    .as("version of contact %d", contact)
                    .isEqualTo(String.valueOf(version));
        }
    }

    /**
     * How many times HubSpot applied each input, by its {@code objectWriteTraceId} (the record's topic,
     * partition and offset): the inputs of the answered 2xx requests to {@code endpoint}, such as
     * {@code /batch/upsert}. A 429, a 5xx or a lost connection applied nothing (or is not counted).
     */
    static Map<String, Integer> appliedTraceIds(HubSpotEmulator hubspot, String endpoint) {
        Map<String, Integer> applied = new HashMap<>();
        for (RecordedRequest request : hubspot.requests(endpoint)) {
            if (request.status() < 200 || request.status() >= 300) {
                continue;
            }
            try {
                for (JsonNode input : JSON.readTree(request.body()).path("inputs")) {
                    applied.merge(input.path("objectWriteTraceId").asText(), 1, Integer::sum);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("the emulator recorded a body that is not JSON", e);
            }
        }
        return applied;
    }
}

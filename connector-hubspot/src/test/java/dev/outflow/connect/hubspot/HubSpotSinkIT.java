package dev.outflow.connect.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.outflow.connect.testkit.ConnectHarness;
import dev.outflow.connect.testkit.ConnectHarness.ReadRecord;
import dev.outflow.connect.testkit.hubspot.CrmObject;
import dev.outflow.connect.testkit.hubspot.HubSpotEmulator;
import dev.outflow.connect.testkit.hubspot.HubSpotRateLimits;
import dev.outflow.connect.testkit.hubspot.PropertyDefinition;

/**
 * The HubSpot sink end to end in upsert mode: a real broker and Connect worker (one for the class, a
 * connector and topics per test), the connector's HTTP client, and the strict emulator standing in for
 * HubSpot.
 */
class HubSpotSinkIT {

    private static final String CONNECTOR = "hubspot";
    private static final String TOPIC = "churn-scores";
    private static final String VOLUME_CONNECTOR = "hubspot-volume";
    private static final String VOLUME_TOPIC = "contact-versions";
    private static final int VOLUME_PARTITIONS = 4;
    /** 2,000 contacts in 10 versions each: 20,000 records. */
    private static final int VOLUME_CONTACTS = 2_000;

    private static final int VOLUME_VERSIONS = 10;
    private static final String DLQ = "dlq";
    private static final int RECORDS = 400;
    private static final int CUSTOMERS = 100;
    /** The three records HubSpot (or the coercion before it) must refuse, by their number in the stream. */
    private static final int BAD_EMAIL = 101;

    private static final int BAD_OPTION = 202;
    private static final int BAD_DATE = 303;

    @TempDir
    Path secretsDir;

    private static ConnectHarness harness;
    private HubSpotEmulator hubspot;

    @BeforeAll
    static void startConnect() {
        // the token through a config provider, as the README asks: the connector config (and so the REST answers
        // that echo it) holds only the reference
        harness = ConnectHarness.start(
                "hubspot-upsert",
                1,
                Map.of(
                        "config.providers", "file",
                        "config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider"));
    }

    @AfterAll
    static void stopConnect() {
        harness.close();
    }

    @BeforeEach
    void startHubSpot() {
        hubspot = new HubSpotEmulator();
        hubspot.defineProperty("contacts", PropertyDefinition.number("churn_score"));
        hubspot.defineProperty("contacts", PropertyDefinition.number("version"));
        hubspot.defineProperty("contacts", PropertyDefinition.enumeration("risk", "low", "medium", "high"));
        hubspot.defineProperty("contacts", PropertyDefinition.date("renewal_date"));
    }

    @AfterEach
    void stop() {
        for (String connector : harness.cluster().connectors()) {
            harness.cluster().deleteConnector(connector);
        }
        hubspot.close();
    }

    /**
     * Record i: customer i % 100 at version i / 100 (all of one customer's versions land in one of the two
     * partitions, in order), but for the three bad ones, which name customers of their own.
     */
    private static final IntFunction<String> VALUES = i -> {
        String email = "customer-" + i % CUSTOMERS + "@example.com";
        String risk = i % 3 == 0 ? "high" : "low";
        String renewal = "2026-0" + (1 + i % 9) + "-01";
        switch (i) {
            case BAD_EMAIL -> email = "customer-101-at-example.com";
            case BAD_OPTION -> {
                email = "odd-202@example.com";
                risk = "catastrophic";
            }
            case BAD_DATE -> {
                email = "odd-303@example.com";
                renewal = "sometime in spring";
            }
            default -> {}
        }
        return "{\"email\":\"" + email + "\",\"churn_score\":" + (i % 97) / 100.0 + ",\"version\":" + i / CUSTOMERS
                + ",\"risk\":\"" + risk + "\",\"renewal_date\":\"" + renewal + "\"}";
    };

    @Test
    void upsertsOneContactPerCustomerWithItsLatestValuesAndSendsExactlyTheBadRowsToTheDlq() throws Exception {
        String token = hubspot.createToken(HubSpotEmulator.ALL_SCOPES);
        Path secrets = secretsDir.resolve("hubspot.properties");
        Files.writeString(secrets, "token=" + token + "\n");
        harness.createTopic(TOPIC, 2);
        harness.produce(TOPIC, 2, RECORDS, i -> "k" + i % CUSTOMERS, VALUES);

        Map<String, String> config = new HashMap<>();
        config.put("connector.class", HubSpotSinkConnector.class.getName());
        config.put("tasks.max", "2");
        config.put("topics", TOPIC);
        config.put(HubSpotConfig.ACCESS_TOKEN, "${file:" + secrets + ":token}");
        config.put(HubSpotConfig.API_URL, hubspot.baseUrl());
        config.put("batch.linger.ms", "200");
        List<ReadRecord> dead;
        List<String> logLines;
        try (LogLines logs = LogLines.capture()) {
            harness.configureConnector(CONNECTOR, ConnectHarness.withDeadLetterQueue(config, DLQ));
            dead = harness.readAll(DLQ, 3);
            ConnectHarness.await(
                    "every partition committed",
                    () -> harness.committedOffsets(CONNECTOR).equals(harness.endOffsets(TOPIC, 2)),
                    Duration.ofMinutes(2));
            logLines = logs.lines();
        }

        assertThat(logLines)
                .isNotEmpty()
                .noneMatch(line -> line.contains(token)
                        || line.contains("catastrophic")
                        || line.contains("sometime in spring")
                        || line.contains("customer-101-at"));

        assertThat(dead).hasSize(3);
        Map<String, String> reasons = new HashMap<>();
        dead.forEach(record -> reasons.put(
                record.value().replaceAll(".*\"email\":\"([^\"]+)\".*", "$1"),
                record.headers().get("__connect.errors.exception.message")));
        assertThat(reasons)
                .containsOnlyKeys("customer-101-at-example.com", "odd-202@example.com", "odd-303@example.com");
        assertThat(reasons.get("customer-101-at-example.com"))
                .isEqualTo("HubSpot refused the object (207 VALIDATION_ERROR: INVALID_EMAIL on email)");
        assertThat(reasons.get("odd-202@example.com"))
                .isEqualTo("HubSpot refused the object (207 VALIDATION_ERROR: INVALID_OPTION on risk)");
        assertThat(reasons.get("odd-303@example.com")).contains("renewal_date", "is a date");

        List<CrmObject> contacts = hubspot.objects("contacts");
        assertThat(contacts).hasSize(CUSTOMERS);
        for (int customer = 0; customer < CUSTOMERS; customer++) {
            int latest = latestGoodRecordOf(customer);
            CrmObject contact = hubspot.findBy("contacts", "email", "customer-" + customer + "@example.com")
                    .orElseThrow();
            assertThat(contact.property("version")).as("customer %d", customer).isEqualTo(String.valueOf(latest / 100));
            assertThat(contact.property("risk")).isEqualTo(latest % 3 == 0 ? "high" : "low");
        }
        assertThat(hubspot.requests("/batch/upsert"))
                .allSatisfy(r -> assertThat(r.status()).isIn(200, 207));
    }

    @Test
    void upserts20000RecordsOverFourPartitionsIntoOneContactPerKeyWithItsLatestValues() throws Exception {
        hubspot.defineProperty("contacts", PropertyDefinition.number("version"));
        hubspot.rateLimits().tier(HubSpotRateLimits.Tier.PROFESSIONAL);
        String token = hubspot.createToken(HubSpotEmulator.ALL_SCOPES);
        harness.createTopic(VOLUME_TOPIC, VOLUME_PARTITIONS);
        int records = VOLUME_CONTACTS * VOLUME_VERSIONS;
        harness.produce(
                VOLUME_TOPIC,
                VOLUME_PARTITIONS,
                records,
                HubSpotItSupport.contactKeys(VOLUME_CONTACTS),
                HubSpotItSupport.versionedContacts(VOLUME_CONTACTS));

        Map<String, String> config = HubSpotItSupport.connector(hubspot, token, VOLUME_TOPIC);
        config.put("tasks.max", "2");
        config.put(HubSpotConfig.REQUESTS_PER_10S, "190");
        harness.configureConnector(VOLUME_CONNECTOR, config);
        HubSpotItSupport.awaitCommitted(harness, hubspot, VOLUME_CONNECTOR, VOLUME_TOPIC, VOLUME_PARTITIONS);

        HubSpotItSupport.assertEveryContactOnceAt(hubspot, VOLUME_CONTACTS, VOLUME_VERSIONS - 1);
        assertThat(harness.taskStates(VOLUME_CONNECTOR)).containsExactly("RUNNING", "RUNNING");
    }

    /** The number of the customer's last record that is not one of the bad ones (they name other customers). */
    private static int latestGoodRecordOf(int customer) {
        int latest = -1;
        for (int i = customer; i < RECORDS; i += CUSTOMERS) {
            if (i != BAD_EMAIL && i != BAD_OPTION && i != BAD_DATE) {
                latest = i;
            }
        }
        return latest;
    }
}

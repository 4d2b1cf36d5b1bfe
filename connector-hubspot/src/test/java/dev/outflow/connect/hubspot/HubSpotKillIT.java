package dev.outflow.connect.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.outflow.connect.testkit.ConnectHarness;
import dev.outflow.connect.testkit.WorkerProcess;
import dev.outflow.connect.testkit.hubspot.HubSpotEmulator;

/**
 * Upserts converge across real crashes: the worker runs in a process of its own and is killed (SIGKILL:
 * no task stopped, no offset committed) three times mid-stream. Each successor replays from the last
 * committed offsets, in partition order, so every contact ends as one object with its latest version.
 * The connector is held to 20 requests per 10 s so that the stream outlasts the kills.
 */
class HubSpotKillIT {

    private static final String TOPIC = "contact-versions";
    private static final String CONNECTOR = "kill";
    private static final int PARTITIONS = 2;
    /** 1,000 contacts in 4 versions: 40 full batches, 20 s at 2 requests a second. */
    private static final int CONTACTS = 1_000;

    private static final int VERSIONS = 4;
    private static final int KILLS = 3;
    /** Upsert answers between kills: a fifth of the stream's batches, so each kill falls mid-stream. */
    private static final int UPSERTS_BETWEEN_KILLS = 8;

    private HubSpotEmulator hubspot;
    private EmbeddedKafkaCluster kafka;

    @AfterEach
    void stop() {
        if (kafka != null) {
            kafka.stop();
        }
        if (hubspot != null) {
            hubspot.close();
        }
    }

    private long contactsAtTheLatestVersion() {
        return hubspot.objects("contacts").stream()
                .filter(c -> String.valueOf(VERSIONS - 1).equals(c.property("version")))
                .count();
    }

    private int answeredUpserts() {
        return (int) hubspot.requests("/batch/upsert").stream()
                .filter(r -> r.status() == 200)
                .count();
    }

    @Test
    void workersKilledThreeTimesMidStreamLeaveEveryContactOnceWithItsLatestVersion() throws Exception {
        hubspot = HubSpotItSupport.emulatorWithVersionedContacts();
        String token = hubspot.createToken(HubSpotEmulator.ALL_SCOPES);
        kafka = new EmbeddedKafkaCluster(1, new Properties());
        kafka.start();
        kafka.createTopic(TOPIC, PARTITIONS);
        ConnectHarness.produce(
                kafka,
                TOPIC,
                PARTITIONS,
                CONTACTS * VERSIONS,
                HubSpotItSupport.contactKeys(CONTACTS),
                HubSpotItSupport.versionedContacts(CONTACTS));

        Map<String, String> config = HubSpotItSupport.connector(hubspot, token, TOPIC);
        config.put(HubSpotConfig.REQUESTS_PER_10S, "20");
        // the dead worker's partitions move once its consumer's session ends: short, so the test does not wait 45 s
        config.put("consumer.override.session.timeout.ms", "6000");
        config.put("consumer.override.heartbeat.interval.ms", "1000");
        Path log = Path.of("target", "hubspot-worker-process.log");
        WorkerProcess worker = WorkerProcess.start(kafka.bootstrapServers(), "hubspot-kill", log);
        try {
            worker.configureConnector(CONNECTOR, config);
            for (int kill = 1; kill <= KILLS; kill++) {
                int upserts = answeredUpserts() + UPSERTS_BETWEEN_KILLS;
                ConnectHarness.await(
                        upserts + " upserts answered before kill " + kill,
                        () -> answeredUpserts() >= upserts,
                        Duration.ofMinutes(2));
                worker.kill();
                assertThat(contactsAtTheLatestVersion())
                        .as("contacts at their latest version when killed the %d. time", kill)
                        .isLessThan(CONTACTS);
                worker = WorkerProcess.start(kafka.bootstrapServers(), "hubspot-kill", log);
            }
            ConnectHarness.await(
                    "every contact at its latest version",
                    () -> contactsAtTheLatestVersion() == CONTACTS,
                    Duration.ofMinutes(2));
            WorkerProcess last = worker;
            ConnectHarness.await(
                    "the task runs", () -> last.taskStates(CONNECTOR).equals(List.of("RUNNING")));
        } finally {
            worker.close();
        }

        HubSpotItSupport.assertEveryContactOnceAt(hubspot, CONTACTS, VERSIONS - 1);
    }
}

package dev.outflow.connect.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.outflow.connect.testkit.ConnectHarness;
import dev.outflow.connect.testkit.WorkerProcess;
import dev.outflow.connect.testkit.http.Answer;
import dev.outflow.connect.testkit.http.IdempotencyKeys;
import dev.outflow.connect.testkit.http.TestHttpServer;

/**
 * Exactly-once across lost answers and real crashes, with a server that honours idempotency keys: one record
 * per request (the body format for which the connector promises exactly-once with such a server), the server
 * applying every request but losing the answer to every tenth, and the worker, in a process of its own,
 * killed (SIGKILL: no task stopped, no offset committed) mid-stream. A lost answer is resent with the same
 * key and gets the first answer replayed; the successor resends what was applied after the last commit,
 * with the same keys, and gets replays too. In the end every key and every record was applied once. One
 * kill, not several: each costs a worker start and a rebalance (about half a minute), and the lost answers
 * already put a resend in every tenth request.
 */
class HttpKillIT {

    private static final String TOPIC = "orders";
    private static final String CONNECTOR = "http-kill";
    private static final int PARTITIONS = 2;
    private static final int RECORDS = 1_000;
    /** The server loses the answer to every n-th request it applies; each loss costs the task a backoff. */
    private static final int LOSE_EVERY = 10;
    /** Applications before the kill: a third of the stream, so that it falls mid-stream. */
    private static final int KILL_AFTER = RECORDS / 3;

    private TestHttpServer server;
    private EmbeddedKafkaCluster kafka;

    @AfterEach
    void stop() {
        if (kafka != null) {
            kafka.stop();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void lostAnswersAndAWorkerKilledMidStreamLeaveEveryRecordAndKeyAppliedOnce() throws Exception {
        server = TestHttpServer.start();
        IdempotencyKeys keys =
                server.honourIdempotencyKeys(HttpItSupport.IDEMPOTENCY_HEADER).required();
        AtomicInteger answered = new AtomicInteger();
        server.answerByDefault(
                request -> answered.incrementAndGet() % LOSE_EVERY == 0 ? Answer.appliedButLost() : Answer.ok());
        kafka = new EmbeddedKafkaCluster(1, new Properties());
        kafka.start();
        kafka.createTopic(TOPIC, PARTITIONS);
        ConnectHarness.produce(kafka, TOPIC, PARTITIONS, RECORDS, HttpItSupport.keys(), HttpItSupport.orders());

        Map<String, String> config = HttpItSupport.connector(server, TOPIC, "/v1/orders");
        config.put(HttpConfig.BODY_FORMAT, "record");
        // held to 100 requests a second, so that the stream outlasts the kills
        config.put(HttpConfig.RATE_LIMIT_PER_SECOND, "100");
        // the dead worker's partitions move once its consumer's session ends: short, so the test does not wait 45 s
        config.put("consumer.override.session.timeout.ms", "6000");
        config.put("consumer.override.heartbeat.interval.ms", "1000");
        Path log = Path.of("target", "http-worker-process.log");
        WorkerProcess worker = WorkerProcess.start(kafka.bootstrapServers(), "http-kill", log);
        try {
            worker.configureConnector(CONNECTOR, config);
            ConnectHarness.await(
                    KILL_AFTER + " requests applied before the kill",
                    () -> server.appliedCount() >= KILL_AFTER,
                    Duration.ofMinutes(2));
            worker.kill();
            assertThat(keys.applications()).as("keys applied when killed").hasSizeLessThan(RECORDS);
            worker = WorkerProcess.start(kafka.bootstrapServers(), "http-kill", log);
            ConnectHarness.await(
                    "every record applied", () -> keys.applications().size() == RECORDS, Duration.ofMinutes(2));
            WorkerProcess last = worker;
            ConnectHarness.await(
                    "the task runs", () -> last.taskStates(CONNECTOR).equals(List.of("RUNNING")));
        } finally {
            worker.close();
        }

        assertThat(answered.get() / LOSE_EVERY).as("answers lost").isPositive();
        assertThat(server.requestCount()).as("requests, resent ones included").isGreaterThan(RECORDS);
        keys.assertNoKeyAppliedTwice();
        HttpItSupport.assertEveryRecordAppliedOnce(server, RECORDS);
    }
}

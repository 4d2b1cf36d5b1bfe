package dev.outflow.connect.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.outflow.connect.testkit.ConnectHarness;
import dev.outflow.connect.testkit.ReceiptsTopic;
import dev.outflow.connect.testkit.http.Answer;
import dev.outflow.connect.testkit.http.RecordedRequest;
import dev.outflow.connect.testkit.http.TestHttpServer;

/**
 * Receipts of an HTTP connector (issue 14): a real broker and worker, the testkit's HTTP server as the
 * API, one record per request, the receipts read back from their topic. Every input record has
 * exactly one receipt with its outcome, and a written record's {@code status} and {@code body} are
 * what the server answered to the request that carried it.
 */
class HttpReceiptsIT {

    private static final String CONNECTOR = "http-receipts";
    private static final String TOPIC = "orders";
    private static final String RECEIPTS = "receipts";
    private static final String DLQ = "dlq";
    private static final int PARTITIONS = 2;
    private static final int RECEIPT_PARTITIONS = 3;
    /** The server refuses the order with this id (400, with a body saying why). */
    private static final int REFUSED = 77;
    /** The tombstone (skipped under behavior.on.null.values=ignore). */
    private static final int TOMBSTONE = 44;

    private static final ObjectMapper JSON = new ObjectMapper();

    private TestHttpServer server;
    private ConnectHarness harness;
    /** What the server answered, by the id of the order it received. */
    private final Map<Integer, Answer> answered = new ConcurrentHashMap<>();

    @BeforeEach
    void startServer() throws IOException {
        server = TestHttpServer.start();
        server.answerByDefault(this::answer);
    }

    @AfterEach
    void stop() {
        if (harness != null) {
            harness.close();
        }
        server.close();
    }

    /**
     * 201 for every third order and 200 for the others, each with a body of its own; 400 for the refused
     * one. Anything but an order (the reachability check's {@code HEAD /}) gets an empty 200.
     */
    private Answer answer(RecordedRequest request) {
        if (!"POST".equals(request.method())) {
            return Answer.ok();
        }
        int id = json(request.bodyText()).get("id").asInt();
        Answer answer = id == REFUSED
                ? Answer.status(400).withBody("{\"error\":\"order " + id + " has no customer\"}")
                : Answer.status(id % 3 == 0 ? 201 : 200).withBody("{\"order\":" + id + ",\"ref\":\"r-" + id + "\"}");
        answered.put(id, answer);
        return answer;
    }

    @Test
    void everyRecordHasOneReceiptAndAWrittenOneHoldsTheStatusAndBodyTheServerAnswered() throws Exception {
        int records = 1_000;
        ReceiptsTopic.Read read = run(records);

        assertThat(read.repeated()).as("keys receipted more than once").isEmpty();
        assertThat(read.byKey()).hasSize(records);
        Map<String, Integer> outcomes = new HashMap<>();
        read.byKey().forEach((coordinates, receipt) -> {
            int partition = receipt.get("partition").asInt();
            long offset = receipt.get("offset").asLong();
            assertThat(coordinates).isEqualTo(TOPIC + "/" + partition + "/" + offset);
            assertThat(receipt.get("connector").asText()).isEqualTo(CONNECTOR);
            String outcome = receipt.get("outcome").asText();
            outcomes.merge(outcome, 1, Integer::sum);
            int id = (int) offset * PARTITIONS + partition;
            if (id == TOMBSTONE) {
                assertThat(outcome).as("the tombstone's outcome").isEqualTo("skipped");
                assertThat(receipt.get("reason").asText()).contains("behavior.on.null.values=ignore");
                assertThat(receipt.get("app").isNull()).isTrue();
                return;
            }
            if (id == REFUSED) {
                assertThat(outcome).as("the refused order's outcome").isEqualTo("rejected");
                assertThat(receipt.get("reason").asText())
                        .startsWith("HTTP 400 from POST http://127.0.0.1:" + server.port() + " ");
                return;
            }
            assertThat(outcome).as("outcome of order %d", id).isEqualTo("written");
            assertThat(receipt.get("reason").isNull()).isTrue();
            Answer answer = answered.get(id);
            assertThat(answer).as("the server's answer to order %d", id).isNotNull();
            JsonNode app = receipt.get("app");
            assertThat(app.get("status").asText())
                    .as("status of order %d", id)
                    .isEqualTo(String.valueOf(answer.status()));
            assertThat(app.get("body").asText())
                    .as("body of order %d", id)
                    .isEqualTo(new String(answer.body(), StandardCharsets.UTF_8));
        });
        assertThat(outcomes)
                .containsEntry("skipped", 1)
                .containsEntry("rejected", 1)
                .containsEntry("written", records - 2);
        assertThat(answered).as("orders the server answered").hasSize(records - 1);
        assertThat(server.applied().stream().filter(request -> "POST".equals(request.method())))
                .as("orders the server applied")
                .hasSize(records - 2);
        assertThat(harness.readAll(DLQ, 1)).hasSize(1);
    }

    /**
     * The connector's README, and issue 14's brief: a record the server refuses goes to the dead-letter
     * queue with a reply holding the status and the head of the answer's body, which the framework adds to
     * the receipt.
     */
    @Test
    void aRefusedRecordsReceiptHoldsTheStatusAndBodyTheServerAnswered() throws Exception {
        ReceiptsTopic.Read read = run(REFUSED + 1);

        JsonNode receipt = read.byKey().get(TOPIC + "/" + REFUSED % PARTITIONS + "/" + REFUSED / PARTITIONS);
        assertThat(receipt.get("outcome").asText()).isEqualTo("rejected");
        assertThat(receipt.get("reason").asText())
                .startsWith("HTTP 400 from POST http://127.0.0.1:" + server.port() + " ");
        JsonNode app = receipt.get("app");
        assertThat(app.isObject())
                .as("the refused record's receipt has the server's answer: %s", app)
                .isTrue();
        assertThat(app.get("status").asText()).isEqualTo("400");
        assertThat(app.get("body").asText())
                .isEqualTo(new String(answered.get(REFUSED).body(), StandardCharsets.UTF_8));
    }

    /** Orders 0 to {@code records - 1} through the connector, one per request; the receipts once all are committed. */
    private ReceiptsTopic.Read run(int records) throws InterruptedException {
        harness = ConnectHarness.start("http-receipts", 1, Map.of());
        harness.createTopic(TOPIC, PARTITIONS);
        ReceiptsTopic receipts = ReceiptsTopic.create(harness, RECEIPTS, RECEIPT_PARTITIONS);
        harness.produce(
                TOPIC,
                PARTITIONS,
                records,
                i -> "k" + i,
                i -> i == TOMBSTONE ? null : "{\"id\":" + i + ",\"total\":" + i % 97 + "}");

        Map<String, String> config = ConnectHarness.withDeadLetterQueue(new HashMap<>(), DLQ);
        config.put("connector.class", HttpSinkConnector.class.getName());
        config.put("tasks.max", "1");
        config.put("topics", TOPIC);
        config.put(HttpConfig.URL, server.url("/orders"));
        config.put(HttpConfig.BODY_FORMAT, "record");
        config.put(HttpConfig.RECEIPTS_BODY_MAX_BYTES, "256");
        config.put(HttpConfig.RATE_LIMIT_PER_SECOND, "1000");
        config.put("batch.linger.ms", "200");
        config.put("behavior.on.null.values", "ignore");
        receipts.configure(config);
        harness.configureConnector(CONNECTOR, config);
        ConnectHarness.await(
                "committed offsets at the end of " + TOPIC,
                () -> harness.committedOffsets(CONNECTOR).equals(harness.endOffsets(TOPIC, PARTITIONS)));
        return receipts.readAll();
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

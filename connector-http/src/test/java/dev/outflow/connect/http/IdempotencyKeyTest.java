package dev.outflow.connect.http;

import static dev.outflow.connect.http.HttpTestSupport.props;
import static dev.outflow.connect.http.HttpTestSupport.rows;
import static dev.outflow.connect.http.HttpTestSupport.rowsFrom;
import static dev.outflow.connect.http.HttpTestSupport.started;
import static dev.outflow.connect.http.HttpTestSupport.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchException;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.outflow.connect.core.api.FirstRowsFailedException;
import dev.outflow.connect.core.api.Row;
import dev.outflow.connect.core.api.Rows;
import dev.outflow.connect.core.api.WriteResult;
import dev.outflow.connect.testkit.ManualClock;
import dev.outflow.connect.testkit.http.Answer;
import dev.outflow.connect.testkit.http.RecordedRequest;
import dev.outflow.connect.testkit.http.TestHttpServer;

/** Idempotency keys: what they are made of, and that a retried or restarted request is the same request. */
class IdempotencyKeyTest {

    private TestHttpServer server;
    private final ManualClock clock = new ManualClock();

    @BeforeEach
    void start() throws Exception {
        server = TestHttpServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpDestination destination(String... extra) {
        return started(props(server, extra), clock);
    }

    private List<String> keys() {
        return server.requests().stream().map(r -> r.header("Idempotency-Key")).toList();
    }

    @Test
    void aSingleRecordRequestIsKeyedByItsOffsetAsAQuotedString() throws Exception {
        write(destination(HttpConfig.BODY_FORMAT, "record"), rowsFrom(5, "{\"id\":1}"));

        assertThat(keys()).containsExactly("\"orders-http:orders:0:5\"");
    }

    @Test
    void aBatchIsKeyedByItsFirstAndLastOffset() throws Exception {
        write(destination(), rowsFrom(10, "{\"id\":1}", "{\"id\":2}", "{\"id\":3}"));

        assertThat(keys()).containsExactly("\"orders-http:orders:0:10-12\"");
    }

    @Test
    void theHeaderNameIsConfigurableAndKeysCanBeTurnedOff() throws Exception {
        write(destination(HttpConfig.IDEMPOTENCY_HEADER, "X-Request-Id"), rows("{\"id\":1}"));
        write(destination(HttpConfig.IDEMPOTENCY_ENABLED, "false"), rows("{\"id\":1}"));

        assertThat(server.requests().get(0).header("X-Request-Id")).isEqualTo("\"orders-http:orders:0:0\"");
        assertThat(server.requests().get(0).header("Idempotency-Key")).isNull();
        assertThat(server.requests().get(1).headers()).doesNotContainKeys("idempotency-key", "x-request-id");
    }

    @Test
    void aLongKeyIsHashedWithinTheLimit() throws Exception {
        String name = "n".repeat(300);
        write(started(props(server, "name", name), clock), rows("{\"id\":1}"));

        String key = keys().get(0);
        assertThat(key).startsWith("\"sha256:").hasSize(2 + "sha256:".length() + 64);
    }

    @Test
    void aRetryIsTheSameRequestWithTheSameKey() throws Exception {
        server.enqueue(Answer.status(500), Answer.appliedButLost());
        HttpDestination destination = destination();
        List<Row> rows = rows("{\"id\":1}", "{\"id\":2}");

        catchException(() -> write(destination, rows));
        catchException(() -> write(destination, rows));
        write(destination, rows);

        assertThat(server.requests()).hasSize(3);
        assertThat(keys()).containsOnly("\"orders-http:orders:0:0-1\"");
        assertThat(server.requests()).extracting(RecordedRequest::bodyText).containsOnly("[{\"id\":1},{\"id\":2}]");
    }

    @Test
    void aRestartedTaskSendsTheSameRecordsWithTheSameKey() throws Exception {
        server.enqueue(Answer.appliedButLost());
        List<Row> rows = rows("{\"id\":1}", "{\"id\":2}");

        catchException(() -> write(destination(), rows));
        write(destination(), rows); // a new task, after a restart, reads the same records again

        assertThat(keys()).containsExactly("\"orders-http:orders:0:0-1\"", "\"orders-http:orders:0:0-1\"");
        assertThat(server.requests().get(0).body())
                .isEqualTo(server.requests().get(1).body());
    }

    @Test
    void keyedBatchesAreCutAtOffsetBlocksOfBatchMaxRecords() throws Exception {
        HttpDestination destination = destination("batch.max.records", "4");

        WriteResult head = write(destination, rowsFrom(2, "{\"id\":2}", "{\"id\":3}", "{\"id\":4}", "{\"id\":5}"));
        WriteResult next = write(destination, rowsFrom(4, "{\"id\":4}", "{\"id\":5}", "{\"id\":6}", "{\"id\":7}"));

        assertThat(head.handled()).isEqualTo(2);
        assertThat(next.handled()).isEqualTo(WriteResult.ALL);
        assertThat(keys()).containsExactly("\"orders-http:orders:0:2-3\"", "\"orders-http:orders:0:4-7\"");
    }

    @Test
    void withoutKeysABatchIsNotCut() throws Exception {
        HttpDestination destination = destination("batch.max.records", "4", HttpConfig.IDEMPOTENCY_ENABLED, "false");

        WriteResult result = write(destination, rowsFrom(2, "{\"id\":2}", "{\"id\":3}", "{\"id\":4}", "{\"id\":5}"));

        assertThat(result.handled()).isEqualTo(WriteResult.ALL);
        assertThat(server.requests().get(0).bodyText()).isEqualTo("[{\"id\":2},{\"id\":3},{\"id\":4},{\"id\":5}]");
    }

    @Test
    void theRetryOfAnUnsettledRequestCarriesExactlyItsRecordsEvenWhenMoreArrived() throws Exception {
        server.enqueue(Answer.status(503));
        HttpDestination destination = destination("batch.max.records", "10");

        catchException(() -> write(destination, rows("{\"id\":0}", "{\"id\":1}", "{\"id\":2}")));
        WriteResult retry =
                write(destination, rows("{\"id\":0}", "{\"id\":1}", "{\"id\":2}", "{\"id\":3}", "{\"id\":4}"));

        assertThat(retry.handled()).isEqualTo(3);
        assertThat(keys()).containsExactly("\"orders-http:orders:0:0-2\"", "\"orders-http:orders:0:0-2\"");
        assertThat(server.requests().get(1).body())
                .isEqualTo(server.requests().get(0).body());
    }

    @Test
    void aFailureOfACutRequestConcernsTheRowsItCarriedAlone() {
        server.enqueue(Answer.status(500));
        HttpDestination destination = destination("batch.max.records", "2");

        Exception error = catchException(() -> write(destination, rows("{\"id\":0}", "{\"id\":1}", "{\"id\":2}")));

        assertThat(error).isInstanceOf(FirstRowsFailedException.class);
        assertThat(((FirstRowsFailedException) error).rows()).isEqualTo(2);
    }

    @Test
    void aReopenedPartitionIsCutAfreshFromItsBlocks() throws Exception {
        server.enqueue(Answer.status(503));
        HttpDestination destination = destination("batch.max.records", "10");
        catchException(() -> write(destination, rows("{\"id\":0}", "{\"id\":1}")));

        destination.partitionsOpened(List.of(rows("{}").get(0).topicPartition()));
        write(destination, rows("{\"id\":0}", "{\"id\":1}", "{\"id\":2}"));

        assertThat(keys()).containsExactly("\"orders-http:orders:0:0-1\"", "\"orders-http:orders:0:0-2\"");
    }

    @Test
    void keyedBatchesNeverMixPartitions() {
        Row zero = Rows.fromJson(HttpTestSupport.TOPIC, 0, 0, "{\"id\":1}");
        Row one = Rows.fromJson(HttpTestSupport.TOPIC, 1, 0, "{\"id\":1}");

        HttpDestination keyed = destination();
        HttpDestination unkeyed = destination(HttpConfig.IDEMPOTENCY_ENABLED, "false");
        HttpDestination single = destination(HttpConfig.BODY_FORMAT, "record");

        assertThat(keyed.route(zero)).isNotEqualTo(keyed.route(one));
        assertThat(unkeyed.route(zero)).isEqualTo(unkeyed.route(one));
        assertThat(single.route(zero)).isEqualTo(single.route(one));
    }
}

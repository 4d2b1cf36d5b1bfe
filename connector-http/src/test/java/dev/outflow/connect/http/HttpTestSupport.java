package dev.outflow.connect.http;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.outflow.connect.core.api.Row;
import dev.outflow.connect.core.api.Rows;
import dev.outflow.connect.core.api.WriteResult;
import dev.outflow.connect.testkit.http.TestHttpServer;

/** What the HTTP tests share: a destination against the test server, rows to send, and a write that routes first. */
final class HttpTestSupport {

    static final String TOPIC = "orders";
    static final String CONNECTOR = "orders-http";

    private HttpTestSupport() {}

    /** The keys of a destination posting to {@code /hook} on the server, plus {@code extra} (a null value removes a key). */
    static Map<String, String> props(TestHttpServer server, String... extra) {
        Map<String, String> props = new HashMap<>();
        props.put("name", CONNECTOR);
        props.put(HttpConfig.URL, server.url("/hook"));
        for (int i = 0; i < extra.length; i += 2) {
            if (extra[i + 1] == null) {
                props.remove(extra[i]);
            } else {
                props.put(extra[i], extra[i + 1]);
            }
        }
        return props;
    }

    static HttpDestination started(Map<String, String> props, Clock clock) {
        HttpDestination destination = new HttpDestination(clock);
        destination.start(props);
        return destination;
    }

    /** Rows of JSON text at offsets {@code first}, {@code first + 1} ... of partition 0. */
    static List<Row> rowsFrom(long first, String... json) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < json.length; i++) {
            rows.add(Rows.fromJson(TOPIC, 0, first + i, json[i]));
        }
        return rows;
    }

    /** Rows of JSON text at offsets 0, 1, 2 ... of partition 0. */
    static List<Row> rows(String... json) {
        return rowsFrom(0, json);
    }

    /** Routes the rows as the framework does, and writes them, all of one target, in one call. */
    static WriteResult write(HttpDestination destination, List<Row> rows) throws Exception {
        String target = destination.route(rows.get(0));
        for (Row row : rows) {
            if (!destination.route(row).equals(target)) {
                throw new AssertionError("the rows of one write must share a target");
            }
        }
        return destination.write(target, rows);
    }
}

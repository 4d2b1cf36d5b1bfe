package dev.outflow.benchmarks.suite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import dev.outflow.connect.http.HttpConfig;
import dev.outflow.connect.http.HttpSinkConnector;
import dev.outflow.connect.testkit.ConnectHarness;
import dev.outflow.connect.testkit.http.Answer;
import dev.outflow.connect.testkit.http.RecordedRequest;
import dev.outflow.connect.testkit.http.TestHttpServer;

/**
 * Scenario 10: the HTTP connector as fast as it goes, POSTing the backlog as NDJSON to a test HTTP
 * server that answers 200 at once and keeps no request, compared with the no-op sink on the same
 * backlog, cluster and stretch of it (from 10% to 90%, as the ceilings are measured).
 */
final class HttpThroughput {

    static final String SCENARIO = "10 http, zero latency";
    private static final String CONNECTOR = "http-throughput";
    private static final String PATH = "/bench/orders";
    /** The highest rate the connector allows: its own limiter must not be what is measured. */
    private static final String MAX_REQUESTS_PER_SECOND = "100000";
    /** The test server's request threads, as TestHttpServer names them. */
    private static final String SERVER_THREADS = "test-http-server";

    /** The counters read with the record count at both ends of the window. */
    private record Counters(long requests, long bodyBytes, CpuTimes cpu) {}

    /**
     * Answers 200 at once and counts what arrived: requests, body bytes, and records (the lines of an NDJSON
     * body), so that the server need not keep the requests to say how many records it got.
     */
    private static final class CountingAnswers implements Function<RecordedRequest, Answer> {

        private final AtomicLong requests = new AtomicLong();
        private final AtomicLong records = new AtomicLong();
        private final AtomicLong bodyBytes = new AtomicLong();

        @Override
        public Answer apply(RecordedRequest request) {
            byte[] body = request.body();
            long lines = 0;
            for (byte b : body) {
                if (b == '\n') {
                    lines++;
                }
            }
            if (body.length > 0 && body[body.length - 1] != '\n') {
                lines++;
            }
            requests.incrementAndGet();
            bodyBytes.addAndGet(body.length);
            records.addAndGet(lines);
            return Answer.ok();
        }

        Counters counters() {
            return new Counters(requests.get(), bodyBytes.get(), CpuTimes.now(CONNECTOR, SERVER_THREADS));
        }
    }

    private final ConnectHarness harness;
    private final Settings settings;
    private final String topic;
    private final Results results;

    HttpThroughput(ConnectHarness harness, Settings settings, String topic, Results results) {
        this.harness = harness;
        this.settings = settings;
        this.topic = topic;
        this.results = results;
    }

    void run(Ceilings.Ceiling plainSink) throws InterruptedException {
        CountingAnswers answers = new CountingAnswers();
        try (TestHttpServer server = startServer()) {
            server.answerByDefault(answers);
            // a million requests' bodies would fill the heap; the counts above are all the scenario reads
            server.recordRequests(false);
            Map<String, String> config = connector(server);
            Map<String, String> shown = new TreeMap<>(config);
            shown.put(HttpConfig.URL, "<test server>" + PATH);
            results.setting(SCENARIO, "connector", shown);
            results.setting(SCENARIO, "server", "TestHttpServer: 200 at once to every request, requests not recorded");
            harness.configureConnector(CONNECTOR, config);
            RateProbe.Span<Counters> span;
            try {
                span = RateProbe.measure(
                        answers.records::get,
                        answers::counters,
                        settings.records() / 10,
                        settings.records() * 9L / 10,
                        Duration.ofMinutes(2),
                        Duration.ofMinutes(3));
            } finally {
                harness.cluster().deleteConnector(CONNECTOR);
            }
            results.add(Figure.ratio(
                    SCENARIO,
                    "records/s end to end",
                    span.perSecond(),
                    "records/s",
                    plainSink.recordsPerSecond(),
                    Ceilings.PLAIN_SINK,
                    Goal.ratioAtLeast(0.5)));
            long requests = span.end().requests() - span.start().requests();
            results.add(Figure.plain(
                    SCENARIO, "records per request", (double) span.counted() / requests, "records/request"));
            results.add(Figure.plain(
                    SCENARIO,
                    "body bytes per record (NDJSON)",
                    (double) (span.end().bodyBytes() - span.start().bodyBytes()) / span.counted(),
                    "bytes/record"));
            CpuTimes.PerRecord cpu =
                    span.end().cpu().perRecordSince(span.start().cpu(), span.counted());
            results.add(Figure.ratio(
                    SCENARIO,
                    "CPU per record, whole JVM",
                    cpu.jvm(),
                    "µs/record",
                    plainSink.jvmMicrosPerRecord(),
                    Ceilings.PLAIN_SINK,
                    null));
            results.add(Figure.ratio(
                    SCENARIO,
                    "CPU per record, task thread (worker, connector, HTTP client)",
                    cpu.task(),
                    "µs/record",
                    plainSink.taskMicrosPerRecord(),
                    Ceilings.PLAIN_SINK,
                    null));
            results.add(Figure.plain(SCENARIO, "CPU per record, test HTTP server", cpu.emulator(), "µs/record"));
        }
    }

    /** The HTTP connector POSTing {@code topic} as NDJSON to the server, every key not named here at its default. */
    private Map<String, String> connector(TestHttpServer server) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", HttpSinkConnector.class.getName());
        config.put("tasks.max", "1");
        config.put("topics", topic);
        config.put(HttpConfig.URL, server.url(PATH));
        config.put(HttpConfig.BODY_FORMAT, "ndjson");
        config.put(HttpConfig.RATE_LIMIT_PER_SECOND, MAX_REQUESTS_PER_SECOND);
        return config;
    }

    private static TestHttpServer startServer() {
        try {
            return TestHttpServer.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

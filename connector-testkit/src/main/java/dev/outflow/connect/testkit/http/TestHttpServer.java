package dev.outflow.connect.testkit.http;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An HTTP server on the loopback interface for a destination's tests: it records every request and
 * answers from a script. Each request takes the next scripted {@link Answer}, in order; once the
 * script is used up, the default answer (200, or what {@link #answerByDefault} sets) applies.
 *
 * <p>Two opt-in modes make it a stricter server: {@link #honourIdempotencyKeys(String)} (replays,
 * 409 and 422 by the idempotency-key draft) and {@link #oauth2(String, String)} (a client
 * credentials token endpoint, and a bearer token required on every other request). What either
 * answers itself (a 401, a replay, an idempotency error) is not applied and takes no scripted answer:
 * the script answers only the requests that reach the app. The rules are in
 * {@code connector-testkit/README-test-http-server.md}.
 *
 * <p>Thread-safe: a client may send concurrently, and a test may script, read and wait from any
 * thread. A request is recorded before its answer goes out, so a test that saw the answer also
 * sees the request.
 */
public final class TestHttpServer implements AutoCloseable {

    private static final Answer OK = Answer.ok();

    private final HttpServer server;
    private final ExecutorService handlers;
    /** Sends the answers that are scripted to come late, so that no thread waits for them. */
    private final ScheduledExecutorService lateAnswers;

    private final Object lock = new Object();
    private final Queue<Answer> script = new ArrayDeque<>();
    private final List<RecordedRequest> requests = new ArrayList<>();
    private final List<RecordedRequest> applied = new ArrayList<>();
    private Function<RecordedRequest, Answer> byDefault = request -> OK;
    private boolean recording = true;
    private long received;
    private long appliedCount;
    private IdempotencyKeys idempotencyKeys;
    private OAuth2Tokens oauth2;

    private TestHttpServer(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        // concurrent clients (a connector's tasks) are answered at once, as by a real server
        handlers = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "test-http-server");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(handlers);
        lateAnswers = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "test-http-server-late-answers");
            thread.setDaemon(true);
            return thread;
        });
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts a server on a free port. */
    public static TestHttpServer start() throws IOException {
        return start(0);
    }

    /** Starts a server on the given port (0: a free one). */
    public static TestHttpServer start(int port) throws IOException {
        return new TestHttpServer(port);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The URL of a path on this server, e.g. {@code url("/hook")}. */
    public String url(String path) {
        return "http://127.0.0.1:" + port() + (path.startsWith("/") ? path : "/" + path);
    }

    /** Adds answers to the script: the next requests get them, one each, in this order. */
    public void enqueue(Answer... answers) {
        synchronized (lock) {
            script.addAll(List.of(answers));
        }
    }

    /** The answer to every request once the script is used up. */
    public void answerByDefault(Answer answer) {
        Objects.requireNonNull(answer, "answer");
        answerByDefault(request -> answer);
    }

    /** The answer to every request once the script is used up, chosen by what the request holds. */
    public void answerByDefault(Function<RecordedRequest, Answer> answers) {
        synchronized (lock) {
            byDefault = Objects.requireNonNull(answers, "answers");
        }
    }

    /**
     * Honours idempotency keys sent in this header (usually {@code Idempotency-Key}) from now on; see
     * {@link IdempotencyKeys} for the rules, and for the counts a test asserts on.
     */
    public IdempotencyKeys honourIdempotencyKeys(String header) {
        synchronized (lock) {
            idempotencyKeys = new IdempotencyKeys(lock, header);
            return idempotencyKeys;
        }
    }

    /**
     * Requires from now on a bearer token from this server's token endpoint on every other request;
     * configure the returned endpoint (path, lifetime, client authentication, scopes, clock, rotation).
     */
    public OAuth2Tokens oauth2(String clientId, String clientSecret) {
        synchronized (lock) {
            oauth2 = new OAuth2Tokens(clientId, clientSecret);
            return oauth2;
        }
    }

    /**
     * Whether requests are kept for {@link #requests()} and {@link #applied()} (by default they are).
     * Off, a benchmark can send millions without filling the heap; the counts are kept either way.
     */
    public void recordRequests(boolean keep) {
        synchronized (lock) {
            recording = keep;
        }
    }

    /** How many requests arrived (token requests aside), recorded or not. */
    public long requestCount() {
        synchronized (lock) {
            return received;
        }
    }

    /** How many requests the app applied, recorded or not. */
    public long appliedCount() {
        synchronized (lock) {
            return appliedCount;
        }
    }

    /** Every request received so far, in arrival order. */
    public List<RecordedRequest> requests() {
        synchronized (lock) {
            return List.copyOf(requests);
        }
    }

    /** The requests the app applied (a 2xx answer, or {@link Answer#appliedButLost()}), in arrival order. */
    public List<RecordedRequest> applied() {
        synchronized (lock) {
            return List.copyOf(applied);
        }
    }

    /**
     * Waits until at least {@code count} requests have arrived and returns them all (those recorded:
     * none while {@link #recordRequests} is off).
     *
     * @throws AssertionError when fewer arrived within the timeout
     */
    public List<RecordedRequest> awaitRequests(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (received < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(
                            "expected " + count + " requests within " + timeout + ", received " + received);
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return List.copyOf(requests);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        RecordedRequest request;
        try {
            request = new RecordedRequest(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().toString(),
                    exchange.getRequestHeaders(),
                    exchange.getRequestBody().readAllBytes());
        } catch (IOException e) {
            exchange.close();
            throw e;
        }
        Exchange decided = record(request);
        Answer answer = decided.answer;
        if (answer.delay().isZero()) {
            finish(exchange, answer);
        } else {
            // a slow app: the answer goes out later, and the requests behind it are answered meanwhile
            lateAnswers.schedule(
                    () -> {
                        if (decided.heldKey != null) {
                            decided.keys.answered(decided.heldKey, answer);
                        }
                        finish(exchange, answer);
                    },
                    answer.delay().toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    /** An answer, and the idempotency key it holds while it is on its way (null for none). */
    private record Exchange(Answer answer, IdempotencyKeys keys, String heldKey) {}

    /**
     * Answers, or for RESET and APPLIED_BUT_LOST (the request was read whole either way) closes the exchange
     * before any response header, which closes the connection: the client sees an I/O error.
     */
    private static void finish(HttpExchange exchange, Answer answer) {
        try (exchange) {
            if (answer.ending() == Answer.Ending.RESPOND) {
                respond(exchange, answer);
            }
        } catch (IOException e) {
            // the client has gone
        }
    }

    private Exchange record(RecordedRequest request) {
        synchronized (lock) {
            if (oauth2 != null && oauth2.isTokenRequest(request)) {
                return new Exchange(oauth2.token(request), null, null);
            }
            received++;
            if (recording) {
                requests.add(request);
            }
            lock.notifyAll();
            Answer refused = oauth2 == null ? null : oauth2.refuse(request);
            if (refused != null) {
                return new Exchange(refused, null, null);
            }
            IdempotencyKeys.Verdict verdict =
                    idempotencyKeys == null ? IdempotencyKeys.Verdict.NO_KEY : idempotencyKeys.check(request);
            if (verdict.answer != null) {
                return new Exchange(verdict.answer, null, null);
            }
            Answer scripted = script.poll();
            Answer answer = scripted != null ? scripted : byDefault.apply(request);
            if (!answer.applies()) {
                return new Exchange(answer, null, null);
            }
            appliedCount++;
            if (recording) {
                applied.add(request);
            }
            if (verdict.key == null) {
                return new Exchange(answer, null, null);
            }
            idempotencyKeys.applied(verdict, answer);
            return new Exchange(answer, idempotencyKeys, answer.delay().isZero() ? null : verdict.key);
        }
    }

    private static void respond(HttpExchange exchange, Answer answer) throws IOException {
        for (Map.Entry<String, List<String>> header : answer.headers().entrySet()) {
            exchange.getResponseHeaders().put(header.getKey(), header.getValue());
        }
        byte[] body = answer.body();
        exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        lateAnswers.shutdownNow();
        handlers.shutdownNow();
    }
}

package dev.outflow.connect.testkit.hubspot;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A strict, stateful emulator of the parts of HubSpot's CRM API a sink connector uses: the v3 CRM
 * objects batch endpoints, the v3 properties API, v4 default associations, private-app and OAuth
 * tokens with scopes, the 10-second and daily rate limits with their headers, and faults on demand.
 * Served over HTTP on 127.0.0.1 and an ephemeral port; point a client's base URL at {@link #baseUrl()}.
 * Time (rate-limit windows, token expiry, timestamps) comes from the {@link Clock} given to the
 * constructor. Thread-safe. See {@code README-hubspot-emulator.md} for what is emulated and its sources.
 */
public final class HubSpotEmulator implements AutoCloseable {

    /** Every scope some emulated endpoint checks. */
    public static final Set<String> ALL_SCOPES = Set.of(
            "crm.objects.contacts.read",
            "crm.objects.contacts.write",
            "crm.objects.companies.read",
            "crm.objects.companies.write",
            "crm.objects.deals.read",
            "crm.objects.deals.write",
            "crm.objects.custom.read",
            "crm.objects.custom.write",
            "crm.schemas.contacts.read",
            "crm.schemas.companies.read",
            "crm.schemas.deals.read",
            "crm.schemas.custom.read");

    private static final int MAX_LOGGED_REQUESTS = 100_000;

    static {
        // the JDK server writes headers and body apart; without this each answer waits for a delayed ACK
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /** A fault for the next {@code remaining} requests whose path contains {@code pathContains} (null: any). */
    private static final class FaultRule {
        final HubSpotFault fault;
        final String pathContains;
        int remaining;

        FaultRule(HubSpotFault fault, String pathContains, int remaining) {
            this.fault = fault;
            this.pathContains = pathContains;
            this.remaining = remaining;
        }
    }

    private final Clock clock;
    private final ObjectMapper mapper = new ObjectMapper();
    /** Guards the portal and the credentials. */
    private final Object state = new Object();

    private final Portal portal = new Portal();
    private final Credentials credentials = new Credentials();
    private final HubSpotLimits limits = new HubSpotLimits();
    private final HubSpotRateLimits rateLimits;
    private final ApiRouter router;
    private final List<FaultRule> faults = new ArrayList<>();
    private final List<RecordedRequest> log = new ArrayList<>();
    private final AtomicLong sequence = new AtomicLong();
    private final HttpServer server;
    private final ExecutorService executor;
    /** Handles the requests a delay fault holds, when their delay is over: no thread waits meanwhile. */
    private final ScheduledExecutorService delayed;

    /** An emulator on the system clock. */
    public HubSpotEmulator() {
        this(Clock.systemUTC());
    }

    /** An emulator whose time comes from {@code clock}: pass a {@code ManualClock} to control it. */
    public HubSpotEmulator(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.rateLimits = new HubSpotRateLimits(clock);
        this.router = new ApiRouter(portal, new ObjectBatches(portal, limits), new Associations(portal, limits));
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "hubspot-emulator-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.delayed = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hubspot-emulator-delayed");
            t.setDaemon(true);
            return t;
        });
        try {
            InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
            this.server = HttpServer.create(new InetSocketAddress(loopback, 0), 64);
        } catch (IOException e) {
            executor.shutdownNow();
            delayed.shutdownNow();
            throw new UncheckedIOException("cannot open the HubSpot emulator's port", e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    // ------------------------------------------------------------------ endpoints

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:<port>}, without a trailing slash, as HubSpot's {@code https://api.hubapi.com}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public Clock clock() {
        return clock;
    }

    // ------------------------------------------------------------------ set-up

    /** A private-app access token with these scopes (see {@link #ALL_SCOPES}). @return the token */
    public String createToken(String... scopes) {
        return createToken(Set.of(scopes));
    }

    public String createToken(Set<String> scopes) {
        synchronized (state) {
            return credentials.createPrivateAppToken(scopes);
        }
    }

    /** Later requests with the token (private-app, OAuth access or refresh token) are refused. */
    public void revokeToken(String token) {
        synchronized (state) {
            credentials.revoke(token);
        }
    }

    /** An OAuth app whose refresh tokens {@code POST /oauth/v1/token} exchanges for access tokens. */
    public void createOAuthApp(String clientId, String clientSecret) {
        synchronized (state) {
            credentials.createOAuthApp(clientId, clientSecret);
        }
    }

    /** A refresh token of an installed OAuth app, granting {@code scopes}. @return the refresh token */
    public String issueRefreshToken(String clientId, String... scopes) {
        synchronized (state) {
            return credentials.issueRefreshToken(clientId, Set.of(scopes));
        }
    }

    /** How long OAuth access tokens live, on the emulator's clock (HubSpot: 30 minutes, the default). */
    public void setAccessTokenLifetime(Duration lifetime) {
        synchronized (state) {
            credentials.accessTokenLifetime = Objects.requireNonNull(lifetime, "lifetime");
        }
    }

    /** A custom object type, addressable by {@code name}, {@code objectTypeId} (2-…) or {@code p<portal>_name}. */
    public void registerCustomObject(String name, String objectTypeId) {
        synchronized (state) {
            portal.registerCustom(name, objectTypeId);
        }
    }

    /** Adds (or replaces) a property of an object type ({@code contacts}, {@code 0-2}, a custom name, ...). */
    public void defineProperty(String objectType, PropertyDefinition property) {
        synchronized (state) {
            portal.known(objectType).define(property);
        }
    }

    public HubSpotRateLimits rateLimits() {
        return rateLimits;
    }

    public HubSpotLimits limits() {
        return limits;
    }

    // ------------------------------------------------------------------ reading back

    /** The live (not archived) records of a type, in creation order. */
    public List<CrmObject> objects(String objectType) {
        synchronized (state) {
            return portal.known(objectType).liveSnapshots();
        }
    }

    /** A record by {@code hs_object_id}, archived or not. */
    public Optional<CrmObject> object(String objectType, String id) {
        synchronized (state) {
            ObjectType.Stored s = portal.known(objectType).records.get(id);
            return Optional.ofNullable(s == null ? null : s.snapshot());
        }
    }

    /** The live record whose unique property (or contacts' {@code email}) holds {@code value}. */
    public Optional<CrmObject> findBy(String objectType, String property, String value) {
        synchronized (state) {
            ObjectType.Stored s = portal.known(objectType).findBy(property, value);
            return Optional.ofNullable(s == null ? null : s.snapshot());
        }
    }

    /** Ids of the {@code toType} records associated with a record. */
    public List<String> associations(String fromType, String fromId, String toType) {
        synchronized (state) {
            return portal.associated(portal.known(fromType), fromId, portal.known(toType));
        }
    }

    public int associationCount() {
        synchronized (state) {
            return portal.associationCount();
        }
    }

    /** 429s served by the rate limits since the last {@link #resetCounters()}. */
    public long rateLimitedCount() {
        return rateLimits.refusedCount();
    }

    /** Zeroes the 429 counter (a warm-up is over). */
    public void resetCounters() {
        rateLimits.resetCounters();
    }

    /** Every request received, in arrival order (the last 100,000). */
    public List<RecordedRequest> requests() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    /** The requests whose path contains {@code pathFragment}, such as {@code "/batch/upsert"}. */
    public List<RecordedRequest> requests(String pathFragment) {
        return requests().stream().filter(r -> r.path().contains(pathFragment)).collect(Collectors.toList());
    }

    /**
     * Waits until at least {@code count} requests have been answered or dropped (a delayed request is
     * recorded when it finishes). @return false when that did not happen within {@code timeout}
     */
    public boolean awaitRequests(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (log) {
            while (log.size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(log, left);
            }
            return true;
        }
    }

    public void clearRequests() {
        synchronized (log) {
            log.clear();
        }
    }

    // ------------------------------------------------------------------ faults

    /** The next {@code n} requests meet {@code fault}. */
    public void failNext(int n, HubSpotFault fault) {
        failNext(n, fault, null);
    }

    /** The next {@code n} requests whose path contains {@code pathFragment} meet {@code fault}. */
    public void failNext(int n, HubSpotFault fault, String pathFragment) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1");
        }
        synchronized (faults) {
            faults.add(new FaultRule(Objects.requireNonNull(fault, "fault"), pathFragment, n));
        }
    }

    public void clearFaults() {
        synchronized (faults) {
            faults.clear();
        }
    }

    private HubSpotFault takeFault(String path) {
        synchronized (faults) {
            for (Iterator<FaultRule> it = faults.iterator(); it.hasNext(); ) {
                FaultRule r = it.next();
                if (r.pathContains == null || path.contains(r.pathContains)) {
                    if (--r.remaining == 0) {
                        it.remove();
                    }
                    return r.fault;
                }
            }
            return null;
        }
    }

    @Override
    public void close() {
        server.stop(0);
        delayed.shutdownNow();
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ HTTP

    /** An answer with its headers. */
    private record Answer(Reply reply, Map<String, String> headers) {}

    private void handle(HttpExchange ex) {
        long seq = sequence.incrementAndGet();
        Instant at = clock.instant();
        String path = ex.getRequestURI().getRawPath();
        String body;
        try {
            body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            ex.close(); // the client has gone
            return;
        }
        HubSpotFault fault = takeFault(path);
        if (fault != null && fault.kind == HubSpotFault.Kind.DELAY) {
            // a slow server, in real time (the client's timeout is real too): handled when the delay is over
            delayed.schedule(
                    () -> handle(ex, seq, at, path, body, fault), fault.delay.toMillis(), TimeUnit.MILLISECONDS);
        } else {
            handle(ex, seq, at, path, body, fault);
        }
    }

    private void handle(HttpExchange ex, long seq, Instant at, String path, String body, HubSpotFault fault) {
        String method = ex.getRequestMethod();
        try {
            String logged = path.startsWith("/oauth/") ? "" : body;
            if (fault != null && fault.kind == HubSpotFault.Kind.STATUS) {
                ApiError e = ApiError.of(
                        fault.status,
                        "INTERNAL_ERROR",
                        "An internal error occurred (injected by the HubSpot emulator)");
                record(seq, at, method, path, logged, fault.status, "fault:http_status");
                send(ex, new Answer(new Reply(fault.status, e.body), Map.of()));
                return;
            }
            if (fault != null && fault.kind == HubSpotFault.Kind.CONNECTION_RESET) {
                record(seq, at, method, path, logged, 0, "fault:connection_reset");
                return; // closing the exchange without an answer closes the connection
            }
            Answer answer = answer(
                    method,
                    path,
                    ex.getRequestHeaders().getFirst("Authorization"),
                    ex.getRequestHeaders().getFirst("Content-Type"),
                    body);
            if (fault != null && fault.kind == HubSpotFault.Kind.APPLIED_BUT_LOST) {
                record(seq, at, method, path, logged, 0, "fault:applied_but_lost");
                return;
            }
            int status = answer.reply().status();
            record(
                    seq,
                    at,
                    method,
                    path,
                    logged,
                    status,
                    fault != null ? "fault:delay" : status == 429 ? "rate_limited" : status < 300 ? "ok" : "error");
            send(ex, answer);
        } catch (IOException e) {
            // the client has gone
        } finally {
            ex.close();
        }
    }

    private Answer answer(String method, String path, String authorization, String contentType, String body) {
        Map<String, String> headers = Map.of();
        try {
            List<String> seg = segments(path);
            if (seg.equals(List.of("oauth", "v1", "token")) && method.equals("POST")) {
                synchronized (state) {
                    return new Answer(credentials.refresh(contentType, body, clock.instant()), headers);
                }
            }
            Credentials.Principal principal;
            synchronized (state) {
                principal = credentials.authenticate(authorization, clock.instant());
            }
            HubSpotRateLimits.Admission admission = rateLimits.admit(principal.oauthApp());
            headers = admission.headers();
            if (admission.refusedBy() != null) {
                ApiError e = ApiError.rateLimited(admission.refusedBy());
                return new Answer(new Reply(429, e.body), headers);
            }
            synchronized (state) {
                return new Answer(router.route(method, seg, contentType, principal, body, clock.instant()), headers);
            }
        } catch (ApiError e) {
            return new Answer(new Reply(e.httpStatus, e.body), headers);
        } catch (RuntimeException e) {
            // a bug of the emulator, not an emulated failure: say so loudly
            e.printStackTrace();
            ApiError bug = ApiError.of(500, "EMULATOR_BUG", "HubSpot emulator bug: " + e);
            return new Answer(new Reply(500, bug.body), headers);
        }
    }

    private static List<String> segments(String rawPath) {
        List<String> out = new ArrayList<>();
        for (String s : rawPath.split("/")) {
            if (!s.isEmpty()) {
                out.add(URLDecoder.decode(s, StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private void send(HttpExchange ex, Answer answer) throws IOException {
        answer.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        JsonNode body = answer.reply().body();
        if (body == null) {
            ex.sendResponseHeaders(answer.reply().status(), -1);
            return;
        }
        byte[] bytes = mapper.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json;charset=utf-8");
        ex.sendResponseHeaders(answer.reply().status(), bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private void record(long seq, Instant at, String method, String path, String body, int status, String outcome) {
        RecordedRequest r = new RecordedRequest(seq, at, method, path, body, status, outcome);
        synchronized (log) {
            int i = log.size();
            while (i > 0 && log.get(i - 1).sequence() > seq) {
                i--; // keep arrival order when a delayed request finishes late
            }
            log.add(i, r);
            if (log.size() > MAX_LOGGED_REQUESTS) {
                log.remove(0);
            }
            log.notifyAll();
        }
    }
}

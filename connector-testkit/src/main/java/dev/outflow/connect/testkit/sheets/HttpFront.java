package dev.outflow.connect.testkit.sheets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import dev.outflow.connect.testkit.sheets.SheetsEmulator.Role;

/**
 * The HTTP side of {@link SheetsEmulator}: routes each request, applies faults, outages, auth and
 * quota, runs the API method, and answers as Google's front end does; it keeps the counters and
 * fault rules the emulator's control methods read and set (under {@code lock}).
 */
final class HttpFront {

    static final String PROJECT_NUMBER = "123456789012";
    private static final Set<String> SYSTEM_PARAMS = Set.of(
            "$.xgafv",
            "access_token",
            "alt",
            "callback",
            "fields",
            "key",
            "oauth_token",
            "prettyPrint",
            "quotaUser",
            "upload_protocol",
            "uploadType",
            "userIp");

    /** Pretty printing as Google's front end does it: {@code "key": value}, two-space indents. */
    static final com.fasterxml.jackson.core.util.DefaultPrettyPrinter PRETTY =
            new com.fasterxml.jackson.core.util.DefaultPrettyPrinter()
                    .withSeparators(com.fasterxml.jackson.core.util.Separators.createDefaultInstance()
                            .withObjectFieldValueSpacing(com.fasterxml.jackson.core.util.Separators.Spacing.AFTER));

    static final class FaultRule {
        final Predicate<ApiCall> match;
        final SheetsFault fault;
        int remaining;

        FaultRule(Predicate<ApiCall> match, SheetsFault fault, int remaining) {
            this.match = match;
            this.fault = fault;
            this.remaining = remaining;
        }
    }

    private final Object lock;
    private final Map<String, Book> books;
    private final Auth auth;
    private final Quota quota;
    private final Clock clock;
    private final ObjectMapper mapper;
    private final Random random;
    private final CountDownLatch closed;
    private String rootUrl;

    // read and set by the emulator's control methods, always under lock
    final List<FaultRule> faults = new ArrayList<>();
    final Map<String, long[]> stats = new HashMap<>();
    final Map<String, Long> rateLimitedByPrincipal = new HashMap<>();
    long rateLimitedTotal;
    long gzipBodies;
    final Map<String, List<RequestSize>> requestSizes = new HashMap<>();
    final Map<String, List<ResponseSize>> responseSizes = new HashMap<>();
    int inFlight;
    /** Google's "more than 180 seconds" processing limit; only held requests can run past it here. */
    java.time.Duration serverDeadline = java.time.Duration.ofSeconds(180);
    /** Requests being held by a stall or heldUntilReleased fault, in the order they were taken. */
    final List<Held> held = new ArrayList<>();

    final Map<String, List<HeldOutcome>> heldOutcomes = new HashMap<>();
    final Map<String, List<LateWrite>> lateWrites = new HashMap<>();
    boolean down;
    Instant downUntil = Instant.MIN;

    HttpFront(
            Object lock,
            Map<String, Book> books,
            Auth auth,
            Quota quota,
            Clock clock,
            ObjectMapper mapper,
            Random random,
            CountDownLatch closed) {
        this.lock = lock;
        this.books = books;
        this.auth = auth;
        this.quota = quota;
        this.clock = clock;
        this.mapper = mapper;
        this.random = random;
        this.closed = closed;
    }

    /** Set once the server listens: the audience a self-signed JWT may name. */
    void rootUrl(String url) {
        this.rootUrl = url;
    }

    private record Route(ApiCall.Operation op, String spreadsheetId, String extra) {}

    private record Reply(int status, JsonNode body, Map<String, String> headers) {}

    private record Handled(Reply reply, String principal) {}

    /** One held request; its fields are guarded by {@code lock}. */
    static final class Held {
        final ApiCall call;
        /** Set by releaseHeld: the request proceeds now. */
        boolean released;
        /** Set once the request was handled (or abandoned): releaseHeld then releases the next one. */
        boolean processed;

        Held(ApiCall call) {
            this.call = call;
        }
    }

    private enum HoldEnd {
        RELEASED,
        STALL_OVER,
        DEADLINE,
        CLOSED
    }

    void handle(HttpExchange ex) {
        synchronized (lock) {
            inFlight++;
        }
        try {
            handleExchange(ex);
        } catch (Throwable t) {
            // a broken connection: nothing to answer
        } finally {
            ex.close(); // without a response sent, this closes the connection (resets, lost responses)
            synchronized (lock) {
                inFlight--;
                lock.notifyAll();
            }
        }
    }

    private void handleExchange(HttpExchange ex) throws IOException {
        String method = ex.getRequestMethod();
        String rawPath = ex.getRequestURI().getRawPath();
        Route route = route(method, rawPath);
        String path = decodePath(rawPath);
        ApiCall call = new ApiCall(method, path, route.op(), route.spreadsheetId());
        byte[] body;
        try {
            body = readBody(ex, call);
        } catch (IOException e) {
            Reply invalid = new Reply(
                    400,
                    ApiError.invalidArgument("Invalid request body: " + e.getMessage())
                            .body(),
                    Map.of());
            send(ex, invalid, body(invalid, null));
            return;
        }

        SheetsFault fault;
        boolean outage;
        synchronized (lock) {
            count(call, 0, -1);
            outage = call.isSheetsApi() && (down || clock.instant().isBefore(downUntil));
            fault = outage ? null : takeFault(call);
        }
        if (outage) {
            reply(ex, call, null, new Reply(503, ApiError.unavailable().body(), Map.of()));
            return;
        }
        if (fault != null) {
            switch (fault.kind) {
                case STATUS -> {
                    ApiError error = switch (fault.status) {
                        case 429 ->
                            ApiError.quotaExceeded(
                                    call.isWrite(),
                                    call.isWrite() ? quota.writeLimit : quota.readLimit,
                                    PROJECT_NUMBER);
                        case 503 -> ApiError.unavailable();
                        default -> ApiError.internal();
                    };
                    reply(ex, call, principalOrNull(ex), new Reply(error.code, error.body(), Map.of()));
                    return;
                }
                case STALL, HELD -> {
                    holdThenHandle(ex, call, route, body, fault);
                    return;
                }
                case RESET -> {
                    synchronized (lock) {
                        countDropped(call);
                    }
                    return; // closing the exchange without a response closes the connection
                }
                case APPLIED_BUT_LOST -> {
                    // handled below: process, then drop
                }
            }
        }
        Handled handled = process(ex, call, route, body);
        if (fault != null && fault.kind == SheetsFault.Kind.APPLIED_BUT_LOST) {
            synchronized (lock) {
                countDropped(call);
            }
            return;
        }
        reply(ex, call, handled.principal(), handled.reply());
    }

    /** Authenticates and runs the request against the spreadsheets as they are now; never throws an API error. */
    private Handled process(HttpExchange ex, ApiCall call, Route route, byte[] body) {
        Reply reply;
        String principal = null;
        try {
            if (route.op() == ApiCall.Operation.TOKEN) {
                reply = token(ex, body);
            } else {
                Auth.Principal p = authenticate(ex, call);
                principal = p.email();
                reply = api(ex, call, route, p, body);
            }
        } catch (ApiError e) {
            reply = new Reply(
                    e.code, e.body(), e.code == 401 ? Map.of("WWW-Authenticate", wwwAuthenticate(e)) : Map.of());
        } catch (Auth.TokenError e) {
            reply = new Reply(e.status, e.body(), Map.of());
        } catch (RuntimeException e) {
            // a bug of the emulator, not an emulated failure: say so loudly
            System.err.println("Sheets emulator bug while handling " + call + ":");
            e.printStackTrace();
            ApiError bug =
                    new ApiError(500, "INTERNAL", "Internal error encountered. (Sheets emulator bug: " + e + ")");
            reply = new Reply(500, bug.body(), Map.of());
        }
        return new Handled(reply, principal);
    }

    /**
     * A stall or heldUntilReleased fault: holds the request (its thread and exchange) until the
     * stall ends or the test releases it. Past the server deadline the client is answered with the
     * timeout error and the request stays held; when the hold ends it is handled against the
     * spreadsheet as it is then, its real answer discarded, its outcome recorded as a late write.
     * Closing the emulator abandons it (nothing applied).
     */
    private void holdThenHandle(HttpExchange ex, ApiCall call, Route route, byte[] body, SheetsFault fault)
            throws IOException {
        Held h = new Held(call);
        long deadline;
        synchronized (lock) {
            deadline = System.nanoTime() + serverDeadline.toNanos();
            held.add(h);
            lock.notifyAll(); // awaitHeld
        }
        boolean stall = fault.kind == SheetsFault.Kind.STALL;
        long stallEnd = stall ? System.nanoTime() + fault.stall.toNanos() : 0;
        boolean answeredAtDeadline = false;
        try {
            HoldEnd end = waitWhileHeld(h, stall, stallEnd, true, deadline);
            if (end == HoldEnd.DEADLINE) {
                answeredAtDeadline = true;
                ApiError timeout = ApiError.deadlineExceeded();
                try {
                    reply(ex, call, principalOrNull(ex), new Reply(timeout.code, timeout.body(), Map.of()));
                } catch (IOException gone) {
                    // the client has gone (its process killed): the request is applied all the same
                }
                end = waitWhileHeld(h, stall, stallEnd, false, 0);
            }
            if (end == HoldEnd.CLOSED) {
                return; // abandoned: the emulator is closing
            }
            Handled handled = process(ex, call, route, body);
            synchronized (lock) {
                record(call, handled.reply(), answeredAtDeadline);
                h.processed = true; // before the answer is sent: releaseHeld need not wait on the network
                lock.notifyAll();
            }
            if (!answeredAtDeadline) {
                reply(ex, call, handled.principal(), handled.reply());
            }
        } finally {
            synchronized (lock) {
                held.remove(h);
                h.processed = true;
                lock.notifyAll(); // releaseHeld waits for this one before releasing the next
            }
        }
    }

    /** Waits, under lock, for the hold to end; leaves the request in {@code held} only on DEADLINE. */
    private HoldEnd waitWhileHeld(Held h, boolean stall, long stallEnd, boolean useDeadline, long deadline) {
        synchronized (lock) {
            while (true) {
                HoldEnd end = null;
                long now = System.nanoTime();
                if (closed.getCount() == 0) {
                    end = HoldEnd.CLOSED;
                } else if (h.released) {
                    end = HoldEnd.RELEASED;
                } else if (stall && now - stallEnd >= 0) {
                    end = HoldEnd.STALL_OVER; // a stall equal to the deadline ends normally
                } else if (useDeadline && now - deadline >= 0) {
                    return HoldEnd.DEADLINE;
                }
                if (end != null) {
                    held.remove(h);
                    return end;
                }
                long wait = Long.MAX_VALUE;
                if (stall) {
                    wait = stallEnd - now;
                }
                if (useDeadline) {
                    wait = Math.min(wait, deadline - now);
                }
                try {
                    if (wait == Long.MAX_VALUE) {
                        lock.wait();
                    } else {
                        TimeUnit.NANOSECONDS.timedWait(lock, wait);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    held.remove(h);
                    return HoldEnd.CLOSED; // the emulator's executor is shutting down
                }
            }
        }
    }

    /** Records a held request's outcome (under lock). */
    private void record(ApiCall call, Reply reply, boolean answeredAtDeadline) {
        if (call.spreadsheetId() == null) {
            return;
        }
        String message = reply.status() == 200
                ? null
                : reply.body().path("error").path("message").asText(null);
        heldOutcomes
                .computeIfAbsent(call.spreadsheetId(), k -> new ArrayList<>())
                .add(new HeldOutcome(call.operation(), reply.status(), message, answeredAtDeadline));
        if (answeredAtDeadline && call.isWrite()) {
            lateWrites
                    .computeIfAbsent(call.spreadsheetId(), k -> new ArrayList<>())
                    .add(new LateWrite(reply.status(), message));
        }
    }

    /**
     * Lets every held request proceed, one at a time in the order they were taken, each handled
     * before the next is released; answers how many were released. Called under no lock.
     */
    int releaseHeld() {
        int released = 0;
        synchronized (lock) {
            for (Held h : new ArrayList<>(held)) {
                if (!held.contains(h)) {
                    continue; // its stall ended meanwhile
                }
                h.released = true;
                released++;
                lock.notifyAll();
                try {
                    while (!h.processed && closed.getCount() > 0) {
                        lock.wait();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return released;
                }
            }
        }
        return released;
    }

    /** As Google: a bad or expired token is flagged invalid_token, which makes clients refresh it. */
    private static String wwwAuthenticate(ApiError e) {
        return e.getMessage().equals(ApiError.MISSING_CREDENTIALS)
                ? "Bearer realm=\"https://accounts.google.com/\""
                : "Bearer realm=\"https://accounts.google.com/\", error=\"invalid_token\"";
    }

    private void reply(HttpExchange ex, ApiCall call, String principal, Reply reply) throws IOException {
        synchronized (lock) {
            count(call, reply.status(), 0);
            if (reply.status() == 429) {
                rateLimitedTotal++;
                if (principal != null) {
                    rateLimitedByPrincipal.merge(principal.toLowerCase(Locale.ROOT), 1L, Long::sum);
                }
            }
        }
        byte[] bytes = body(
                reply,
                queryParams(ex).getOrDefault("prettyPrint", List.of("true")).get(0));
        // counted before it is sent: a client holding its answer must find the answer counted
        if (call.spreadsheetId() != null) {
            synchronized (lock) {
                responseSizes
                        .computeIfAbsent(call.spreadsheetId(), k -> new ArrayList<>())
                        .add(new ResponseSize(call.operation(), reply.status(), bytes.length));
            }
        }
        send(ex, reply, bytes);
    }

    private byte[] body(Reply reply, String prettyPrint) throws IOException {
        try {
            return "false".equals(prettyPrint)
                    ? mapper.writeValueAsBytes(reply.body())
                    : mapper.writer(PRETTY).writeValueAsBytes(reply.body());
        } catch (JsonProcessingException e) {
            throw new IOException(e);
        }
    }

    private void send(HttpExchange ex, Reply reply, byte[] bytes) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
        reply.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        ex.sendResponseHeaders(reply.status(), bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Updates the counters: phase -1 counts the request, phase 0 the response status. */
    private void count(ApiCall call, int status, int phase) {
        if (call.spreadsheetId() == null) {
            return;
        }
        long[] s = stats.computeIfAbsent(call.spreadsheetId(), k -> new long[7]);
        if (phase < 0) {
            if (call.isWrite()) {
                s[0]++;
            } else {
                s[2]++;
            }
            return;
        }
        if (status == 429) {
            s[3]++;
        } else if (status >= 400 && status < 500) {
            s[4]++;
        } else if (status >= 500) {
            s[5]++;
        }
    }

    private void countDropped(ApiCall call) {
        if (call.spreadsheetId() != null) {
            stats.computeIfAbsent(call.spreadsheetId(), k -> new long[7])[6]++;
        }
    }

    private SheetsFault takeFault(ApiCall call) {
        Iterator<FaultRule> it = faults.iterator();
        while (it.hasNext()) {
            FaultRule rule = it.next();
            boolean match;
            try {
                match = rule.match.test(call);
            } catch (RuntimeException e) {
                match = false;
            }
            if (match) {
                if (--rule.remaining <= 0) {
                    it.remove();
                }
                return rule.fault;
            }
        }
        return null;
    }

    private static Route route(String method, String rawPath) {
        String[] seg = rawPath.split("/", -1);
        List<String> s = new ArrayList<>();
        for (int i = 1; i < seg.length; i++) {
            s.add(decodeSegment(seg[i]));
        }
        if (s.size() == 1 && s.get(0).equals("token")) {
            return new Route(method.equals("POST") ? ApiCall.Operation.TOKEN : ApiCall.Operation.UNKNOWN, null, null);
        }
        if (s.size() < 2 || !s.get(0).equals("v4") || !s.get(1).equals("spreadsheets")) {
            return new Route(ApiCall.Operation.UNKNOWN, null, null);
        }
        if (s.size() == 2) {
            return new Route(
                    method.equals("POST") ? ApiCall.Operation.UNIMPLEMENTED : ApiCall.Operation.UNKNOWN,
                    null,
                    "spreadsheets.create");
        }
        String third = s.get(2);
        if (s.size() == 3) {
            int colon = third.indexOf(':');
            if (colon < 0) {
                return new Route(
                        method.equals("GET") ? ApiCall.Operation.GET_SPREADSHEET : ApiCall.Operation.UNKNOWN,
                        third,
                        null);
            }
            String id = third.substring(0, colon);
            String verb = third.substring(colon + 1);
            if (verb.equals("batchUpdate") && method.equals("POST")) {
                return new Route(ApiCall.Operation.BATCH_UPDATE, id, null);
            }
            if (verb.equals("getByDataFilter") && method.equals("POST")) {
                return new Route(ApiCall.Operation.UNIMPLEMENTED, id, "spreadsheets.getByDataFilter");
            }
            return new Route(ApiCall.Operation.UNKNOWN, id, null);
        }
        String id = third;
        String fourth = s.get(3);
        if (fourth.equals("values") && s.size() == 5) {
            String range = s.get(4);
            int colon = range.lastIndexOf(':');
            if (method.equals("GET")) {
                return new Route(ApiCall.Operation.GET_VALUES, id, range);
            }
            String verb = colon < 0 ? "update" : range.substring(colon + 1);
            return new Route(ApiCall.Operation.UNIMPLEMENTED, id, "spreadsheets.values." + verb);
        }
        if (fourth.startsWith("values:") && s.size() == 4) {
            return new Route(ApiCall.Operation.UNIMPLEMENTED, id, "spreadsheets.values." + fourth.substring(7));
        }
        if (fourth.equals("developerMetadata:search") && s.size() == 4 && method.equals("POST")) {
            return new Route(ApiCall.Operation.SEARCH_DEVELOPER_METADATA, id, null);
        }
        if (fourth.equals("developerMetadata") && s.size() == 5 && method.equals("GET")) {
            return new Route(ApiCall.Operation.GET_DEVELOPER_METADATA, id, s.get(4));
        }
        if (fourth.equals("sheets") && s.size() == 5 && s.get(4).endsWith(":copyTo")) {
            return new Route(ApiCall.Operation.UNIMPLEMENTED, id, "spreadsheets.sheets.copyTo");
        }
        return new Route(ApiCall.Operation.UNKNOWN, id, null);
    }

    /** Percent-decoding of one path segment ({@code +} stays a plus in paths). */
    private static String decodeSegment(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String decodePath(String rawPath) {
        StringBuilder sb = new StringBuilder();
        String[] seg = rawPath.split("/", -1);
        for (int i = 0; i < seg.length; i++) {
            if (i > 0) {
                sb.append('/');
            }
            sb.append(decodeSegment(seg[i]));
        }
        return sb.toString();
    }

    private byte[] readBody(HttpExchange ex, ApiCall call) throws IOException {
        String encoding = ex.getRequestHeaders().getFirst("Content-Encoding");
        InputStream in = ex.getRequestBody();
        if (encoding != null && encoding.trim().equalsIgnoreCase("gzip")) {
            synchronized (lock) {
                gzipBodies++;
            }
            byte[] raw = in.readAllBytes();
            if (raw.length == 0) {
                recordSize(call, 0, 0);
                return raw;
            }
            try (GZIPInputStream gz = new GZIPInputStream(new java.io.ByteArrayInputStream(raw))) {
                byte[] json = gz.readAllBytes();
                recordSize(call, raw.length, json.length);
                return json;
            }
        }
        if (encoding != null && !encoding.isBlank() && !encoding.trim().equalsIgnoreCase("identity")) {
            in.readAllBytes();
            throw new IOException("unsupported Content-Encoding " + encoding);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        recordSize(call, out.size(), out.size());
        return out.toByteArray();
    }

    private void recordSize(ApiCall call, long wire, long json) {
        if (call.spreadsheetId() != null) {
            synchronized (lock) {
                requestSizes
                        .computeIfAbsent(call.spreadsheetId(), k -> new ArrayList<>())
                        .add(new RequestSize(call.operation(), wire, json));
            }
        }
    }

    private static Map<String, List<String>> queryParams(HttpExchange ex) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        String raw = ex.getRequestURI().getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return out;
    }

    // ---- the token endpoint ----

    private Reply token(HttpExchange ex, byte[] body) {
        Map<String, String> form = new HashMap<>();
        String text = new String(body, StandardCharsets.UTF_8);
        for (String pair : text.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        synchronized (lock) {
            return new Reply(200, auth.tokenRequest(form, rootUrl + "token", clock.instant(), Instant.now()), Map.of());
        }
    }

    // ---- the Sheets API ----

    private static String methodName(ApiCall.Operation op) {
        return "google.apps.sheets.v4.SpreadsheetsService."
                + switch (op) {
                    case BATCH_UPDATE -> "BatchUpdateSpreadsheet";
                    case GET_VALUES -> "GetValues";
                    case SEARCH_DEVELOPER_METADATA -> "SearchDeveloperMetadata";
                    case GET_DEVELOPER_METADATA -> "GetDeveloperMetadata";
                    default -> "GetSpreadsheet";
                };
    }

    private String bearer(HttpExchange ex) {
        String header = ex.getRequestHeaders().getFirst("Authorization");
        if (header != null) {
            String h = header.trim();
            if (h.regionMatches(true, 0, "Bearer ", 0, 7)) {
                return h.substring(7).trim();
            }
            return "";
        }
        List<String> token = queryParams(ex).get("access_token");
        return token == null ? null : token.get(0);
    }

    private Auth.Principal authenticate(HttpExchange ex, ApiCall call) {
        if (call.operation() == ApiCall.Operation.UNKNOWN) {
            throw ApiError.notFound();
        }
        String token = bearer(ex);
        if (token == null) {
            throw ApiError.unauthenticated(true, methodName(call.operation()));
        }
        synchronized (lock) {
            Auth.Principal p = auth.authenticate(
                    token,
                    clock.instant(),
                    Instant.now(),
                    Set.of("http://127.0.0.1/", "http://localhost/", "https://sheets.googleapis.com/", rootUrl));
            if (p == null) {
                throw ApiError.unauthenticated(false, methodName(call.operation()));
            }
            return p;
        }
    }

    /** The caller's principal when the token is good, else null; never fails (for counting 429s). */
    private String principalOrNull(HttpExchange ex) {
        String token = bearer(ex);
        if (token == null) {
            return null;
        }
        synchronized (lock) {
            Auth.Principal p = auth.authenticate(
                    token,
                    clock.instant(),
                    Instant.now(),
                    Set.of("http://127.0.0.1/", "http://localhost/", "https://sheets.googleapis.com/", rootUrl));
            return p == null ? null : p.email();
        }
    }

    private Reply api(HttpExchange ex, ApiCall call, Route route, Auth.Principal principal, byte[] body) {
        if (call.operation() == ApiCall.Operation.UNIMPLEMENTED) {
            throw ApiError.unimplemented(route.extra());
        }
        boolean write = call.isWrite();
        if (write ? !principal.mayWrite() : !principal.mayRead()) {
            throw ApiError.insufficientScopes(methodName(call.operation()));
        }
        synchronized (lock) {
            Quota.Scope over = quota.tryAcquire(principal.email(), write, clock.millis());
            if (over == Quota.Scope.USER) {
                throw ApiError.quotaExceeded(write, write ? quota.writeLimit : quota.readLimit, PROJECT_NUMBER);
            }
            if (over == Quota.Scope.PROJECT) {
                throw ApiError.projectQuotaExceeded(
                        write, write ? quota.projectWriteLimit : quota.projectReadLimit, PROJECT_NUMBER);
            }
        }
        Map<String, List<String>> query = queryParams(ex);
        Set<String> allowed = switch (call.operation()) {
            case GET_SPREADSHEET ->
                Set.of("ranges", "includeGridData", "excludeTablesInBandedRanges", "commentsViewMode");
            case GET_VALUES -> Set.of("majorDimension", "valueRenderOption", "dateTimeRenderOption");
            default -> Set.of();
        };
        List<String[]> unknown = new ArrayList<>();
        for (String name : query.keySet()) {
            if (!SYSTEM_PARAMS.contains(name) && !allowed.contains(name)) {
                unknown.add(new String[] {
                    null,
                    "Invalid JSON payload received. Unknown name \"" + name + "\": Cannot bind query parameter. Field '"
                            + name + "' could not be found in request message."
                });
            }
        }
        if (!unknown.isEmpty()) {
            throw ApiError.badRequest(unknown.get(0)[1], unknown);
        }
        String responseType = switch (call.operation()) {
            case BATCH_UPDATE -> "BatchUpdateSpreadsheetResponse";
            case GET_VALUES -> "ValueRange";
            case SEARCH_DEVELOPER_METADATA -> "SearchDeveloperMetadataResponse";
            case GET_DEVELOPER_METADATA -> "DeveloperMetadata";
            default -> "Spreadsheet";
        };
        FieldMask fields = null;
        if (query.containsKey("fields")) {
            String text = query.get("fields").get(0);
            List<String> bad;
            try {
                fields = FieldMask.parse(text);
                bad = fields.unknownPaths(responseType);
            } catch (FieldMask.SyntaxException e) {
                bad = List.of(text);
            }
            if (!bad.isEmpty()) {
                List<String[]> violations = new ArrayList<>();
                for (String path : bad) {
                    violations.add(new String[] {
                        path, "Error expanding 'fields' parameter. Cannot find matching fields for path '" + path + "'."
                    });
                }
                throw ApiError.badRequest("Request contains an invalid argument.", violations);
            }
        }
        JsonNode json = null;
        String requestType = switch (call.operation()) {
            case BATCH_UPDATE -> "BatchUpdateSpreadsheetRequest";
            case SEARCH_DEVELOPER_METADATA -> "SearchDeveloperMetadataRequest";
            default -> null;
        };
        if (requestType != null) {
            json = parseBody(body);
            Schema.validate(json, requestType);
            json = Schema.normalize(json, requestType);
        }
        JsonNode response;
        synchronized (lock) {
            Book book = books.get(call.spreadsheetId());
            if (book == null) {
                throw ApiError.notFound();
            }
            Role role = book.roleOf(principal.email());
            if (role == null || (write && role != Role.WRITER)) {
                throw ApiError.permissionDenied();
            }
            response = switch (call.operation()) {
                case GET_SPREADSHEET -> getSpreadsheet(book, query);
                case GET_VALUES -> getValues(book, route.extra(), query);
                case BATCH_UPDATE -> batchUpdate(book, json);
                case SEARCH_DEVELOPER_METADATA -> Render.search(book, json);
                case GET_DEVELOPER_METADATA -> getDeveloperMetadata(book, route.extra());
                default -> throw ApiError.notFound();
            };
        }
        if (fields != null) {
            response = fields.filter(response, responseType);
        }
        return new Reply(200, response, Map.of());
    }

    private JsonNode parseBody(byte[] body) {
        if (body.length == 0) {
            return ApiError.JSON.objectNode();
        }
        try {
            JsonNode json = mapper.readTree(body);
            if (json == null || json.isMissingNode()) {
                return ApiError.JSON.objectNode();
            }
            if (!json.isObject()) {
                throw ApiError.badRequest(
                        "Invalid JSON payload received. Expected an object.",
                        List.<String[]>of(new String[] {null, "Invalid JSON payload received. Expected an object."}));
            }
            return json;
        } catch (IOException e) {
            String message = "Invalid JSON payload received. Unexpected token.";
            throw ApiError.badRequest(message, List.<String[]>of(new String[] {null, message}));
        }
    }

    private JsonNode getSpreadsheet(Book book, Map<String, List<String>> query) {
        List<String> ranges = query.getOrDefault("ranges", List.of());
        String grid = query.getOrDefault("includeGridData", List.of("false")).get(0);
        if (!grid.equals("true") && !grid.equals("false")) {
            throw ApiError.invalidArgument("Invalid value at 'include_grid_data' (TYPE_BOOL), \"" + grid + "\"");
        }
        // as Google documents it: "If a field mask is set, the includeGridData parameter is ignored";
        // the mask alone then decides whether grid data comes back
        return Render.spreadsheet(book, ranges, query.containsKey("fields") || grid.equals("true"));
    }

    private JsonNode getValues(Book book, String range, Map<String, List<String>> query) {
        String major = query.getOrDefault("majorDimension", List.of("ROWS")).get(0);
        if (!Set.of("ROWS", "COLUMNS", "DIMENSION_UNSPECIFIED").contains(major)) {
            throw ApiError.invalidArgument(
                    "Invalid value at 'major_dimension' (type.googleapis.com/google.apps.sheets.v4.Dimension), \""
                            + major + "\"");
        }
        String render = query.getOrDefault("valueRenderOption", List.of("FORMATTED_VALUE"))
                .get(0);
        if (!Set.of("FORMATTED_VALUE", "UNFORMATTED_VALUE", "FORMULA").contains(render)) {
            throw ApiError.invalidArgument(
                    "Invalid value at 'value_render_option' (type.googleapis.com/google.apps.sheets.v4.ValueRenderOption), \""
                            + render + "\"");
        }
        return Render.values(book, range, major.equals("COLUMNS") ? "COLUMNS" : "ROWS", render);
    }

    private JsonNode getDeveloperMetadata(Book book, String id) {
        int metadataId;
        try {
            metadataId = Integer.parseInt(id);
        } catch (NumberFormatException e) {
            throw ApiError.invalidArgument("Invalid value at 'metadata_id' (TYPE_INT32), \"" + id + "\"");
        }
        for (Metadata m : book.metadata) {
            if (m.id() == metadataId) {
                return m.toJson();
            }
        }
        throw ApiError.notFound();
    }

    private JsonNode batchUpdate(Book book, JsonNode body) {
        Batch batch = new Batch(book, random);
        batch.run(body);
        Book result = batch.result();
        books.put(book.id, result);
        long[] s = stats.computeIfAbsent(book.id, k -> new long[7]);
        s[1]++;
        ObjectNode out = ApiError.JSON.objectNode();
        out.put("spreadsheetId", book.id);
        out.set("replies", batch.replies());
        if (body.path("includeSpreadsheetInResponse").asBoolean(false)) {
            List<String> ranges = new ArrayList<>();
            body.path("responseRanges").forEach(r -> ranges.add(r.asText()));
            out.set(
                    "updatedSpreadsheet",
                    Render.spreadsheet(
                            result, ranges, body.path("responseIncludeGridData").asBoolean(false)));
        }
        return out;
    }
}

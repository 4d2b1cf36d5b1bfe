package dev.outflow.connect.testkit.slack;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A strict, stateful emulator of the parts of the Slack Web API and incoming webhooks that the
 * Outflow Slack connector uses, served over HTTP on 127.0.0.1 and an ephemeral port.
 *
 * <p>Point the real Slack client at it with {@code SlackConfig#setMethodsEndpointUrlPrefix(apiUrl())}
 * and send incoming-webhook posts to a URL from {@link #createIncomingWebhook(String)}. The test
 * sets up the workspace (tokens, channels, webhooks), shapes the service (rate limits, message
 * limits, faults, outages) and reads back what arrived (messages, threads, counters, the raw
 * request log). All of it is thread-safe. See {@code README-slack-emulator.md}.
 */
public final class SlackEmulator implements AutoCloseable {

    /** The method name under which incoming-webhook requests are logged and matched by fault rules. */
    public static final String WEBHOOK_METHOD = "incoming-webhook";

    public static final String TEAM_ID = SlackWorkspace.TEAM_ID;
    public static final String BOT_USER_ID = SlackWorkspace.BOT_USER_ID;
    public static final String BOT_ID = SlackWorkspace.BOT_ID;
    /** The user id of messages posted with {@link #postAsUser(String, String)}. */
    public static final String HUMAN_USER_ID = SlackWorkspace.HUMAN_USER_ID;
    /** Every scope some emulated method checks. */
    public static final Set<String> ALL_BOT_SCOPES = Set.of(
            "chat:write", "chat:write.public", "channels:read", "channels:history", "groups:read", "groups:history");

    private static final String WEBHOOK_PREFIX = "/services/" + TEAM_ID + "/B000/";
    private static final int MAX_LOGGED_REQUESTS = 100_000;
    private static final char[] ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    static {
        // The JDK server writes headers and body in two segments; with Nagle on, each answer waits
        // for the client's delayed ACK (about 40 ms). Read once, when the JDK server first loads.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final Clock clock;
    private final SlackWorkspace ws;
    private final HttpServer server;
    private final ExecutorService executor;
    private final List<FaultRule> faultRules = new CopyOnWriteArrayList<>();
    private final Set<Stall> stalls = ConcurrentHashMap.newKeySet();
    private final Object stallMonitor = new Object();
    private final List<RecordedRequest> log = new ArrayList<>();
    private final AtomicLong sequence = new AtomicLong();
    private final SecureRandom random = new SecureRandom();
    private volatile Instant downUntil;
    private volatile int downStatus = 503;
    private volatile boolean closed;

    /** An emulator on the system clock. */
    public SlackEmulator() {
        this(Clock.systemUTC());
    }

    /**
     * An emulator whose time (message ts, rate-limit refills, Retry-After, outages) comes from
     * {@code clock}: pass a {@link dev.outflow.connect.testkit.ManualClock} to control it.
     */
    public SlackEmulator(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ws = new SlackWorkspace(clock);
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "slack-emulator-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
            this.server = HttpServer.create(new InetSocketAddress(loopback, 0), 64);
        } catch (IOException e) {
            executor.shutdownNow();
            throw new UncheckedIOException("cannot open the Slack emulator's port", e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    // ------------------------------------------------------------------ endpoints

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:<port>/}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port() + "/";
    }

    /** The Web API prefix for {@code SlackConfig#setMethodsEndpointUrlPrefix}: ends in {@code /api/}. */
    public String apiUrl() {
        return baseUrl() + "api/";
    }

    public Clock clock() {
        return clock;
    }

    // ------------------------------------------------------------------ workspace set-up

    /**
     * Registers a bot token with the given OAuth scopes (for example {@code chat:write},
     * {@code channels:history}); see {@link #ALL_BOT_SCOPES}.
     *
     * @return the token
     */
    public String createBotToken(String token, Set<String> scopes) {
        ws.createToken(token, scopes);
        return token;
    }

    /** Later calls with the token fail with {@code token_revoked}. */
    /**
     * Makes {@code token} an app of {@code kind}: a {@link SlackAppKind#NON_MARKETPLACE} app reads
     * history and replies at 1 request a minute each and at most 15 messages a page.
     */
    public void setAppKind(String token, SlackAppKind kind) {
        ws.setAppKind(token, kind);
    }

    public void revokeToken(String token) {
        ws.revokeToken(token);
    }

    /** A public channel with the bot in it. */
    public SlackChannel createChannel(String id, String name) {
        return ws.createChannel(id, name, false, true);
    }

    /** A public channel with a generated id, the bot in it. */
    public SlackChannel createChannel(String name) {
        return ws.createChannel(null, name, false, true);
    }

    /** A public channel the bot is not in. */
    public SlackChannel createChannelWithoutBot(String id, String name) {
        return ws.createChannel(id, name, false, false);
    }

    /** A private channel with the bot in it. */
    public SlackChannel createPrivateChannel(String id, String name) {
        return ws.createChannel(id, name, true, true);
    }

    public SlackChannel archiveChannel(String channel) {
        return ws.setArchived(channel, true);
    }

    public SlackChannel unarchiveChannel(String channel) {
        return ws.setArchived(channel, false);
    }

    public SlackChannel addBotToChannel(String channel) {
        return ws.setBotMember(channel, true);
    }

    public SlackChannel removeBotFromChannel(String channel) {
        return ws.setBotMember(channel, false);
    }

    /** The channel disappears: calls naming it fail with {@code channel_not_found}. */
    public void deleteChannel(String channel) {
        ws.deleteChannel(channel);
    }

    /** By id or name (with or without {@code #}). */
    public Optional<SlackChannel> channel(String channel) {
        return Optional.ofNullable(ws.channel(channel));
    }

    public List<SlackChannel> channels() {
        return ws.channels();
    }

    /**
     * An incoming webhook that posts into {@code channel}.
     *
     * @return its URL, {@code http://127.0.0.1:<port>/services/T000/B000/<secret>}
     */
    public String createIncomingWebhook(String channel) {
        char[] secret = new char[24];
        for (int i = 0; i < secret.length; i++) {
            secret[i] = ALNUM[random.nextInt(ALNUM.length)];
        }
        return webhookUrl(ws.createWebhook(channel, new String(secret)));
    }

    /** Later posts to the URL fail with HTTP 404 {@code no_service}. */
    public void revokeIncomingWebhook(String url) {
        ws.revokeWebhook(webhookSecret(url));
    }

    private String webhookUrl(String secret) {
        return "http://127.0.0.1:" + port() + WEBHOOK_PREFIX + secret;
    }

    private static String webhookSecret(String urlOrPath) {
        int i = urlOrPath.indexOf(WEBHOOK_PREFIX);
        if (i < 0) {
            return null;
        }
        String s = urlOrPath.substring(i + WEBHOOK_PREFIX.length());
        return s.isEmpty() || s.contains("/") ? null : s;
    }

    /** A message by a person (not the app): the bot cannot update or delete it. @return its ts */
    public String postAsUser(String channel, String text) {
        return ws.postAsUser(channel, text, null);
    }

    /** A thread reply by a person. @return its ts */
    public String replyAsUser(String channel, String threadTs, String text) {
        return ws.postAsUser(channel, text, Objects.requireNonNull(threadTs, "threadTs"));
    }

    // ------------------------------------------------------------------ reading back

    /** The live (not deleted) messages of a channel, top-level and replies, in post order. */
    public List<SlackMessage> messages(String channel) {
        return ws.messages(channel);
    }

    /** The live top-level messages of a channel, in post order. */
    public List<SlackMessage> topLevelMessages(String channel) {
        return ws.messages(channel).stream().filter(m -> m.threadTs() == null).collect(Collectors.toList());
    }

    /**
     * The live replies filed under {@code threadTs}, in post order. This includes replies posted
     * with a {@code thread_ts} that named no message: Slack accepts those and files them under a
     * thread nobody can open.
     */
    public List<SlackMessage> replies(String channel, String threadTs) {
        return ws.messages(channel).stream()
                .filter(m -> threadTs.equals(m.threadTs()))
                .collect(Collectors.toList());
    }

    /** Replies whose thread has no live parent message: they are invisible in Slack. */
    public List<SlackMessage> orphanReplies(String channel) {
        List<SlackMessage> all = ws.messages(channel);
        Set<String> live = all.stream().map(SlackMessage::ts).collect(Collectors.toSet());
        return all.stream()
                .filter(m -> m.threadTs() != null && !live.contains(m.threadTs()))
                .collect(Collectors.toList());
    }

    public Optional<SlackMessage> message(String channel, String ts) {
        return Optional.ofNullable(ws.message(channel, ts));
    }

    public List<SlackMessage> deletedMessages(String channel) {
        return ws.deletedMessages(channel);
    }

    /**
     * Live messages whose metadata has {@code eventType} and whose payload holds every entry of
     * {@code payloadSubset} (values compared as text, so {@code 42} matches {@code 42L} and
     * {@code "42"}).
     */
    public List<SlackMessage> findByMetadata(String channel, String eventType, Map<String, ?> payloadSubset) {
        List<SlackMessage> out = new ArrayList<>();
        for (SlackMessage m : ws.messages(channel)) {
            if (m.metadataJson() == null || !eventType.equals(m.metadataEventType())) {
                continue;
            }
            Map<String, Object> payload = m.metadataPayload();
            boolean all = payloadSubset.entrySet().stream()
                    .allMatch(e -> payload.containsKey(e.getKey())
                            && String.valueOf(payload.get(e.getKey())).equals(String.valueOf(e.getValue())));
            if (all) {
                out.add(m);
            }
        }
        return out;
    }

    /** Messages the app posted into the channel (chat.postMessage and webhooks), deleted ones included. */
    public int postCount(String channel) {
        return ws.postCount(channel);
    }

    public int postCount() {
        return ws.postCount();
    }

    /** HTTP 429 answers served for requests naming the channel (limits and injected 429s). */
    public int rateLimitedCount(String channel) {
        return ws.rateLimitedCount(channel);
    }

    /** Every HTTP 429 answer served. */
    public int rateLimitedCount() {
        return ws.rateLimitedCount();
    }

    /** Zeroes the post and 429 counters (a warm-up is over). */
    public void resetCounters() {
        ws.resetCounters();
    }

    /** Every request received, in arrival order (the last 100,000). */
    public List<RecordedRequest> requests() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    /** The requests for one Web API method (or {@link #WEBHOOK_METHOD}). */
    public List<RecordedRequest> requests(String apiMethod) {
        return requests().stream().filter(r -> apiMethod.equals(r.apiMethod())).collect(Collectors.toList());
    }

    public void clearRequests() {
        synchronized (log) {
            log.clear();
        }
    }

    // ------------------------------------------------------------------ shaping the service

    public SlackRateLimits rateLimits() {
        return ws.rateLimits;
    }

    public SlackMessageLimits limits() {
        return ws.limits;
    }

    /** Adds a fault rule; the first active rule matching a request applies. @return the rule */
    public FaultRule inject(FaultRule rule) {
        faultRules.add(Objects.requireNonNull(rule, "rule"));
        return rule;
    }

    /** The next {@code n} requests, whatever they are, meet {@code fault}. @return the rule */
    public FaultRule failNext(int n, Fault fault) {
        return inject(FaultRule.of(fault).times(n));
    }

    public void clearFaults() {
        faultRules.clear();
    }

    /**
     * Lets every stalled request go on: each is carried out and answered (if its client still
     * listens). Returns when they are done (at most 10 s), so the test can read the result.
     */
    public void releaseStalled() {
        List<Stall> held = stalls.stream().filter(s -> !s.release.isDone()).collect(Collectors.toList());
        for (Stall s : held) {
            s.release.complete(Boolean.TRUE);
        }
        for (Stall s : held) {
            try {
                s.finished.get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                // reported by the test's own assertions
            }
        }
    }

    /** How many requests are held by a stall right now. */
    public int stalledCount() {
        return (int) stalls.stream().filter(s -> !s.release.isDone()).count();
    }

    /**
     * Waits until at least {@code count} requests are held by a stall.
     *
     * @return false when that did not happen within {@code timeout}
     */
    public boolean awaitStalled(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (stallMonitor) {
            while (stalledCount() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(stallMonitor, left);
            }
            return true;
        }
    }

    /** Every request gets HTTP 503 until {@code duration} has passed on the emulator's clock. */
    public void serviceDown(Duration duration) {
        serviceDown(duration, 503);
    }

    /** Every request gets {@code status} until {@code duration} has passed on the emulator's clock. */
    public void serviceDown(Duration duration, int status) {
        downStatus = status;
        downUntil = clock.instant().plus(duration);
    }

    /** Every request gets HTTP 503 until {@link #serviceUp()}. */
    public void serviceDown() {
        downStatus = 503;
        downUntil = Instant.MAX;
    }

    public void serviceUp() {
        downUntil = null;
    }

    public boolean isServiceDown() {
        Instant until = downUntil;
        return until != null && clock.instant().isBefore(until);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Stall s : stalls) {
            s.release.complete(Boolean.FALSE);
        }
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ HTTP

    private void handle(HttpExchange ex) {
        long seq = sequence.incrementAndGet();
        Instant at = clock.instant();
        String path = ex.getRequestURI().getRawPath();
        String contentType = ex.getRequestHeaders().getFirst("Content-Type");
        Exchange x = new Exchange(ex, seq, at, path, contentType);
        try {
            x.body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            x.args = ApiArgs.parse(contentType, ex.getRequestURI().getRawQuery(), x.body, ws.mapper);
            boolean webhook = path.startsWith("/services/");
            if (path.startsWith("/api/")) {
                x.apiMethod = URLDecoder.decode(path.substring("/api/".length()), StandardCharsets.UTF_8);
            } else if (webhook) {
                x.apiMethod = WEBHOOK_METHOD;
            } else {
                x.sendText(404, "text/plain; charset=utf-8", "not_found", Map.of(), "not_found", "error");
                return;
            }
            WorkspaceModel.Webhook hook = null;
            String channelSent = null;
            SlackChannel target;
            if (webhook) {
                String secret = path.startsWith(WEBHOOK_PREFIX) ? webhookSecret(path) : null;
                hook = secret == null ? null : ws.webhook(secret);
                target = hook == null ? null : ws.channel(hook.channelId);
            } else {
                channelSent = x.args.str("channel");
                target = ws.channel(channelSent);
            }
            String channelId = target == null ? null : target.id();
            if (isServiceDown()) {
                x.sendText(
                        downStatus,
                        "text/html; charset=utf-8",
                        errorPage(downStatus),
                        Map.of(),
                        "service_down",
                        "service_down");
                return;
            }
            boolean loseResponse = false;
            boolean dropMetadata = false;
            String faultOutcome = null;
            FaultRule rule = takeFault(x.apiMethod, target, channelSent);
            if (rule != null) {
                Fault f = rule.fault();
                switch (f.kind()) {
                    case HTTP_STATUS:
                        x.sendText(
                                f.status(),
                                "text/html; charset=utf-8",
                                errorPage(f.status()),
                                Map.of(),
                                "http_" + f.status(),
                                "fault:http_status");
                        return;
                    case RATE_LIMITED:
                        ws.countRateLimited(channelId);
                        x.sendRateLimited(webhook, f.retryAfterSeconds(), "fault:rate_limited");
                        return;
                    case CONNECTION_RESET:
                        x.abort("fault:connection_reset");
                        return;
                    case STALL:
                        x.stall = new Stall();
                        if (!awaitRelease(x.stall, f.hold())) {
                            x.abort("fault:stall_dropped");
                            return;
                        }
                        faultOutcome = "fault:stall";
                        break;
                    case RESPONSE_LOST:
                        loseResponse = true;
                        faultOutcome = "fault:response_lost";
                        break;
                    case METADATA_DROPPED:
                        dropMetadata = true;
                        faultOutcome = "fault:metadata_dropped";
                        break;
                    case LATE_APPLY:
                        x.stall = new Stall();
                        if (!awaitRelease(x.stall, null)) {
                            x.abort("fault:stall_dropped");
                            return;
                        }
                        loseResponse = true;
                        faultOutcome = "fault:late_apply";
                        break;
                    default:
                        throw new IllegalStateException(f.kind().name());
                }
            }
            if (webhook) {
                SlackWorkspace.WebhookResult r = ws.postWebhook(hook, x.args);
                String error = r.status() == 200 ? null : r.body();
                if (loseResponse) {
                    x.error = error;
                    x.abort(faultOutcome);
                    return;
                }
                x.sendText(
                        r.status(),
                        "text/html",
                        r.body(),
                        r.headers(),
                        error,
                        faultOutcome != null ? faultOutcome : outcome(r.status(), error));
            } else {
                SlackWorkspace.Result r =
                        ws.call(x.apiMethod, x.args, ex.getRequestHeaders().getFirst("Authorization"), dropMetadata);
                if (loseResponse) {
                    x.error = r.error();
                    x.abort(faultOutcome);
                    return;
                }
                x.sendText(
                        r.status(),
                        "application/json; charset=utf-8",
                        r.body().toString(),
                        r.headers(),
                        r.error(),
                        faultOutcome != null ? faultOutcome : outcome(r.status(), r.error()));
            }
        } catch (IOException e) {
            x.record(0, null, "client_gone");
        } catch (RuntimeException e) {
            try {
                x.sendText(
                        500,
                        "application/json; charset=utf-8",
                        "{\"ok\":false,\"error\":\"internal_error\"}",
                        Map.of(),
                        "internal_error",
                        "emulator_bug: " + e);
            } catch (IOException ignored) {
                // the client is gone
            }
        } finally {
            ex.close();
            if (x.stall != null) {
                stalls.remove(x.stall);
                x.stall.finished.complete(null);
            }
        }
    }

    private static String outcome(int status, String error) {
        return status == 429 ? "rate_limited" : error == null ? "ok" : "error";
    }

    private static String errorPage(int status) {
        return "<html><head><title>" + status + "</title></head><body>Slack emulator: HTTP " + status
                + "</body></html>";
    }

    private FaultRule takeFault(String method, SlackChannel target, String channelSent) {
        for (FaultRule r : faultRules) {
            if (r.remaining() > 0 && r.matches(method, target, channelSent) && r.take()) {
                return r;
            }
        }
        return null;
    }

    /** A request held by a {@link Fault.Kind#STALL}. */
    private static final class Stall {
        final CompletableFuture<Boolean> release = new CompletableFuture<>();
        final CompletableFuture<Void> finished = new CompletableFuture<>();
    }

    /** @return true to carry the request out, false to drop it (the emulator is closing) */
    private boolean awaitRelease(Stall stall, Duration hold) {
        stalls.add(stall);
        synchronized (stallMonitor) {
            stallMonitor.notifyAll();
        }
        try {
            if (closed) {
                return false;
            }
            if (hold == null) {
                return stall.release.get();
            }
            return stall.release.get(hold.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            stall.release.complete(Boolean.TRUE);
            return !closed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return false;
        }
    }

    /** One request on its way through the emulator. */
    private final class Exchange {
        final HttpExchange ex;
        final long seq;
        final Instant at;
        final String path;
        final String contentType;
        String body = "";
        ApiArgs args;
        String apiMethod;
        String error;
        Stall stall;

        Exchange(HttpExchange ex, long seq, Instant at, String path, String contentType) {
            this.ex = ex;
            this.seq = seq;
            this.at = at;
            this.path = path;
            this.contentType = contentType;
        }

        void sendText(int status, String type, String text, Map<String, String> headers, String error, String outcome)
                throws IOException {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            Headers h = ex.getResponseHeaders();
            h.set("Content-Type", type);
            headers.forEach(h::set);
            record(status, error, outcome);
            ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }

        void sendRateLimited(boolean webhook, long retryAfter, String outcome) throws IOException {
            Map<String, String> h = Map.of("Retry-After", Long.toString(retryAfter));
            if (webhook) {
                sendText(429, "text/html", "rate_limited", h, "rate_limited", outcome);
            } else {
                sendText(
                        429,
                        "application/json; charset=utf-8",
                        "{\"ok\":false,\"error\":\"ratelimited\"}",
                        h,
                        "ratelimited",
                        outcome);
            }
        }

        /** Closes the connection without an answer. */
        void abort(String outcome) {
            record(0, error, outcome);
            ex.close();
        }

        void record(int status, String error, String outcome) {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
            RecordedRequest r = new RecordedRequest(
                    seq,
                    at,
                    ex.getRequestMethod(),
                    path,
                    apiMethod,
                    contentType,
                    Collections.unmodifiableMap(headers),
                    args == null ? Map.of() : args.raw,
                    body,
                    status,
                    error,
                    outcome);
            synchronized (log) {
                int i = log.size();
                while (i > 0 && log.get(i - 1).sequence() > seq) {
                    i--; // keep arrival order when a stalled request finishes late
                }
                log.add(i, r);
                if (log.size() > MAX_LOGGED_REQUESTS) {
                    log.remove(0);
                }
            }
        }
    }
}

package dev.outflow.connect.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.errors.DataException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.outflow.connect.core.api.AppReply;
import dev.outflow.connect.core.api.Destination;
import dev.outflow.connect.core.api.ErrorClass;
import dev.outflow.connect.core.api.Failure;
import dev.outflow.connect.core.api.FirstRowsFailedException;
import dev.outflow.connect.core.api.QuotaScope;
import dev.outflow.connect.core.api.RetryAfter;
import dev.outflow.connect.core.api.Row;
import dev.outflow.connect.core.api.TransportFailures;
import dev.outflow.connect.core.api.WriteResult;
import dev.outflow.connect.core.api.config.ConfigProblem;
import dev.outflow.connect.core.api.config.ConfigRule;
import dev.outflow.connect.core.api.template.RecordScope;
import dev.outflow.connect.core.api.template.TemplateException;
import dev.outflow.connect.http.HttpConfig.BodyFormat;

/**
 * Sends records to an HTTP API (DESIGN.md 4, Generic HTTP). Each record is routed by its rendered URL
 * and headers (and, for keyed batches, its partition); a write sends one request: one record, or the
 * batch's records as a JSON array or NDJSON. A request that carries an idempotency key covers a
 * reproducible range of offsets, so a retry, even after a restart, is the same request with the same
 * key: see the README's "Idempotency keys".
 */
public final class HttpDestination implements Destination {

    private static final Logger log = LoggerFactory.getLogger(HttpDestination.class);

    private static final TransportFailures TRANSPORT =
            new TransportFailures("the HTTP endpoint", HttpConfig.URL, HttpConfig.TIMEOUT_MS);

    /** How much of an answer's body beyond its excerpt is read, to keep the connection. */
    private static final long DRAIN_MAX_BYTES = 64 * 1024;

    private final Clock clock;
    private HttpConfig config;
    private HttpClient http;
    private UrlTemplate url;
    private HeaderTemplates headers;
    private BodyTemplate body;
    private BodyFormat format;
    private StatusTable statuses;
    private Credentials credentials;
    /** Null when requests carry no idempotency key. */
    private IdempotencyKeys keys;

    /** By target: what its requests share. A target is dropped when the framework forgets it. */
    private final Map<String, RequestShape> shapes = new HashMap<>();
    /**
     * By target: the offsets of the last keyed request whose outcome is unknown (a retriable answer, a
     * timeout, a broken connection), so the retry is the same request with the same key.
     */
    private final Map<String, Cut> unsettled = new HashMap<>();

    /** The offsets a keyed request carried, first and last, of one partition. */
    private record Cut(TopicPartition partition, long first, long last) {}

    public HttpDestination() {
        this(Clock.systemUTC());
    }

    /** @param clock when OAuth2 tokens expire and what a {@code Retry-After} date means (tests pass a manual one) */
    HttpDestination(Clock clock) {
        this.clock = clock;
    }

    @Override
    public ConfigDef config() {
        return HttpConfig.CONFIG_DEF;
    }

    @Override
    public void start(Map<String, String> props) {
        config = new HttpConfig(props); // the framework has checked the rules between keys
        http = client(config);
        url = UrlTemplate.compile(config.url());
        headers = new HeaderTemplates(config.headers(), config.headersSeparator());
        body = BodyTemplate.compile(config.bodyTemplate());
        format = config.bodyFormat();
        statuses = config.statusTable();
        credentials = Credentials.of(config, http, clock);
        keys = config.idempotencyEnabled() ? new IdempotencyKeys(config.connectorName()) : null;
        log.info("Sending records over HTTP: {}", config.summary());
    }

    /** Redirects are never followed: resending a write elsewhere, maybe as a GET, is not for a client to decide. */
    static HttpClient client(HttpConfig config) {
        return HttpClient.newBuilder()
                .connectTimeout(config.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /**
     * The request the record belongs in, by its rendered URL and headers. A record whose URL or headers do
     * not render (no absolute URL, a line break in a header) has no target: it goes to the dead-letter queue.
     */
    @Override
    public String route(Row row) {
        RecordScope scope = RecordScope.of(row);
        RequestShape shape;
        try {
            shape = new RequestShape(
                    url.render(scope), headers.render(scope), keyedBatches() ? row.topicPartition() : null);
        } catch (TemplateException e) {
            throw new DataException(e.getMessage());
        }
        String target = shape.target();
        shapes.putIfAbsent(target, shape);
        return target;
    }

    /** Keyed requests of several records: they never mix partitions, and are cut at offset blocks. */
    private boolean keyedBatches() {
        return keys != null && format != BodyFormat.RECORD;
    }

    @Override
    public void forgetTarget(String target) {
        shapes.remove(target);
        unsettled.remove(target);
    }

    /** Another task may have written these partitions meanwhile: a retry is planned afresh, from offset blocks. */
    @Override
    public void partitionsOpened(Collection<TopicPartition> partitions) {
        unsettled.values().removeIf(cut -> partitions.contains(cut.partition()));
    }

    /** One scope per host, {@code http.host:<host>}: every URL on a host shares its budget. */
    @Override
    public List<QuotaScope> quotaScopes(String target) {
        int perSecond = config.rateLimitPerSecond();
        return List.of(
                new QuotaScope("http.host:" + RequestShape.host(target), perSecond, Duration.ofSeconds(1), perSecond));
    }

    @Override
    public WriteResult write(String target, List<Row> rows) throws Exception {
        RequestShape shape = shapes.get(target);
        if (shape == null) {
            shape = shapes.get(route(rows.get(0))); // forgotten while rows were buffered: rendered again
        }
        int carried = carried(target, rows);
        Map<Integer, String> rejected = new HashMap<>();
        List<Integer> sent = new ArrayList<>(carried);
        List<String> jsons = new ArrayList<>(carried);
        for (int i = 0; i < carried; i++) {
            try {
                jsons.add(body.json(rows.get(i)));
                sent.add(i);
            } catch (TemplateException | DataException e) {
                rejected.put(i, e.getMessage());
            }
        }
        if (sent.isEmpty()) {
            return result(carried, rows.size(), rejected, Map.of());
        }
        String key = key(rows.subList(0, carried));
        try {
            return send(target, shape, rows, carried, sent, bodyBytes(jsons), key, rejected);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt(); // the task is being stopped: let it see that
            }
            throw carried < rows.size() ? new FirstRowsFailedException(carried, e) : e;
        }
    }

    /**
     * How many rows from the head this write carries: one record per request; for keyed batches, the
     * same rows as a request whose outcome is unknown, else the rows up to the end of the first row's
     * block of {@code batch.max.records} offsets (so that a restart, which reads from a block's start,
     * cuts the same requests); otherwise all.
     */
    private int carried(String target, List<Row> rows) {
        if (format == BodyFormat.RECORD) {
            return 1;
        }
        if (!keyedBatches()) {
            return rows.size();
        }
        Row first = rows.get(0);
        Cut cut = unsettled.get(target);
        long last;
        if (cut != null && cut.partition().equals(first.topicPartition()) && cut.first() == first.offset()) {
            last = cut.last();
        } else {
            unsettled.remove(target);
            long block = config.batchMaxRecords();
            last = (first.offset() / block + 1) * block - 1;
        }
        int carried = 0;
        while (carried < rows.size() && rows.get(carried).offset() <= last) {
            carried++;
        }
        return carried;
    }

    /** The key of a request carrying {@code carried}, all of one partition when keyed; null without keys. */
    private String key(List<Row> carried) {
        if (keys == null) {
            return null;
        }
        Row first = carried.get(0);
        Row last = carried.get(carried.size() - 1);
        return keys.key(first.topic(), first.partition(), first.offset(), last.offset());
    }

    private byte[] bodyBytes(List<String> jsons) {
        String text = switch (format) {
            case RECORD -> jsons.get(0);
            case JSON_ARRAY -> "[" + String.join(",", jsons) + "]";
            case NDJSON -> String.join("\n", jsons) + "\n";
        };
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private WriteResult send(
            String target,
            RequestShape shape,
            List<Row> rows,
            int carried,
            List<Integer> sent,
            byte[] bytes,
            String key,
            Map<Integer, String> rejected)
            throws Exception {
        if (keyedBatches()) {
            Row first = rows.get(0);
            unsettled.put(
                    target,
                    new Cut(
                            first.topicPartition(),
                            first.offset(),
                            rows.get(carried - 1).offset()));
        }
        Answer answer = exchange(shape, bytes, key);
        if (answer.status() == 401 && credentials.renewable()) {
            credentials.refused(answer.authorization());
            answer = exchange(shape, bytes, key);
            if (answer.status() == 401) {
                throw new StatusException(
                        401,
                        Failure.fatal(describe(shape, 401) + " twice, the second time with a new OAuth2 token; check "
                                + "that the token's scope (" + HttpConfig.OAUTH2_SCOPE + ") and audience ("
                                + HttpConfig.OAUTH2_AUDIENCE + ") grant access to this API"));
            }
        }
        int status = answer.status();
        StatusTable.Verdict verdict = statuses.verdict(status);
        log.debug("{} records in one request to {}: HTTP {}", sent.size(), UrlTemplate.origin(shape.uri()), status);
        switch (verdict) {
            case WRITTEN -> {
                unsettled.remove(target);
                Map<Integer, AppReply> replies = new HashMap<>();
                AppReply reply = reply(status, answer.body(), config.receiptsBodyMaxBytes());
                sent.forEach(i -> replies.put(i, reply));
                return result(carried, rows.size(), rejected, replies);
            }
            case REJECTED -> {
                unsettled.remove(target);
                String reason = describe(shape, status) + " (" + HttpConfig.STATUS_REJECTED + ")";
                if (sent.size() > 1) {
                    throw new StatusException(status, Failure.rejected(reason)); // the framework bisects
                }
                rejected.put(sent.get(0), reason);
                return result(
                        carried,
                        rows.size(),
                        rejected,
                        Map.of(sent.get(0), reply(status, answer.body(), config.responseExcerptMaxBytes())));
            }
            case RETRIABLE -> {
                Duration wait = RetryAfter.parse(answer.headers(), clock);
                String reason = describe(shape, status) + " (" + HttpConfig.STATUS_RETRIABLE + ")";
                throw new StatusException(
                        status,
                        status == 429 || status == 503
                                ? Failure.throttled(reason, wait)
                                : new Failure(ErrorClass.RETRIABLE, reason, wait, false));
            }
            case FATAL -> throw new StatusException(status, Failure.fatal(fatalReason(shape, status)));
            default ->
                throw new StatusException(
                        status,
                        Failure.fatal(describe(shape, status) + ", which no list of http.status.* names"
                                + (status / 100 == 3
                                        ? "; redirects are not followed: set " + HttpConfig.URL
                                                + " to the final address"
                                        : "")
                                + "; list it in " + HttpConfig.STATUS_RETRIABLE + ", "
                                + HttpConfig.STATUS_REJECTED + " or " + HttpConfig.STATUS_FATAL));
        }
    }

    /** What is said about an answer: the status, the method and the origin, never the path or query. */
    private String describe(RequestShape shape, int status) {
        return "HTTP " + status + " from " + config.method() + " " + UrlTemplate.origin(shape.uri());
    }

    private String fatalReason(RequestShape shape, int status) {
        String hint = switch (status) {
            case 401 -> "the credentials were refused; check the http.auth.* keys";
            case 403 ->
                "the credentials lack permission for this URL; check the http.auth.* keys and the account's "
                        + "rights";
            case 405 -> "the URL does not take this method; check " + HttpConfig.METHOD + " and " + HttpConfig.URL;
            case 407 -> "a proxy asks for authentication; the connector does not authenticate to proxies";
            case 404 -> "nothing is at this URL; check " + HttpConfig.URL;
            default -> "the status is listed in " + HttpConfig.STATUS_FATAL;
        };
        return describe(shape, status) + ": " + hint;
    }

    /** What a row's receipt or dead-letter record shows of the answer: the status, and a bounded excerpt of it. */
    private static AppReply reply(int status, byte[] body, int maxBytes) {
        String excerpt = Excerpt.of(body, maxBytes);
        return excerpt.isEmpty()
                ? AppReply.of("status", Integer.toString(status))
                : AppReply.of("status", Integer.toString(status), "body", excerpt);
    }

    private static WriteResult result(
            int carried, int rows, Map<Integer, String> rejected, Map<Integer, AppReply> replies) {
        return (carried >= rows ? WriteResult.rejecting(rejected) : WriteResult.firstRows(carried, rejected))
                .withReplies(replies);
    }

    /** What came back: the status, the headers, the head of the body, and the credentials the request carried. */
    private record Answer(int status, Map<String, List<String>> headers, byte[] body, String authorization) {}

    private Answer exchange(RequestShape shape, byte[] bytes, String key)
            throws IOException, InterruptedException, TokenException {
        HttpRequest.Builder request = HttpRequest.newBuilder(shape.uri())
                .timeout(config.timeout())
                .method(config.method().name(), HttpRequest.BodyPublishers.ofByteArray(bytes))
                .header("Content-Type", config.contentType());
        shape.headers().forEach(h -> request.header(h.getKey(), h.getValue()));
        if (key != null) {
            request.header(config.idempotencyHeader(), IdempotencyKeys.headerValue(key));
        }
        String authorization = credentials.authorization();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        return new Answer(
                response.statusCode(),
                response.headers().map(),
                head(response.body(), Math.max(config.responseExcerptMaxBytes(), config.receiptsBodyMaxBytes())),
                authorization);
    }

    /**
     * At most {@code max} bytes of a body: an answer may be large, and no more than an excerpt is kept. The
     * rest is read and dropped up to {@link #DRAIN_MAX_BYTES}, so the connection can serve the next request;
     * past that, closing the stream closes the connection.
     */
    private static byte[] head(InputStream body, int max) throws IOException {
        try (body) {
            byte[] head = body.readNBytes(max);
            long left = DRAIN_MAX_BYTES;
            long skipped;
            while (left > 0 && (skipped = body.skip(left)) > 0) {
                left -= skipped;
            }
            return head;
        }
    }

    @Override
    public Failure classify(Exception error) {
        if (error instanceof StatusException e) {
            return e.failure();
        }
        if (error instanceof TokenException e) {
            return e.retriable() ? Failure.retriable(e.getMessage()) : Failure.fatal(e.getMessage());
        }
        if (error instanceof IOException e) {
            return TRANSPORT.classify(e);
        }
        if (error instanceof InterruptedException) {
            return Failure.ambiguous(
                    "interrupted while waiting for the HTTP endpoint; the request may have been " + "applied");
        }
        return Failure.fatal("an unexpected " + error.getClass().getSimpleName() + " sending over HTTP");
    }

    @Override
    public List<ConfigRule> configRules() {
        return HttpConfig.RULES;
    }

    @Override
    public List<ConfigProblem> checkAccess(Map<String, String> props) {
        return new HttpAccessCheck(props, clock).problems();
    }

    @Override
    public Set<String> accessCheckKeys() {
        return HttpAccessCheck.KEYS;
    }
}

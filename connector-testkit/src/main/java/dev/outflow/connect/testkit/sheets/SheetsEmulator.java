package dev.outflow.connect.testkit.sheets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

/**
 * A strict, in-memory emulator of the Google Sheets API v4 (the subset Outflow uses) and of
 * Google's OAuth token endpoint, served over HTTP on 127.0.0.1 with the JDK's HTTP server.
 *
 * <p>Point the real client at it with {@code new Sheets.Builder(...).setRootUrl(emulator.rootUrl())}
 * and credentials from {@code ServiceAccountCredentials.fromStream(...)} over the key JSON that
 * {@link #createServiceAccount(String)} returns (its {@code token_uri} points here).
 *
 * <p>It rejects what the real API rejects, with the real error bodies; enforces per-user quotas
 * with 429s; injects faults on demand; and offers a "person" API to read and edit sheets the way a
 * user in the browser would. See {@code README-sheets-emulator.md}.
 *
 * <p>This class is the public face and the control panel (identities, quota, faults, counters);
 * the work is split by API area: {@link HttpFront} serves HTTP (routing, auth, quota, faults,
 * the API methods), {@link Batch} applies a {@code batchUpdate}, {@link Render} shapes reads,
 * {@link PersonApi} is the person API, {@link Auth} the token endpoint and principals.
 */
public final class SheetsEmulator implements AutoCloseable {

    /** What a principal may do with a spreadsheet. */
    public enum Role {
        /** May read (get, values.get, developerMetadata.search/get). */
        READER,
        /** May read and write (batchUpdate). */
        WRITER
    }

    /** A number format as stored in {@code userEnteredFormat.numberFormat}. */
    public record NumberFormat(String type, String pattern) {}

    /** A formula as entered (not evaluated by the emulator). */
    public record Formula(String text) {}

    /**
     * One cell as a person sees it.
     *
     * @param value String, Double, Boolean, {@link Formula}, or null for no value
     * @param numberFormat the entered number format, or null
     * @param formattedValue the value as displayed (approximated for en_US)
     */
    public record Cell(Object value, NumberFormat numberFormat, String formattedValue) {}

    /** One developer metadata entry. {@code index} is the row/column for ROW/COLUMN locations. */
    public record MetadataEntry(
            int id, String key, String value, String visibility, String locationType, Integer sheetId, Integer index) {}

    /**
     * Counters for one spreadsheet, counting every HTTP request for it whatever its outcome.
     *
     * @param writeRequests batchUpdate requests received (applied, refused, faulted or rate-limited)
     * @param writesApplied batchUpdates applied (including those whose response was then lost)
     * @param readRequests read requests received
     * @param rateLimited 429 responses served
     * @param clientErrors other 4xx responses served
     * @param serverErrors 5xx responses served (injected faults and outages included)
     * @param dropped connections closed without a response (resets and lost responses)
     */
    public record Stats(
            long writeRequests,
            long writesApplied,
            long readRequests,
            long rateLimited,
            long clientErrors,
            long serverErrors,
            long dropped) {}

    /** The limits the real API enforces; exposed for tests that probe them. */
    public static final long MAX_CELLS = Batch.MAX_CELLS;

    public static final int MAX_CELL_CHARACTERS = Batch.MAX_CELL_CHARS;

    private static final String PROJECT_ID = "outflow-emulator";

    private final Clock clock;
    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpServer server;
    private final ExecutorService executor;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final String rootUrl;
    private final Random random = new Random();

    private final Object lock = new Object();
    private final Map<String, Book> books = new LinkedHashMap<>();
    private final Auth auth = new Auth(mapper);
    private final Quota quota = new Quota();
    private final HttpFront front;
    private final PersonApi person = new PersonApi(lock, books, random);

    static {
        // The JDK server writes headers and body as two segments; with Nagle's algorithm on, the body
        // waits for the client's delayed ACK (~40 ms a request). The property is read once, when the
        // first JDK HTTP server of the JVM starts; set -Dsun.net.httpserver.nodelay=true to be sure.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /** Starts an emulator on the system clock. */
    public SheetsEmulator() {
        this(Clock.systemUTC());
    }

    /**
     * Starts an emulator on the given clock, which drives quota windows, outages and token expiry
     * (use {@link dev.outflow.connect.testkit.ManualClock} to step through them).
     */
    public SheetsEmulator(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.front = new HttpFront(lock, books, auth, quota, clock, mapper, random, closed);
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "sheets-emulator-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Sheets emulator", e);
        }
        server.createContext("/", front::handle);
        server.setExecutor(executor);
        server.start();
        this.rootUrl = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
        front.rootUrl(rootUrl);
    }

    /** The root URL for {@code Sheets.Builder#setRootUrl}, ending in {@code /}. */
    public String rootUrl() {
        return rootUrl;
    }

    /** The OAuth token endpoint (the {@code token_uri} of the keys this emulator makes). */
    public String tokenUri() {
        return rootUrl + "token";
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public Clock clock() {
        return clock;
    }

    /**
     * Stops the server. Requests still held by a fault are abandoned (never applied) and their
     * threads let go, so closing never waits for them.
     */
    @Override
    public void close() {
        closed.countDown();
        synchronized (lock) {
            lock.notifyAll(); // wakes held requests and releaseHeld/awaitHeld callers
        }
        server.stop(0);
        executor.shutdownNow();
    }

    // =============================================================================================
    // Identities
    // =============================================================================================

    /**
     * Creates a service account with a fresh RSA key and returns its key JSON, as the Cloud console
     * downloads it, with {@code token_uri} pointing at this emulator. The email is
     * {@code name@outflow-emulator.iam.gserviceaccount.com} (or {@code name} when it has an {@code @}).
     */
    public String createServiceAccount(String name) {
        synchronized (lock) {
            return auth.createServiceAccount(name, PROJECT_ID, tokenUri());
        }
    }

    /** The email of the service account {@link #createServiceAccount(String)} makes for {@code name}. */
    public String serviceAccountEmail(String name) {
        return name.contains("@") ? name : name + "@" + PROJECT_ID + ".iam.gserviceaccount.com";
    }

    /** Deletes a service account's key: its token requests fail and its issued tokens stop working. */
    public void deleteServiceAccount(String email) {
        synchronized (lock) {
            auth.deleteServiceAccount(email);
        }
    }

    /**
     * Accepts a fixed bearer token as {@code principal} with the spreadsheets scope: an
     * "application default credentials" stand-in for tests that do not exercise the token flow.
     */
    public void acceptFixedToken(String token, String principal) {
        synchronized (lock) {
            auth.addFixedToken(token, principal);
        }
    }

    /** Issues an access token for {@code principal} directly (spreadsheets scope), as if by the token endpoint. */
    public String issueAccessToken(String principal) {
        synchronized (lock) {
            return auth.issueToken(principal, Set.of(Auth.SCOPE_SPREADSHEETS), clock.instant());
        }
    }

    /** Invalidates every access token issued to {@code principal} (the next call gets a 401). */
    public void revokeAccessTokens(String principal) {
        synchronized (lock) {
            auth.revokeTokens(principal);
        }
    }

    /** How long issued access tokens live on the emulator clock (default 1 hour). */
    public void setAccessTokenLifetime(Duration lifetime) {
        synchronized (lock) {
            auth.tokenLifetime = Objects.requireNonNull(lifetime);
        }
    }

    /**
     * Whether self-signed service-account JWTs are accepted as bearer tokens (default true, as the
     * real API does). The Google auth library sends one when credentials have no scopes.
     */
    public void setSelfSignedJwtAccepted(boolean accepted) {
        synchronized (lock) {
            auth.selfSignedJwtAccepted = accepted;
        }
    }

    // =============================================================================================
    // Quota, faults, counters
    // =============================================================================================

    /** Write requests allowed per principal per minute (default 60, the real per-user default). */
    public void setWriteQuotaPerMinute(int limit) {
        synchronized (lock) {
            quota.writeLimit = limit;
        }
    }

    /** Read requests allowed per principal per minute (default 60). */
    public void setReadQuotaPerMinute(int limit) {
        synchronized (lock) {
            quota.readLimit = limit;
        }
    }

    /**
     * Write requests allowed per minute for the whole project, every principal together (default
     * 300, Google's default per-project quota): several service accounts of one project collide.
     */
    public void setProjectWriteQuotaPerMinute(int limit) {
        synchronized (lock) {
            quota.projectWriteLimit = limit;
        }
    }

    /** Read requests allowed per minute for the whole project (default 300). */
    public void setProjectReadQuotaPerMinute(int limit) {
        synchronized (lock) {
            quota.projectReadLimit = limit;
        }
    }

    /** Turns quota enforcement on (default) or off. */
    public void setQuotaEnforced(boolean enforced) {
        synchronized (lock) {
            quota.enforced = enforced;
        }
    }

    /** Forgets the requests counted in the current quota windows. */
    public void resetQuotaWindows() {
        synchronized (lock) {
            quota.reset();
        }
    }

    /** Makes the next {@code count} Sheets API requests (not token requests) fail with {@code fault}. */
    public void failNext(int count, SheetsFault fault) {
        failMatching(ApiCall::isSheetsApi, count, fault);
    }

    /**
     * Makes the next {@code count} requests matching {@code match} fail with {@code fault}
     * ({@link Integer#MAX_VALUE} for "until cleared"). Rules apply in the order they were added.
     * Token-endpoint requests are matched only by predicates that accept {@link ApiCall.Operation#TOKEN}.
     */
    public void failMatching(Predicate<ApiCall> match, int count, SheetsFault fault) {
        Objects.requireNonNull(match, "match");
        Objects.requireNonNull(fault, "fault");
        if (count <= 0) {
            throw new IllegalArgumentException("count must be positive");
        }
        synchronized (lock) {
            front.faults.add(new HttpFront.FaultRule(match, fault, count));
        }
    }

    /** Removes every pending fault rule and ends any outage. */
    public void clearFaults() {
        synchronized (lock) {
            front.faults.clear();
            front.down = false;
            front.downUntil = Instant.MIN;
        }
    }

    /** Every Sheets API request gets 503 UNAVAILABLE for {@code duration} on the emulator clock. */
    public void outage(Duration duration) {
        synchronized (lock) {
            front.downUntil = clock.instant().plus(duration);
        }
    }

    /** Sets the Sheets API down (every request 503) or back up, until changed. */
    public void setServiceDown(boolean isDown) {
        synchronized (lock) {
            front.down = isDown;
            if (!isDown) {
                front.downUntil = Instant.MIN;
            }
        }
    }

    /** Counters of the requests for one spreadsheet (zeros if none came). */
    public Stats stats(String spreadsheetId) {
        synchronized (lock) {
            long[] s = front.stats.getOrDefault(spreadsheetId, new long[7]);
            return new Stats(s[0], s[1], s[2], s[3], s[4], s[5], s[6]);
        }
    }

    /** 429 responses served to one principal (quota refusals and injected 429s). */
    public long rateLimitedCount(String principal) {
        synchronized (lock) {
            return front.rateLimitedByPrincipal.getOrDefault(principal.toLowerCase(Locale.ROOT), 0L);
        }
    }

    /**
     * The body size of every Sheets API request for one spreadsheet, in the order received, whatever
     * its outcome (refused, faulted and dropped requests included).
     */
    public List<RequestSize> requestSizes(String spreadsheetId) {
        synchronized (lock) {
            return List.copyOf(front.requestSizes.getOrDefault(spreadsheetId, List.of()));
        }
    }

    /** The body size of every response sent for one spreadsheet, in the order sent (dropped responses have none). */
    public List<ResponseSize> responseSizes(String spreadsheetId) {
        synchronized (lock) {
            return List.copyOf(front.responseSizes.getOrDefault(spreadsheetId, List.of()));
        }
    }

    /** The largest request body received for one spreadsheet, as JSON (decompressed) bytes; 0 if none. */
    public long largestRequestBytes(String spreadsheetId) {
        return requestSizes(spreadsheetId).stream()
                .mapToLong(RequestSize::jsonBytes)
                .max()
                .orElse(0);
    }

    /** Request bodies received gzip-compressed (the Google client compresses its POST bodies). */
    public long gzipBodiesReceived() {
        synchronized (lock) {
            return front.gzipBodies;
        }
    }

    /**
     * Waits until no request is being handled, at most {@code timeout}. Held requests count as in
     * flight until they were handled, even after being answered at the deadline: with a
     * {@link SheetsFault#heldUntilReleased()} request pending this returns false unless
     * {@link #releaseHeld()} is called. Answers whether the emulator became idle: tests use it
     * instead of sleeping, e.g. to see what a stalled request did after the client gave up on it.
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (front.inFlight > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return true;
        }
    }

    // ---- the server deadline and held requests ----

    /**
     * Google's server deadline: "When Sheets processes a request for more than 180 seconds, the
     * request returns a timeout error" (default 180 s; real time, not the emulator clock). Only
     * requests held by a {@link SheetsFault#stall} or {@link SheetsFault#heldUntilReleased()} fault
     * run that long here: one held past the deadline is answered at the deadline with HTTP 504
     * {@code DEADLINE_EXCEEDED} and is nevertheless handled (a batchUpdate applied, or refused) when
     * its hold ends; see {@link #lateWrites}. A change applies to requests held from then on.
     */
    public void setServerDeadline(Duration deadline) {
        Objects.requireNonNull(deadline, "deadline");
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("the server deadline must be positive");
        }
        synchronized (lock) {
            front.serverDeadline = deadline;
        }
    }

    /** The server deadline in force (180 s unless set). */
    public Duration serverDeadline() {
        synchronized (lock) {
            return front.serverDeadline;
        }
    }

    /**
     * Lets every held request proceed: those of {@link SheetsFault#heldUntilReleased()} and stalls
     * not yet over. They are handled one at a time in the order they were taken, each against the
     * spreadsheet as the previous one left it, and this method returns once all of them were handled
     * (their answers, if still due, may still be on their way). Answers how many were released.
     */
    public int releaseHeld() {
        return front.releaseHeld();
    }

    /** How many requests are being held right now (by stall or heldUntilReleased, answered at the deadline or not). */
    public int heldCount() {
        synchronized (lock) {
            return front.held.size();
        }
    }

    /**
     * Waits until at least {@code count} requests are being held, at most {@code timeout}; answers
     * whether they were. Use it before acting on a held request (e.g. changing the sheet under it).
     */
    public boolean awaitHeld(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (front.held.size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || closed.getCount() == 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return true;
        }
    }

    /**
     * The writes (batchUpdates) of one spreadsheet handled after their client had been answered with
     * the deadline timeout, in the order handled: 200 when applied late, else the refusal the client
     * never saw (e.g. 400 "Invalid requests[1].updateSheetProperties: No sheet with id: 7").
     */
    public List<LateWrite> lateWrites(String spreadsheetId) {
        synchronized (lock) {
            return List.copyOf(front.lateWrites.getOrDefault(spreadsheetId, List.of()));
        }
    }

    /**
     * The final outcome of every request of one spreadsheet held by a stall or heldUntilReleased
     * fault, in the order handled, whether it was answered normally (its client may have timed out
     * meanwhile, which the emulator cannot see) or at the deadline. Abandoned ones (emulator closed)
     * are not recorded.
     */
    public List<HeldOutcome> heldOutcomes(String spreadsheetId) {
        synchronized (lock) {
            return List.copyOf(front.heldOutcomes.getOrDefault(spreadsheetId, List.of()));
        }
    }

    /** All 429 responses served. */
    public long rateLimitedTotal() {
        synchronized (lock) {
            return front.rateLimitedTotal;
        }
    }

    // =============================================================================================
    // The person API: spreadsheets as a user sees and edits them
    // =============================================================================================

    /**
     * Creates a spreadsheet with one 1000x26 tab "Sheet1" (sheetId 0), shared as editor with each
     * given email. Answers the id.
     */
    public String createSpreadsheet(String spreadsheetId, String... editors) {
        return person.createSpreadsheet(spreadsheetId, editors);
    }

    /** Shares a spreadsheet with {@code email} in {@code role} (replacing an earlier role). */
    public void share(String spreadsheetId, String email, Role role) {
        person.share(spreadsheetId, email, role);
    }

    /** Stops sharing a spreadsheet with {@code email}. */
    public void unshare(String spreadsheetId, String email) {
        person.unshare(spreadsheetId, email);
    }

    public void deleteSpreadsheet(String spreadsheetId) {
        person.deleteSpreadsheet(spreadsheetId);
    }

    public void setSpreadsheetTitle(String spreadsheetId, String title) {
        person.setSpreadsheetTitle(spreadsheetId, title);
    }

    /** The tab titles in order. */
    public List<String> tabs(String spreadsheetId) {
        return person.tabs(spreadsheetId);
    }

    /** The tabs a person sees in the tab bar, in order: hidden ones (the connector's fences) left out. */
    public List<String> visibleTabs(String spreadsheetId) {
        return person.visibleTabs(spreadsheetId);
    }

    /** The sheetId of a tab. */
    public int sheetId(String spreadsheetId, String tab) {
        return person.sheetId(spreadsheetId, tab);
    }

    /** [rowCount, columnCount] of a tab's grid. */
    public int[] gridSize(String spreadsheetId, String tab) {
        return person.gridSize(spreadsheetId, tab);
    }

    /** Adds a 1000x26 tab at the end; answers its sheetId. */
    public int addTab(String spreadsheetId, String title) {
        return person.addTab(spreadsheetId, title);
    }

    public void renameTab(String spreadsheetId, String tab, String newTitle) {
        person.renameTab(spreadsheetId, tab, newTitle);
    }

    /** Deletes a tab and its developer metadata. */
    public void deleteTab(String spreadsheetId, String tab) {
        person.deleteTab(spreadsheetId, tab);
    }

    /** Resizes a tab's grid (cells outside are lost), within the 10,000,000-cell limit. */
    public void resizeTab(String spreadsheetId, String tab, int rows, int columns) {
        person.resizeTab(spreadsheetId, tab, rows, columns);
    }

    /** Cells in the whole spreadsheet (sum of rowCount x columnCount over tabs). */
    public long cellCount(String spreadsheetId) {
        return person.cellCount(spreadsheetId);
    }

    /**
     * The tab's values, row by row from row 1 to the last row holding a value; each row stops at its
     * last value; empty cells inside are null. Values are String, Double, Boolean or {@link Formula}.
     */
    public List<List<Object>> values(String spreadsheetId, String tab) {
        return person.values(spreadsheetId, tab);
    }

    /** Like {@link #values} with number formats and displayed text; a cell never written is null. */
    public List<List<Cell>> cells(String spreadsheetId, String tab) {
        return person.cells(spreadsheetId, tab);
    }

    /** One cell by A1 reference ({@code "B3"}), or null when it was never written. */
    public Cell cell(String spreadsheetId, String tab, String a1) {
        return person.cell(spreadsheetId, tab, a1);
    }

    /** Row 1 as displayed text, up to its last non-empty cell (empty cells as ""). */
    public List<String> header(String spreadsheetId, String tab) {
        return person.header(spreadsheetId, tab);
    }

    /**
     * Types into a cell as a person would: null clears the value, a String starting with {@code =}
     * is a formula, other Strings are text, Numbers are numbers, Booleans are booleans. The cell's
     * format is kept.
     */
    public void setCell(String spreadsheetId, String tab, String a1, Object value) {
        person.setCell(spreadsheetId, tab, a1, value);
    }

    /** Sets a cell's number format (type such as NUMBER, DATE_TIME; pattern may be empty); null clears it. */
    public void setNumberFormat(String spreadsheetId, String tab, String a1, NumberFormat format) {
        person.setNumberFormat(spreadsheetId, tab, a1, format);
    }

    /**
     * Drags a whole column (zero-based {@code from}) so that it ends up at index {@code to}, as a
     * person reorders columns; the columns between shift by one.
     */
    public void moveColumn(String spreadsheetId, String tab, int from, int to) {
        person.moveColumn(spreadsheetId, tab, from, to);
    }

    /**
     * Sorts the data rows (row 2 to the last row with a value) by one column, as "Sort sheet" with a
     * header row does: numbers before text (case-insensitive) before booleans; empty cells last.
     */
    public void sortDataRows(String spreadsheetId, String tab, int column, boolean ascending) {
        person.sortDataRows(spreadsheetId, tab, column, ascending);
    }

    /** Inserts an empty column at zero-based {@code index} and writes {@code header} in its row 1. */
    public void insertColumn(String spreadsheetId, String tab, int index, String header) {
        person.insertColumn(spreadsheetId, tab, index, header);
    }

    /** Deletes one row (zero-based), shifting the rows below up. */
    public void deleteRow(String spreadsheetId, String tab, int rowIndex) {
        person.deleteRow(spreadsheetId, tab, rowIndex);
    }

    /** The developer metadata of a spreadsheet, in creation order. */
    public List<MetadataEntry> developerMetadata(String spreadsheetId) {
        return person.developerMetadata(spreadsheetId);
    }

    /** For debugging: the ids of all spreadsheets. */
    public List<String> spreadsheetIds() {
        return person.spreadsheetIds();
    }
}

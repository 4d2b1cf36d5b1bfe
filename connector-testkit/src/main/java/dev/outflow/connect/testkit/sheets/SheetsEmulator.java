package dev.outflow.connect.testkit.sheets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
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
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
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
import java.util.zip.GZIPInputStream;

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
      long writeRequests, long writesApplied, long readRequests, long rateLimited, long clientErrors,
      long serverErrors, long dropped) {}

  /** The limits the real API enforces; exposed for tests that probe them. */
  public static final long MAX_CELLS = Batch.MAX_CELLS;

  public static final int MAX_CELL_CHARACTERS = Batch.MAX_CELL_CHARS;

  private static final String PROJECT_ID = "outflow-emulator";
  private static final String PROJECT_NUMBER = "123456789012";
  private static final Set<String> SYSTEM_PARAMS =
      Set.of("$.xgafv", "access_token", "alt", "callback", "fields", "key", "oauth_token", "prettyPrint",
          "quotaUser", "upload_protocol", "uploadType", "userIp");

  /** Pretty printing as Google's front end does it: {@code "key": value}, two-space indents. */
  static final com.fasterxml.jackson.core.util.DefaultPrettyPrinter PRETTY =
      new com.fasterxml.jackson.core.util.DefaultPrettyPrinter()
          .withSeparators(
              com.fasterxml.jackson.core.util.Separators.createDefaultInstance()
                  .withObjectFieldValueSpacing(com.fasterxml.jackson.core.util.Separators.Spacing.AFTER));

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
  private final List<FaultRule> faults = new ArrayList<>();
  private final Map<String, long[]> stats = new HashMap<>();
  private final Map<String, Long> rateLimitedByPrincipal = new HashMap<>();
  private long rateLimitedTotal;
  private long gzipBodies;
  private final Map<String, List<RequestSize>> requestSizes = new HashMap<>();
  private int inFlight;
  private boolean down;
  private Instant downUntil = Instant.MIN;

  private static final class FaultRule {
    final Predicate<ApiCall> match;
    final SheetsFault fault;
    int remaining;

    FaultRule(Predicate<ApiCall> match, SheetsFault fault, int remaining) {
      this.match = match;
      this.fault = fault;
      this.remaining = remaining;
    }
  }

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
   * (use {@link ManualClock} to step through them).
   */
  public SheetsEmulator(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    AtomicInteger threads = new AtomicInteger();
    this.executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "sheets-emulator-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    try {
      this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the Sheets emulator", e);
    }
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
    this.rootUrl = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
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

  @Override
  public void close() {
    closed.countDown();
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
      faults.add(new FaultRule(match, fault, count));
    }
  }

  /** Removes every pending fault rule and ends any outage. */
  public void clearFaults() {
    synchronized (lock) {
      faults.clear();
      down = false;
      downUntil = Instant.MIN;
    }
  }

  /** Every Sheets API request gets 503 UNAVAILABLE for {@code duration} on the emulator clock. */
  public void outage(Duration duration) {
    synchronized (lock) {
      downUntil = clock.instant().plus(duration);
    }
  }

  /** Sets the Sheets API down (every request 503) or back up, until changed. */
  public void setServiceDown(boolean isDown) {
    synchronized (lock) {
      down = isDown;
      if (!isDown) {
        downUntil = Instant.MIN;
      }
    }
  }

  /** Counters of the requests for one spreadsheet (zeros if none came). */
  public Stats stats(String spreadsheetId) {
    synchronized (lock) {
      long[] s = stats.getOrDefault(spreadsheetId, new long[7]);
      return new Stats(s[0], s[1], s[2], s[3], s[4], s[5], s[6]);
    }
  }

  /** 429 responses served to one principal (quota refusals and injected 429s). */
  public long rateLimitedCount(String principal) {
    synchronized (lock) {
      return rateLimitedByPrincipal.getOrDefault(principal.toLowerCase(Locale.ROOT), 0L);
    }
  }

  /**
   * The body size of every Sheets API request for one spreadsheet, in the order received, whatever
   * its outcome (refused, faulted and dropped requests included).
   */
  public List<RequestSize> requestSizes(String spreadsheetId) {
    synchronized (lock) {
      return List.copyOf(requestSizes.getOrDefault(spreadsheetId, List.of()));
    }
  }

  /** The largest request body received for one spreadsheet, as JSON (decompressed) bytes; 0 if none. */
  public long largestRequestBytes(String spreadsheetId) {
    return requestSizes(spreadsheetId).stream().mapToLong(RequestSize::jsonBytes).max().orElse(0);
  }

  /** Request bodies received gzip-compressed (the Google client compresses its POST bodies). */
  public long gzipBodiesReceived() {
    synchronized (lock) {
      return gzipBodies;
    }
  }

  /**
   * Waits until no request is being handled (stalled ones included), at most {@code timeout}.
   * Answers whether the emulator became idle: tests use it instead of sleeping, e.g. to see what a
   * stalled request did after the client gave up on it.
   */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (inFlight > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(lock, left);
      }
      return true;
    }
  }

  /** All 429 responses served. */
  public long rateLimitedTotal() {
    synchronized (lock) {
      return rateLimitedTotal;
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
    Objects.requireNonNull(spreadsheetId, "spreadsheetId");
    synchronized (lock) {
      if (books.containsKey(spreadsheetId)) {
        throw new IllegalStateException("spreadsheet " + spreadsheetId + " exists");
      }
      Book book = new Book(spreadsheetId, "Untitled spreadsheet");
      book.tabs.add(Tab.create(0, "Sheet1", Tab.DEFAULT_ROWS, Tab.DEFAULT_COLUMNS));
      for (String email : editors) {
        book.acl.put(email.toLowerCase(Locale.ROOT), Role.WRITER);
      }
      books.put(spreadsheetId, book);
      return spreadsheetId;
    }
  }

  /** Shares a spreadsheet with {@code email} in {@code role} (replacing an earlier role). */
  public void share(String spreadsheetId, String email, Role role) {
    synchronized (lock) {
      book(spreadsheetId).acl.put(email.toLowerCase(Locale.ROOT), Objects.requireNonNull(role));
    }
  }

  /** Stops sharing a spreadsheet with {@code email}. */
  public void unshare(String spreadsheetId, String email) {
    synchronized (lock) {
      book(spreadsheetId).acl.remove(email.toLowerCase(Locale.ROOT));
    }
  }

  public void deleteSpreadsheet(String spreadsheetId) {
    synchronized (lock) {
      book(spreadsheetId);
      books.remove(spreadsheetId);
    }
  }

  public void setSpreadsheetTitle(String spreadsheetId, String title) {
    synchronized (lock) {
      book(spreadsheetId).title = title;
    }
  }

  /** The tab titles in order. */
  public List<String> tabs(String spreadsheetId) {
    synchronized (lock) {
      List<String> out = new ArrayList<>();
      for (Tab t : book(spreadsheetId).tabs) {
        out.add(t.title());
      }
      return out;
    }
  }

  /** The sheetId of a tab. */
  public int sheetId(String spreadsheetId, String tab) {
    synchronized (lock) {
      return tab(spreadsheetId, tab).id();
    }
  }

  /** [rowCount, columnCount] of a tab's grid. */
  public int[] gridSize(String spreadsheetId, String tab) {
    synchronized (lock) {
      Tab t = tab(spreadsheetId, tab);
      return new int[] {t.rowCount(), t.columnCount()};
    }
  }

  /** Adds a 1000x26 tab at the end; answers its sheetId. */
  public int addTab(String spreadsheetId, String title) {
    synchronized (lock) {
      Book book = book(spreadsheetId);
      if (book.tab(title) != null) {
        throw new IllegalStateException("a tab named " + title + " exists");
      }
      int id;
      do {
        id = 1 + random.nextInt(Integer.MAX_VALUE - 1);
      } while (book.tab(id) != null);
      Tab tab = Tab.create(id, title, Tab.DEFAULT_ROWS, Tab.DEFAULT_COLUMNS);
      requireCellLimit(book.cellCount() + tab.cellCount());
      book.tabs.add(tab);
      return id;
    }
  }

  public void renameTab(String spreadsheetId, String tab, String newTitle) {
    synchronized (lock) {
      Book book = book(spreadsheetId);
      Tab t = tab(spreadsheetId, tab);
      Tab other = book.tab(newTitle);
      if (other != null && other != t) {
        throw new IllegalStateException("a tab named " + newTitle + " exists");
      }
      t.props.put("title", newTitle);
    }
  }

  /** Deletes a tab and its developer metadata. */
  public void deleteTab(String spreadsheetId, String tab) {
    synchronized (lock) {
      Book book = book(spreadsheetId);
      Tab t = tab(spreadsheetId, tab);
      if (book.tabs.size() == 1) {
        throw new IllegalStateException("cannot delete the only tab");
      }
      book.tabs.remove(t);
      book.metadata.removeIf(m -> m.sheetId() != null && m.sheetId() == t.id());
    }
  }

  /** Resizes a tab's grid (cells outside are lost), within the 10,000,000-cell limit. */
  public void resizeTab(String spreadsheetId, String tab, int rows, int columns) {
    if (rows < 1 || columns < 1 || columns > A1.MAX_COLUMNS) {
      throw new IllegalArgumentException("bad grid size " + rows + "x" + columns);
    }
    synchronized (lock) {
      Book book = book(spreadsheetId);
      Tab t = tab(spreadsheetId, tab);
      requireCellLimit(book.cellCount() - t.cellCount() + (long) rows * columns);
      t.resize(rows, columns);
      book.metadata.removeIf(
          m -> m.sheetId() != null && m.sheetId() == t.id()
              && ((m.locationType().equals("ROW") && m.start() >= rows)
                  || (m.locationType().equals("COLUMN") && m.start() >= columns)));
    }
  }

  /** Cells in the whole spreadsheet (sum of rowCount x columnCount over tabs). */
  public long cellCount(String spreadsheetId) {
    synchronized (lock) {
      return book(spreadsheetId).cellCount();
    }
  }

  /**
   * The tab's values, row by row from row 1 to the last row holding a value; each row stops at its
   * last value; empty cells inside are null. Values are String, Double, Boolean or {@link Formula}.
   */
  public List<List<Object>> values(String spreadsheetId, String tab) {
    List<List<Object>> out = new ArrayList<>();
    for (List<Cell> row : cells(spreadsheetId, tab)) {
      List<Object> values = new ArrayList<>();
      for (Cell c : row) {
        values.add(c == null ? null : c.value());
      }
      while (!values.isEmpty() && values.get(values.size() - 1) == null) {
        values.remove(values.size() - 1);
      }
      out.add(values);
    }
    while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
      out.remove(out.size() - 1);
    }
    return out;
  }

  /** Like {@link #values} with number formats and displayed text; a cell never written is null. */
  public List<List<Cell>> cells(String spreadsheetId, String tab) {
    synchronized (lock) {
      Tab t = tab(spreadsheetId, tab);
      List<List<Cell>> out = new ArrayList<>();
      for (int r = 0; r < t.rows.size(); r++) {
        ArrayList<ObjectNode> row = t.rows.get(r);
        List<Cell> cells = new ArrayList<>();
        if (row != null) {
          for (ObjectNode cell : row) {
            cells.add(cell == null ? null : toCell(cell));
          }
        }
        while (!cells.isEmpty() && cells.get(cells.size() - 1) == null) {
          cells.remove(cells.size() - 1);
        }
        out.add(cells);
      }
      while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
        out.remove(out.size() - 1);
      }
      return out;
    }
  }

  /** One cell by A1 reference ({@code "B3"}), or null when it was never written. */
  public Cell cell(String spreadsheetId, String tab, String a1) {
    synchronized (lock) {
      Tab t = tab(spreadsheetId, tab);
      int[] rc = singleCell(a1);
      ObjectNode cell = t.cell(rc[0], rc[1]);
      return cell == null ? null : toCell(cell);
    }
  }

  /** Row 1 as displayed text, up to its last non-empty cell (empty cells as ""). */
  public List<String> header(String spreadsheetId, String tab) {
    synchronized (lock) {
      Tab t = tab(spreadsheetId, tab);
      List<String> out = new ArrayList<>();
      for (int c = 0; c < t.columnCount(); c++) {
        ObjectNode cell = t.cell(0, c);
        out.add(Tab.hasValue(cell) ? Formats.formatted(cell) : "");
      }
      while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
        out.remove(out.size() - 1);
      }
      return out;
    }
  }

  /**
   * Types into a cell as a person would: null clears the value, a String starting with {@code =}
   * is a formula, other Strings are text, Numbers are numbers, Booleans are booleans. The cell's
   * format is kept.
   */
  public void setCell(String spreadsheetId, String tab, String a1, Object value) {
    synchronized (lock) {
      Tab t = tab(spreadsheetId, tab);
      int[] rc = singleCell(a1);
      requireInGrid(t, rc);
      ObjectNode existing = t.cell(rc[0], rc[1]);
      ObjectNode cell = existing == null ? ApiError.JSON.objectNode() : existing.deepCopy();
      if (value == null) {
        cell.remove("userEnteredValue");
      } else {
        ObjectNode v = ApiError.JSON.objectNode();
        if (value instanceof String s && s.startsWith("=")) {
          v.put("formulaValue", s);
        } else if (value instanceof String s) {
          v.put("stringValue", s);
        } else if (value instanceof Number n) {
          v.put("numberValue", n.doubleValue());
        } else if (value instanceof Boolean b) {
          v.put("boolValue", b);
        } else if (value instanceof Formula f) {
          v.put("formulaValue", f.text());
        } else {
          throw new IllegalArgumentException("unsupported value type " + value.getClass());
        }
        cell.set("userEnteredValue", v);
      }
      t.setCell(rc[0], rc[1], cell);
    }
  }

  /** Sets a cell's number format (type such as NUMBER, DATE_TIME; pattern may be empty); null clears it. */
  public void setNumberFormat(String spreadsheetId, String tab, String a1, NumberFormat format) {
    synchronized (lock) {
      Tab t = tab(spreadsheetId, tab);
      int[] rc = singleCell(a1);
      requireInGrid(t, rc);
      ObjectNode existing = t.cell(rc[0], rc[1]);
      ObjectNode cell = existing == null ? ApiError.JSON.objectNode() : existing.deepCopy();
      ObjectNode fmt = cell.has("userEnteredFormat") ? (ObjectNode) cell.get("userEnteredFormat") : cell.putObject("userEnteredFormat");
      if (format == null) {
        fmt.remove("numberFormat");
      } else {
        ObjectNode nf = fmt.putObject("numberFormat");
        nf.put("type", format.type());
        if (format.pattern() != null && !format.pattern().isEmpty()) {
          nf.put("pattern", format.pattern());
        }
      }
      if (fmt.isEmpty()) {
        cell.remove("userEnteredFormat");
      }
      t.setCell(rc[0], rc[1], cell);
    }
  }

  /**
   * Drags a whole column (zero-based {@code from}) so that it ends up at index {@code to}, as a
   * person reorders columns; the columns between shift by one.
   */
  public void moveColumn(String spreadsheetId, String tab, int from, int to) {
    synchronized (lock) {
      Book book = book(spreadsheetId);
      Tab t = tab(spreadsheetId, tab);
      if (from < 0 || to < 0 || from >= t.columnCount() || to >= t.columnCount()) {
        throw new IllegalArgumentException("column out of the grid");
      }
      int width = Math.max(from, to) + 1;
      for (ArrayList<ObjectNode> row : t.rows) {
        if (row == null) {
          continue; // stored tabs own their rows (see Tab#adoptRows), so in-place edits are safe
        }
        while (row.size() < width) {
          row.add(null);
        }
        row.add(to, row.remove(from));
        while (!row.isEmpty() && row.get(row.size() - 1) == null) {
          row.remove(row.size() - 1);
        }
      }
      for (int i = 0; i < book.metadata.size(); i++) {
        Metadata m = book.metadata.get(i);
        if ("COLUMN".equals(m.locationType()) && m.sheetId() == t.id()) {
          book.metadata.set(i, m.withStart(movedIndex(m.start(), from, to)));
        }
      }
    }
  }

  private static int movedIndex(int i, int from, int to) {
    if (i == from) {
      return to;
    }
    if (from < to && i > from && i <= to) {
      return i - 1;
    }
    if (to < from && i >= to && i < from) {
      return i + 1;
    }
    return i;
  }

  /**
   * Sorts the data rows (row 2 to the last row with a value) by one column, as "Sort sheet" with a
   * header row does: numbers before text (case-insensitive) before booleans; empty cells last.
   */
  public void sortDataRows(String spreadsheetId, String tab, int column, boolean ascending) {
    synchronized (lock) {
      Book book = book(spreadsheetId);
      Tab t = tab(spreadsheetId, tab);
      int last = t.lastValueRow();
      if (last < 2) {
        return;
      }
      while (t.rows.size() <= last) {
        t.rows.add(null);
      }
      List<Integer> order = new ArrayList<>();
      for (int r = 1; r <= last; r++) {
        order.add(r);
      }
      Comparator<Integer> byValue = (a, b) -> compareForSort(t.cell(a, column), t.cell(b, column), ascending);
      order.sort(byValue);
      List<ArrayList<ObjectNode>> sorted = new ArrayList<>();
      for (int r : order) {
        sorted.add(t.rows.get(r));
      }
      Map<Integer, Integer> newIndex = new HashMap<>();
      for (int i = 0; i < order.size(); i++) {
        t.rows.set(1 + i, sorted.get(i));
        newIndex.put(order.get(i), 1 + i);
      }
      for (int i = 0; i < book.metadata.size(); i++) {
        Metadata m = book.metadata.get(i);
        if ("ROW".equals(m.locationType()) && m.sheetId() == t.id() && newIndex.containsKey(m.start())) {
          book.metadata.set(i, m.withStart(newIndex.get(m.start())));
        }
      }
    }
  }

  private static int compareForSort(ObjectNode a, ObjectNode b, boolean ascending) {
    boolean ea = !Tab.hasValue(a);
    boolean eb = !Tab.hasValue(b);
    if (ea || eb) {
      return Boolean.compare(ea, eb); // empty cells last either way
    }
    JsonNode va = a.get("userEnteredValue");
    JsonNode vb = b.get("userEnteredValue");
    int ra = sortRank(va);
    int rb = sortRank(vb);
    int c;
    if (ra != rb) {
      c = Integer.compare(ra, rb);
    } else if (ra == 0) {
      c = Double.compare(va.get("numberValue").asDouble(), vb.get("numberValue").asDouble());
    } else if (ra == 1) {
      c = text(va).compareToIgnoreCase(text(vb));
    } else {
      c = Boolean.compare(va.get("boolValue").asBoolean(), vb.get("boolValue").asBoolean());
    }
    return ascending ? c : -c;
  }

  private static int sortRank(JsonNode v) {
    return v.has("numberValue") ? 0 : v.has("boolValue") ? 2 : 1;
  }

  private static String text(JsonNode v) {
    return v.has("stringValue") ? v.get("stringValue").asText() : v.path("formulaValue").asText("");
  }

  /** Inserts an empty column at zero-based {@code index} and writes {@code header} in its row 1. */
  public void insertColumn(String spreadsheetId, String tab, int index, String header) {
    synchronized (lock) {
      Book book = book(spreadsheetId);
      Tab t = tab(spreadsheetId, tab);
      if (index < 0 || index > t.columnCount()) {
        throw new IllegalArgumentException("column index out of the grid");
      }
      requireCellLimit(book.cellCount() + t.rowCount());
      t.insertColumns(index, 1);
      for (int i = 0; i < book.metadata.size(); i++) {
        Metadata m = book.metadata.get(i);
        if ("COLUMN".equals(m.locationType()) && m.sheetId() == t.id() && m.start() >= index) {
          book.metadata.set(i, m.withStart(m.start() + 1));
        }
      }
      if (header != null) {
        ObjectNode cell = ApiError.JSON.objectNode();
        cell.putObject("userEnteredValue").put("stringValue", header);
        t.setCell(0, index, cell);
      }
    }
  }

  /** Deletes one row (zero-based), shifting the rows below up. */
  public void deleteRow(String spreadsheetId, String tab, int rowIndex) {
    synchronized (lock) {
      Book book = book(spreadsheetId);
      Tab t = tab(spreadsheetId, tab);
      if (rowIndex < 0 || rowIndex >= t.rowCount() || t.rowCount() == 1) {
        throw new IllegalArgumentException("cannot delete row " + rowIndex);
      }
      t.deleteRows(rowIndex, rowIndex + 1);
      Iterator<Metadata> it = book.metadata.iterator();
      List<Metadata> shifted = new ArrayList<>();
      while (it.hasNext()) {
        Metadata m = it.next();
        if ("ROW".equals(m.locationType()) && m.sheetId() == t.id() && m.start() >= rowIndex) {
          it.remove();
          if (m.start() > rowIndex) {
            shifted.add(m.withStart(m.start() - 1));
          }
        }
      }
      book.metadata.addAll(shifted);
    }
  }

  /** The developer metadata of a spreadsheet, in creation order. */
  public List<MetadataEntry> developerMetadata(String spreadsheetId) {
    synchronized (lock) {
      List<MetadataEntry> out = new ArrayList<>();
      for (Metadata m : book(spreadsheetId).metadata) {
        out.add(new MetadataEntry(m.id(), m.key(), m.value(), m.visibility(), m.locationType(), m.sheetId(), m.start()));
      }
      return out;
    }
  }

  private Book book(String spreadsheetId) {
    Book book = books.get(spreadsheetId);
    if (book == null) {
      throw new IllegalArgumentException("no spreadsheet " + spreadsheetId);
    }
    return book;
  }

  private Tab tab(String spreadsheetId, String title) {
    Tab t = book(spreadsheetId).tab(title);
    if (t == null) {
      throw new IllegalArgumentException("no tab " + title + " in " + spreadsheetId);
    }
    return t;
  }

  private static int[] singleCell(String a1) {
    A1.Range r = A1.parse(a1);
    if (r.hasSheet() || !r.bareCells() || r.startRow() == null || r.startCol() == null
        || r.endRow() != r.startRow() + 1 || r.endCol() != r.startCol() + 1) {
      throw new IllegalArgumentException("not a single cell: " + a1);
    }
    return new int[] {r.startRow(), r.startCol()};
  }

  private static void requireInGrid(Tab t, int[] rc) {
    if (rc[0] >= t.rowCount() || rc[1] >= t.columnCount()) {
      throw new IllegalArgumentException("cell outside the grid of " + t.title());
    }
  }

  private static void requireCellLimit(long cells) {
    if (cells > Batch.MAX_CELLS) {
      throw new IllegalStateException(Batch.CELL_LIMIT_MESSAGE);
    }
  }

  private static Cell toCell(ObjectNode cell) {
    JsonNode v = cell.get("userEnteredValue");
    Object value = null;
    if (v != null) {
      if (v.has("stringValue")) {
        value = v.get("stringValue").asText();
      } else if (v.has("numberValue")) {
        value = v.get("numberValue").asDouble();
      } else if (v.has("boolValue")) {
        value = v.get("boolValue").asBoolean();
      } else if (v.has("formulaValue")) {
        value = new Formula(v.get("formulaValue").asText());
      }
    }
    JsonNode nf = cell.path("userEnteredFormat").path("numberFormat");
    NumberFormat format = nf.isObject() ? new NumberFormat(nf.path("type").asText(null), nf.path("pattern").asText(null)) : null;
    return new Cell(value, format, value == null ? null : Formats.formatted(cell));
  }

  // =============================================================================================
  // HTTP
  // =============================================================================================

  private record Route(ApiCall.Operation op, String spreadsheetId, String extra) {}

  private record Reply(int status, JsonNode body, Map<String, String> headers) {}

  private void handle(HttpExchange ex) {
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
      send(ex, new Reply(400, ApiError.invalidArgument("Invalid request body: " + e.getMessage()).body(), Map.of()), null);
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
          ApiError error =
              switch (fault.status) {
                case 429 -> ApiError.quotaExceeded(call.isWrite(), call.isWrite() ? quota.writeLimit : quota.readLimit, PROJECT_NUMBER);
                case 503 -> ApiError.unavailable();
                default -> ApiError.internal();
              };
          reply(ex, call, principalOrNull(ex), new Reply(error.code, error.body(), Map.of()));
          return;
        }
        case STALL -> {
          try {
            if (closed.await(fault.stall.toMillis(), TimeUnit.MILLISECONDS)) {
              return; // emulator closed while stalling
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
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
      reply = new Reply(e.code, e.body(), e.code == 401 ? Map.of("WWW-Authenticate", wwwAuthenticate(e)) : Map.of());
    } catch (Auth.TokenError e) {
      reply = new Reply(e.status, e.body(), Map.of());
    } catch (RuntimeException e) {
      // a bug of the emulator, not an emulated failure: say so loudly
      System.err.println("Sheets emulator bug while handling " + call + ":");
      e.printStackTrace();
      ApiError bug = new ApiError(500, "INTERNAL", "Internal error encountered. (Sheets emulator bug: " + e + ")");
      reply = new Reply(500, bug.body(), Map.of());
    }
    if (fault != null && fault.kind == SheetsFault.Kind.APPLIED_BUT_LOST) {
      synchronized (lock) {
        countDropped(call);
      }
      return;
    }
    reply(ex, call, principal, reply);
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
    send(ex, reply, queryParams(ex).getOrDefault("prettyPrint", List.of("true")).get(0));
  }

  private void send(HttpExchange ex, Reply reply, String prettyPrint) throws IOException {
    byte[] bytes;
    try {
      bytes =
          "false".equals(prettyPrint)
              ? mapper.writeValueAsBytes(reply.body())
              : mapper.writer(PRETTY).writeValueAsBytes(reply.body());
    } catch (JsonProcessingException e) {
      throw new IOException(e);
    }
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
      return new Route(method.equals("POST") ? ApiCall.Operation.UNIMPLEMENTED : ApiCall.Operation.UNKNOWN, null, "spreadsheets.create");
    }
    String third = s.get(2);
    if (s.size() == 3) {
      int colon = third.indexOf(':');
      if (colon < 0) {
        return new Route(method.equals("GET") ? ApiCall.Operation.GET_SPREADSHEET : ApiCall.Operation.UNKNOWN, third, null);
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
        requestSizes.computeIfAbsent(call.spreadsheetId(), k -> new ArrayList<>())
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
      return new Reply(200, auth.tokenRequest(form, tokenUri(), clock.instant(), Instant.now()), Map.of());
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
      Auth.Principal p =
          auth.authenticate(token, clock.instant(), Instant.now(), Set.of("http://127.0.0.1/", "http://localhost/",
              "https://sheets.googleapis.com/", rootUrl));
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
      Auth.Principal p =
          auth.authenticate(token, clock.instant(), Instant.now(), Set.of("http://127.0.0.1/", "http://localhost/",
              "https://sheets.googleapis.com/", rootUrl));
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
      if (!quota.tryAcquire(principal.email(), write, clock.millis())) {
        throw ApiError.quotaExceeded(write, write ? quota.writeLimit : quota.readLimit, PROJECT_NUMBER);
      }
    }
    Map<String, List<String>> query = queryParams(ex);
    Set<String> allowed =
        switch (call.operation()) {
          case GET_SPREADSHEET -> Set.of("ranges", "includeGridData", "excludeTablesInBandedRanges", "commentsViewMode");
          case GET_VALUES -> Set.of("majorDimension", "valueRenderOption", "dateTimeRenderOption");
          default -> Set.of();
        };
    List<String[]> unknown = new ArrayList<>();
    for (String name : query.keySet()) {
      if (!SYSTEM_PARAMS.contains(name) && !allowed.contains(name)) {
        unknown.add(new String[] {
          null,
          "Invalid JSON payload received. Unknown name \"" + name + "\": Cannot bind query parameter. Field '" + name
              + "' could not be found in request message."
        });
      }
    }
    if (!unknown.isEmpty()) {
      throw ApiError.badRequest(unknown.get(0)[1], unknown);
    }
    String responseType =
        switch (call.operation()) {
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
    String requestType =
        switch (call.operation()) {
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
      response =
          switch (call.operation()) {
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
            "Invalid JSON payload received. Expected an object.", List.<String[]>of(new String[] {null, "Invalid JSON payload received. Expected an object."}));
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
          "Invalid value at 'major_dimension' (type.googleapis.com/google.apps.sheets.v4.Dimension), \"" + major + "\"");
    }
    String render = query.getOrDefault("valueRenderOption", List.of("FORMATTED_VALUE")).get(0);
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
      out.set("updatedSpreadsheet", Render.spreadsheet(result, ranges, body.path("responseIncludeGridData").asBoolean(false)));
    }
    return out;
  }

  /** For debugging: the ids of all spreadsheets. */
  public List<String> spreadsheetIds() {
    synchronized (lock) {
      return Collections.unmodifiableList(new ArrayList<>(books.keySet()));
    }
  }
}

package dev.outflow.connect.sheets;

import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.types.Password;

import dev.outflow.connect.core.api.config.ConfigRule;
import dev.outflow.connect.core.api.config.EnumNames;
import dev.outflow.connect.core.api.config.KeyRecommender;
import dev.outflow.connect.core.api.config.SinkConfig;
import dev.outflow.connect.core.api.config.TimeZoneName;
import dev.outflow.connect.core.api.config.When;

/** The Google Sheets destination's keys (DESIGN.md 4, Google Sheets). */
public final class SheetsConfig extends AbstractConfig {

    static final String CONNECTION_GROUP = "Google Sheets connection";
    static final String SHEET_GROUP = "Google Sheets layout";
    static final String LIMITS_GROUP = "Google Sheets limits";

    public static final String SPREADSHEET_ID = "sheets.spreadsheet.id";
    public static final String CREDENTIALS_JSON = "sheets.credentials.json";
    public static final String CREDENTIALS_FILE = "sheets.credentials.file";
    public static final String ROOT_URL = "sheets.root.url";
    public static final String REQUEST_TIMEOUT_MS = "sheets.request.timeout.ms";
    public static final String SERVER_DEADLINE_MS = "sheets.server.deadline.ms";

    public static final String TAB = "sheets.tab";
    public static final String MODE = "sheets.mode";
    public static final String KEY_COLUMNS = "sheets.key.columns";
    public static final String NEW_FIELDS = "sheets.new.fields";
    public static final String COLUMNS = "sheets.columns";
    public static final String TIMEZONE = "sheets.timezone";
    public static final String DATETIME_PATTERN = "sheets.datetime.pattern";
    public static final String DATE_PATTERN = "sheets.date.pattern";
    public static final String TIME_PATTERN = "sheets.time.pattern";

    public static final String CELL_OVERFLOW = "sheets.cell.overflow";
    public static final String WRITES_PER_MINUTE = "sheets.write.requests.per.minute";

    /** The default Google endpoint; the emulator and private gateways override it. */
    static final String GOOGLE_ROOT_URL = "https://sheets.googleapis.com/";

    public enum Mode {
        APPEND,
        UPSERT
    }

    public enum NewFields {
        ADD,
        IGNORE,
        FAIL
    }

    public enum CellOverflow {
        TRUNCATE,
        REJECT
    }

    static final ConfigDef CONFIG_DEF = define(new ConfigDef());

    public SheetsConfig(Map<?, ?> props) {
        super(CONFIG_DEF, props);
    }

    private static ConfigDef define(ConfigDef def) {
        int order = 0;
        def.define(
                SPREADSHEET_ID,
                Type.STRING,
                ConfigDef.NO_DEFAULT_VALUE,
                new ConfigDef.NonEmptyString(),
                Importance.HIGH,
                "The id of the spreadsheet to write to: the long token in its URL, docs.google.com/spreadsheets/d/<id>/edit.",
                CONNECTION_GROUP,
                ++order,
                Width.LONG,
                "Spreadsheet id");
        def.define(
                CREDENTIALS_JSON,
                Type.PASSWORD,
                null,
                Importance.HIGH,
                "The service-account key, as JSON text. Best given through a config provider, e.g. ${file:/etc/secrets/sheets.properties:key}. "
                        + "Leave this and " + CREDENTIALS_FILE + " empty to use application default credentials.",
                CONNECTION_GROUP,
                ++order,
                Width.LONG,
                "Service-account key (JSON)",
                List.of(CREDENTIALS_FILE),
                null);
        def.define(
                CREDENTIALS_FILE,
                Type.STRING,
                null,
                Importance.HIGH,
                "A path, on every worker, to the service-account key JSON file. Used when " + CREDENTIALS_JSON
                        + " is empty.",
                CONNECTION_GROUP,
                ++order,
                Width.LONG,
                "Service-account key file",
                List.of(),
                KeyRecommender.shownWhen(When.isNotSet(CREDENTIALS_JSON)));
        def.define(
                ROOT_URL,
                Type.STRING,
                GOOGLE_ROOT_URL,
                new ConfigDef.NonEmptyString(),
                Importance.LOW,
                "The Sheets API endpoint. Change it only for a private gateway or an emulator.",
                CONNECTION_GROUP,
                ++order,
                Width.LONG,
                "API root URL");
        // Google ends a request it has worked on for 180 s with a timeout: a client that gives up earlier leaves
        // writes that Google may still apply, so the default waits past that deadline
        def.define(
                REQUEST_TIMEOUT_MS,
                Type.INT,
                190_000,
                Range.between(1_000, 600_000),
                Importance.LOW,
                "How long one API call may take. Google gives up on a request it has processed for 180 seconds, so the default "
                        + "waits a little longer: a shorter timeout can abandon a write that Google still applies. A write that "
                        + "times out may have been applied: the connector reads the offsets stored in the spreadsheet before "
                        + "sending anything again.",
                CONNECTION_GROUP,
                ++order,
                Width.SHORT,
                "Request timeout");
        def.define(
                SERVER_DEADLINE_MS,
                Type.INT,
                180_000,
                Range.between(0, 600_000),
                Importance.LOW,
                "How long Google may keep working on a request: its documented server deadline, 180 seconds. After a write "
                        + "that timed out, the task neither reads the stored offsets nor resends anything until this long after "
                        + "the write was sent. Lower it only for an emulator with a shorter deadline; every write is also fenced, "
                        + "so a write Google applies even later fails whole rather than duplicating rows.",
                CONNECTION_GROUP,
                ++order,
                Width.SHORT,
                "Server deadline");

        order = 0;
        def.define(
                TAB,
                Type.STRING,
                "${topic}",
                new ConfigDef.NonEmptyString(),
                Importance.HIGH,
                "The tab (sheet) to write to; ${topic} is replaced by the record's topic. A missing tab is created with a header row.",
                SHEET_GROUP,
                ++order,
                Width.MEDIUM,
                "Tab");
        def.define(
                MODE,
                Type.STRING,
                "append",
                ConfigDef.CaseInsensitiveValidString.in(EnumNames.of(Mode.values())),
                Importance.HIGH,
                "'append' adds every record as a new row (a ledger). 'upsert' updates the row whose key columns match the record, "
                        + "else appends it; a tombstone deletes the row when behavior.on.null.values=delete.",
                SHEET_GROUP,
                ++order,
                Width.SHORT,
                "Mode",
                List.of(KEY_COLUMNS),
                KeyRecommender.values(EnumNames.of(Mode.values())));
        def.define(
                KEY_COLUMNS,
                Type.LIST,
                "",
                Importance.HIGH,
                "For upsert: the fields (and so the header names) that identify a row, e.g. 'customer_id', or '_key' for the record key "
                        + "(with row.metadata.fields=key).",
                SHEET_GROUP,
                ++order,
                Width.LONG,
                "Key columns",
                List.of(),
                KeyRecommender.shownWhen(When.is(MODE, "upsert")));
        def.define(
                COLUMNS,
                Type.LIST,
                "",
                Importance.MEDIUM,
                "The fields to write, in the order of their columns, e.g. 'id,customer,amount,paid': a missing column is added "
                        + "in this order at the right of the header, and every other field is ignored. Empty: every field is written, "
                        + "and a new field's column follows the record's field order where the converter keeps one (see the README).",
                SHEET_GROUP,
                ++order,
                Width.LONG,
                "Columns",
                List.of(NEW_FIELDS),
                null);
        def.define(
                NEW_FIELDS,
                Type.STRING,
                "add",
                ConfigDef.CaseInsensitiveValidString.in(EnumNames.of(NewFields.values())),
                Importance.MEDIUM,
                "A field that has no column yet: 'add' a column with its name at the right of the header, 'ignore' the field, "
                        + "or 'fail' the record (dead-letter queue).",
                SHEET_GROUP,
                ++order,
                Width.SHORT,
                "New fields",
                List.of(),
                KeyRecommender.shownWhen(When.isNotSet(COLUMNS)).withValues(EnumNames.of(NewFields.values())));
        def.define(
                TIMEZONE,
                Type.STRING,
                "UTC",
                new TimeZoneName("Europe/Paris"),
                Importance.LOW,
                "The time zone timestamps are shown in (an IANA name such as Europe/Paris).",
                SHEET_GROUP,
                ++order,
                Width.SHORT,
                "Time zone");
        def.define(
                DATETIME_PATTERN,
                Type.STRING,
                "yyyy-mm-dd hh:mm:ss",
                new ConfigDef.NonEmptyString(),
                Importance.LOW,
                "The Sheets number format pattern of timestamp cells.",
                SHEET_GROUP,
                ++order,
                Width.SHORT,
                "Timestamp format");
        def.define(
                DATE_PATTERN,
                Type.STRING,
                "yyyy-mm-dd",
                new ConfigDef.NonEmptyString(),
                Importance.LOW,
                "The Sheets number format pattern of date cells.",
                SHEET_GROUP,
                ++order,
                Width.SHORT,
                "Date format");
        def.define(
                TIME_PATTERN,
                Type.STRING,
                "hh:mm:ss",
                new ConfigDef.NonEmptyString(),
                Importance.LOW,
                "The Sheets number format pattern of time cells.",
                SHEET_GROUP,
                ++order,
                Width.SHORT,
                "Time format");

        order = 0;
        def.define(
                CELL_OVERFLOW,
                Type.STRING,
                "truncate",
                ConfigDef.CaseInsensitiveValidString.in(EnumNames.of(CellOverflow.values())),
                Importance.MEDIUM,
                "A value over Google's 50,000 characters per cell: 'truncate' it with a visible marker, or 'reject' the record (dead-letter queue).",
                LIMITS_GROUP,
                ++order,
                Width.SHORT,
                "Cell overflow",
                List.of(),
                KeyRecommender.values(EnumNames.of(CellOverflow.values())));
        def.define(
                WRITES_PER_MINUTE,
                Type.INT,
                50,
                Range.between(1, 10_000),
                Importance.MEDIUM,
                "Write requests per minute for this connector's credential: the connector's whole budget, divided among its tasks "
                        + "(tasks.max does not multiply it). Google's default quota is 60 per minute per user: the default leaves room "
                        + "for people and other tools. No 60-second window holds more writes from all the tasks together than this "
                        + "(given at least one a minute per task), so it may be the whole quota when nothing else uses it. Connectors "
                        + "that share one credential share its quota: give each a part, so that their parts add up to no more than the "
                        + "quota. Each write also reads the tab once, within the same budget.",
                LIMITS_GROUP,
                ++order,
                Width.SHORT,
                "Writes per minute");
        // under a backlog a write should carry as much as Google takes in one request (2 MB of JSON), not a fixed
        // count: the counts are set high and the writer cuts each request at its measured size
        def.define(
                SinkConfig.BATCH_MAX_RECORDS,
                Type.INT,
                10_000,
                Range.between(1, 100_000),
                Importance.MEDIUM,
                "The most rows gathered for one write. Each request is also cut at 2 MB of JSON, measured as the client "
                        + "serializes it; rows past the cut go in the next write. The default lets the size govern under a backlog: "
                        + "about 10,000 rows of 10 short columns fit in 2 MB.",
                SinkConfig.BATCH_GROUP,
                99,
                Width.SHORT,
                "Batch records");
        def.define(
                SinkConfig.BATCH_MAX_BYTES,
                Type.INT,
                1_500_000,
                Range.between(1_024, 1_500_000),
                Importance.MEDIUM,
                "The most bytes, estimated from the values, gathered for one write; a record estimated larger goes to the "
                        + "dead-letter queue. The request itself is measured as the JSON the client sends and cut at 2 MB (Google's "
                        + "recommended maximum), the rows past the cut going in the next write.",
                SinkConfig.BATCH_GROUP,
                100,
                Width.SHORT,
                "Batch bytes");
        // a write takes what fits 2 MB and the rest waits: with room for two batches, the rows left after a write
        // still fill the next request, instead of going at the next permit as a half-full one (which halved the drain)
        def.define(
                SinkConfig.BUFFER_MAX_RECORDS,
                Type.INT,
                20_000,
                Range.between(1, 10_000_000),
                Importance.MEDIUM,
                "The most records a task holds unsent. At 90% the task pauses its partitions, at 50% it resumes them; "
                        + "records beyond the limit are handed back to the worker, which redelivers them. Twice "
                        + SinkConfig.BATCH_MAX_RECORDS
                        + " by default, so that under a backlog the rows left after a write still "
                        + "fill the next request.",
                SinkConfig.BATCH_GROUP,
                101,
                Width.SHORT,
                "Buffer records");
        return def;
    }

    /**
     * The rules between keys, run by the framework with every other problem (and at task start);
     * each names every key it reads, and its message goes on each of them.
     */
    static final List<ConfigRule> RULES = List.of(
            ConfigRule.of(
                    c -> c.getPassword(CREDENTIALS_JSON) != null && c.getString(CREDENTIALS_FILE) != null
                            ? "set either " + CREDENTIALS_JSON + " or " + CREDENTIALS_FILE + ", not both"
                            : null,
                    CREDENTIALS_JSON,
                    CREDENTIALS_FILE),
            ConfigRule.of(
                    c -> "delete".equalsIgnoreCase(c.getString(SinkConfig.NULL_VALUES)) && mode(c) == Mode.APPEND
                            ? SinkConfig.NULL_VALUES + "=delete needs " + MODE
                                    + "=upsert: an append-only ledger has no row to delete"
                            : null,
                    SinkConfig.NULL_VALUES,
                    MODE),
            ConfigRule.of(
                    c -> mode(c) == Mode.UPSERT && c.getList(KEY_COLUMNS).isEmpty()
                            ? KEY_COLUMNS + " must name at least one field when " + MODE + "=upsert"
                            : null,
                    MODE,
                    KEY_COLUMNS),
            ConfigRule.of(
                    c -> !c.getList(COLUMNS).isEmpty() && !c.getList(COLUMNS).containsAll(c.getList(KEY_COLUMNS))
                            ? "every key column must be written: add "
                                    + c.getList(KEY_COLUMNS).stream()
                                            .filter(k -> !c.getList(COLUMNS).contains(k))
                                            .toList()
                                    + " to " + COLUMNS
                            : null,
                    COLUMNS,
                    KEY_COLUMNS),
            // reads the worker's name, tasks.max and topics from the originals: they are not this connector's keys
            ConfigRule.of(c -> OffsetBudget.problem(c.getString(TAB), c.originals()), TAB));

    private static Mode mode(AbstractConfig config) {
        return Mode.valueOf(config.getString(MODE).toUpperCase(Locale.ROOT));
    }

    String spreadsheetId() {
        return getString(SPREADSHEET_ID);
    }

    Password credentialsJson() {
        return getPassword(CREDENTIALS_JSON);
    }

    String credentialsFile() {
        return getString(CREDENTIALS_FILE);
    }

    String rootUrl() {
        String url = getString(ROOT_URL);
        return url.endsWith("/") ? url : url + "/";
    }

    int requestTimeoutMs() {
        return getInt(REQUEST_TIMEOUT_MS);
    }

    int serverDeadlineMs() {
        return getInt(SERVER_DEADLINE_MS);
    }

    String tab() {
        return getString(TAB);
    }

    Mode mode() {
        return mode(this);
    }

    List<String> keyColumns() {
        return getList(KEY_COLUMNS);
    }

    List<String> columns() {
        return getList(COLUMNS);
    }

    NewFields newFields() {
        return NewFields.valueOf(getString(NEW_FIELDS).toUpperCase(Locale.ROOT));
    }

    ZoneId zone() {
        return ZoneId.of(getString(TIMEZONE));
    }

    String datetimePattern() {
        return getString(DATETIME_PATTERN);
    }

    String datePattern() {
        return getString(DATE_PATTERN);
    }

    String timePattern() {
        return getString(TIME_PATTERN);
    }

    CellOverflow cellOverflow() {
        return CellOverflow.valueOf(getString(CELL_OVERFLOW).toUpperCase(Locale.ROOT));
    }

    int writesPerMinute() {
        return getInt(WRITES_PER_MINUTE);
    }
}

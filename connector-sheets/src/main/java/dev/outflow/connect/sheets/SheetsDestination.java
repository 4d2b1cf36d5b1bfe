package dev.outflow.connect.sheets;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.services.sheets.v4.model.BatchUpdateSpreadsheetRequest;
import com.google.api.services.sheets.v4.model.DeleteDeveloperMetadataRequest;
import com.google.api.services.sheets.v4.model.Request;
import com.google.api.services.sheets.v4.model.Sheet;
import com.google.api.services.sheets.v4.model.SheetProperties;
import com.google.api.services.sheets.v4.model.Spreadsheet;

import dev.outflow.connect.core.api.Destination;
import dev.outflow.connect.core.api.ErrorClass;
import dev.outflow.connect.core.api.Failure;
import dev.outflow.connect.core.api.QuotaScope;
import dev.outflow.connect.core.api.Row;
import dev.outflow.connect.core.api.StoredOffsets;
import dev.outflow.connect.core.api.WriteResult;
import dev.outflow.connect.core.api.config.ConfigProblem;
import dev.outflow.connect.core.api.config.ConfigRule;
import dev.outflow.connect.core.api.config.SinkConfig;

/**
 * Google Sheets as a destination: a target is a tab, a write is one atomic {@code batchUpdate}
 * that also records the offsets, which makes delivery exactly-once.
 */
public final class SheetsDestination implements Destination {

    private static final Logger log = LoggerFactory.getLogger(SheetsDestination.class);

    /** The connector's name where Connect set none (a task a test started): it keys the offsets stored in the spreadsheet. */
    static final String UNNAMED = "outflow-sheets";

    private static final Set<String> ACCESS_KEYS = Set.of(
            SheetsConfig.CREDENTIALS_JSON,
            SheetsConfig.CREDENTIALS_FILE,
            SheetsConfig.SPREADSHEET_ID,
            SheetsConfig.ROOT_URL,
            SheetsConfig.REQUEST_TIMEOUT_MS);

    private SheetsConfig config;
    private SheetsClients.Client client;
    private SheetWriter writer;
    private SheetsErrors errors;
    private OffsetMetadata offsets;
    private List<QuotaScope> scopes;
    /** Partitions of writes whose outcome is unknown, since the fence was last claimed. */
    private final Set<TopicPartition> uncertain = new HashSet<>();
    /** Before this (epoch ms) Google may still apply a write that timed out: nothing is read or resent. */
    private long resendNotBeforeMs;

    private final Clock clock;

    public SheetsDestination() {
        this(Clock.systemUTC());
    }

    SheetsDestination(Clock clock) {
        this.clock = clock;
    }

    @Override
    public ConfigDef config() {
        return SheetsConfig.CONFIG_DEF;
    }

    @Override
    public void start(Map<String, String> props) {
        config = new SheetsConfig(props);
        try {
            client = SheetsClients.create(config);
        } catch (IOException e) {
            throw new ConnectException(
                    "The Sheets credentials could not be read (" + e.getClass().getSimpleName() + "); check "
                            + SheetsConfig.CREDENTIALS_JSON + " or " + SheetsConfig.CREDENTIALS_FILE);
        }
        // the task's number keys its offset entries: absent where no connector numbered it (a test's task)
        String connector = SinkConfig.connectorName(props, UNNAMED);
        int task = Integer.parseInt(props.getOrDefault(SinkConfig.TASK_INDEX, "0"));
        offsets = new OffsetMetadata(connector, task, Integer.parseInt(props.getOrDefault(SinkConfig.TASK_COUNT, "1")));
        writer = new SheetWriter(client.sheets(), config, offsets, new Fence(connector, task), clock);
        errors = new SheetsErrors(config.spreadsheetId(), client.principal(), clock);
        scopes = List.of(writeQuota(client.principal(), config.writesPerMinute()));
        log.info("Writing to spreadsheet {} as {}", config.spreadsheetId(), client.principal());
    }

    /**
     * The bucket for {@code perMinute} writes. Google counts requests in a sliding 60-second window,
     * and a token bucket lets through its capacity plus what it refills in that time: so it refills
     * the per-minute rate less its capacity, and no 60 seconds ever hold more than {@code perMinute}
     * writes, even when the rate is set to the whole quota. The capacity is a second's worth (at
     * least one), enough for a few tabs due at once; at 60 a minute the bucket sustains 59.
     */
    static QuotaScope writeQuota(String principal, int perMinute) {
        String name = "sheets:" + principal;
        int burst = Math.max(1, perMinute / 60);
        if (perMinute <= burst) {
            // one a minute: a bucket of one that refills a little slower than the window slides
            return new QuotaScope(name, 1, Duration.ofSeconds(61), 1);
        }
        return QuotaScope.perMinute(name, perMinute - burst, burst);
    }

    /** The tab: {@code sheets.tab} with {@code ${topic}} replaced by the record's topic. */
    @Override
    public String route(Row row) {
        return config.tab().replace("${topic}", row.topic());
    }

    @Override
    public List<QuotaScope> quotaScopes(String target) {
        return scopes;
    }

    @Override
    public WriteResult write(String tab, List<Row> rows) throws IOException {
        try {
            return writer.write(tab, rows);
        } catch (IOException e) {
            if (e instanceof GoogleJsonResponseException response
                    && response.getDetails() != null
                    && SheetsErrors.isStaleGrid(response.getDetails().getMessage())) {
                writer.forgetTabs();
            }
            noteOutcome(e, rows);
            throw e;
        }
    }

    /**
     * A write that may have been applied makes its partitions uncertain: the engine reads the stored
     * offsets for them next, and this task then replaces only its own fence. One that timed out may
     * still be at work at Google: nothing is read or resent before Google's deadline on it (DESIGN.md
     * 3.6). A connection that broke without an answer is left to the fence alone: waiting there would
     * stall the task for minutes after every lost response, and the fence already refuses a late write.
     */
    private void noteOutcome(IOException error, List<Row> rows) {
        if (errors.classify(error).errorClass() != ErrorClass.AMBIGUOUS) {
            return;
        }
        rows.forEach(row -> uncertain.add(row.topicPartition()));
        long sentAt = writer.unansweredSinceMs();
        if (error instanceof SocketTimeoutException && sentAt >= 0) {
            // from when the write went out, not when the call began: the read before it can take long too
            long deadline = sentAt + config.serverDeadlineMs();
            if (deadline > clock.millis()) {
                log.warn(
                        "A write to spreadsheet {} timed out ({}); Google may still apply it, so nothing is resent before its deadline,"
                                + " {} ms from now",
                        config.spreadsheetId(),
                        SheetsConfig.REQUEST_TIMEOUT_MS,
                        deadline - clock.millis());
            }
            resendNotBeforeMs = Math.max(resendNotBeforeMs, deadline);
        }
    }

    @Override
    public void forgetTarget(String tab) {
        writer.forget(tab);
    }

    @Override
    public Failure classify(Exception error) {
        if (error instanceof OffsetBudgetException) {
            return Failure.fatal(error.getMessage());
        }
        return errors.classify(error);
    }

    @Override
    public boolean storesOffsets() {
        return true;
    }

    /**
     * Fences older writers, then reads what they stored. For partitions this task was just given,
     * every fence of the connector goes: whoever wrote them before can land nothing from now on. For
     * partitions of this task's own uncertain writes, only its own fence is replaced, so the other
     * tasks keep writing.
     */
    @Override
    public StoredOffsets storedOffsets(Collection<TopicPartition> partitions) throws IOException {
        long wait = resendNotBeforeMs - clock.millis();
        if (wait > 0) {
            throw new DeadlinePendingException(Duration.ofMillis(wait));
        }
        writer.claimFence(!uncertain.containsAll(partitions));
        StoredOffsets stored = offsets.read(OffsetMetadata.search(client.sheets(), config.spreadsheetId()), partitions);
        uncertain.clear();
        return stored;
    }

    /**
     * Rewrites the offsets this connector stored in the spreadsheet to agree with the offsets REST
     * API, in one atomic {@code batchUpdate}, so that a reset writes the records again instead of
     * skipping them as already written. Refuses, changing nothing, when the spreadsheet cannot be
     * read or written.
     */
    @Override
    public void alterStoredOffsets(Map<String, String> props, Map<TopicPartition, Long> kafkaOffsets) {
        SheetsConfig altered = new SheetsConfig(props);
        SheetsClients.Client admin;
        try {
            admin = SheetsClients.create(altered);
        } catch (IOException | RuntimeException e) {
            throw new ConnectException("The Sheets credentials could not be read ("
                    + e.getClass().getSimpleName() + "); check " + SheetsConfig.CREDENTIALS_JSON + " or "
                    + SheetsConfig.CREDENTIALS_FILE + ". The Kafka offsets were left as they were");
        }
        try {
            List<Request> requests = new ArrayList<>(new OffsetMetadata(SinkConfig.connectorName(props, UNNAMED), 0, 1)
                    .alter(OffsetMetadata.search(admin.sheets(), altered.spreadsheetId()), kafkaOffsets));
            // a write of a stopped task that Google still holds would store offsets again after the reset: fence them
            // all
            Spreadsheet spreadsheet = admin.sheets()
                    .spreadsheets()
                    .get(altered.spreadsheetId())
                    .setFields("sheets.properties(sheetId,title)")
                    .execute();
            List<SheetProperties> sheets = spreadsheet.getSheets() == null
                    ? List.of()
                    : spreadsheet.getSheets().stream().map(Sheet::getProperties).toList();
            requests.addAll(new Fence(SinkConfig.connectorName(props, UNNAMED), 0).revokeAll(sheets));
            if (!requests.isEmpty()) {
                admin.sheets()
                        .spreadsheets()
                        .batchUpdate(altered.spreadsheetId(), new BatchUpdateSpreadsheetRequest().setRequests(requests))
                        .execute();
            }
            log.info(
                    "Offsets stored in spreadsheet {}: {} offset entries changed or fences revoked for {} partitions",
                    altered.spreadsheetId(),
                    requests.size(),
                    kafkaOffsets.size());
        } catch (Exception e) {
            Failure failure = new SheetsErrors(altered.spreadsheetId(), admin.principal()).classify(e);
            throw new ConnectException("The offsets stored in spreadsheet " + altered.spreadsheetId()
                    + " could not be changed: " + failure.reason()
                    + ". The Kafka offsets were left as they were; fix this and call the offsets API again");
        } finally {
            close(admin); // after the outcome is known: a failed close must not turn a done change into a refusal
        }
    }

    @Override
    public List<ConfigRule> configRules() {
        return SheetsConfig.RULES;
    }

    /** What building a client and reaching the spreadsheet reads: a mistake in any other key cannot stop the check. */
    @Override
    public Set<String> accessCheckKeys() {
        return ACCESS_KEYS;
    }

    /**
     * The key parses, the spreadsheet exists, and this principal may edit it: a write request that
     * changes nothing (deleting metadata under a key nothing uses) needs edit rights like any other.
     */
    @Override
    public List<ConfigProblem> checkAccess(Map<String, String> props) {
        Map<String, String> accessProps = new HashMap<>(props);
        accessProps.keySet().retainAll(ACCESS_KEYS);
        SheetsConfig checked = new SheetsConfig(accessProps);
        List<ConfigProblem> problems = new ArrayList<>();
        String credentialsKey = checked.credentialsJson() != null
                ? SheetsConfig.CREDENTIALS_JSON
                : checked.credentialsFile() != null ? SheetsConfig.CREDENTIALS_FILE : SheetsConfig.SPREADSHEET_ID;
        SheetsClients.Client probe;
        try {
            probe = SheetsClients.create(checked);
        } catch (IOException | RuntimeException e) {
            return List.of(new ConfigProblem(
                    credentialsKey,
                    "not a usable service-account key (" + e.getClass().getSimpleName()
                            + "); paste the JSON key file of a Google Cloud service account"));
        }
        try (probe) {
            probe.sheets()
                    .spreadsheets()
                    .get(checked.spreadsheetId())
                    .setFields("spreadsheetId")
                    .execute();
            probe.sheets()
                    .spreadsheets()
                    .batchUpdate(
                            checked.spreadsheetId(),
                            new BatchUpdateSpreadsheetRequest()
                                    .setRequests(
                                            List.of(
                                                    new Request()
                                                            .setDeleteDeveloperMetadata(
                                                                    new DeleteDeveloperMetadataRequest()
                                                                            .setDataFilter(
                                                                                    new com.google.api.services.sheets
                                                                                                    .v4.model
                                                                                                    .DataFilter()
                                                                                            .setDeveloperMetadataLookup(
                                                                                                    new com.google.api
                                                                                                                    .services
                                                                                                                    .sheets
                                                                                                                    .v4
                                                                                                                    .model
                                                                                                                    .DeveloperMetadataLookup()
                                                                                                            .setMetadataKey(
                                                                                                                    "outflow.access-check")))))))
                    .execute();
        } catch (Exception e) {
            Failure failure = new SheetsErrors(checked.spreadsheetId(), probe.principal()).classify(e);
            String key = failure.reason().contains("credentials") ? credentialsKey : SheetsConfig.SPREADSHEET_ID;
            if (failure.errorClass() == ErrorClass.FATAL || failure.errorClass() == ErrorClass.REJECTED) {
                problems.add(new ConfigProblem(key, failure.reason()));
            } else {
                problems.add(new ConfigProblem(
                        SheetsConfig.ROOT_URL,
                        "the Sheets API could not be reached to check access: " + failure.reason()));
            }
        }
        return problems;
    }

    @Override
    public void stop() {
        if (client != null) {
            close(client);
        }
    }

    private static void close(SheetsClients.Client client) {
        try {
            client.close();
        } catch (IOException e) {
            log.debug("Closing the Sheets transport failed", e);
        }
    }
}

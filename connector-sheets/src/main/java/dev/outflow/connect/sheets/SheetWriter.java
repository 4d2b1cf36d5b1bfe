package dev.outflow.connect.sheets;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.kafka.common.TopicPartition;

import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.services.sheets.v4.Sheets;
import com.google.api.services.sheets.v4.model.AddSheetRequest;
import com.google.api.services.sheets.v4.model.AppendCellsRequest;
import com.google.api.services.sheets.v4.model.AppendDimensionRequest;
import com.google.api.services.sheets.v4.model.BatchUpdateSpreadsheetRequest;
import com.google.api.services.sheets.v4.model.CellData;
import com.google.api.services.sheets.v4.model.DeleteDimensionRequest;
import com.google.api.services.sheets.v4.model.DimensionRange;
import com.google.api.services.sheets.v4.model.ExtendedValue;
import com.google.api.services.sheets.v4.model.GridCoordinate;
import com.google.api.services.sheets.v4.model.GridData;
import com.google.api.services.sheets.v4.model.GridProperties;
import com.google.api.services.sheets.v4.model.GridRange;
import com.google.api.services.sheets.v4.model.Request;
import com.google.api.services.sheets.v4.model.RowData;
import com.google.api.services.sheets.v4.model.Sheet;
import com.google.api.services.sheets.v4.model.SheetProperties;
import com.google.api.services.sheets.v4.model.Spreadsheet;
import com.google.api.services.sheets.v4.model.UpdateCellsRequest;

import dev.outflow.connect.core.api.AppReply;
import dev.outflow.connect.core.api.Cell;
import dev.outflow.connect.core.api.Row;
import dev.outflow.connect.core.api.WriteResult;
import dev.outflow.connect.sheets.CellEncoder.CellTooLongException;

/**
 * Turns one batch into one atomic {@code spreadsheets.batchUpdate}: the tab created if missing,
 * new columns added at the right of the header, rows appended ({@code AppendCells} against the
 * sheet id, never {@code values.append} and its table guessing) or updated in place by key,
 * tombstoned rows deleted, and the offsets recorded, all or nothing.
 */
final class SheetWriter {

    /** Google's limit of cells in a spreadsheet, all tabs, empty cells included. */
    static final long MAX_CELLS = 10_000_000L;

    private static final String CELL_FIELDS = "userEnteredValue,userEnteredFormat.numberFormat";
    private static final String GRID_FIELDS = "sheetId,title,gridProperties(rowCount,columnCount,frozenRowCount)";
    /**
     * A new tab: the header row, frozen, and one spare row. Google refuses a sheet whose rows are
     * all frozen ("You can't freeze all visible rows on the sheet."), and the first append fills
     * the spare row rather than adding one.
     */
    static final int NEW_TAB_ROWS = 2;
    /**
     * The most JSON one request carries: Google recommends at most 2 MB a request (its usage
     * limits page), measured here as the bytes the client serializes, before compression.
     */
    static final int MAX_REQUEST_BYTES = 2_000_000;

    private final Sheets sheets;
    private final SheetsConfig config;
    private final CellEncoder encoder;
    /** {@code sheets.columns}: the only fields written, or empty for every field. */
    private final Set<String> chosen;

    private final OffsetMetadata offsets;
    private final Fence fence;
    private final Clock clock;
    /** When the write of the current {@link #write} call went out (epoch ms), until it answered; -1 otherwise. */
    private long unansweredSinceMs = -1;

    private final RequestFit fit;
    /** Upsert: where each tab's keys were after its last write, to read the rows to update with the key columns. */
    private final RowLocations locations = new RowLocations();
    /** Upsert: where each tab's key columns were last found, so one read fetches the header and them together. */
    private final Map<String, List<Integer>> keyColumnsAt = new HashMap<>();
    /** Every tab's grid, for the cell budget and to know whether a tab exists; refreshed when a tab is missing. */
    private Map<String, SheetProperties> tabs;

    SheetWriter(Sheets sheets, SheetsConfig config, OffsetMetadata offsets, Fence fence, Clock clock) {
        this.sheets = sheets;
        this.clock = clock;
        this.config = config;
        this.encoder = new CellEncoder(config);
        this.chosen = Set.copyOf(config.columns());
        this.offsets = offsets;
        this.fence = fence;
        this.fit = new RequestFit(encoder, MAX_REQUEST_BYTES);
    }

    /**
     * Puts a new fence in place of this task's own, and with {@code revokeOthers} deletes every
     * other fence of the connector (see {@link Fence}): one read of the tabs, one write.
     */
    void claimFence(boolean revokeOthers) throws IOException {
        readTabs();
        Fence.Claim claim = fence.claim(tabs.values(), revokeOthers, newSheetId());
        sheets.spreadsheets()
                .batchUpdate(config.spreadsheetId(), new BatchUpdateSpreadsheetRequest().setRequests(claim.requests()))
                .execute();
        fence.claimed(claim);
        tabs.values().removeIf(properties -> claim.deleted().contains(properties.getSheetId()));
        tabs.put(claim.added().getTitle(), claim.added());
    }

    /** Forgets what it knew of the tabs: the next write reads them again. */
    void forgetTabs() {
        tabs = null;
    }

    /**
     * Forgets {@code title}, which has been idle. The grid snapshot covers every tab (for the cell
     * budget), so dropping one entry would undercount: it goes whole, and the next write reads it
     * again with one request. What the offsets know of the tab goes too.
     */
    void forget(String title) {
        tabs = null;
        keyColumnsAt.remove(title);
        locations.forget(title);
        fit.forget(title);
        offsets.forget(title);
    }

    /**
     * Writes the rows to the tab in one request of at most {@link #MAX_REQUEST_BYTES} of JSON, as
     * many of them as fit, first to last: how many is estimated before the request is built, so it
     * is usually built, serialized and measured once, and it is sent as measured. Answers how many
     * were handled and the indexes of the rows refused, with the reason. The rows after them wait
     * for the next write. Throws the client's exception when the request failed as a whole.
     */
    WriteResult write(String title, List<Row> rows) throws IOException {
        unansweredSinceMs = -1;
        if (!fence.held()) {
            claimFence(false);
        }
        RequestFit.Choice choice = fit.choose(title, rows);
        Tab tab = read(title, rows.subList(0, choice.count()));
        if (offsets.needsLookup(title)) {
            offsets.learn(title, OffsetMetadata.search(sheets, config.spreadsheetId()));
        }
        while (true) {
            int count = choice.count();
            Plan plan = plan(tab, title, rows.subList(0, count));
            if (plan.requests.isEmpty()) {
                return result(count, rows.size(), plan.refused).withReplies(plan.replies);
            }
            RequestBytes body = RequestBytes.of(
                    sheets.getJsonFactory(), new BatchUpdateSpreadsheetRequest().setRequests(plan.requests));
            if (body.length() <= MAX_REQUEST_BYTES) {
                send(body);
                fit.learn(title, choice, body.length());
                offsets.recorded(title);
                if (plan.locations != null) {
                    locations.remember(title, plan.locations, plan.columns);
                    // where the key columns are now, so that the next read fetches them with the rows it compares
                    List<Integer> keyColumns = config.keyColumns().stream()
                            .map(name -> plan.columns.getOrDefault(name, -1))
                            .toList();
                    if (!keyColumns.contains(-1)) {
                        keyColumnsAt.put(title, keyColumns);
                    }
                }
                if (!tab.exists()) {
                    tabs.put(
                            title,
                            new SheetProperties()
                                    .setSheetId(tab.sheetId)
                                    .setTitle(title)
                                    .setGridProperties(new GridProperties()
                                            .setRowCount(NEW_TAB_ROWS)
                                            .setColumnCount(plan.width)
                                            .setFrozenRowCount(1)));
                }
                return result(count, rows.size(), plan.refused).withReplies(plan.replies);
            }
            if (count == 1) {
                return WriteResult.firstRows(
                        1,
                        Map.of(
                                0,
                                "this row alone makes a request of " + body.length() + " bytes of JSON, above the "
                                        + MAX_REQUEST_BYTES
                                        + " sent in one request (Google's recommended maximum); send fewer or shorter fields"));
            }
            // rare: these rows are bigger than the tab's last ones; the measured size says how many fit
            choice = fit.fewer(title, rows, choice, body.length());
        }
    }

    /**
     * When the batchUpdate of the last {@link #write} went out and got no answer (epoch ms), or -1:
     * it was answered, or that call failed before sending one (a read), and no write can land late.
     */
    long unansweredSinceMs() {
        return unansweredSinceMs;
    }

    /** Sends a write; a refusal because this task's fence is gone becomes a {@link FencedWriteException}. */
    private void send(RequestBytes body) throws IOException {
        unansweredSinceMs = clock.millis();
        try {
            new SerializedBatchUpdate(sheets, config.spreadsheetId(), body).execute();
            unansweredSinceMs = -1;
        } catch (GoogleJsonResponseException e) {
            unansweredSinceMs = -1; // answered: Google is done with it
            if (e.getStatusCode() == 400
                    && e.getDetails() != null
                    && fence.revokedBy(e.getDetails().getMessage())) {
                throw new FencedWriteException();
            }
            throw e;
        }
    }

    private static WriteResult result(int handled, int total, Map<Integer, String> refused) {
        return handled == total ? WriteResult.rejecting(refused) : WriteResult.firstRows(handled, refused);
    }

    /**
     * What one request would do: its subrequests, the rows it refuses, what it will have done with each
     * row it writes (for its receipt), the tab's width and header columns after it, and in upsert mode
     * where its keys will be (else null).
     */
    private record Plan(
            List<Request> requests,
            Map<Integer, String> refused,
            Map<Integer, AppReply> replies,
            int width,
            Map<String, Integer> columns,
            Map<String, Integer> locations) {}

    /** The subrequests that write {@code rows} to the tab, their offsets included; sends nothing. */
    private Plan plan(Tab tab, String title, List<Row> rows) throws OffsetBudgetException {
        Map<Integer, String> refused = new HashMap<>();
        Map<String, Integer> columns = new LinkedHashMap<>(tab.columns());
        List<String> header = new ArrayList<>(tab.header);
        // chosen columns are all added at once, in their order, whichever fields the first records have
        for (String name : config.columns()) {
            if (!columns.containsKey(name)) {
                columns.put(name, header.size());
                header.add(name);
            }
        }
        List<List<CellData>> encoded = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).isDelete() && config.mode() == SheetsConfig.Mode.APPEND) {
                refused.put(i, "a tombstone cannot delete a row in append mode; use " + SheetsConfig.MODE + "=upsert");
                encoded.add(List.of());
                continue;
            }
            encoded.add(encode(rows.get(i), columns, header, refused, i));
        }
        int newColumns = header.size() - tab.header.size();
        int width = Math.max(header.size(), 1);

        List<Request> requests = new ArrayList<>();
        if (!tab.exists()) {
            requests.add(new Request()
                    .setAddSheet(new AddSheetRequest()
                            .setProperties(new SheetProperties()
                                    .setSheetId(tab.sheetId)
                                    .setTitle(title)
                                    .setGridProperties(new GridProperties()
                                            .setRowCount(NEW_TAB_ROWS)
                                            .setColumnCount(width)
                                            .setFrozenRowCount(1)))));
        } else if (width > tab.columnCount) {
            requests.add(new Request()
                    .setAppendDimension(new AppendDimensionRequest()
                            .setSheetId(tab.sheetId)
                            .setDimension("COLUMNS")
                            .setLength(width - tab.columnCount)));
        }
        if (newColumns > 0) {
            List<CellData> names = new ArrayList<>();
            for (String name : header.subList(tab.header.size(), header.size())) {
                names.add(new CellData().setUserEnteredValue(new ExtendedValue().setStringValue(name)));
            }
            requests.add(new Request()
                    .setUpdateCells(new UpdateCellsRequest()
                            .setStart(new GridCoordinate()
                                    .setSheetId(tab.sheetId)
                                    .setRowIndex(0)
                                    .setColumnIndex(tab.header.size()))
                            .setRows(List.of(new RowData().setValues(names)))
                            .setFields("userEnteredValue")));
        }

        long budget = MAX_CELLS - cellsInUse(tab, width);
        List<Integer> accepted = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (refused.containsKey(i)) {
                continue;
            }
            if (budget < width) {
                refused.put(
                        i,
                        "the spreadsheet would pass Google's limit of " + MAX_CELLS
                                + " cells (all tabs, empty cells included); "
                                + "archive or delete rows or tabs, or write to another spreadsheet");
                continue;
            }
            budget -= width;
            accepted.add(i);
        }
        Map<String, Integer> located = null;
        Map<Integer, AppReply> replies = new HashMap<>();
        if (config.mode() == SheetsConfig.Mode.UPSERT) {
            located = upsert(tab, width, rows, encoded, accepted, refused, requests, replies);
        } else {
            appendRows(tab, width, accepted.stream().map(encoded::get).toList(), requests);
            accepted.forEach(i -> replies.put(i, tabReply(title)));
        }

        Map<TopicPartition, Long> lastWritten = new HashMap<>();
        for (int i : accepted) {
            if (!refused.containsKey(i)) {
                lastWritten.merge(rows.get(i).topicPartition(), rows.get(i).offset(), Math::max);
            }
        }
        if (!lastWritten.isEmpty()) {
            requests.addAll(offsets.record(title, tab.sheetId, lastWritten));
        }
        if (!requests.isEmpty()) {
            requests.add(0, fence.check());
        }
        return new Plan(requests, refused, replies, width, columns, located);
    }

    /**
     * A row appended, or deleted by its tombstone: the tab, and no row number. AppendCells answers
     * nothing in the batchUpdate's replies, and puts the rows after the last row with data when Google
     * applies it (people may have typed rows below the connector's since it read the tab).
     */
    private AppReply tabReply(String title) {
        return AppReply.of("spreadsheet", config.spreadsheetId(), "tab", title);
    }

    /** A row updated in place (or found unchanged): the sheet row number, 1-based, where it is once the request is applied. */
    private AppReply rowReply(String title, int rowNumber) {
        return AppReply.of("spreadsheet", config.spreadsheetId(), "tab", title, "row", Integer.toString(rowNumber));
    }

    /**
     * A row's cells by column, null where the record writes nothing (a list rather than a map: this
     * runs for every cell of every row); new fields get new columns (or are ignored, or refuse the row).
     */
    private List<CellData> encode(
            Row row, Map<String, Integer> columns, List<String> header, Map<Integer, String> refused, int index) {
        List<CellData> cells = new ArrayList<>(header.size());
        for (int f = 0; f < row.size(); f++) {
            String name = row.name(f);
            if (!chosen.isEmpty() && !chosen.contains(name)) {
                continue;
            }
            Integer column = columns.get(name);
            if (column == null) {
                switch (config.newFields()) {
                    case IGNORE -> {
                        continue;
                    }
                    case FAIL -> {
                        refused.put(
                                index,
                                "field '" + name + "' has no column in the tab (" + SheetsConfig.NEW_FIELDS + "=fail)");
                        return cells;
                    }
                    case ADD -> {
                        column = header.size();
                        header.add(name);
                        columns.put(name, column);
                    }
                }
            }
            try {
                CellData cell = encoder.encode(name, row.cell(f));
                while (cells.size() <= column) {
                    cells.add(null);
                }
                cells.set(column, cell);
            } catch (CellTooLongException e) {
                refused.put(index, e.getMessage());
                return cells;
            }
        }
        return cells;
    }

    private void appendRows(Tab tab, int width, List<List<CellData>> cells, List<Request> requests) {
        if (cells.isEmpty()) {
            return;
        }
        List<RowData> rows = new ArrayList<>(cells.size());
        CellData empty = new CellData(); // only serialized, never changed: one for every blank cell of the request
        for (List<CellData> row : cells) {
            List<CellData> values = new ArrayList<>(width);
            for (int c = 0; c < width; c++) {
                CellData cell = c < row.size() ? row.get(c) : null;
                values.add(cell == null ? empty : cell);
            }
            rows.add(new RowData().setValues(values));
        }
        requests.add(new Request()
                .setAppendCells(new AppendCellsRequest()
                        .setSheetId(tab.sheetId)
                        .setRows(rows)
                        .setFields(CELL_FIELDS)));
    }

    /**
     * Updates rows whose key matches in place (only the columns this row has: people's own columns
     * stay untouched) unless the row already holds those values, deletes the rows of tombstones,
     * appends the rest. When a key appears twice in a batch, the later record wins, and every record of
     * the key gets its reply. Answers where the keys will be once this is applied.
     */
    private Map<String, Integer> upsert(
            Tab tab,
            int width,
            List<Row> rows,
            List<List<CellData>> encoded,
            List<Integer> accepted,
            Map<Integer, String> refused,
            List<Request> requests,
            Map<Integer, AppReply> replies) {
        List<String> keyColumns = config.keyColumns();
        Map<String, Integer> existing = new HashMap<>();
        List<Integer> keyIndexes = keyColumns.stream()
                .map(name -> tab.columns().getOrDefault(name, -1))
                .toList();
        if (keyIndexes.stream().allMatch(i -> i >= 0)) {
            for (int r = 0; r < tab.rows.size(); r++) {
                List<String> row = tab.rows.get(r);
                StringBuilder key = new StringBuilder();
                for (int k : keyIndexes) {
                    key.append(k < row.size() ? row.get(k) : "").append('\u0000');
                }
                existing.putIfAbsent(key.toString(), r + 1); // row 0 is the header
            }
        }
        Map<String, Integer> latest = new LinkedHashMap<>();
        Map<Integer, String> keyByRow = new HashMap<>();
        for (int i : accepted) {
            Row row = rows.get(i);
            String key = keyOf(row);
            if (key == null) {
                String missing = keyColumns.stream()
                        .filter(name -> row.get(name).isNull())
                        .findFirst()
                        .orElseThrow();
                refused.put(i, "key column '" + missing + "' is empty in this record; upsert needs every key column");
                continue;
            }
            latest.remove(key);
            latest.put(key, i);
            keyByRow.put(i, key);
        }
        TreeSet<Integer> deletions = new TreeSet<>();
        List<List<CellData>> appends = new ArrayList<>();
        List<String> appendedKeys = new ArrayList<>();
        latest.forEach((key, i) -> {
            Integer rowIndex = existing.get(key);
            if (rows.get(i).isDelete()) {
                if (rowIndex != null) {
                    deletions.add(rowIndex);
                }
            } else if (rowIndex == null) {
                appends.add(encoded.get(i));
                appendedKeys.add(key);
            } else if (!tab.stored.unchanged(rowIndex, encoded.get(i))) {
                updateInPlace(tab.sheetId, rowIndex, encoded.get(i), requests);
            }
            // an unchanged row is not written; its record counts as written, so its offset is recorded
        });
        Integer kept = rowToKeep(tab, deletions);
        if (kept != null) {
            deletions.remove(kept);
            requests.add(new Request()
                    .setUpdateCells(new UpdateCellsRequest()
                            .setRange(new GridRange()
                                    .setSheetId(tab.sheetId)
                                    .setStartRowIndex(kept)
                                    .setEndRowIndex(kept + 1))
                            .setFields(CELL_FIELDS)));
        }
        // bottom up, so each index still names the row it was read as
        for (int rowIndex : deletions.descendingSet()) {
            requests.add(new Request()
                    .setDeleteDimension(new DeleteDimensionRequest()
                            .setRange(new DimensionRange()
                                    .setSheetId(tab.sheetId)
                                    .setDimension("ROWS")
                                    .setStartIndex(rowIndex)
                                    .setEndIndex(rowIndex + 1))));
        }
        appendRows(tab, width, appends, requests);
        keyByRow.forEach((i, key) -> {
            Integer rowIndex = existing.get(key);
            boolean inPlace = rowIndex != null && !rows.get(latest.get(key)).isDelete();
            // the request's own deletions run after the updates: each one above the row moves it up one
            replies.put(
                    i,
                    inPlace
                            ? rowReply(
                                    tab.title,
                                    rowIndex + 1 - deletions.headSet(rowIndex).size())
                            : tabReply(tab.title));
        });
        return RowLocations.afterWrite(existing, deletions, kept, appendedKeys, tab.rows.size());
    }

    /**
     * The row to clear rather than delete when the deletions would leave no unfrozen row, which
     * Google refuses ("Sorry, it is not possible to delete all non-frozen rows.") for the whole
     * batch: the topmost unfrozen one, left empty, so the next append writes into it. Null when
     * deleting them all leaves an unfrozen row.
     */
    static Integer rowToKeep(Tab tab, TreeSet<Integer> deletions) {
        if (tab.frozenRows == 0) {
            return null; // the header row stays, so the sheet keeps a row: Google's only rule then
        }
        Integer topmost = deletions.ceiling(tab.frozenRows);
        if (topmost == null) {
            return null;
        }
        long unfrozenDeleted = deletions.tailSet(tab.frozenRows).size();
        return unfrozenDeleted >= tab.rowCount - tab.frozenRows ? topmost : null;
    }

    /** One UpdateCells per run of adjacent columns, so columns between them (people's own) are not touched. */
    private static void updateInPlace(int sheetId, int rowIndex, List<CellData> cells, List<Request> requests) {
        int start = 0;
        while (start < cells.size()) {
            if (cells.get(start) == null) {
                start++;
                continue;
            }
            int end = start;
            while (end < cells.size() && cells.get(end) != null) {
                end++;
            }
            requests.add(new Request()
                    .setUpdateCells(new UpdateCellsRequest()
                            .setStart(new GridCoordinate()
                                    .setSheetId(sheetId)
                                    .setRowIndex(rowIndex)
                                    .setColumnIndex(start))
                            .setRows(List.of(new RowData().setValues(new ArrayList<>(cells.subList(start, end)))))
                            .setFields(CELL_FIELDS)));
            start = end;
        }
    }

    /** Cells the spreadsheet uses now, counting the target tab as it will be after the new columns. */
    private long cellsInUse(Tab tab, int width) {
        long cells = 0;
        for (SheetProperties properties : tabs.values()) {
            if (!properties.getTitle().equals(tab.title)) {
                GridProperties grid = properties.getGridProperties();
                cells += (long) grid.getRowCount() * grid.getColumnCount();
            }
        }
        int rowCount = tab.exists() ? tab.rowCount : NEW_TAB_ROWS;
        return cells + (long) rowCount * Math.max(width, tab.columnCount);
    }

    /**
     * Reads the tab: its grid and header, and in upsert mode its key columns and the rows the
     * batch is expected to update (where the last write left their keys, across the columns the
     * batch writes), never the rest: what locating rows and skipping unchanged ones need. One read
     * request, with the key columns where the last write found them; a second one, without rows
     * to compare, when a person has moved the key columns since.
     */
    private Tab read(String title, List<Row> batch) throws IOException {
        if (tabs == null || !tabs.containsKey(title)) {
            readTabs();
        }
        SheetProperties known = tabs.get(title);
        if (known == null) {
            return Tab.absent(newSheetId(), title);
        }
        boolean upsert = config.mode() == SheetsConfig.Mode.UPSERT;
        List<Integer> guess = upsert ? keyColumnsAt.getOrDefault(title, List.of()) : List.of();
        RowLocations.Selection compare =
                upsert ? locations.select(title, keys(batch), fields(batch)) : RowLocations.Selection.NONE;
        List<String> ranges = new ArrayList<>();
        ranges.add(Tab.headerRange(title));
        guess.forEach(column -> ranges.add(Tab.columnRange(title, column)));
        compare.rows()
                .forEach(run ->
                        ranges.add(Tab.cellsRange(title, run[0], run[1], compare.firstColumn(), compare.endColumn())));
        Sheet sheet;
        try {
            sheet = get(ranges, !compare.isEmpty());
        } catch (GoogleJsonResponseException e) {
            if ((guess.isEmpty() && compare.isEmpty()) || e.getStatusCode() != 400) {
                throw e;
            }
            // a person shrank the grid past where the key columns or the rows were: read the header alone, then find
            // them
            keyColumnsAt.remove(title);
            locations.forget(title);
            return read(title, batch);
        }
        tabs.put(title, sheet.getProperties());
        List<GridData> data = sheet.getData() == null ? List.of() : sheet.getData();
        List<String> header = data.isEmpty() ? List.of() : rowText(data.get(0), 0);
        while (!header.isEmpty() && header.get(header.size() - 1).isBlank()) {
            header = header.subList(0, header.size() - 1);
        }
        List<List<String>> rows = new ArrayList<>();
        StoredRows stored = StoredRows.NONE;
        if (upsert) {
            Map<String, Integer> columns = Tab.columns(header);
            List<Integer> actual = config.keyColumns().stream()
                    .map(name -> columns.getOrDefault(name, -1))
                    .toList();
            if (actual.contains(-1)) {
                keyColumnsAt.remove(title); // a key column not in the header yet: no row can match
            } else {
                int keysEnd = Math.min(1 + guess.size(), data.size());
                List<GridData> keyData = data.subList(Math.min(1, data.size()), keysEnd);
                if (actual.equals(guess)) {
                    stored = StoredRows.of(compare, data.subList(keysEnd, data.size()));
                } else {
                    // the rows read with the old key columns are of another moment than the key columns read now:
                    // compare none
                    keyData = get(
                                    actual.stream()
                                            .map(column -> Tab.columnRange(title, column))
                                            .toList(),
                                    false)
                            .getData();
                    keyColumnsAt.put(title, actual);
                }
                rows = keyRows(keyData);
            }
        }
        GridProperties grid = sheet.getProperties().getGridProperties();
        int frozenRows = grid.getFrozenRowCount() == null ? 0 : grid.getFrozenRowCount();
        return new Tab(
                sheet.getProperties().getSheetId(),
                title,
                grid.getRowCount(),
                grid.getColumnCount(),
                frozenRows,
                List.copyOf(header),
                rows,
                stored);
    }

    /**
     * The ranges of one tab. Keys are matched by effective value; rows compared with a record need
     * what a write sets, the entered value and number format, asked only when there are such rows
     * (the mask covers every range of the request, the key columns too).
     */
    private Sheet get(List<String> ranges, boolean compared) throws IOException {
        String values = compared
                ? "formattedValue,effectiveValue,userEnteredValue,userEnteredFormat(numberFormat)"
                : "formattedValue,effectiveValue";
        Spreadsheet spreadsheet = sheets.spreadsheets()
                .get(config.spreadsheetId())
                .setRanges(ranges)
                .setFields("sheets(properties(" + GRID_FIELDS + "),data(startRow,startColumn,rowData(values(" + values
                        + "))))")
                .execute();
        return spreadsheet.getSheets().get(0);
    }

    /** The key text of each row of the batch that writes (not a tombstone) and has every key cell. */
    private List<String> keys(List<Row> batch) {
        List<String> keys = new ArrayList<>();
        for (Row row : batch) {
            if (!row.isDelete()) {
                String key = keyOf(row);
                if (key != null) {
                    keys.add(key);
                }
            }
        }
        return keys;
    }

    /** The names of the fields the batch writes. */
    private Set<String> fields(List<Row> batch) {
        Set<String> names = new HashSet<>();
        for (Row row : batch) {
            for (int f = 0; f < row.size(); f++) {
                if (chosen.isEmpty() || chosen.contains(row.name(f))) {
                    names.add(row.name(f));
                }
            }
        }
        return names;
    }

    /** A record's key as {@link #upsert} matches it: the key text of each key column, each ended by NUL; null when one is empty. */
    private String keyOf(Row row) {
        StringBuilder key = new StringBuilder();
        for (String name : config.keyColumns()) {
            Cell cell = row.get(name);
            if (cell.isNull()) {
                return null;
            }
            key.append(CellEncoder.keyText(cell)).append('\u0000');
        }
        return key.toString();
    }

    /** The cells of one row of a range, as key text, from the range's first column. */
    private static List<String> rowText(GridData data, int index) {
        List<String> cells = new ArrayList<>();
        if (data.getRowData() != null
                && index < data.getRowData().size()
                && data.getRowData().get(index).getValues() != null) {
            data.getRowData().get(index).getValues().forEach(cell -> cells.add(text(cell)));
        }
        return cells;
    }

    /**
     * The data rows (below the header) with only their key cells filled in, from whole-column
     * ranges: each range starts at the header row, and is placed at its own column.
     */
    private static List<List<String>> keyRows(List<GridData> keyData) {
        List<List<String>> rows = new ArrayList<>();
        for (GridData column : keyData == null ? List.<GridData>of() : keyData) {
            int at = column.getStartColumn() == null ? 0 : column.getStartColumn();
            int firstRow = column.getStartRow() == null ? 0 : column.getStartRow();
            List<RowData> cells = column.getRowData() == null ? List.of() : column.getRowData();
            for (int i = 0; i < cells.size(); i++) {
                int dataRow = firstRow + i - 1; // row 0 is the header
                if (dataRow < 0) {
                    continue;
                }
                while (rows.size() <= dataRow) {
                    rows.add(new ArrayList<>());
                }
                List<String> row = rows.get(dataRow);
                while (row.size() <= at) {
                    row.add("");
                }
                List<CellData> values = cells.get(i).getValues();
                row.set(at, values == null || values.isEmpty() ? "" : text(values.get(0)));
            }
        }
        return rows;
    }

    /** A cell as key text: what {@link CellEncoder#keyText} gives for the same value. */
    private static String text(CellData cell) {
        ExtendedValue value = cell.getEffectiveValue();
        if (value == null) {
            return cell.getFormattedValue() == null ? "" : cell.getFormattedValue();
        }
        if (value.getNumberValue() != null) {
            return CellEncoder.normalizeNumber(String.valueOf(value.getNumberValue()));
        }
        if (value.getBoolValue() != null) {
            return value.getBoolValue().toString();
        }
        if (value.getStringValue() != null) {
            return value.getStringValue();
        }
        return cell.getFormattedValue() == null ? "" : cell.getFormattedValue();
    }

    private void readTabs() throws IOException {
        Spreadsheet spreadsheet = sheets.spreadsheets()
                .get(config.spreadsheetId())
                .setFields("sheets(properties(" + GRID_FIELDS + "))")
                .execute();
        Map<String, SheetProperties> byTitle = new HashMap<>();
        if (spreadsheet.getSheets() != null) {
            spreadsheet
                    .getSheets()
                    .forEach(sheet -> byTitle.put(sheet.getProperties().getTitle(), sheet.getProperties()));
        }
        tabs = byTitle;
    }

    private int newSheetId() {
        Set<Integer> used = new HashSet<>();
        tabs.values().forEach(properties -> used.add(properties.getSheetId()));
        int id;
        do {
            id = ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE);
        } while (used.contains(id));
        return id;
    }
}

package dev.outflow.connect.sheets;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.TopicPartition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.services.sheets.v4.Sheets;
import com.google.api.services.sheets.v4.model.CreateDeveloperMetadataRequest;
import com.google.api.services.sheets.v4.model.DataFilter;
import com.google.api.services.sheets.v4.model.DeleteDeveloperMetadataRequest;
import com.google.api.services.sheets.v4.model.DeveloperMetadata;
import com.google.api.services.sheets.v4.model.DeveloperMetadataLocation;
import com.google.api.services.sheets.v4.model.DeveloperMetadataLookup;
import com.google.api.services.sheets.v4.model.Request;
import com.google.api.services.sheets.v4.model.SearchDeveloperMetadataRequest;
import com.google.api.services.sheets.v4.model.SearchDeveloperMetadataResponse;
import com.google.api.services.sheets.v4.model.UpdateDeveloperMetadataRequest;

import dev.outflow.connect.core.api.StoredOffsets;

/**
 * The offsets the connector keeps inside the spreadsheet (DESIGN.md 3.6), updated in the same
 * atomic {@code batchUpdate} as the rows, so the sheet and its offsets can never disagree.
 *
 * <p>Each task keeps one {@link OffsetEntry} per tab, at the tab's sheet location: Google gives
 * each sheet its own 30,000 characters of developer metadata, and a compact entry holds about
 * 2,000 partitions in them. Reading takes, per partition, the highest offset of the connector's
 * entries (a partition that moved between tasks can be in two). Entries are maintained: a task
 * drops from its entry the partitions another entry has advanced, task 0 takes over the entries of
 * task numbers that no longer exist, and the entries of the format before (one per partition, at
 * the spreadsheet location, key {@code outflow.offset}) are read and deleted as their partitions
 * are written again.
 */
final class OffsetMetadata {

    /** The key of the entries of the format before: one per connector, tab and partition. */
    static final String LEGACY_KEY = "outflow.offset";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String connector;
    private final int task;
    private final int taskCount;
    /** What is known of each tab; a tab absent is unknown, unless {@link #allKnown}. */
    private final Map<String, TabState> tabs = new HashMap<>();
    /** Set by a full read: a tab absent from {@link #tabs} has no entry of this connector. */
    private boolean allKnown;
    /** What {@link #record} asked for, and for which tab, kept once the write succeeded ({@link #recorded}). */
    private TabState pending;

    private String pendingTab;

    /** This task's view of one tab's entries. */
    private static final class TabState {
        /** This task's entry exists: update it rather than create it (a create with an id in use fails the write). */
        boolean exists;
        /** What this task's entry holds. */
        final Map<TopicPartition, Long> mine = new HashMap<>();
        /** Entries of the format before, of this connector in this tab, by partition. */
        final Map<TopicPartition, Integer> legacy = new HashMap<>();
        /** Entries of task numbers that no longer exist, merged into {@link #mine} to delete with the next write. */
        final Set<Integer> adopted = new HashSet<>();
        /** Characters the other entries found in this tab (every connector's) spend of its budget. */
        int othersChars;

        TabState copy() {
            TabState copy = new TabState();
            copy.exists = exists;
            copy.mine.putAll(mine);
            copy.legacy.putAll(legacy);
            copy.adopted.addAll(adopted);
            copy.othersChars = othersChars;
            return copy;
        }
    }

    OffsetMetadata(String connector, int task, int taskCount) {
        this.connector = connector;
        this.task = task;
        this.taskCount = taskCount;
    }

    /** Every offset entry in the spreadsheet (of every connector, in both formats): one read request. */
    static List<DeveloperMetadata> search(Sheets sheets, String spreadsheetId) throws IOException {
        List<DataFilter> filters = List.of(
                new DataFilter()
                        .setDeveloperMetadataLookup(new DeveloperMetadataLookup().setMetadataKey(OffsetEntry.KEY)),
                new DataFilter().setDeveloperMetadataLookup(new DeveloperMetadataLookup().setMetadataKey(LEGACY_KEY)));
        SearchDeveloperMetadataResponse response = sheets.spreadsheets()
                .developerMetadata()
                .search(spreadsheetId, new SearchDeveloperMetadataRequest().setDataFilters(filters))
                .execute();
        List<DeveloperMetadata> found = new ArrayList<>();
        if (response.getMatchedDeveloperMetadata() != null) {
            response.getMatchedDeveloperMetadata().forEach(matched -> found.add(matched.getDeveloperMetadata()));
        }
        return found;
    }

    /** Reads the entries found by a search: this connector's offsets for the given partitions, tab by tab. */
    StoredOffsets read(List<DeveloperMetadata> found, Collection<TopicPartition> partitions) {
        Map<String, Map<TopicPartition, Long>> highest = highest(found);
        tabs.clear();
        highest.keySet().forEach(tab -> tabs.put(tab, state(tab, found, highest.get(tab))));
        allKnown = true;
        Map<String, Map<TopicPartition, Long>> byTab = new HashMap<>();
        highest.forEach((tab, offsets) -> offsets.forEach((tp, offset) -> {
            if (partitions.contains(tp)) {
                byTab.computeIfAbsent(tab, t -> new HashMap<>()).put(tp, offset);
            }
        }));
        // a tab is named after the topic at most, so all records of a partition go to one tab
        return new StoredOffsets(byTab, true);
    }

    /** True when what {@code tab} holds is unknown: {@link #learn} it before {@link #record}. */
    boolean needsLookup(String tab) {
        return !allKnown && !tabs.containsKey(tab);
    }

    /** Takes note of the entries a search found for {@code tab}. */
    void learn(String tab, List<DeveloperMetadata> found) {
        tabs.put(tab, state(tab, found, highest(found).getOrDefault(tab, Map.of())));
    }

    /** Drops what it knows of {@code tab}; the next write to it looks its entries up again. */
    void forget(String tab) {
        tabs.remove(tab);
        allKnown = false;
    }

    /**
     * The subrequests that record {@code written} (partition -> last offset written in this batch)
     * in this task's entry of {@code tab}, at the sheet {@code sheetId}, and delete the entries it
     * replaces. Throws when the entry would not fit the sheet's budget: the write would fail whole.
     */
    List<Request> record(String tab, int sheetId, Map<TopicPartition, Long> written) throws OffsetBudgetException {
        TabState next = tabs.containsKey(tab) ? tabs.get(tab).copy() : new TabState();
        next.mine.putAll(written);
        OffsetEntry entry = new OffsetEntry(connector, tab, task, next.mine);
        String value = entry.encode();
        int needed = OffsetEntry.KEY.length() + value.length() + next.othersChars;
        if (needed > OffsetEntry.SHEET_BUDGET) {
            throw new OffsetBudgetException("the offsets of " + next.mine.size() + " partitions in tab '" + tab
                    + "' need " + needed
                    + " characters of developer metadata, above Google's " + OffsetEntry.SHEET_BUDGET
                    + " per sheet; write fewer"
                    + " partitions to one tab (for example " + SheetsConfig.TAB + "=${topic}) or lower tasks.max");
        }
        List<Request> requests = new ArrayList<>();
        int id = id(tab);
        if (next.exists) {
            requests.add(new Request()
                    .setUpdateDeveloperMetadata(new UpdateDeveloperMetadataRequest()
                            .setDataFilters(List.of(byId(id)))
                            .setDeveloperMetadata(new DeveloperMetadata().setMetadataValue(value))
                            .setFields("metadataValue")));
        } else {
            requests.add(new Request()
                    .setCreateDeveloperMetadata(new CreateDeveloperMetadataRequest()
                            .setDeveloperMetadata(new DeveloperMetadata()
                                    .setMetadataId(id)
                                    .setMetadataKey(OffsetEntry.KEY)
                                    .setMetadataValue(value)
                                    .setVisibility("DOCUMENT")
                                    .setLocation(new DeveloperMetadataLocation().setSheetId(sheetId)))));
            next.exists = true;
        }
        // only entries this task saw and owns the partition of: two tasks never delete the same one
        for (TopicPartition tp : written.keySet()) {
            Integer legacy = next.legacy.remove(tp);
            if (legacy != null) {
                requests.add(delete(legacy));
            }
        }
        next.adopted.forEach(adopted -> requests.add(delete(adopted)));
        next.adopted.clear();
        pending = next;
        pendingTab = tab;
        return requests;
    }

    /** The write that carried {@link #record}'s subrequests succeeded: the entries are as it asked. */
    void recorded(String tab) {
        if (pending != null && tab.equals(pendingTab)) {
            tabs.put(tab, pending);
        }
        pending = null;
        pendingTab = null;
    }

    /**
     * The subrequests that make this connector's entries agree with offsets set through Connect's
     * offsets REST API: for a null offset the partition goes from every entry (in every tab); for
     * {@code n}, an offset at or past {@code n} is set back to {@code n - 1}, or goes when {@code n}
     * is 0. Offsets below {@code n} stay. Applying them twice changes nothing more.
     */
    List<Request> alter(List<DeveloperMetadata> found, Map<TopicPartition, Long> offsets) {
        List<Request> requests = new ArrayList<>();
        for (DeveloperMetadata metadata : found) {
            Legacy legacy = Legacy.decode(metadata.getMetadataValue());
            if (legacy != null) {
                if (connector.equals(legacy.connector) && offsets.containsKey(legacy.tp)) {
                    Long next = offsets.get(legacy.tp);
                    if (next == null || next == 0) {
                        requests.add(delete(metadata.getMetadataId()));
                    } else if (legacy.offset >= next) {
                        requests.add(update(metadata.getMetadataId(), legacy.withOffset(next - 1)));
                    }
                }
                continue;
            }
            OffsetEntry entry = OffsetEntry.decode(metadata.getMetadataValue());
            if (entry == null || !connector.equals(entry.connector())) {
                continue;
            }
            Map<TopicPartition, Long> changed = new HashMap<>(entry.offsets());
            offsets.forEach((tp, next) -> {
                Long stored = changed.get(tp);
                if (stored == null) {
                    return;
                }
                if (next == null || next == 0) {
                    changed.remove(tp);
                } else if (stored >= next) {
                    changed.put(tp, next - 1);
                }
            });
            if (changed.equals(entry.offsets())) {
                continue;
            }
            requests.add(
                    changed.isEmpty()
                            ? delete(metadata.getMetadataId())
                            : update(
                                    metadata.getMetadataId(),
                                    new OffsetEntry(entry.connector(), entry.tab(), entry.task(), changed).encode()));
        }
        return requests;
    }

    /** A positive id from the connector, tab and task; stable across restarts and workers. */
    int id(String tab) {
        int hash = ("v2\u0000" + connector + '\u0000' + tab + '\u0000' + task).hashCode();
        return (hash & 0x7fffffff) == 0 ? 1 : hash & 0x7fffffff;
    }

    /** Per tab, the highest offset of each partition among this connector's entries, both formats. */
    private Map<String, Map<TopicPartition, Long>> highest(List<DeveloperMetadata> found) {
        Map<String, Map<TopicPartition, Long>> highest = new HashMap<>();
        for (DeveloperMetadata metadata : found) {
            OffsetEntry entry = OffsetEntry.decode(metadata.getMetadataValue());
            if (entry != null && connector.equals(entry.connector())) {
                entry.offsets()
                        .forEach((tp, offset) -> highest.computeIfAbsent(entry.tab(), t -> new HashMap<>())
                                .merge(tp, offset, Math::max));
                continue;
            }
            Legacy legacy = Legacy.decode(metadata.getMetadataValue());
            if (legacy != null && connector.equals(legacy.connector)) {
                highest.computeIfAbsent(legacy.tab, t -> new HashMap<>()).merge(legacy.tp, legacy.offset, Math::max);
            }
        }
        return highest;
    }

    /** This task's view of {@code tab}, from every entry found and the highest offset of each partition. */
    private TabState state(String tab, List<DeveloperMetadata> found, Map<TopicPartition, Long> highest) {
        TabState state = new TabState();
        for (DeveloperMetadata metadata : found) {
            OffsetEntry entry = OffsetEntry.decode(metadata.getMetadataValue());
            if (entry != null && tab.equals(entry.tab())) {
                boolean own = connector.equals(entry.connector()) && entry.task() == task;
                boolean orphan = connector.equals(entry.connector()) && task == 0 && entry.task() >= taskCount;
                if (own) {
                    state.exists = true;
                    state.mine.putAll(entry.offsets());
                } else if (orphan) {
                    entry.offsets().forEach((tp, offset) -> state.mine.merge(tp, offset, Math::max));
                    state.adopted.add(metadata.getMetadataId());
                } else {
                    state.othersChars += entry.size();
                }
                continue;
            }
            Legacy legacy = Legacy.decode(metadata.getMetadataValue());
            if (legacy != null && connector.equals(legacy.connector) && tab.equals(legacy.tab)) {
                state.legacy.put(legacy.tp, metadata.getMetadataId());
                // carried into this task's entry only when the partition is written again
            }
        }
        // a partition another entry has advanced moved to another task: this entry's offset is stale
        state.mine.entrySet().removeIf(e -> highest.getOrDefault(e.getKey(), e.getValue()) > e.getValue());
        return state;
    }

    private static DataFilter byId(int id) {
        return new DataFilter().setDeveloperMetadataLookup(new DeveloperMetadataLookup().setMetadataId(id));
    }

    private static Request delete(int id) {
        return new Request().setDeleteDeveloperMetadata(new DeleteDeveloperMetadataRequest().setDataFilter(byId(id)));
    }

    private static Request update(int id, String value) {
        return new Request()
                .setUpdateDeveloperMetadata(new UpdateDeveloperMetadataRequest()
                        .setDataFilters(List.of(byId(id)))
                        .setDeveloperMetadata(new DeveloperMetadata().setMetadataValue(value))
                        .setFields("metadataValue"));
    }

    /** An entry of the format before: {@code {"connector","tab","topic","partition","offset"}}, read and altered, never written. */
    private record Legacy(String connector, String tab, TopicPartition tp, long offset) {

        static Legacy decode(String text) {
            try {
                JsonNode value = text == null ? null : JSON.readTree(text);
                if (value == null
                        || !value.path("connector").isTextual()
                        || !value.path("topic").isTextual()) {
                    return null;
                }
                return new Legacy(
                        value.get("connector").asText(),
                        value.path("tab").asText(),
                        new TopicPartition(
                                value.get("topic").asText(),
                                value.path("partition").asInt()),
                        value.path("offset").asLong());
            } catch (IOException e) {
                return null;
            }
        }

        String withOffset(long offset) {
            return JSON.createObjectNode()
                    .put("connector", connector)
                    .put("tab", tab)
                    .put("topic", tp.topic())
                    .put("partition", tp.partition())
                    .put("offset", offset)
                    .toString();
        }
    }
}

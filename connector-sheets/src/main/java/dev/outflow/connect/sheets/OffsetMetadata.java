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
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * The offsets the connector keeps inside the spreadsheet (DESIGN.md 3.6): one developer metadata
 * entry per connector, tab and topic-partition, updated in the same atomic {@code batchUpdate} as
 * the rows, so the sheet and its offsets can never disagree. Its id is derived from what it
 * describes, so the entry is found and updated without a lookup.
 */
final class OffsetMetadata {

    static final String KEY = "outflow.offset";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String connector;
    /**
     * Tab -> the partitions that have an entry there: update those rather than create them (a
     * create with an id in use fails the whole write). A tab that is absent is unknown, unless
     * {@link #allKnown}; forgetting a tab makes it unknown, so this stays as small as the tabs in use.
     */
    private final Map<String, Set<TopicPartition>> existing = new HashMap<>();
    /** Set by a full read: a tab absent from {@link #existing} has no entry of this connector. */
    private boolean allKnown;

    OffsetMetadata(String connector) {
        this.connector = connector;
    }

    /** The filter that finds every offset entry (of every connector) in a search. */
    static DataFilter searchFilter() {
        return new DataFilter().setDeveloperMetadataLookup(new DeveloperMetadataLookup().setMetadataKey(KEY));
    }

    /** Every offset entry in the spreadsheet (of every connector): one read request. */
    static List<DeveloperMetadata> search(Sheets sheets, String spreadsheetId) throws IOException {
        SearchDeveloperMetadataResponse response = sheets.spreadsheets().developerMetadata()
                .search(spreadsheetId, new SearchDeveloperMetadataRequest().setDataFilters(List.of(searchFilter())))
                .execute();
        List<DeveloperMetadata> found = new ArrayList<>();
        if (response.getMatchedDeveloperMetadata() != null) {
            response.getMatchedDeveloperMetadata().forEach(matched -> found.add(matched.getDeveloperMetadata()));
        }
        return found;
    }

    /**
     * The subrequests that make this connector's entries agree with offsets set through Connect's
     * offsets REST API: for a null offset every entry of the partition (in every tab) goes; for
     * {@code n}, an entry that counts {@code n} or later as written is set back to {@code n - 1}, or
     * goes when {@code n} is 0. Entries below {@code n} stay. Applying them twice changes nothing more.
     */
    List<Request> alter(List<DeveloperMetadata> found, Map<TopicPartition, Long> offsets) {
        List<Request> requests = new ArrayList<>();
        for (DeveloperMetadata metadata : found) {
            JsonNode value = parse(metadata.getMetadataValue());
            if (value == null || !connector.equals(value.path("connector").asText())) {
                continue;
            }
            TopicPartition tp = new TopicPartition(value.path("topic").asText(), value.path("partition").asInt());
            if (!offsets.containsKey(tp)) {
                continue;
            }
            Long next = offsets.get(tp);
            DataFilter byId = new DataFilter().setDeveloperMetadataLookup(new DeveloperMetadataLookup().setMetadataId(metadata.getMetadataId()));
            if (next == null || next == 0) {
                requests.add(new Request().setDeleteDeveloperMetadata(new DeleteDeveloperMetadataRequest().setDataFilter(byId)));
            } else if (value.path("offset").asLong() >= next) {
                requests.add(new Request().setUpdateDeveloperMetadata(new UpdateDeveloperMetadataRequest()
                        .setDataFilters(List.of(byId))
                        .setDeveloperMetadata(new DeveloperMetadata().setMetadataValue(value(value.path("tab").asText(), tp, next - 1)))
                        .setFields("metadataValue")));
            }
        }
        return requests;
    }

    /** Reads the entries found by a search: this connector's offsets for the given partitions, tab by tab. */
    StoredOffsets read(List<DeveloperMetadata> found, Collection<TopicPartition> partitions) {
        Map<String, Map<TopicPartition, Long>> byTab = new HashMap<>();
        for (DeveloperMetadata metadata : found) {
            JsonNode value = parse(metadata.getMetadataValue());
            if (value == null || !connector.equals(value.path("connector").asText())) {
                continue;
            }
            TopicPartition tp = new TopicPartition(value.path("topic").asText(), value.path("partition").asInt());
            existing.computeIfAbsent(value.path("tab").asText(), t -> new HashSet<>()).add(tp);
            if (partitions.contains(tp)) {
                byTab.computeIfAbsent(value.path("tab").asText(), t -> new HashMap<>()).put(tp, value.path("offset").asLong());
            }
        }
        allKnown = true;
        // a tab is named after the topic at most, so all records of a partition go to one tab
        return new StoredOffsets(byTab, true);
    }

    private static JsonNode parse(String text) {
        try {
            return text == null ? null : JSON.readTree(text);
        } catch (IOException e) {
            return null; // someone else's entry under our key: not ours to read
        }
    }

    /** The subrequest that records {@code offset} as the last one of {@code tp} written to {@code tab}. */
    Request record(String tab, TopicPartition tp, long offset) {
        int id = id(tab, tp);
        String text = value(tab, tp, offset);
        if (existing.getOrDefault(tab, Set.of()).contains(tp)) {
            return new Request().setUpdateDeveloperMetadata(new UpdateDeveloperMetadataRequest()
                    .setDataFilters(List.of(new DataFilter().setDeveloperMetadataLookup(new DeveloperMetadataLookup().setMetadataId(id))))
                    .setDeveloperMetadata(new DeveloperMetadata().setMetadataValue(text))
                    .setFields("metadataValue"));
        }
        return new Request().setCreateDeveloperMetadata(new CreateDeveloperMetadataRequest()
                .setDeveloperMetadata(new DeveloperMetadata()
                        .setMetadataId(id)
                        .setMetadataKey(KEY)
                        .setMetadataValue(text)
                        .setVisibility("DOCUMENT")
                        .setLocation(new DeveloperMetadataLocation().setSpreadsheet(true))));
    }

    private String value(String tab, TopicPartition tp, long offset) {
        ObjectNode value = JSON.createObjectNode()
                .put("connector", connector).put("tab", tab).put("topic", tp.topic())
                .put("partition", tp.partition()).put("offset", offset);
        return value.toString();
    }

    /** The write that carried {@link #record} subrequests succeeded: those entries exist now. */
    void recorded(String tab, Collection<TopicPartition> partitions) {
        existing.computeIfAbsent(tab, t -> new HashSet<>()).addAll(partitions);
    }

    /** True when which entries {@code tab} has is unknown: {@link #learn} them before {@link #record}. */
    boolean needsLookup(String tab) {
        return !allKnown && !existing.containsKey(tab);
    }

    /** Takes note of the entries a search found for {@code tab}. */
    void learn(String tab, List<DeveloperMetadata> found) {
        Set<TopicPartition> partitions = existing.computeIfAbsent(tab, t -> new HashSet<>());
        for (DeveloperMetadata metadata : found) {
            JsonNode value = parse(metadata.getMetadataValue());
            if (value != null && connector.equals(value.path("connector").asText()) && tab.equals(value.path("tab").asText())) {
                partitions.add(new TopicPartition(value.path("topic").asText(), value.path("partition").asInt()));
            }
        }
    }

    /** Drops what it knows of {@code tab}; the next write to it looks its entries up again. */
    void forget(String tab) {
        existing.remove(tab);
        allKnown = false;
    }

    /** A positive id from what the entry describes; stable across restarts and workers. */
    int id(String tab, TopicPartition tp) {
        int hash = (connector + '\u0000' + tab + '\u0000' + tp.topic() + '\u0000' + tp.partition()).hashCode();
        return (hash & 0x7fffffff) == 0 ? 1 : hash & 0x7fffffff;
    }
}

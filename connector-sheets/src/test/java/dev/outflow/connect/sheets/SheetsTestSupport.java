package dev.outflow.connect.sheets;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.outflow.connect.testkit.sheets.SheetsEmulator;

/** What the Sheets tests share: a destination or connector against the emulator, and how to count what landed. */
final class SheetsTestSupport {

    private SheetsTestSupport() {}

    /** A destination started against {@code spreadsheet} with {@code key}, named {@code name}, with {@code extra} keys. */
    static SheetsDestination started(
            SheetsEmulator google,
            String key,
            String spreadsheet,
            String name,
            Map<String, String> extra,
            Clock clock) {
        Map<String, String> props = new HashMap<>();
        props.put(SheetsConfig.SPREADSHEET_ID, spreadsheet);
        props.put(SheetsConfig.CREDENTIALS_JSON, key);
        props.put(SheetsConfig.ROOT_URL, google.rootUrl());
        props.put("name", name);
        props.putAll(extra);
        SheetsDestination destination = new SheetsDestination(clock);
        destination.start(props);
        return destination;
    }

    /** One task writing {@code topic} to {@code spreadsheet} with {@code key}; every other key at its default but the linger. */
    static Map<String, String> connector(SheetsEmulator google, String key, String spreadsheet, String topic) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", SheetsSinkConnector.class.getName());
        config.put("tasks.max", "1");
        config.put("topics", topic);
        config.put(SheetsConfig.SPREADSHEET_ID, spreadsheet);
        config.put(SheetsConfig.CREDENTIALS_JSON, key);
        config.put(SheetsConfig.ROOT_URL, google.rootUrl());
        config.put("batch.linger.ms", "200");
        return config;
    }

    /** The rows under the header, none while the tab does not exist. */
    static List<List<Object>> dataRows(SheetsEmulator google, String spreadsheet, String tab) {
        List<List<Object>> values =
                google.tabs(spreadsheet).contains(tab) ? google.values(spreadsheet, tab) : List.of();
        return values.size() <= 1 ? List.of() : values.subList(1, values.size());
    }

    /** How many rows hold each value of the numeric column {@code id}. */
    static Map<Long, Integer> copiesById(SheetsEmulator google, String spreadsheet, String tab) {
        List<List<Object>> rows = dataRows(google, spreadsheet, tab);
        Map<Long, Integer> copies = new HashMap<>();
        if (rows.isEmpty()) {
            return copies;
        }
        int id = google.header(spreadsheet, tab).indexOf("id");
        rows.forEach(row -> copies.merge(((Double) row.get(id)).longValue(), 1, Integer::sum));
        return copies;
    }
}

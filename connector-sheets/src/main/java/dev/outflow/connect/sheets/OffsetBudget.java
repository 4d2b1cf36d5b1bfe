package dev.outflow.connect.sheets;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.outflow.connect.core.api.config.SinkConfig;

/**
 * Whether a configuration leaves room in a tab's developer metadata (Google: 30,000 characters
 * per sheet) for the offsets of {@value #PARTITIONS} partitions, checked by {@code validate()} and
 * when the connector and its tasks start. Each task that writes to a tab keeps one entry there,
 * whose fixed part (connector name, tab, topics) is paid once per task; each partition then costs
 * at most {@value #CHARS_PER_PARTITION} characters.
 */
final class OffsetBudget {

    /** The partitions one tab must hold: the exactly-once promise of the README. */
    static final int PARTITIONS = 1_000;
    /** A partition below 46,656 and an offset below 10^14, in base 36, with their separators. */
    static final int CHARS_PER_PARTITION = 14;
    /** A topic's length when the topics are a pattern, so unknown: Kafka allows 249. */
    private static final int UNKNOWN_TOPIC_CHARS = 100;

    private OffsetBudget() {}

    /** What to change when the configuration leaves too little room, else null. */
    static String problem(String tab, Map<String, ?> originals) {
        String name = SinkConfig.connectorName(originals, SheetsDestination.UNNAMED);
        int tasks = positive(originals.get("tasks.max"));
        List<String> topics = originals.get("topics") == null
                ? List.of()
                : Arrays.stream(String.valueOf(originals.get("topics")).split(","))
                        .map(String::trim)
                        .filter(t -> !t.isEmpty())
                        .toList();
        boolean tabPerTopic = tab.contains("${topic}");
        int longestTopic = topics.stream().mapToInt(String::length).max().orElse(UNKNOWN_TOPIC_CHARS);
        int topicChars = tabPerTopic || topics.isEmpty()
                ? longestTopic + 6 // "topic":"",
                : topics.stream().mapToInt(t -> t.length() + 6).sum();
        String tabName = tab.replace("${topic}", "t".repeat(longestTopic));
        int perEntry = OffsetEntry.KEY.length()
                + new OffsetEntry(name, tabName, tasks - 1, Map.of()).encode().length()
                + topicChars;
        int forPartitions = PARTITIONS * CHARS_PER_PARTITION;
        if ((long) tasks * perEntry + forPartitions <= OffsetEntry.SHEET_BUDGET) {
            return null;
        }
        int maxTasks = Math.max(0, (OffsetEntry.SHEET_BUDGET - forPartitions) / perEntry);
        return "exactly-once offsets are kept in the tab's developer metadata, and Google allows 30,000 characters per tab: "
                + tasks + " tasks writing to one tab, each with its own entry of " + perEntry
                + " characters before any partition,"
                + " leave too little room for the offsets of " + PARTITIONS + " partitions; set tasks.max to at most "
                + maxTasks
                + (tabPerTopic ? "" : ", or give each topic its own tab with " + SheetsConfig.TAB + "=${topic}")
                + ", or shorten the connector's name";
    }

    private static int positive(Object value) {
        try {
            return value == null
                    ? 1
                    : Math.max(1, Integer.parseInt(String.valueOf(value).trim()));
        } catch (NumberFormatException e) {
            return 1; // the worker reports a bad tasks.max on its own key
        }
    }
}

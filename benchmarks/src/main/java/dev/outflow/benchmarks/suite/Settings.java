package dev.outflow.benchmarks.suite;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How long and how much each scenario runs: the full run (under 15 minutes) or {@code --quick}
 * (under 3). Everything here is written into the results, so a figure can be read with the
 * settings that produced it.
 *
 * @param mode               "full" or "quick"
 * @param records            records in the backlog topic every throughput scenario reads (and the memory backlog)
 * @param partitions         partitions of that topic
 * @param sheetsWarmupRows   rows the Sheets connector writes before its throughput is measured
 * @param sheetsWindow       the longest Sheets throughput window
 * @param quotaScale         Google's 60 requests a minute and the connector's rate are both multiplied by this
 * @param quotaWarmup        time before the quota scenario's window (Google's window is 60 s)
 * @param quotaWindow        the quota scenario's measured window
 * @param quotaTasks         {@code tasks.max} of the Sheets connector that shares one credential's quota (scenario 3b), with
 *                           the quota scenario's scale, warm-up and window
 * @param slackScale         Slack's per-channel rate and burst, and the connector's, are both multiplied by this
 * @param slackWarmup        time before a Slack window
 * @param slackWindow        a Slack scenario's measured window
 * @param hubspotWarmup      time before the HubSpot window: HubSpot's first rolling 10 s, the 10 s (and jitter) the
 *                           connector holds its writes when that window ends in a 429, and the burst of its bucket after
 * @param hubspotWindow      the HubSpot scenario's measured window
 * @param upsertRows         the tab sizes (rows of 10 columns) at which the upsert scenario measures the bytes read per write
 * @param latencyTrials      trials per destination in the latency scenario
 * @param memoryObservation  how long the memory scenario watches the worker
 * @param memoryStall        how long the slow emulator holds each write
 * @param jmhWarmups         JMH warm-up iterations of 1 s
 * @param jmhIterations      JMH measured iterations of 1 s
 * @param jmhMetadata        the benchmark's {@code metadata} parameter values
 */
public record Settings(
        String mode,
        int records,
        int partitions,
        int sheetsWarmupRows,
        Duration sheetsWindow,
        int quotaScale,
        Duration quotaWarmup,
        Duration quotaWindow,
        int quotaTasks,
        int slackScale,
        Duration slackWarmup,
        Duration slackWindow,
        Duration hubspotWarmup,
        Duration hubspotWindow,
        List<Integer> upsertRows,
        int latencyTrials,
        Duration memoryObservation,
        Duration memoryStall,
        int jmhWarmups,
        int jmhIterations,
        List<String> jmhMetadata) {

    public static Settings full() {
        return new Settings(
                "full",
                1_000_000,
                4,
                50_000,
                Duration.ofSeconds(20),
                1,
                Duration.ofSeconds(60),
                Duration.ofSeconds(60),
                4,
                5,
                Duration.ofSeconds(10),
                Duration.ofSeconds(60),
                Duration.ofSeconds(30),
                Duration.ofSeconds(60),
                List.of(1_000, 10_000, 50_000),
                100,
                Duration.ofSeconds(60),
                Duration.ofMillis(500),
                3,
                5,
                List.of("none", "topic,partition,offset"));
    }

    public static Settings quick() {
        return new Settings(
                "quick",
                400_000,
                4,
                20_000,
                Duration.ofSeconds(8),
                1,
                Duration.ofSeconds(10),
                Duration.ofSeconds(20),
                4,
                5,
                Duration.ofSeconds(5),
                Duration.ofSeconds(20),
                Duration.ofSeconds(30),
                Duration.ofSeconds(20),
                List.of(1_000, 5_000, 10_000),
                10,
                Duration.ofSeconds(15),
                Duration.ofMillis(500),
                1,
                3,
                List.of("none"));
    }

    /** The settings as they appear in the results. */
    public Map<String, Object> describe() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("mode", mode);
        out.put("backlog_records", records);
        out.put("backlog_partitions", partitions);
        out.put("record_value", BenchRecords.example());
        out.put("sheets_warmup_rows", sheetsWarmupRows);
        out.put("sheets_window_s", sheetsWindow.toSeconds());
        out.put("quota_scale", quotaScale);
        out.put("quota_warmup_s", quotaWarmup.toSeconds());
        out.put("quota_window_s", quotaWindow.toSeconds());
        out.put("quota_tasks", quotaTasks);
        out.put("slack_scale", slackScale);
        out.put("slack_warmup_s", slackWarmup.toSeconds());
        out.put("slack_window_s", slackWindow.toSeconds());
        out.put("hubspot_warmup_s", hubspotWarmup.toSeconds());
        out.put("hubspot_window_s", hubspotWindow.toSeconds());
        out.put("upsert_rows", upsertRows.toString());
        out.put("latency_trials", latencyTrials);
        out.put("memory_observation_s", memoryObservation.toSeconds());
        out.put("memory_write_stall_ms", memoryStall.toMillis());
        out.put("jmh_warmup_iterations_1s", jmhWarmups);
        out.put("jmh_iterations_1s", jmhIterations);
        out.put("jmh_metadata", String.join(" | ", jmhMetadata));
        return out;
    }
}

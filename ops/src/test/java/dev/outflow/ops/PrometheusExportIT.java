package dev.outflow.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.outflow.connect.testkit.ConnectHarness;
import dev.outflow.examples.ConfigExamples;
import dev.outflow.examples.ConnectorExample;
import dev.outflow.examples.ExampleApps;
import io.prometheus.jmx.JmxCollector;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The exporter rules of ops/prometheus against a real worker running a Sheets and a Slack
 * connector (the config examples, on the emulators): every metric the Grafana dashboard queries is
 * exported, with a sample for each running connector where it is per connector. The exporter's own
 * collector reads the worker's MBeans in this JVM, as its Java agent does on a worker.
 */
class PrometheusExportIT {

    private static final List<String> EXAMPLES = List.of("sheets-append.json", "slack-alerts.json");
    /** A metric name in a PromQL expression: ours and the worker's, as the rules name them. */
    private static final Pattern METRIC = Pattern.compile("\\b((?:outflow|kafka_connect)_[a-z_]+)\\b");

    @TempDir
    static Path secrets;

    private static ExampleApps apps;
    private static ConnectHarness harness;
    private static List<ConnectorExample> examples;

    @BeforeAll
    static void runTheExamples() throws Exception {
        examples = ConfigExamples.connectors().stream()
                .filter(example -> EXAMPLES.contains(example.file()))
                .toList();
        apps = new ExampleApps(examples);
        apps.writeSecrets(secrets);
        harness = ConnectHarness.start(
                "ops-exporter",
                1,
                ConfigExamples.worker(ConfigExamples.DISTRIBUTED_WORKER).configProviders(secrets));
        for (ConnectorExample example : examples) {
            harness.createTopic(example.topic(), 1);
            harness.createTopic(example.deadLetterTopic(), 1);
            Map<String, String> config = new HashMap<>(apps.configFor(example, secrets));
            config.put("errors.deadletterqueue.topic.replication.factor", "1");
            harness.configureConnector(example.name(), config);
            harness.awaitRunning(example.name(), 1);
            harness.produce(
                    example.topic(),
                    1,
                    20,
                    i -> "k" + i,
                    i -> "{\"id\":" + i + ",\"customer\":\"c" + i + "\",\"amount\":" + i
                            + ",\"service\":\"api\",\"status\":\"down\",\"owner\":\"ops\"}");
        }
        ConnectHarness.await(
                "the records written",
                () -> apps.sheets()
                                        .values("1OutflowExampleOrdersSpreadsheetId", "Orders")
                                        .size()
                                > 20
                        && apps.slack().postCount() >= 20);
    }

    @AfterAll
    static void stop() {
        if (harness != null) {
            harness.close();
        }
        if (apps != null) {
            apps.close();
        }
    }

    /** What Prometheus would scrape from the exporter: metric name -> the lines of its samples. */
    private static Map<String, List<String>> scrape() throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        new JmxCollector(OpsFiles.exporterRules().toFile()).register(registry);
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        new PrometheusTextFormatWriter(false).write(text, registry.scrape());
        Map<String, List<String>> samples = new HashMap<>();
        for (String line : text.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                String name = line.split("[{ ]", 2)[0];
                samples.computeIfAbsent(name, n -> new java.util.ArrayList<>()).add(line);
            }
        }
        return samples;
    }

    private static Set<String> dashboardMetrics() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(OpsFiles.dashboard().toFile());
        Set<String> metrics = new TreeSet<>();
        for (JsonNode expr : dashboard.findValues("expr")) {
            Matcher matcher = METRIC.matcher(expr.asText());
            while (matcher.find()) {
                metrics.add(matcher.group(1));
            }
        }
        for (JsonNode query : dashboard.findValues("definition")) {
            Matcher matcher = METRIC.matcher(query.asText());
            while (matcher.find()) {
                metrics.add(matcher.group(1));
            }
        }
        return metrics;
    }

    @Test
    void everyMetricTheDashboardQueriesIsExportedForEveryConnector() throws Exception {
        Set<String> queried = dashboardMetrics();
        assertThat(queried)
                .contains(
                        "outflow_records_written_total",
                        "outflow_records_rejected_total",
                        "outflow_throttled_total",
                        "outflow_throttled_time_ms_total",
                        "outflow_write_latency_max_ms",
                        "outflow_buffered_records");

        Map<String, List<String>> exported = scrape();
        for (String metric : queried) {
            assertThat(exported).as("the exporter exports %s", metric).containsKey(metric);
            if (!metric.startsWith("kafka_connect_connector_status")) {
                // a destination's own counters (outflow_slack_...) exist for its connectors only
                for (ConnectorExample example : examples.stream()
                        .filter(e -> !metric.startsWith("outflow_slack_") || e.isSlack())
                        .toList()) {
                    assertThat(exported.get(metric))
                            .as("%s has a sample for %s", metric, example.name())
                            .anyMatch(line -> line.contains("connector=\"" + example.name() + "\""));
                }
            }
        }
    }

    @Test
    void theWrittenCountersSayWhatTheAppsHold() throws Exception {
        Map<String, List<String>> exported = scrape();
        for (ConnectorExample example : examples) {
            assertThat(exported.get("outflow_records_written_total"))
                    .anyMatch(line -> line.contains("connector=\"" + example.name() + "\"") && line.endsWith(" 20.0"));
        }
        assertThat(exported.get("kafka_connect_task_status"))
                .allMatch(line -> line.contains("status=\"running\"") && line.endsWith(" 1.0"));
    }
}

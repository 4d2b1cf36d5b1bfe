package dev.outflow.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

import dev.outflow.connect.sheets.SheetsConfig;
import dev.outflow.connect.sheets.SheetsSinkConnector;
import dev.outflow.connect.testkit.ConnectHarness;
import dev.outflow.connect.testkit.sheets.SheetsEmulator;

/**
 * The main job: a KRaft broker, a distributed Connect worker with its REST API on a fixed port,
 * and the Google Sheets emulator, all on this machine; then a demo connector and a demo stream of
 * churn scores (with one malformed record, which lands in the dead-letter queue).
 */
public final class Sandbox {

    static final int REST_PORT = 8083;
    static final String SPREADSHEET = "churn-demo";
    static final String TOPIC = "churn-scores";
    static final String DLQ = "churn-scores-dlq";
    static final String CONNECTOR = "churn-to-sheets";

    private Sandbox() {
    }

    public static void main(String[] args) throws Exception {
        // before anything logs: the Kafka jars bring a log4j2.yaml that would print to the console
        System.setProperty("log4j2.configurationFile", "outflow-sandbox-log4j2.xml");
        boolean keep = List.of(args).contains("--keep");
        Path dir = Path.of(System.getProperty("outflow.sandbox.dir", ".sandbox"));
        if (!keep) {
            wipe(dir);
        }
        Files.createDirectories(dir);
        System.out.println("Starting the Google Sheets emulator, a Kafka broker and a Connect worker (logs: " + dir.resolve("sandbox.log") + ") ...");

        SheetsEmulator google = new SheetsEmulator();
        String key = google.createServiceAccount("outflow-sandbox");
        google.createSpreadsheet(SPREADSHEET, google.serviceAccountEmail("outflow-sandbox"));
        ConnectHarness connect = ConnectHarness.start("sandbox", 1, Map.of("listeners", "http://127.0.0.1:" + REST_PORT));
        DemoStream demo = new DemoStream(connect);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping ...");
            demo.stop();
            connect.close();
            google.close();
            stopped.countDown();
        }, "sandbox-shutdown"));

        connect.createTopic(TOPIC, 3);
        connect.configureConnector(CONNECTOR, sheetsConnector(google, key));
        connect.awaitRunning(CONNECTOR, 1);
        demo.start();

        System.out.printf(Locale.ROOT, """

                Outflow sandbox is up.
                  Connect REST API     http://127.0.0.1:%d   (try: curl -s http://127.0.0.1:%d/connectors/%s/status)
                  Connector plugins    curl -s http://127.0.0.1:%d/connector-plugins
                  Sheets emulator      %s  (spreadsheet "%s", tab "%s")
                  Dead-letter queue    topic %s
                The demo streams churn scores into the sheet, with one malformed record for the DLQ.
                Ctrl-C stops everything.

                """, REST_PORT, REST_PORT, CONNECTOR, REST_PORT, google.rootUrl(), SPREADSHEET, TOPIC, DLQ);

        while (stopped.getCount() > 0) {
            report(google);
            if (stopped.await(5, java.util.concurrent.TimeUnit.SECONDS)) {
                break;
            }
        }
    }

    static Map<String, String> sheetsConnector(SheetsEmulator google, String key) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", SheetsSinkConnector.class.getName());
        config.put("tasks.max", "1");
        config.put("topics", TOPIC);
        config.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("row.string.json.enabled", "true");
        config.put(SheetsConfig.SPREADSHEET_ID, SPREADSHEET);
        config.put(SheetsConfig.CREDENTIALS_JSON, key);
        config.put(SheetsConfig.ROOT_URL, google.rootUrl());
        config.put("errors.tolerance", "all");
        config.put("errors.deadletterqueue.topic.name", DLQ);
        config.put("errors.deadletterqueue.topic.replication.factor", "1");
        config.put("errors.deadletterqueue.context.headers.enable", "true");
        return config;
    }

    private static void report(SheetsEmulator google) {
        if (!google.tabs(SPREADSHEET).contains(TOPIC)) {
            System.out.println("[sheet] waiting for the first rows ...");
            return;
        }
        List<List<Object>> values = google.values(SPREADSHEET, TOPIC);
        int rows = Math.max(0, values.size() - 1);
        String last = rows == 0 ? "" : "; last row " + values.get(values.size() - 1);
        System.out.println("[sheet] " + TOPIC + ": header " + (values.isEmpty() ? "[]" : values.get(0)) + ", " + rows + " rows" + last);
    }

    private static void wipe(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}

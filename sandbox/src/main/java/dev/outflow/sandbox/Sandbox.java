package dev.outflow.sandbox;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.kafka.common.config.provider.FileConfigProvider;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.outflow.connect.testkit.ConnectHarness;
import dev.outflow.connect.testkit.http.TestHttpServer;
import sun.misc.Signal;

/**
 * The main job behind {@code ./sandbox.sh}: a KRaft broker, a distributed Connect worker with its
 * REST API on a fixed port, the Google Sheets and Slack emulators (or the real APIs), the HubSpot
 * emulator, a test HTTP receiver, four demo connectors, a demo stream with three bad records for the
 * dead-letter queues, and a web page that shows it all. Ctrl-C stops everything.
 */
public final class Sandbox {

    static final int REST_PORT = 8083;
    static final int WEB_PORT = 8090;
    /** The test receiver: the HTTP demo connector's orders API, and for a destination of the user's own ({@code --plugin}). */
    static final int RECEIVER_PORT = 8091;

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    /** What is running, closed in reverse order when the sandbox stops. */
    private final Deque<AutoCloseable> running = new ArrayDeque<>();

    private final CountDownLatch stopped = new CountDownLatch(1);

    public static void main(String[] args) {
        // before anything logs: the Kafka jars bring a log4j2.yaml that would print to the console
        System.setProperty("log4j2.configurationFile", "outflow-sandbox-log4j2.xml");
        SandboxOptions options;
        try {
            options = SandboxOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "\n\n" + SandboxOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.println(SandboxOptions.USAGE);
            return;
        }
        Sandbox sandbox = new Sandbox();
        // Ctrl-C and kill stop the sandbox before the JVM shuts down: once it does, all shutdown hooks
        // run at once, and the Kafka test kit's hooks delete the broker's data while it still stops
        // (errors and warnings in the log on every exit). The hook stays for any other exit.
        for (String signal : List.of("INT", "TERM")) {
            Signal.handle(new Signal(signal), received -> {
                // the JVM's signal thread has no context class loader, and Connect's shutdown needs one
                Thread.currentThread().setContextClassLoader(Sandbox.class.getClassLoader());
                sandbox.stop();
                System.exit(0);
            });
        }
        Runtime.getRuntime().addShutdownHook(new Thread(sandbox::stop, "sandbox-shutdown"));
        try {
            sandbox.run(options);
        } catch (Exception e) {
            if (sandbox.stopped.getCount() == 0) {
                return; // Ctrl-C while starting: what failed is what the shutdown closed
            }
            log().error("The sandbox could not start", e);
            System.err.println("\nThe sandbox could not start: " + e.getMessage());
            System.exit(1);
        }
    }

    private void run(SandboxOptions options) throws Exception {
        requireFree(REST_PORT, "the Connect REST API");
        requireFree(WEB_PORT, "the web page");
        requireFree(RECEIVER_PORT, "the test receiver");
        Path dir = Path.of(System.getProperty("outflow.sandbox.dir", ".sandbox"));
        if (!options.keep()) {
            wipe(dir);
        }
        Files.createDirectories(dir);
        // sandbox.sh points java.io.tmpdir into the state directory, so the broker's data lives there too
        Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
        System.out.println("Starting a Kafka broker, a Connect worker and the app emulators (logs: "
                + dir.resolve("sandbox.log") + ") ...");

        SheetsTarget sheets = keep(
                options.realGoogle()
                        ? SheetsTarget.real(options.googleCredentials(), options.spreadsheetId())
                        : SheetsTarget.emulated(dir));
        SlackTarget slack = keep(
                options.realSlack()
                        ? SlackTarget.real(options.slackTokenFile(), options.slackChannel())
                        : SlackTarget.emulated());
        HubSpotTarget hubspot = keep(HubSpotTarget.emulated());
        Map<String, String> settings = new HashMap<>(sheets.settings());
        settings.putAll(slack.settings());
        settings.putAll(hubspot.settings());
        // the demo API checks no token; the connector still reads one through the provider, as in production
        settings.put(DemoConnectors.HTTP_BEARER_TOKEN, "sandbox-demo-token");
        AppSettings apps = AppSettings.write(dir, settings);
        keep(apps::delete);

        // before the worker, so that it stops after it: the HTTP demo connector's last requests still get answers
        TestHttpServer receiver = keep(TestHttpServer.start(RECEIVER_PORT));
        receiver.answerByDefault(new OrdersApi());
        Map<String, String> workerProps = workerProps(dir, options.plugins());
        ConnectHarness connect = keep(withoutStdout(() -> ConnectHarness.start("sandbox", 1, workerProps)));
        connect.createTopic(ChurnScores.TOPIC, 3);
        connect.createTopic(Anomalies.TOPIC, 1);
        connect.createTopic(DemoConnectors.SHEETS_DLQ, 1);
        connect.createTopic(DemoConnectors.SLACK_DLQ, 1);
        connect.createTopic(DemoConnectors.HUBSPOT_DLQ, 1);
        connect.createTopic(OrderEvents.TOPIC, OrderEvents.PARTITIONS);
        connect.createTopic(DemoConnectors.HTTP_DLQ, 1);
        String bootstrap = connect.cluster().kafka().bootstrapServers();
        RecordSender sender = keep(new RecordSender(bootstrap));
        DeadLetterLog deadLetters = new DeadLetterLog();
        keep(new DeadLetterFollower(bootstrap, deadLetters));
        PluginMetricsReader metrics = new PluginMetricsReader();
        String rest = "http://127.0.0.1:" + REST_PORT;
        Dashboard dashboard = new Dashboard(
                Map.of("Connect REST API", rest),
                new ConnectorStatuses(rest)::read,
                new SheetsView(sheets.emulator().orElse(null), sheets.spreadsheetId(), sheets.link()),
                new SlackView(slack.emulator().orElse(null), slack.channel()),
                new CrmView(hubspot.emulator()),
                new ReceiverView(receiver),
                deadLetters,
                metrics);
        keep(new WebConsole(WEB_PORT, dashboard, sender));

        connect.configureConnector(DemoConnectors.SHEETS, DemoConnectors.sheets(apps));
        connect.configureConnector(DemoConnectors.SLACK, DemoConnectors.slack(apps));
        connect.configureConnector(DemoConnectors.HUBSPOT, DemoConnectors.hubspot(apps));
        connect.configureConnector(DemoConnectors.HTTP, DemoConnectors.http(apps));
        connect.awaitRunning(DemoConnectors.SHEETS, 1);
        connect.awaitRunning(DemoConnectors.SLACK, 1);
        connect.awaitRunning(DemoConnectors.HUBSPOT, 1);
        connect.awaitRunning(DemoConnectors.HTTP, 1);
        DemoStream demo = new DemoStream(sender);
        demo.start();
        keep(demo::stop);

        printWhereToLook(dir, sheets, slack, hubspot);
        reportUntilStopped(metrics);
    }

    private static Map<String, String> workerProps(Path dir, List<Path> ownPlugins) throws IOException {
        Map<String, String> props = new HashMap<>(Plugins.workerProps(dir, ownPlugins));
        props.put("listeners", "http://127.0.0.1:" + REST_PORT);
        // connector configs name their secrets as ${file:<path>:<key>}, never in clear
        props.put("config.providers", "file");
        props.put("config.providers.file.class", FileConfigProvider.class.getName());
        return props;
    }

    private static void printWhereToLook(Path dir, SheetsTarget sheets, SlackTarget slack, HubSpotTarget hubspot) {
        System.out.printf(
                Locale.ROOT,
                """

                Outflow sandbox is up after %.1f s. State and logs: %s

                  Web page            http://127.0.0.1:%d   the sheets, the Slack channels, the CRM, the HTTP requests, the dead letters and the metrics, refreshing by itself
                  Connect REST API    http://127.0.0.1:%d   try: curl -s 'http://127.0.0.1:%d/connectors?expand=status'
                  Google Sheets       %s
                  Slack               %s
                  HubSpot CRM         %s
                  Test receiver       http://127.0.0.1:%d/   the demo orders API at %s (refuses a negative quantity with 422), 200 to any other request: for a connector of your own (--plugin)
                  Dead-letter queues  topics %s, %s, %s and %s; the reason is in each record's header __connect.errors.exception.message
                  Plugin metrics      JMX beans kafka.connect:type=plugins,connector=<name>,task=<n> (also on the web page)
                  Your own records    curl --data '{"customer":"me","churn_score":0.9}' http://127.0.0.1:%d/api/topics/%s

                Connectors: %s writes churn scores into the tab "%s"; %s upserts them onto HubSpot contacts
                by e-mail and associates the at-risk ones with their company; %s posts anomaly alerts, a thread per incident;
                %s POSTs order events to the test receiver as NDJSON, with a bearer token and an Idempotency-Key.
                The demo sends 5 scores and an order event a second and an alert every 3 s; three records are bad on purpose
                and go to the DLQs.
                Ctrl-C stops everything. README.md has a five-minute tour.

                """,
                secondsSinceStart(),
                dir,
                WEB_PORT,
                REST_PORT,
                REST_PORT,
                sheets.where(),
                slack.where(),
                hubspot.where(),
                RECEIVER_PORT,
                OrdersApi.PATH,
                DemoConnectors.SHEETS_DLQ,
                DemoConnectors.HUBSPOT_DLQ,
                DemoConnectors.SLACK_DLQ,
                DemoConnectors.HTTP_DLQ,
                WEB_PORT,
                ChurnScores.TOPIC,
                DemoConnectors.SHEETS,
                ChurnScores.TOPIC,
                DemoConnectors.HUBSPOT,
                DemoConnectors.SLACK,
                DemoConnectors.HTTP);
    }

    /** Every five seconds, when something changed: what each connector wrote and rejected. */
    private void reportUntilStopped(PluginMetricsReader metrics) throws InterruptedException {
        String last = "";
        boolean firstRows = false;
        do {
            Map<String, double[]> counts = new LinkedHashMap<>();
            metrics.read().forEach(task -> {
                double[] sum = counts.computeIfAbsent(task.connector(), c -> new double[2]);
                sum[0] += number(task.values().get("records-written-total"));
                sum[1] += number(task.values().get("records-rejected-total"));
            });
            if (!firstRows && counts.getOrDefault(DemoConnectors.SHEETS, new double[2])[0] > 0) {
                firstRows = true;
                System.out.printf(
                        Locale.ROOT, "The first rows reached the sheet %.1f s after start.%n", secondsSinceStart());
            }
            String line = counts.entrySet().stream()
                    .map(e -> String.format(
                            Locale.ROOT,
                            "%s %.0f written, %.0f to the DLQ",
                            e.getKey(),
                            e.getValue()[0],
                            e.getValue()[1]))
                    .collect(Collectors.joining(" | "));
            if (!line.equals(last)) {
                System.out.println("[" + LocalTime.now().format(CLOCK) + "] " + line);
                last = line;
            }
        } while (!stopped.await(5, TimeUnit.SECONDS));
    }

    private static double number(Object value) {
        return value instanceof Number n && !Double.isNaN(n.doubleValue()) ? n.doubleValue() : 0;
    }

    /** Remembers something started, to close it when the sandbox stops. */
    private synchronized <T extends AutoCloseable> T keep(T started) {
        running.push(started);
        return started;
    }

    private synchronized void stop() {
        if (stopped.getCount() == 0) {
            return;
        }
        System.out.println("\nStopping ...");
        log().info("The sandbox is stopping");
        quietKafkasCloseWarnings();
        while (!running.isEmpty()) {
            AutoCloseable next = running.pop();
            try {
                next.close();
            } catch (Exception e) {
                log().warn("Could not stop {} cleanly", next, e);
            }
        }
        log().info("The sandbox has stopped");
        stopped.countDown();
    }

    /**
     * Two warnings Kafka 4.3.1 writes on every stop, which say nothing about the sandbox: a worker's
     * group member closes with a timer of 0 ms ({@code AbstractCoordinator.close()}), so the
     * LeaveGroup it has just sent is always "pending" ("Close timed out with 1 pending requests to
     * coordinator"); and the test kit's broker closes its controller channel's network client twice.
     * Only while stopping, so the same loggers still warn while the sandbox runs.
     */
    private static void quietKafkasCloseWarnings() {
        Configurator.setLevel("org.apache.kafka.connect.runtime.distributed.WorkerCoordinator", Level.ERROR);
        Configurator.setLevel("org.apache.kafka.clients.NetworkClient", Level.ERROR);
    }

    /** Not a static field: logging must not start before main() has chosen its configuration. */
    private static Logger log() {
        return LoggerFactory.getLogger(Sandbox.class);
    }

    private static double secondsSinceStart() {
        return (System.currentTimeMillis()
                        - ManagementFactory.getRuntimeMXBean().getStartTime())
                / 1000.0;
    }

    /** The broker's storage formatter prints its bootstrap records to stdout; nobody starting the sandbox needs them. */
    private static <T> T withoutStdout(Supplier<T> action) {
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            return action.get();
        } finally {
            System.setOut(stdout);
        }
    }

    /** Checked before anything else, so a second sandbox neither wipes the first one's state nor half-starts. */
    private static void requireFree(int port, String what) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
        } catch (IOException e) {
            throw new IllegalStateException("port " + port + " (" + what + ") is in use: is another sandbox running?");
        }
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

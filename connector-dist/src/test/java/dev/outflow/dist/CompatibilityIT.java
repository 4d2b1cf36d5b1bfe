package dev.outflow.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.outflow.connect.testkit.ConnectHarness;
import dev.outflow.connect.testkit.http.RecordedRequest;
import dev.outflow.connect.testkit.http.TestHttpServer;
import dev.outflow.examples.ConfigExamples;
import dev.outflow.examples.ConnectorExample;
import dev.outflow.examples.ExampleApps;

/**
 * The compatibility matrix: the Hub archives installed as docs/install.md says on a plain Kafka
 * worker of each supported line (Maven Central jars of 3.9 and 4.4, their own broker, each in its
 * own JVM), running a Sheets, a Slack and an HTTP connector against the emulators and a test HTTP
 * server. Every record arrives,
 * and the plugin's metrics are in the worker's JMX under the same name on both: through the
 * worker's plugin metrics on 4.4, registered by the plugin itself on 3.9, which has none.
 */
class CompatibilityIT {

    private static final List<String> EXAMPLES =
            List.of("sheets-append.json", "slack-alerts.json", "http-orders-bearer.json");
    private static final int RECORDS = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @ParameterizedTest(name = "Kafka {0}")
    @ValueSource(strings = {"3.9", "4.4"})
    void theArchivesRunOnAPlainWorker(String kafka) throws Exception {
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        HubArchive.all().forEach(archive -> archive.unpackInto(plugins));
        Path secrets = work.resolve("secrets");
        List<ConnectorExample> examples = ConfigExamples.connectors().stream()
                .filter(e -> EXAMPLES.contains(e.file()))
                .toList();

        try (ExampleApps apps = new ExampleApps(examples);
                PlainKafka plain = new PlainKafka(Path.of(System.getProperty("outflow.compat.libs." + kafka)), work)) {
            apps.writeSecrets(secrets);
            plain.startBroker();
            // install.md, step 2 and 3: plugin.path, service_load, the config providers the examples need
            Map<String, String> worker = new HashMap<>(
                    ConfigExamples.worker(ConfigExamples.DISTRIBUTED_WORKER).configProviders(secrets));
            worker.put("plugin.path", plugins.toString());
            worker.put("plugin.discovery", "service_load");
            plain.startWorker(worker);
            // install.md, step 4: the worker lists both connectors
            ConnectHarness.await("the worker lists the connectors", () -> {
                String listed = get(plain, "/connector-plugins");
                return listed.contains(ConnectorExample.SHEETS_CLASS)
                        && listed.contains(ConnectorExample.SLACK_CLASS)
                        && listed.contains(ConnectorExample.HTTP_CLASS);
            });

            try (Admin admin = Admin.create(Map.of("bootstrap.servers", plain.bootstrapServers()));
                    KafkaProducer<String, String> producer = producer(plain)) {
                for (ConnectorExample example : examples) {
                    admin.createTopics(List.of(
                                    new NewTopic(example.topic(), 1, (short) 1),
                                    new NewTopic(example.deadLetterTopic(), 1, (short) 1)))
                            .all()
                            .get();
                    Map<String, String> config = new HashMap<>(apps.configFor(example, secrets));
                    config.remove("name");
                    create(plain, example.name(), config);
                    for (int i = 0; i < RECORDS; i++) {
                        producer.send(new ProducerRecord<>(
                                        example.topic(),
                                        "k" + i,
                                        "{\"id\":" + i + ",\"customer\":\"c" + i + "\",\"amount\":" + i
                                                + ",\"service\":\"api\",\"status\":\"down\",\"owner\":\"ops\"}"))
                                .get();
                    }
                }
            }

            ConnectorExample http = examples.stream()
                    .filter(ConnectorExample::isHttp)
                    .findFirst()
                    .orElseThrow();
            ConnectHarness.await(
                    "every record in the sheet, the channel and the HTTP API",
                    () -> apps.sheets()
                                    .tabs("1OutflowExampleOrdersSpreadsheetId")
                                    .contains("Orders")
                            && apps.sheets()
                                            .values("1OutflowExampleOrdersSpreadsheetId", "Orders")
                                            .size()
                                    == RECORDS + 1
                            && apps.slack().postCount() == RECORDS
                            && arrayElements(apps.http(http)) == RECORDS);
            MBeanServerConnection mbeans = plain.workerMBeans();
            for (ConnectorExample example : examples) {
                assertThat(status(plain, example.name()))
                        .as("%s on Kafka %s", example.name(), kafka)
                        .contains("\"RUNNING\"")
                        .doesNotContain("FAILED");
                ObjectName metrics =
                        new ObjectName("kafka.connect:type=plugins,connector=" + example.name() + ",task=0");
                ConnectHarness.await(
                        "the written count of " + example.name(), () -> written(mbeans, metrics) == RECORDS);
            }
            if (kafka.equals("3.9")) {
                assertThat(plain.log("worker"))
                        .contains("This worker offers no plugin metrics; the task registers its metrics in JMX itself");
            }
        }
    }

    /** The orders the HTTP API applied: the elements of the JSON arrays it POSTed and the API answered 2xx to. */
    private static int arrayElements(TestHttpServer api) {
        int elements = 0;
        for (RecordedRequest request : api.applied()) {
            if (!request.method().equals("POST")) {
                continue; // validate()'s reachability check
            }
            try {
                elements += JSON.readTree(request.body()).size();
            } catch (IOException e) {
                throw new UncheckedIOException("the connector sent a body that is not JSON", e);
            }
        }
        return elements;
    }

    private static KafkaProducer<String, String> producer(PlainKafka plain) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, plain.bootstrapServers());
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    /** Creates the connector; a worker still joining its group answers 409 and is asked again. */
    private static void create(PlainKafka plain, String name, Map<String, String> config) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(plain.restUrl() + "/connectors/" + name + "/config"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(config)))
                .build();
        HttpResponse<?>[] response = new HttpResponse<?>[1];
        ConnectHarness.await("the worker takes " + name, () -> {
            try {
                response[0] = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
                return response[0].statusCode() != 409;
            } catch (Exception e) {
                return false;
            }
        });
        assertThat(response[0].statusCode())
                .as("creating %s: %s", name, response[0].body())
                .isBetween(200, 201);
    }

    private static String get(PlainKafka plain, String path) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(plain.restUrl() + path))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : "";
        } catch (Exception e) {
            return "";
        }
    }

    private static String status(PlainKafka plain, String name) throws Exception {
        String[] body = new String[1];
        ConnectHarness.await(name + " has a task", () -> {
            body[0] = get(plain, "/connectors/" + name + "/status");
            try {
                return !body[0].isEmpty()
                        && JSON.readTree(body[0]).path("tasks").size() == 1;
            } catch (Exception e) {
                return false;
            }
        });
        return body[0];
    }

    private static double written(MBeanServerConnection mbeans, ObjectName name) {
        try {
            return ((Number) mbeans.getAttribute(name, "records-written-total")).doubleValue();
        } catch (Exception e) {
            return -1; // not registered yet
        }
    }
}

package dev.outflow.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.outflow.connect.testkit.ConnectHarness;
import dev.outflow.examples.ConfigExamples;
import dev.outflow.examples.ConnectorExample;
import dev.outflow.examples.ExampleApps;

/**
 * docs/install.md followed by a user: every shell command of it run by bash as written, on a
 * plain Kafka 4.4 worker, in order. Only the first block (the three variables the page asks the
 * reader to set) gets this machine's values, and the reader's one manual step, editing the copied
 * example, is done here as the page says (the spreadsheet's endpoint is the emulator's, the secrets
 * are in the test's folder, and the dead-letter topic has one replica on this one-broker cluster).
 */
class InstallGuideIT {

    private static final Pattern BASH_BLOCK =
            Pattern.compile("^( *)```bash\\n(.*?)^\\1```", Pattern.MULTILINE | Pattern.DOTALL);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    /** The page's bash blocks, in order, without their indentation. */
    private static List<String> bashBlocks() throws Exception {
        String guide = Files.readString(Path.of(System.getProperty("outflow.install.guide")), StandardCharsets.UTF_8);
        List<String> blocks = new ArrayList<>();
        Matcher block = BASH_BLOCK.matcher(guide);
        while (block.find()) {
            String indent = block.group(1);
            blocks.add(block.group(2).replaceAll("(?m)^" + indent, ""));
        }
        return blocks;
    }

    @Test
    void everyCommandOfTheInstallGuideWorksAsWritten() throws Exception {
        List<String> blocks = bashBlocks();
        assertThat(blocks)
                .as("variables, unzip, check, copy, validate and create")
                .hasSize(5);
        assertThat(blocks.get(0)).contains("VERSION=", "PLUGINS=", "CONNECT=");

        Path libs = Path.of(System.getProperty("outflow.compat.libs.4.4"));
        Path plugins = work.resolve("plugins");
        Path secrets = work.resolve("secrets");
        // what a reader has in the folder the commands run in: the downloaded archives and a Kafka's bin/
        for (HubArchive archive : HubArchive.all()) {
            Files.copy(archive.zip(), work.resolve(archive.fileName()));
        }
        Path bin = Files.createDirectories(work.resolve("bin"));
        Files.writeString(
                bin.resolve("connect-plugin-path.sh"),
                "#!/usr/bin/env bash\nexec \"" + Path.of(System.getProperty("java.home"), "bin", "java") + "\" -cp \""
                        + libs + "/*\" org.apache.kafka.tools.ConnectPluginPath \"$@\"\n");
        Files.setPosixFilePermissions(
                bin.resolve("connect-plugin-path.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));

        ConnectorExample example = ConfigExamples.connectors().stream()
                .filter(e -> e.file().equals("sheets-append.json"))
                .findFirst()
                .orElseThrow();
        try (ExampleApps apps = new ExampleApps(List.of(example));
                PlainKafka kafka = new PlainKafka(libs, work)) {
            apps.writeSecrets(secrets);
            String variables =
                    "VERSION=" + HubArchive.VERSION + "\nPLUGINS=" + plugins + "\nCONNECT=" + kafka.restUrl() + "\n";

            assertThat(bash(variables + blocks.get(1))).isEmpty();

            kafka.startBroker();
            Map<String, String> worker = new HashMap<>(
                    ConfigExamples.worker(ConfigExamples.DISTRIBUTED_WORKER).configProviders(secrets));
            worker.put("plugin.path", plugins.toString());
            worker.put("plugin.discovery", "service_load");
            kafka.startWorker(worker);
            ConnectHarness.await(
                    "the worker's REST API answers",
                    () -> run(variables + "curl -sf \"$CONNECT/connector-plugins\"") == 0);

            String check = bash(variables + blocks.get(2));
            assertThat(check)
                    .contains(
                            ConnectorExample.SHEETS_CLASS,
                            ConnectorExample.SLACK_CLASS,
                            ConnectorExample.HUBSPOT_CLASS,
                            ConnectorExample.HTTP_CLASS);
            assertThat(check.lines()
                            .filter(line -> line.contains("SheetsSinkConnector") && !line.contains("dev.outflow[")))
                    .as("connect-plugin-path lists the connector as loadable, with its manifest")
                    .anyMatch(line -> line.contains("true"));

            assertThat(bash(variables + blocks.get(3))).isEmpty();
            Path copy = work.resolve("orders-to-sheets.json");
            editAsTheGuideSays(copy, apps, secrets);

            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic(example.topic(), 1, (short) 1)))
                        .all()
                        .get();
            }
            assertThat(bash(variables + blocks.get(4)).lines()).containsExactly("0", example.name());

            try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                    Map.of("bootstrap.servers", kafka.bootstrapServers()),
                    new StringSerializer(),
                    new StringSerializer())) {
                for (int i = 0; i < 5; i++) {
                    producer.send(new ProducerRecord<>(
                                    example.topic(), "k" + i, "{\"id\":" + i + ",\"amount\":" + i + "}"))
                            .get();
                }
            }
            ConnectHarness.await(
                    "the orders in the sheet",
                    () -> apps.sheets()
                                    .tabs(example.config().get("sheets.spreadsheet.id"))
                                    .contains("Orders")
                            && apps.sheets()
                                            .values(example.config().get("sheets.spreadsheet.id"), "Orders")
                                            .size()
                                    == 6);
        }
    }

    /** The reader's edit: where the spreadsheet is, where the secrets are, and one replica for the dead letters. */
    private static void editAsTheGuideSays(Path copy, ExampleApps apps, Path secrets) throws Exception {
        ObjectNode json = (ObjectNode) JSON.readTree(copy.toFile());
        ObjectNode config = (ObjectNode) json.get("config");
        config.put("sheets.root.url", apps.sheets().rootUrl());
        config.put(
                "sheets.credentials.json",
                config.get("sheets.credentials.json").asText().replace(ConfigExamples.SECRETS_DIR, secrets.toString()));
        config.put("errors.deadletterqueue.topic.replication.factor", "1");
        JSON.writerWithDefaultPrettyPrinter().writeValue(copy.toFile(), json);
    }

    private int run(String commands) {
        try {
            Process bash = new ProcessBuilder("bash", "-c", commands)
                    .directory(work.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return bash.waitFor(30, TimeUnit.SECONDS) ? bash.exitValue() : -1;
        } catch (Exception e) {
            return -1;
        }
    }

    /** Runs the commands with bash in the test's folder, stopping at the first that fails; returns what they printed. */
    private String bash(String commands) throws Exception {
        Process bash = new ProcessBuilder("bash", "-euo", "pipefail", "-c", commands)
                .directory(work.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(bash.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(bash.exitValue())
                .as("bash -c %s%nprinted: %s", commands, out)
                .isZero();
        return out;
    }
}

package dev.outflow.dist;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import org.apache.kafka.common.Uuid;

import dev.outflow.connect.testkit.ConnectHarness;

/**
 * A plain Kafka, as an operator runs it: a KRaft broker and a distributed Connect worker, each in
 * its own JVM, from the Maven Central jars of one Kafka version (no test jars), with the worker's
 * JMX open on the loopback address so a test can read the metrics an exporter would.
 */
final class PlainKafka implements AutoCloseable {

    private final Path libs;
    private final Path work;
    private final List<Process> processes = new ArrayList<>();
    private final int brokerPort = freePort();
    private final int controllerPort = freePort();
    private final int restPort = freePort();
    private final int jmxPort = freePort();
    private JMXConnector jmx;

    PlainKafka(Path libs, Path work) {
        this.libs = libs;
        this.work = work;
    }

    String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    String restUrl() {
        return "http://127.0.0.1:" + restPort;
    }

    /** Formats the log directory and starts the broker (combined broker and controller), waiting for its port. */
    void startBroker() throws Exception {
        Map<String, String> props = new TreeMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", work.resolve("kraft").toString());
        props.put("offsets.topic.replication.factor", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        Path config = write("server.properties", props);
        Process format = java(
                "format",
                List.of(),
                "kafka.tools.StorageTool",
                "format",
                "-t",
                Uuid.randomUuid().toString(),
                "-c",
                config.toString());
        if (!format.waitFor(2, TimeUnit.MINUTES) || format.exitValue() != 0) {
            throw new IllegalStateException(
                    "formatting the broker's storage failed; see " + work.resolve("format.log"));
        }
        processes.add(java("broker", List.of(), "kafka.Kafka", config.toString()));
        awaitPort(brokerPort, "the broker");
    }

    /** Starts the worker with {@code props} added to a minimal distributed configuration, waiting for its REST API. */
    void startWorker(Map<String, String> props) throws Exception {
        Map<String, String> all = new TreeMap<>();
        all.put("bootstrap.servers", bootstrapServers());
        all.put("group.id", "compat-connect");
        all.put("config.storage.topic", "compat-configs");
        all.put("offset.storage.topic", "compat-offsets");
        all.put("status.storage.topic", "compat-status");
        all.put("config.storage.replication.factor", "1");
        all.put("offset.storage.replication.factor", "1");
        all.put("status.storage.replication.factor", "1");
        all.put("offset.flush.interval.ms", "1000");
        all.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        all.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        all.put("value.converter.schemas.enable", "false");
        all.put("listeners", restUrl());
        all.putAll(props);
        Path config = write("worker.properties", all);
        processes.add(java(
                "worker",
                List.of(
                        "-Dcom.sun.management.jmxremote.port=" + jmxPort,
                        "-Dcom.sun.management.jmxremote.rmi.port=" + jmxPort,
                        "-Dcom.sun.management.jmxremote.host=127.0.0.1",
                        "-Djava.rmi.server.hostname=127.0.0.1",
                        "-Dcom.sun.management.jmxremote.authenticate=false",
                        "-Dcom.sun.management.jmxremote.ssl=false"),
                "org.apache.kafka.connect.cli.ConnectDistributed",
                config.toString()));
        awaitPort(restPort, "the worker's REST API");
    }

    /** The worker's MBeans, as the exporter's agent sees them. */
    MBeanServerConnection workerMBeans() throws IOException {
        if (jmx == null) {
            jmx = JMXConnectorFactory.connect(
                    new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort + "/jmxrmi"));
        }
        return jmx.getMBeanServerConnection();
    }

    /** What a process logged, to put in a failure message. */
    String log(String name) throws IOException {
        Path log = work.resolve(name + ".log");
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    private Process java(String name, List<String> jvmOptions, String... mainAndArgs) throws IOException {
        Path log4j = work.resolve(name + "-log4j2.xml");
        Files.writeString(log4j, """
                <Configuration status="WARN">
                  <Appenders><File name="file" fileName="%s"><PatternLayout pattern="%%d{HH:mm:ss.SSS} %%-5level [%%t] %%c{1} - %%msg%%n"/></File></Appenders>
                  <Loggers>
                    <Logger name="dev.outflow" level="INFO"/>
                    <Logger name="org.apache.kafka.connect.runtime.Worker" level="INFO"/>
                    <Root level="WARN"><AppenderRef ref="file"/></Root>
                  </Loggers>
                </Configuration>
                """.formatted(work.resolve(name + ".log")));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.add("-Dlog4j2.configurationFile=" + log4j);
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(libs.resolve("*").toString());
        command.addAll(List.of(mainAndArgs));
        return new ProcessBuilder(command)
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve(name + ".out").toFile())
                .start();
    }

    private Path write(String file, Map<String, String> props) throws IOException {
        StringBuilder text = new StringBuilder();
        props.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        Path path = work.resolve(file);
        Files.writeString(path, text.toString());
        return path;
    }

    private void awaitPort(int port, String what) throws InterruptedException {
        ConnectHarness.await(
                what + " listening on " + port,
                () -> {
                    try (Socket probe = new Socket("127.0.0.1", port)) {
                        return probe.isConnected();
                    } catch (IOException e) {
                        return false;
                    }
                },
                Duration.ofMinutes(2));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    /** Stops the worker, then the broker, as a service manager would (SIGTERM, then a wait). */
    @Override
    public void close() throws Exception {
        if (jmx != null) {
            jmx.close();
        }
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process process = processes.get(i);
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}

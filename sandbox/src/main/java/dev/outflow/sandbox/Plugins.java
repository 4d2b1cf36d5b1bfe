package dev.outflow.sandbox;

import java.util.Map;

/**
 * How the sandbox's Connect worker finds the Outflow plugins: the one place that knows.
 *
 * <p>Today the connectors are runtime dependencies of this module (sandbox/pom.xml), so they sit on
 * the worker's classpath and it discovers them through their {@code ServiceLoader} manifests. The
 * sandbox never names a connector class in code, only in config (the names below), as a user does;
 * so loading the plugins from their built Confluent Hub archives instead takes two edits: drop those
 * two dependencies, and add {@code plugin.path} (the directory holding the unpacked archives) to
 * {@link #workerProps()}.
 */
final class Plugins {

    static final String SHEETS_CONNECTOR = "dev.outflow.connect.sheets.SheetsSinkConnector";
    static final String SLACK_CONNECTOR = "dev.outflow.connect.slack.SlackSinkConnector";

    private Plugins() {
    }

    /** The worker properties that decide where plugins come from. */
    static Map<String, String> workerProps() {
        return Map.of("plugin.discovery", "service_load");
    }
}

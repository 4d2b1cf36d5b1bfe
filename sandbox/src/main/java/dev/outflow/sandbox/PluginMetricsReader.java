package dev.outflow.sandbox;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * Reads the metrics the connectors publish through {@code SinkTaskContext.pluginMetrics()}. The
 * worker registers them in JMX as {@code kafka.connect:type=plugins,connector=<name>,task=<n>},
 * one attribute per metric; this reads them the way any JMX client would.
 */
final class PluginMetricsReader {

    static final String PATTERN = "kafka.connect:type=plugins,*";

    /** One task's metrics: name -> value. {@code task} is null for connector-level metrics. */
    record TaskMetrics(String connector, String task, Map<String, Object> values) {}

    private final MBeanServer server;

    PluginMetricsReader() {
        this(ManagementFactory.getPlatformMBeanServer());
    }

    PluginMetricsReader(MBeanServer server) {
        this.server = server;
    }

    List<TaskMetrics> read() {
        List<TaskMetrics> all = new ArrayList<>();
        for (ObjectName name : server.queryNames(pattern(), null)) {
            try {
                Map<String, Object> values = new TreeMap<>();
                for (MBeanAttributeInfo attribute : server.getMBeanInfo(name).getAttributes()) {
                    values.put(attribute.getName(), server.getAttribute(name, attribute.getName()));
                }
                all.add(new TaskMetrics(name.getKeyProperty("connector"), name.getKeyProperty("task"), values));
            } catch (JMException e) {
                // the task stopped between the query and the read, and took its bean with it
            }
        }
        all.sort(Comparator.comparing(TaskMetrics::connector).thenComparing(m -> String.valueOf(m.task())));
        return all;
    }

    private static ObjectName pattern() {
        try {
            return new ObjectName(PATTERN);
        } catch (MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }
}

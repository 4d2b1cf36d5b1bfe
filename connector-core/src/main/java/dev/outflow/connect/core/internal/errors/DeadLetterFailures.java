package dev.outflow.connect.core.internal.errors;

import java.lang.management.ManagementFactory;
import java.util.Set;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The worker's own count of dead-letter writes that failed for a connector's tasks (the
 * {@code deadletterqueue-produce-failures} metric of {@code task-error-metrics}, read over JMX in
 * the worker's JVM).
 *
 * <p>Why it is needed: a report's future cannot be trusted when the DLQ producer refuses a record
 * at once (larger than its {@code max.request.size}, for one). The worker always has two error
 * reporters (its log reporter and the DLQ), and with more than one it keeps only the futures that
 * are not done yet (Kafka 4.3 {@code RetryWithToleranceOperator.report}): a write that failed
 * synchronously is dropped and the report answers success. A rise of this count while a report
 * was made is the only sign of it a plugin can see.
 */
final class DeadLetterFailures {

    private static final String METRIC = "deadletterqueue-produce-failures";

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final ObjectName pattern;
    private final String connector;

    DeadLetterFailures(String connector) {
        this.connector = connector;
        ObjectName name;
        try {
            name = new ObjectName("kafka.connect:type=task-error-metrics,*");
        } catch (JMException e) {
            throw new IllegalStateException("a constant JMX pattern did not parse", e);
        }
        this.pattern = name;
    }

    /** The failures counted for every task of the connector on this worker; 0 when the worker exposes none. */
    double count() {
        double sum = 0;
        Set<ObjectName> names = server.queryNames(pattern, null);
        for (ObjectName name : names) {
            String tag = name.getKeyProperty("connector");
            if (tag == null || !connector.equals(tag.startsWith("\"") ? ObjectName.unquote(tag) : tag)) {
                continue;
            }
            try {
                if (server.getAttribute(name, METRIC) instanceof Number failures
                        && !Double.isNaN(failures.doubleValue())) {
                    sum += failures.doubleValue();
                }
            } catch (JMException e) {
                // a task's metrics unregistered meanwhile: it counts nothing for us
            }
        }
        return sum;
    }
}

package dev.outflow.sandbox;

import java.util.Locale;

/**
 * Anomaly alerts as JSON text, following a script of incidents that open, change and resolve: the
 * Slack connector threads each incident's alerts under its first one. Once, early on, an extra alert
 * names a channel that does not exist; Slack refuses it and it goes to the dead-letter queue.
 */
final class Anomalies {

    static final String TOPIC = "anomalies";
    static final String MISROUTED_CHANNEL = "C0NOSUCHCHANNEL";

    /** One alert of the script: incident is 0, 1 or 2 within a round. */
    private record Step(
            int incident, String service, String metric, String value, String threshold, boolean resolved) {}

    private static final Step[] SCRIPT = {
        new Step(0, "checkout", "p99_latency_ms", "1840", "800", false),
        new Step(1, "payments", "error_rate_pct", "7.5", "2", false),
        new Step(0, "checkout", "p99_latency_ms", "2210", "800", false),
        new Step(2, "billing", "queue_depth", "12040", "5000", false),
        new Step(1, "payments", "error_rate_pct", "0.4", "2", true),
        new Step(0, "checkout", "p99_latency_ms", "640", "800", true),
        new Step(2, "billing", "queue_depth", "310", "5000", true),
    };

    private static final int MISROUTED_AFTER = 2;

    private int next;
    private boolean misroutedSent;

    /** The next alert, keyed by its incident id (also the Slack thread key). */
    KeyedValue next() {
        if (next == MISROUTED_AFTER && !misroutedSent) {
            misroutedSent = true;
            return alert(
                    "INC-99",
                    new Step(0, "search", "error_rate_pct", "12.5", "2", false),
                    ",\"team_channel\":\"" + MISROUTED_CHANNEL + "\"");
        }
        Step step = SCRIPT[next % SCRIPT.length];
        String incident = "INC-" + (100 + 3 * (next / SCRIPT.length) + step.incident());
        next++;
        return alert(incident, step, "");
    }

    private static KeyedValue alert(String incident, Step step, String extraFields) {
        return new KeyedValue(
                incident,
                String.format(
                        Locale.ROOT,
                        "{\"incident\":\"%s\",\"service\":\"%s\",\"metric\":\"%s\",\"value\":%s,\"threshold\":%s,\"resolved\":%b%s}",
                        incident,
                        step.service(),
                        step.metric(),
                        step.value(),
                        step.threshold(),
                        step.resolved(),
                        extraFields));
    }
}

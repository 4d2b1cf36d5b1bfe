package dev.outflow.sandbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's data at a pace a person can watch: five churn scores a second, an anomaly alert every
 * three seconds, an order event a second. The fourth tick's first churn score is malformed.
 */
final class DemoStream {

    private static final Logger log = LoggerFactory.getLogger(DemoStream.class);

    private static final int SCORES_PER_TICK = 5;
    private static final int TICKS_PER_ANOMALY = 3;
    private static final int MALFORMED_AT_TICK = 3;

    private final RecordSender sender;
    private final ChurnScores scores = new ChurnScores();
    private final Anomalies anomalies = new Anomalies();
    private final OrderEvents orders = new OrderEvents();
    private final Thread thread;
    private volatile boolean running = true;

    DemoStream(RecordSender sender) {
        this.sender = sender;
        this.thread = new Thread(this::run, "sandbox-demo-stream");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void stop() {
        running = false;
        thread.interrupt();
    }

    private void run() {
        try {
            for (int tick = 0; running; tick++) {
                for (int i = 0; i < SCORES_PER_TICK; i++) {
                    KeyedValue score = scores.next();
                    sender.send(
                            ChurnScores.TOPIC,
                            score.key(),
                            tick == MALFORMED_AT_TICK && i == 0 ? ChurnScores.MALFORMED : score.value());
                }
                KeyedValue order = orders.next();
                sender.send(OrderEvents.TOPIC, order.key(), order.value());
                if (tick % TICKS_PER_ANOMALY == 0) {
                    KeyedValue alert = anomalies.next();
                    sender.send(Anomalies.TOPIC, alert.key(), alert.value());
                }
                Thread.sleep(1_000); // the demo's pace: a trickle a person can watch
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (running) {
                log.warn("The demo stream stopped: {}", e.getMessage());
            }
        }
    }
}

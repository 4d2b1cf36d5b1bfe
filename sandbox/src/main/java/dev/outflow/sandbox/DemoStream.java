package dev.outflow.sandbox;

import java.util.Locale;
import java.util.Random;

import dev.outflow.connect.testkit.ConnectHarness;

/** Churn scores for a few hundred customers, a small batch a second, and one malformed record. */
final class DemoStream {

    private static final int CUSTOMERS = 300;
    private static final int PER_TICK = 5;
    private static final int MALFORMED_AT_TICK = 3;

    private final ConnectHarness connect;
    private final Thread thread;
    private volatile boolean running = true;

    DemoStream(ConnectHarness connect) {
        this.connect = connect;
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
        Random random = new Random(42);
        int tick = 0;
        while (running) {
            int first = tick * PER_TICK;
            boolean malformed = tick == MALFORMED_AT_TICK;
            connect.produce(Sandbox.TOPIC, 3, PER_TICK, i -> "customer-" + (first + i) % CUSTOMERS,
                    i -> malformed && i == 0 ? "{\"customer\": \"oops\", score: }" : score(first + i, random));
            tick++;
            try {
                Thread.sleep(1_000); // the demo's pace: a trickle a person can watch
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static String score(int n, Random random) {
        double score = Math.round(random.nextDouble() * 1000) / 1000.0;
        String segment = score > 0.7 ? "at-risk" : score > 0.4 ? "watch" : "healthy";
        return String.format(Locale.ROOT, "{\"customer\":\"customer-%d\",\"churn_score\":%.3f,\"segment\":\"%s\",\"plan\":\"%s\",\"seats\":%d}",
                n % CUSTOMERS, score, segment, n % 3 == 0 ? "enterprise" : "team", 1 + n % 40);
    }
}

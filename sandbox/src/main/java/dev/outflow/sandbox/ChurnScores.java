package dev.outflow.sandbox;

import java.util.Locale;
import java.util.Random;

/** Churn scores for a few hundred customers, as JSON text; one record is malformed on purpose. */
final class ChurnScores {

    static final String TOPIC = "churn-scores";
    static final int CUSTOMERS = 300;

    /** Not JSON: the Sheets connector cannot read it and sends it to the dead-letter queue. */
    static final String MALFORMED = "{\"customer\": \"customer-15\", \"churn_score\": }";

    private final Random random = new Random(42);
    private int next;

    /** The next score, keyed by customer. */
    KeyedValue next() {
        int n = next++;
        double score = Math.round(random.nextDouble() * 1000) / 1000.0;
        String segment = score > 0.7 ? "at-risk" : score > 0.4 ? "watch" : "healthy";
        return new KeyedValue(
                "customer-" + n % CUSTOMERS,
                String.format(
                        Locale.ROOT,
                        "{\"customer\":\"customer-%d\",\"churn_score\":%.3f,\"segment\":\"%s\",\"plan\":\"%s\",\"seats\":%d}",
                        n % CUSTOMERS,
                        score,
                        segment,
                        n % 3 == 0 ? "enterprise" : "team",
                        1 + n % 40));
    }
}

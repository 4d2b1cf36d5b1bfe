package dev.outflow.sandbox;

import java.util.Locale;
import java.util.Random;

/**
 * Churn scores for a few hundred customers, as JSON text; one record is malformed on purpose. An
 * at-risk score names the customer's company ({@value #COMPANY_FIELD}), so the HubSpot demo connector
 * associates that contact with its company for the account manager; other scores leave it out.
 */
final class ChurnScores {

    static final String TOPIC = "churn-scores";
    static final int CUSTOMERS = 300;
    static final String COMPANY_FIELD = "company";

    /** Not JSON: the connectors cannot read it and send it to their dead-letter queues. */
    static final String MALFORMED = "{\"customer\": \"customer-15\", \"churn_score\": }";

    private final Random random = new Random(42);
    private int next;

    /** The next score, keyed by customer. */
    KeyedValue next() {
        int n = next++;
        int customer = n % CUSTOMERS;
        double score = Math.round(random.nextDouble() * 1000) / 1000.0;
        String segment = score > 0.7 ? "at-risk" : score > 0.4 ? "watch" : "healthy";
        String company = segment.equals("at-risk")
                ? ",\"" + COMPANY_FIELD + "\":\"" + DemoCompanies.of(customer).key() + "\""
                : "";
        return new KeyedValue(
                "customer-" + customer,
                String.format(
                        Locale.ROOT,
                        "{\"customer\":\"customer-%d\",\"email\":\"customer-%d@%s\",\"churn_score\":%.3f,"
                                + "\"segment\":\"%s\",\"plan\":\"%s\",\"seats\":%d%s}",
                        customer,
                        customer,
                        DemoCompanies.of(customer).domain(),
                        score,
                        segment,
                        n % 3 == 0 ? "enterprise" : "team",
                        1 + n % 40,
                        company));
    }
}

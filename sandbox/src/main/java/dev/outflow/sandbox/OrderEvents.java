package dev.outflow.sandbox;

import java.util.Locale;

/**
 * Order events as JSON text, for the HTTP demo connector: each order is placed, paid and shipped, one
 * event at a time. One event, early on, has a negative quantity; the demo orders API refuses it (see
 * {@link OrdersApi}) and it goes to the dead-letter queue while the events around it are delivered.
 */
final class OrderEvents {

    static final String TOPIC = "order-events";
    static final int PARTITIONS = 2;
    /** The number of the event (counting from 0) that the orders API refuses. */
    static final int REFUSED_EVENT = 4;

    private static final String[] STEPS = {"placed", "paid", "shipped"};
    private static final String[] CURRENCIES = {"EUR", "USD", "GBP"};

    private int next;

    /** The next event, keyed by its order, so that an order's events stay in order in one partition. */
    KeyedValue next() {
        int n = next++;
        int order = 1000 + n / STEPS.length;
        int quantity = n == REFUSED_EVENT ? -1 : 1 + order % 4;
        return new KeyedValue(
                "order-" + order,
                String.format(
                        Locale.ROOT,
                        "{\"order_id\":\"order-%d\",\"event\":\"%s\",\"quantity\":%d,\"amount\":%.2f,\"currency\":\"%s\"}",
                        order,
                        STEPS[n % STEPS.length],
                        quantity,
                        quantity * 19.9,
                        CURRENCIES[order % CURRENCIES.length]));
    }
}

package dev.outflow.sandbox;

import java.util.function.Function;

import dev.outflow.connect.testkit.http.Answer;
import dev.outflow.connect.testkit.http.RecordedRequest;

/**
 * How the test receiver answers: on {@value #PATH} as a small orders API that validates what it gets
 * and refuses a request holding an order event with a negative quantity (422 with a problem document,
 * as an API that checks its input does); 200 to anything else, for a connector of the user's own.
 */
final class OrdersApi implements Function<RecordedRequest, Answer> {

    static final String PATH = "/demo/orders/events";

    @Override
    public Answer apply(RecordedRequest request) {
        if (request.path().equals(PATH) && request.bodyText().contains("\"quantity\":-")) {
            return Answer.status(422)
                    .withHeader("Content-Type", "application/problem+json")
                    .withBody("{\"type\":\"about:blank\",\"title\":\"Unprocessable order event\","
                            + "\"detail\":\"quantity must be positive\"}");
        }
        return Answer.ok();
    }
}

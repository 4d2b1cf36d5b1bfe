package dev.outflow.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.outflow.connect.testkit.http.Answer;
import dev.outflow.connect.testkit.http.RecordedRequest;

/** The HTTP demo's data and its API: exactly one event of the stream is one the orders API refuses. */
class OrdersApiTest {

    private final OrdersApi api = new OrdersApi();

    private static RecordedRequest post(String path, String body) {
        return new RecordedRequest("POST", path, Map.of(), body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void refusesABatchHoldingTheBadEventWith422AndAProblemDocument() {
        List<KeyedValue> events = events(OrderEvents.REFUSED_EVENT + 3);
        String batch = String.join("\n", events.stream().map(KeyedValue::value).toList());

        Answer answer = api.apply(post(OrdersApi.PATH, batch));

        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.headers()).containsEntry("Content-Type", List.of("application/problem+json"));
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).contains("quantity must be positive");
    }

    @Test
    void acceptsEveryOtherEventAndAnythingSentElsewhere() {
        List<KeyedValue> events = events(30);
        for (int i = 0; i < events.size(); i++) {
            boolean refused =
                    !api.apply(post(OrdersApi.PATH, events.get(i).value())).applies();
            assertThat(refused).as("event %d refused", i).isEqualTo(i == OrderEvents.REFUSED_EVENT);
        }
        assertThat(api.apply(post(
                        "/my-own-plugin", events.get(OrderEvents.REFUSED_EVENT).value())))
                .isEqualTo(Answer.ok());
    }

    @Test
    void keysEveryEventOfAnOrderAlikeSoTheyStayInOrderInOnePartition() {
        List<KeyedValue> events = events(6);

        assertThat(events)
                .extracting(KeyedValue::key)
                .containsExactly("order-1000", "order-1000", "order-1000", "order-1001", "order-1001", "order-1001");
        assertThat(events.get(0).value()).contains("\"event\":\"placed\"");
        assertThat(events.get(2).value()).contains("\"event\":\"shipped\"");
    }

    private static List<KeyedValue> events(int count) {
        OrderEvents stream = new OrderEvents();
        List<KeyedValue> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(stream.next());
        }
        return events;
    }
}

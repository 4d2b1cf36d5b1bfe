package dev.outflow.connect.testkit.hubspot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HubSpotEmulatorFaultsTest extends HubSpotEmulatorTestBase {

    private static final String UPSERT = "/crm/v3/objects/contacts/batch/upsert";
    private static final String BODY = inputs(upsertContact("a@example.com", "{}", null));

    @BeforeEach
    void unlimited() {
        hubspot.rateLimits().disable();
    }

    @Test
    void serverErrorsApplyNothingForTheNextNRequests() {
        hubspot.failNext(2, HubSpotFault.serviceUnavailable());

        Answer first = post(UPSERT, BODY);
        Answer second = post(UPSERT, BODY);
        Answer third = post(UPSERT, BODY);

        assertThat(first.status()).isEqualTo(503);
        assertThat(first.json().path("status").asText()).isEqualTo("error");
        assertThat(second.status()).isEqualTo(503);
        assertThat(third.status()).isEqualTo(200);
        assertThat(hubspot.requests())
                .extracting(RecordedRequest::outcome)
                .containsExactly("fault:http_status", "fault:http_status", "ok");
    }

    @Test
    void aFaultCanTargetOnePath() {
        hubspot.failNext(1, HubSpotFault.serverError(), "/batch/upsert");

        Answer read = post("/crm/v3/objects/contacts/batch/read", "{\"inputs\":[]}");
        Answer upsert = post(UPSERT, BODY);

        assertThat(read.status()).isEqualTo(200);
        assertThat(upsert.status()).isEqualTo(500);
        assertThat(hubspot.objects("contacts")).isEmpty();
    }

    @Test
    void aConnectionResetAnswersNothingAndAppliesNothing() {
        hubspot.failNext(1, HubSpotFault.connectionReset());

        Throwable t = catchThrowable(() -> post(UPSERT, BODY));

        assertThat(t).isInstanceOf(UncheckedIOException.class);
        assertThat(hubspot.objects("contacts")).isEmpty();
        assertThat(hubspot.requests()).singleElement().satisfies(r -> {
            assertThat(r.status()).isZero();
            assertThat(r.outcome()).isEqualTo("fault:connection_reset");
        });
    }

    @Test
    void appliedButLostWritesAndAnswersNothing() {
        hubspot.failNext(1, HubSpotFault.appliedButResponseLost());

        Throwable t = catchThrowable(() -> post(UPSERT, BODY));

        assertThat(t).isInstanceOf(UncheckedIOException.class);
        assertThat(hubspot.objects("contacts"))
                .extracting(c -> c.property("email"))
                .containsExactly("a@example.com");
        assertThat(hubspot.requests())
                .singleElement()
                .satisfies(r -> assertThat(r.outcome()).isEqualTo("fault:applied_but_lost"));
    }

    @Test
    void aDelayedRequestIsStillAppliedAfterItsClientGaveUp() throws Exception {
        hubspot.failNext(1, HubSpotFault.delay(Duration.ofMillis(600)));

        Throwable t = catchThrowable(() -> send(request(UPSERT, token)
                .timeout(Duration.ofMillis(100))
                .POST(HttpRequest.BodyPublishers.ofString(BODY))));

        assertThat(t).hasRootCauseInstanceOf(HttpTimeoutException.class);
        assertThat(hubspot.awaitRequests(1, Duration.ofSeconds(10))).isTrue();
        assertThat(hubspot.objects("contacts")).hasSize(1);
        assertThat(hubspot.requests())
                .singleElement()
                .satisfies(r -> assertThat(r.status()).isEqualTo(200));
    }
}

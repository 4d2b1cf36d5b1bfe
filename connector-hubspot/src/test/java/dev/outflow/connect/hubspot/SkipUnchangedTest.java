package dev.outflow.connect.hubspot;

import static dev.outflow.connect.hubspot.HubSpotTestSupport.props;
import static dev.outflow.connect.hubspot.HubSpotTestSupport.started;
import static dev.outflow.connect.hubspot.HubSpotTestSupport.tombstone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchException;

import java.util.List;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.outflow.connect.core.api.Row;
import dev.outflow.connect.core.api.Rows;
import dev.outflow.connect.core.api.WriteResult;
import dev.outflow.connect.testkit.ManualClock;
import dev.outflow.connect.testkit.hubspot.HubSpotEmulator;
import dev.outflow.connect.testkit.hubspot.HubSpotFault;
import dev.outflow.connect.testkit.hubspot.PropertyDefinition;
import dev.outflow.connect.testkit.hubspot.RecordedRequest;

/** hubspot.skip.unchanged.*: what HubSpot accepted is not sent again, and nothing else is remembered. */
class SkipUnchangedTest {

    private final ManualClock clock = new ManualClock();
    private HubSpotEmulator hubspot;
    private String token;
    /** Each row at the next offset, as a stream that re-emits records would deliver them. */
    private long offset;

    @BeforeEach
    void start() {
        hubspot = new HubSpotEmulator(clock);
        token = hubspot.createToken(HubSpotEmulator.ALL_SCOPES);
        hubspot.defineProperty("contacts", PropertyDefinition.number("score"));
        hubspot.defineProperty("contacts", PropertyDefinition.enumeration("tier", "gold", "silver"));
    }

    @AfterEach
    void stop() {
        hubspot.close();
    }

    private HubSpotDestination destination(String... extra) {
        String[] skip = {HubSpotConfig.SKIP_UNCHANGED_ENABLED, "true"};
        String[] all = new String[skip.length + extra.length];
        System.arraycopy(skip, 0, all, 0, skip.length);
        System.arraycopy(extra, 0, all, skip.length, extra.length);
        return started(props(hubspot, token, all), clock);
    }

    private List<Row> rows(String... json) {
        Row[] rows = new Row[json.length];
        for (int i = 0; i < json.length; i++) {
            rows[i] = Rows.fromJson(HubSpotTestSupport.TOPIC, 0, offset++, json[i]);
        }
        return List.of(rows);
    }

    private int upserts() {
        return hubspot.requests("/batch/upsert").size();
    }

    /** The e-mail addresses of the inputs of the last upsert request. */
    private List<String> lastUpsertIds() throws Exception {
        List<RecordedRequest> sent = hubspot.requests("/batch/upsert");
        return new ObjectMapper()
                .readTree(sent.get(sent.size() - 1).body())
                .path("inputs")
                .findValuesAsText("id");
    }

    @Test
    void aRecordEqualToWhatHubSpotAcceptedIsWrittenWithoutARequestAndOnlyChangedObjectsAreSent() throws Exception {
        HubSpotDestination destination = destination();
        destination.write(
                "default",
                rows("{\"email\":\"a@example.com\",\"score\":1}", "{\"email\":\"b@example.com\",\"score\":2}"));
        int before = upserts();

        WriteResult same = destination.write("default", rows("{\"email\":\"A@example.com\",\"score\":1}"));
        assertThat(same.rejected()).isEmpty();
        assertThat(same.handled()).isEqualTo(WriteResult.ALL);
        assertThat(upserts()).as("a batch of unchanged rows sends nothing").isEqualTo(before);

        WriteResult mixed = destination.write(
                "default",
                rows("{\"email\":\"a@example.com\",\"score\":1}", "{\"email\":\"b@example.com\",\"score\":3}"));
        assertThat(mixed.rejected()).isEmpty();
        assertThat(upserts()).isEqualTo(before + 1);
        assertThat(lastUpsertIds()).containsExactly("b@example.com");
        assertThat(hubspot.findBy("contacts", "email", "b@example.com")
                        .orElseThrow()
                        .property("score"))
                .isEqualTo("3");
    }

    @Test
    void withoutTheKeyEveryRecordIsSent() throws Exception {
        HubSpotDestination destination = started(props(hubspot, token), clock);
        destination.write("default", rows("{\"email\":\"a@example.com\",\"score\":1}"));
        destination.write("default", rows("{\"email\":\"a@example.com\",\"score\":1}"));

        assertThat(upserts()).isEqualTo(2);
    }

    @Test
    void aRowHubSpotRejectedIsNotRemembered() throws Exception {
        HubSpotDestination destination = destination();
        String bad = "{\"email\":\"a@example.com\",\"tier\":\"platinum\"}";
        assertThat(destination.write("default", rows(bad)).rejected()).containsOnlyKeys(0);

        WriteResult again = destination.write("default", rows(bad));

        assertThat(again.rejected()).as("sent again, and refused again").containsOnlyKeys(0);
        assertThat(upserts()).isEqualTo(2);
    }

    @Test
    void aFailedWriteForgetsTheObjectSinceItMayHaveBeenApplied() throws Exception {
        HubSpotDestination destination = destination();
        destination.write("default", rows("{\"email\":\"a@example.com\",\"score\":1}"));
        hubspot.failNext(1, HubSpotFault.appliedButResponseLost(), "/batch/upsert");
        assertThat(catchException(
                        () -> destination.write("default", rows("{\"email\":\"a@example.com\",\"score\":2}"))))
                .isNotNull();
        assertThat(hubspot.findBy("contacts", "email", "a@example.com")
                        .orElseThrow()
                        .property("score"))
                .as("applied though its answer was lost")
                .isEqualTo("2");

        destination.write("default", rows("{\"email\":\"a@example.com\",\"score\":1}"));

        assertThat(hubspot.findBy("contacts", "email", "a@example.com")
                        .orElseThrow()
                        .property("score"))
                .isEqualTo("1");
    }

    @Test
    void afterARebalanceNothingIsSkippedSinceAnotherTaskMayHaveWrittenTheObjects() throws Exception {
        HubSpotDestination destination = destination();
        String row = "{\"email\":\"a@example.com\",\"score\":1}";
        destination.write("default", rows(row));
        // meanwhile the partition was another task's, which wrote a newer value
        destination().write("default", rows("{\"email\":\"a@example.com\",\"score\":2}"));

        destination.partitionsOpened(List.of(new TopicPartition("scores", 0)));
        destination.write("default", rows(row));

        assertThat(upserts()).isEqualTo(3);
        assertThat(hubspot.findBy("contacts", "email", "a@example.com")
                        .orElseThrow()
                        .property("score"))
                .isEqualTo("1");
    }

    @Test
    void aTombstoneForgetsItsObject() throws Exception {
        HubSpotDestination destination =
                destination(HubSpotConfig.DELETE_BEHAVIOR, "archive", "behavior.on.null.values", "delete");
        String row = "{\"email\":\"a@example.com\",\"score\":1}";
        destination.write("default", rows(row));
        destination.write("default", List.of(tombstone("a@example.com", offset++)));
        assertThat(hubspot.findBy("contacts", "email", "a@example.com")).isEmpty();

        destination.write("default", rows(row));

        assertThat(hubspot.findBy("contacts", "email", "a@example.com")).isPresent();
    }

    @Test
    void atMostMaxKeysAreRememberedTheLeastRecentlyWrittenForgottenFirst() throws Exception {
        HubSpotDestination destination = destination(HubSpotConfig.SKIP_UNCHANGED_MAX_KEYS, "2");
        String a = "{\"email\":\"a@example.com\",\"score\":1}";
        String b = "{\"email\":\"b@example.com\",\"score\":1}";
        String c = "{\"email\":\"c@example.com\",\"score\":1}";
        destination.write("default", rows(a, b, c));
        int before = upserts();

        destination.write("default", rows(b, c));
        assertThat(upserts()).as("b and c remembered").isEqualTo(before);

        destination.write("default", rows(a, b, c));
        assertThat(upserts()).isEqualTo(before + 1);
        assertThat(lastUpsertIds()).as("a was forgotten").containsExactly("a@example.com");
    }
}

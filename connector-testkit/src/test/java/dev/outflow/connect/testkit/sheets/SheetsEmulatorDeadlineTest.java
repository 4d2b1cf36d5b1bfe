package dev.outflow.connect.testkit.sheets;

import static dev.outflow.connect.testkit.sheets.EmulatorClients.apiError;
import static dev.outflow.connect.testkit.sheets.EmulatorClients.batch;
import static dev.outflow.connect.testkit.sheets.EmulatorClients.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.services.sheets.v4.Sheets;
import com.google.api.services.sheets.v4.model.AddSheetRequest;
import com.google.api.services.sheets.v4.model.AppendCellsRequest;
import com.google.api.services.sheets.v4.model.BatchUpdateSpreadsheetResponse;
import com.google.api.services.sheets.v4.model.DeleteSheetRequest;
import com.google.api.services.sheets.v4.model.GridProperties;
import com.google.api.services.sheets.v4.model.Request;
import com.google.api.services.sheets.v4.model.SheetProperties;
import com.google.api.services.sheets.v4.model.UpdateSheetPropertiesRequest;

import dev.outflow.connect.testkit.ConnectHarness;

/**
 * The server deadline ("When Sheets processes a request for more than 180 seconds, the request
 * returns a timeout error") and the "applied late" faults: a request answered with the timeout that
 * is applied afterwards, validated against the spreadsheet as it is by then.
 */
class SheetsEmulatorDeadlineTest {

    static final Duration WAIT = Duration.ofSeconds(20);

    SheetsEmulator emulator;
    String email;
    Sheets sheets;
    String id;
    int fence;
    final ExecutorService pool = Executors.newCachedThreadPool();

    @BeforeEach
    void start() throws Exception {
        emulator = new SheetsEmulator();
        String key = emulator.createServiceAccount("connector");
        email = emulator.serviceAccountEmail("connector");
        sheets = EmulatorClients.sheets(emulator, key);
        id = emulator.createSpreadsheet("deadline", email);
        emulator.renameTab(id, "Sheet1", "A");
        // a small hidden fence tab, as the connector creates them
        BatchUpdateSpreadsheetResponse added = batch(
                sheets,
                id,
                new Request()
                        .setAddSheet(new AddSheetRequest()
                                .setProperties(new SheetProperties()
                                        .setTitle("fence")
                                        .setHidden(true)
                                        .setGridProperties(new GridProperties()
                                                .setRowCount(1)
                                                .setColumnCount(1)))));
        fence = added.getReplies().get(0).getAddSheet().getProperties().getSheetId();
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
        emulator.close();
    }

    static Request append(Object... values) {
        return new Request()
                .setAppendCells(new AppendCellsRequest()
                        .setSheetId(0)
                        .setRows(List.of(row(values)))
                        .setFields("userEnteredValue"));
    }

    static Request fenced(int sheetId) {
        return new Request()
                .setUpdateSheetProperties(new UpdateSheetPropertiesRequest()
                        .setProperties(new SheetProperties().setSheetId(sheetId).setHidden(true))
                        .setFields("hidden"));
    }

    Future<BatchUpdateSpreadsheetResponse> async(Request... requests) {
        return pool.submit(() -> batch(sheets, id, requests));
    }

    static GoogleJsonResponseException failure(Future<?> call) throws InterruptedException {
        try {
            call.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(GoogleJsonResponseException.class);
            return (GoogleJsonResponseException) e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no answer", e);
        }
        throw new AssertionError("the call succeeded");
    }

    static void assertDeadlineAnswer(GoogleJsonResponseException e) {
        assertThat(e.getStatusCode()).isEqualTo(504);
        assertThat(e.getDetails().getCode()).isEqualTo(504);
        assertThat(e.getDetails().get("status")).isEqualTo("DEADLINE_EXCEEDED");
        assertThat(e.getDetails().getMessage()).isEqualTo("Deadline expired before operation could complete.");
        assertThat(e.getDetails().getErrors().get(0).getReason()).isEqualTo("backendError");
    }

    @Test
    void aHeldWriteAnsweredAtTheDeadlineIsValidatedAgainstTheSheetAsItIsWhenReleased() throws Exception {
        emulator.setServerDeadline(Duration.ofSeconds(1));
        emulator.failMatching(c -> c.operation() == ApiCall.Operation.BATCH_UPDATE, 1, SheetsFault.heldUntilReleased());
        Future<BatchUpdateSpreadsheetResponse> write = async(append("late"), fenced(fence));
        assertThat(emulator.awaitHeld(1, WAIT)).isTrue();

        assertDeadlineAnswer(failure(write));
        assertThat(emulator.heldCount()).as("answered, still held").isEqualTo(1);
        assertThat(emulator.awaitIdle(Duration.ZERO))
                .as("a held request is in flight")
                .isFalse();

        // the fence is taken down meanwhile (the deleteSheet is not held: the rule was used up)
        batch(sheets, id, new Request().setDeleteSheet(new DeleteSheetRequest().setSheetId(fence)));
        assertThat(emulator.releaseHeld()).isEqualTo(1);

        String refusal = "Invalid requests[1].updateSheetProperties: No sheet with id: " + fence;
        assertThat(emulator.lateWrites(id)).containsExactly(new LateWrite(400, refusal));
        assertThat(emulator.heldOutcomes(id))
                .containsExactly(new HeldOutcome(ApiCall.Operation.BATCH_UPDATE, 400, refusal, true));
        assertThat(emulator.values(id, "A"))
                .as("refused whole: nothing of it applied")
                .isEmpty();
        assertThat(emulator.heldCount()).isZero();
        assertThat(emulator.awaitIdle(WAIT)).isTrue();
        assertThat(emulator.stats(id).serverErrors()).isEqualTo(1);
    }

    @Test
    void aHeldWriteReleasedBeforeTheDeadlineIsAnsweredNormallyAndRecorded() throws Exception {
        emulator.failNext(1, SheetsFault.heldUntilReleased());
        Future<BatchUpdateSpreadsheetResponse> write = async(append("in time"), fenced(fence));
        assertThat(emulator.awaitHeld(1, WAIT)).isTrue();
        assertThat(emulator.values(id, "A")).isEmpty();
        assertThat(emulator.releaseHeld()).isEqualTo(1);

        assertThat(write.get(WAIT.toSeconds(), TimeUnit.SECONDS).getReplies()).hasSize(2);
        assertThat(emulator.values(id, "A")).containsExactly(List.of("in time"));
        assertThat(emulator.lateWrites(id)).isEmpty();
        assertThat(emulator.heldOutcomes(id))
                .containsExactly(new HeldOutcome(ApiCall.Operation.BATCH_UPDATE, 200, null, false));
    }

    @Test
    void aStallPastTheDeadlineIsAnsweredAtTheDeadlineAndAppliedWhenItEnds() throws Exception {
        emulator.setServerDeadline(Duration.ofSeconds(1));
        emulator.failNext(1, SheetsFault.stall(Duration.ofSeconds(4)));
        long start = System.nanoTime();
        GoogleJsonResponseException e = apiError(() -> batch(sheets, id, append("applied late"), fenced(fence)));
        Duration waited = Duration.ofNanos(System.nanoTime() - start);

        assertDeadlineAnswer(e);
        assertThat(waited).isBetween(Duration.ofMillis(900), Duration.ofMillis(3500));
        assertThat(emulator.values(id, "A")).as("not applied at the deadline").isEmpty();
        assertThat(emulator.awaitIdle(WAIT)).isTrue();
        assertThat(emulator.values(id, "A"))
                .as("applied when the stall ended")
                .containsExactly(List.of("applied late"));
        assertThat(emulator.lateWrites(id)).containsExactly(new LateWrite(200, null));
        assertThat(emulator.stats(id).writesApplied()).isEqualTo(2); // the fence's addSheet, then the late one
    }

    @Test
    void aStallWithinTheDeadlineIsAnsweredNormallyAndRecorded() throws Exception {
        emulator.setServerDeadline(Duration.ofSeconds(5));
        emulator.failNext(1, SheetsFault.stall(Duration.ofMillis(300)));
        batch(sheets, id, append("stalled"));
        assertThat(emulator.values(id, "A")).containsExactly(List.of("stalled"));
        assertThat(emulator.lateWrites(id)).isEmpty();
        assertThat(emulator.heldOutcomes(id))
                .containsExactly(new HeldOutcome(ApiCall.Operation.BATCH_UPDATE, 200, null, false));
    }

    @Test
    void releaseHeldLetsHeldRequestsProceedInArrivalOrder() throws Exception {
        emulator.failNext(2, SheetsFault.heldUntilReleased());
        Future<BatchUpdateSpreadsheetResponse> first = async(append("first"));
        assertThat(emulator.awaitHeld(1, WAIT)).isTrue();
        Future<BatchUpdateSpreadsheetResponse> second = async(append("second"));
        assertThat(emulator.awaitHeld(2, WAIT)).isTrue();

        assertThat(emulator.releaseHeld()).isEqualTo(2);
        first.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        second.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(emulator.values(id, "A")).containsExactly(List.of("first"), List.of("second"));
        assertThat(emulator.releaseHeld()).isZero();
    }

    @Test
    void aHeldWriteIsAppliedWhenReleasedAfterItsClientHasGone() throws Exception {
        emulator.setServerDeadline(Duration.ofSeconds(1));
        emulator.failNext(1, SheetsFault.heldUntilReleased());
        String token = emulator.issueAccessToken(email);
        byte[] body =
                ("{\"requests\":[{\"appendCells\":{\"sheetId\":0,\"fields\":\"userEnteredValue\",\"rows\":[{\"values\":"
                                + "[{\"userEnteredValue\":{\"stringValue\":\"orphan\"}}]}]}}]}")
                        .getBytes(StandardCharsets.UTF_8);
        // a client whose process is killed: it sends the request and its socket closes
        try (Socket socket = new Socket("127.0.0.1", emulator.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v4/spreadsheets/" + id
                            + ":batchUpdate HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                            + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            assertThat(emulator.awaitHeld(1, WAIT)).isTrue();
        }
        // the deadline answer goes to nobody
        ConnectHarness.await("the deadline answer", () -> emulator.stats(id).serverErrors() == 1, WAIT);
        assertThat(emulator.values(id, "A")).isEmpty();

        assertThat(emulator.releaseHeld()).isEqualTo(1);
        assertThat(emulator.values(id, "A")).containsExactly(List.of("orphan"));
        assertThat(emulator.lateWrites(id)).containsExactly(new LateWrite(200, null));
    }

    @Test
    void closeDoesNotWaitForHeldRequestsAndAppliesNothing() throws Exception {
        SheetsEmulator other = new SheetsEmulator();
        other.createSpreadsheet("closing", email);
        other.acceptFixedToken("fixed-token", email);
        other.failNext(1, SheetsFault.heldUntilReleased());
        CompletableFuture<HttpResponse<String>> pending = HttpClient.newHttpClient()
                .sendAsync(
                        HttpRequest.newBuilder(URI.create(other.rootUrl() + "v4/spreadsheets/closing:batchUpdate"))
                                .header("Authorization", "Bearer fixed-token")
                                .header("Content-Type", "application/json")
                                .POST(
                                        HttpRequest.BodyPublishers.ofString(
                                                "{\"requests\":[{\"appendCells\":{\"sheetId\":0,\"fields\":"
                                                        + "\"userEnteredValue\",\"rows\":[{\"values\":[{\"userEnteredValue\":{\"stringValue\":\"x\"}}]}]}}]}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(other.awaitHeld(1, WAIT)).isTrue();

        assertTimeoutPreemptively(Duration.ofSeconds(5), other::close);
        assertThat(other.values("closing", "Sheet1")).isEmpty();
        assertThat(other.heldOutcomes("closing")).isEmpty();
        pending.cancel(true);
    }

    // ---- sheet-level requests as the connector's fences use them ----

    @Test
    void fenceTabsAreHiddenAndSheetLevelRequestsOnAMissingSheetSayNoSheetWithId() throws Exception {
        var props = sheets.spreadsheets().get(id).execute().getSheets().get(1).getProperties();
        assertThat(props.getHidden()).isTrue();
        assertThat(props.getGridProperties().getRowCount()).isEqualTo(1);
        assertThat(props.getGridProperties().getColumnCount()).isEqualTo(1);
        assertThat(batch(sheets, id, fenced(fence)).getReplies()).hasSize(1); // already hidden: a no-op, allowed
        String fenceTitle = props.getTitle();
        assertThat(emulator.tabs(id)).contains(fenceTitle);
        assertThat(emulator.visibleTabs(id)).doesNotContain(fenceTitle).isNotEmpty();

        EmulatorClients.assertApiError(
                () -> batch(sheets, id, fenced(4242)),
                400,
                "INVALID_ARGUMENT",
                "Invalid requests[0].updateSheetProperties: No sheet with id: 4242");
        EmulatorClients.assertApiError(
                () -> batch(sheets, id, new Request().setDeleteSheet(new DeleteSheetRequest().setSheetId(4242))),
                400,
                "INVALID_ARGUMENT",
                "Invalid requests[0].deleteSheet: No sheet with id: 4242");
        // a hidden sheet is not visible: the last visible one can be neither hidden nor deleted
        EmulatorClients.assertApiError(
                () -> batch(sheets, id, fenced(0)),
                400,
                "INVALID_ARGUMENT",
                "Invalid requests[0].updateSheetProperties: You can't hide all the sheets in a document.");
        EmulatorClients.assertApiError(
                () -> batch(sheets, id, new Request().setDeleteSheet(new DeleteSheetRequest().setSheetId(0))),
                400,
                "INVALID_ARGUMENT",
                "Invalid requests[0].deleteSheet: You can't remove all the visible sheets in a document.");
        batch(sheets, id, new Request().setDeleteSheet(new DeleteSheetRequest().setSheetId(fence)));
        EmulatorClients.assertApiError(
                () -> batch(sheets, id, new Request().setDeleteSheet(new DeleteSheetRequest().setSheetId(0))),
                400,
                "INVALID_ARGUMENT",
                "Invalid requests[0].deleteSheet: You can't remove all the sheets in a document.");
        assertThat(emulator.tabs(id)).containsExactly("A");
    }
}

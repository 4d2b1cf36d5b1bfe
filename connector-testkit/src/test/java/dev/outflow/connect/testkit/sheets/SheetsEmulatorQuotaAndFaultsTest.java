package dev.outflow.connect.testkit.sheets;

import static dev.outflow.connect.testkit.sheets.EmulatorClients.apiError;
import static dev.outflow.connect.testkit.sheets.EmulatorClients.assertApiError;
import static dev.outflow.connect.testkit.sheets.EmulatorClients.batch;
import static dev.outflow.connect.testkit.sheets.EmulatorClients.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.services.sheets.v4.Sheets;
import com.google.api.services.sheets.v4.SheetsScopes;
import com.google.api.services.sheets.v4.model.AppendCellsRequest;
import com.google.api.services.sheets.v4.model.BatchUpdateSpreadsheetRequest;
import com.google.api.services.sheets.v4.model.Request;

import dev.outflow.connect.testkit.ManualClock;

class SheetsEmulatorQuotaAndFaultsTest {

    ManualClock clock = new ManualClock();
    SheetsEmulator emulator;
    String key;
    String email;
    Sheets sheets;
    String id;

    @BeforeEach
    void start() throws Exception {
        emulator = new SheetsEmulator(clock);
        key = emulator.createServiceAccount("connector");
        email = emulator.serviceAccountEmail("connector");
        sheets = EmulatorClients.sheets(emulator, key);
        id = emulator.createSpreadsheet("faults", email);
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    static Request append(Object... values) {
        return new Request()
                .setAppendCells(new AppendCellsRequest()
                        .setSheetId(0)
                        .setRows(List.of(row(values)))
                        .setFields("userEnteredValue"));
    }

    // ---- quota ----

    @Test
    void writeQuotaAnswers429UntilTheNextWindow() throws Exception {
        emulator.setWriteQuotaPerMinute(3);
        for (int i = 0; i < 3; i++) {
            batch(sheets, id, append(i));
        }
        GoogleJsonResponseException e = apiError(() -> batch(sheets, id, append("over")));
        assertThat(e.getStatusCode()).isEqualTo(429);
        assertThat(e.getDetails().get("status")).isEqualTo("RESOURCE_EXHAUSTED");
        assertThat(e.getDetails().getMessage())
                .isEqualTo(
                        "Quota exceeded for quota metric 'Write requests' and limit 'Write requests per minute per user' of"
                                + " service 'sheets.googleapis.com' for consumer 'project_number:123456789012'.");
        @SuppressWarnings("unchecked")
        Map<String, Object> info =
                (Map<String, Object>) ((List<?>) e.getDetails().get("details")).get(0);
        assertThat(info)
                .containsEntry("@type", "type.googleapis.com/google.rpc.ErrorInfo")
                .containsEntry("reason", "RATE_LIMIT_EXCEEDED");
        assertThat(emulator.rateLimitedCount(email)).isEqualTo(1);
        assertThat(emulator.stats(id).rateLimited()).isEqualTo(1);
        assertThat(emulator.stats(id).writesApplied()).isEqualTo(3);

        // reads have their own quota
        assertThat(sheets.spreadsheets().get(id).execute().getSpreadsheetId()).isEqualTo(id);

        clock.advance(Duration.ofSeconds(30));
        assertThat(apiError(() -> batch(sheets, id, append("still over"))).getStatusCode())
                .isEqualTo(429);
        clock.advance(Duration.ofSeconds(30)); // a minute after the first three
        batch(sheets, id, append("next window"));
        assertThat(emulator.values(id, "Sheet1")).hasSize(4);
        assertThat(emulator.rateLimitedCount(email)).isEqualTo(2);
        assertThat(emulator.stats(id)).isEqualTo(new SheetsEmulator.Stats(6, 4, 1, 2, 0, 0, 0));
    }

    @Test
    void quotaIsPerPrincipalAndCanBeTurnedOff() throws Exception {
        emulator.setWriteQuotaPerMinute(1);
        emulator.setReadQuotaPerMinute(1);
        String otherKey = emulator.createServiceAccount("other");
        emulator.share(id, emulator.serviceAccountEmail("other"), SheetsEmulator.Role.WRITER);
        Sheets other = EmulatorClients.sheets(emulator, otherKey);
        batch(sheets, id, append(1));
        batch(other, id, append(2));
        sheets.spreadsheets().values().get(id, "A1").execute();
        GoogleJsonResponseException read =
                apiError(() -> sheets.spreadsheets().values().get(id, "A1").execute());
        assertThat(read.getStatusCode()).isEqualTo(429);
        assertThat(read.getDetails().getMessage()).contains("'Read requests per minute per user'");
        emulator.setQuotaEnforced(false);
        for (int i = 0; i < 5; i++) {
            batch(sheets, id, append(i));
        }
        assertThat(emulator.rateLimitedCount(email)).isEqualTo(1);
        assertThat(emulator.rateLimitedCount(emulator.serviceAccountEmail("other")))
                .isZero();
    }

    @Test
    void theProjectQuotaIsSharedByEveryServiceAccountOfTheProject() throws Exception {
        emulator.setWriteQuotaPerMinute(5);
        emulator.setProjectWriteQuotaPerMinute(3);
        String otherKey = emulator.createServiceAccount("same-project");
        emulator.share(id, emulator.serviceAccountEmail("same-project"), SheetsEmulator.Role.WRITER);
        Sheets other = EmulatorClients.sheets(emulator, otherKey);
        batch(sheets, id, append(1));
        batch(sheets, id, append(2));
        batch(other, id, append(3));
        GoogleJsonResponseException e = apiError(() -> batch(other, id, append("over")));
        assertThat(e.getStatusCode()).isEqualTo(429);
        assertThat(e.getDetails().getMessage())
                .isEqualTo("Quota exceeded for quota metric 'Write requests' and limit 'Write requests per minute' of"
                        + " service 'sheets.googleapis.com' for consumer 'project_number:123456789012'.");
        @SuppressWarnings("unchecked")
        Map<String, Object> info =
                (Map<String, Object>) ((List<?>) e.getDetails().get("details")).get(0);
        @SuppressWarnings("unchecked")
        Map<String, Object> metadata = (Map<String, Object>) info.get("metadata");
        assertThat(metadata)
                .containsEntry("quota_limit", "WriteRequestsPerMinutePerProject")
                .containsEntry("quota_limit_value", "3");
        assertThat(emulator.stats(id).writesApplied())
                .as("each account is under its own limit of 5")
                .isEqualTo(3);

        clock.advance(Duration.ofSeconds(60));
        batch(other, id, append("next window"));
        assertThat(emulator.stats(id).writesApplied()).isEqualTo(4);
    }

    // ---- faults ----

    @Test
    void injected5xxAreSeenByTheClientAndApplyNothing() throws Exception {
        emulator.failNext(1, SheetsFault.internalError());
        assertApiError(() -> batch(sheets, id, append("a")), 500, "INTERNAL", "Internal error encountered.");
        emulator.failNext(1, SheetsFault.unavailable());
        assertApiError(
                () -> batch(sheets, id, append("b")), 503, "UNAVAILABLE", "The service is currently unavailable.");
        emulator.failNext(1, SheetsFault.rateLimited());
        assertThat(apiError(() -> batch(sheets, id, append("c"))).getStatusCode())
                .isEqualTo(429);
        batch(sheets, id, append("d"));
        assertThat(emulator.values(id, "Sheet1")).containsExactly(List.of("d"));
        assertThat(emulator.stats(id)).isEqualTo(new SheetsEmulator.Stats(4, 1, 0, 1, 0, 2, 0));
        assertThat(emulator.rateLimitedCount(email)).isEqualTo(1);
    }

    @Test
    void matchingFaultsHitOnlyTheirRequests() throws Exception {
        emulator.failMatching(
                call -> call.operation() == ApiCall.Operation.BATCH_UPDATE, 2, SheetsFault.internalError());
        sheets.spreadsheets().get(id).execute();
        assertThat(apiError(() -> batch(sheets, id, append("a"))).getStatusCode())
                .isEqualTo(500);
        sheets.spreadsheets().values().get(id, "Sheet1").execute();
        assertThat(apiError(() -> batch(sheets, id, append("b"))).getStatusCode())
                .isEqualTo(500);
        batch(sheets, id, append("c"));
        assertThat(emulator.values(id, "Sheet1")).containsExactly(List.of("c"));
    }

    @Test
    void connectionResetAppliesNothing() throws Exception {
        emulator.failNext(1, SheetsFault.connectionReset());
        assertThatThrownBy(() -> batch(sheets, id, append("lost")))
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(GoogleJsonResponseException.class);
        assertThat(emulator.values(id, "Sheet1")).isEmpty();
        assertThat(emulator.stats(id).dropped()).isEqualTo(1);
        batch(sheets, id, append("after"));
        assertThat(emulator.values(id, "Sheet1")).containsExactly(List.of("after"));
    }

    @Test
    void appliedButResponseLostLeavesTheChangeApplied() throws Exception {
        emulator.failNext(1, SheetsFault.appliedButResponseLost());
        assertThatThrownBy(() -> batch(sheets, id, append("applied")))
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(GoogleJsonResponseException.class);
        assertThat(emulator.values(id, "Sheet1")).containsExactly(List.of("applied"));
        assertThat(emulator.stats(id).writesApplied()).isEqualTo(1);
        assertThat(emulator.stats(id).dropped()).isEqualTo(1);
    }

    @Test
    void aStallOutlastingTheClientTimeoutIsAmbiguous() throws Exception {
        Sheets impatient = EmulatorClients.sheets(
                emulator,
                EmulatorClients.withReadTimeout(
                        EmulatorClients.credentials(key, List.of(SheetsScopes.SPREADSHEETS)), 500));
        impatient.spreadsheets().get(id).execute(); // fetch the token before the stall
        emulator.failNext(1, SheetsFault.stall(Duration.ofMillis(1500)));
        assertThatThrownBy(() -> batch(impatient, id, append("late"))).isInstanceOf(SocketTimeoutException.class);
        assertThat(emulator.awaitIdle(Duration.ofSeconds(10))).isTrue();
        assertThat(emulator.values(id, "Sheet1")).containsExactly(List.of("late"));
    }

    @Test
    void outageAnswers503UntilItEnds() throws Exception {
        emulator.outage(Duration.ofMinutes(2));
        assertApiError(
                () -> sheets.spreadsheets().get(id).execute(),
                503,
                "UNAVAILABLE",
                "The service is currently unavailable.");
        assertApiError(
                () -> batch(sheets, id, append("x")), 503, "UNAVAILABLE", "The service is currently unavailable.");
        clock.advance(Duration.ofMinutes(2));
        batch(sheets, id, append("back"));
        emulator.setServiceDown(true);
        assertThat(apiError(() -> batch(sheets, id, append("down"))).getStatusCode())
                .isEqualTo(503);
        emulator.setServiceDown(false);
        assertThat(emulator.values(id, "Sheet1")).containsExactly(List.of("back"));
        assertThat(emulator.stats(id).serverErrors()).isEqualTo(3);
    }

    // ---- gzip ----

    @Test
    void gzipRequestBodiesAreInflated() throws Exception {
        batch(sheets, id, append("from the client")); // the Google client gzips POST bodies
        assertThat(emulator.gzipBodiesReceived()).isEqualTo(1);

        Sheets.Spreadsheets.BatchUpdate plain = sheets.spreadsheets()
                .batchUpdate(id, new BatchUpdateSpreadsheetRequest().setRequests(List.of(append("plain"))));
        plain.setDisableGZipContent(true);
        plain.execute();
        assertThat(emulator.gzipBodiesReceived()).isEqualTo(1);

        String json = "{\"requests\":[{\"appendCells\":{\"sheetId\":0,\"fields\":\"userEnteredValue\","
                + "\"rows\":[{\"values\":[{\"userEnteredValue\":{\"stringValue\":\"raw gzip\"}}]}]}}]}";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(json.getBytes(StandardCharsets.UTF_8));
        }
        EmulatorClients.Raw raw = EmulatorClients.raw(
                "POST",
                emulator.rootUrl() + "v4/spreadsheets/" + id + ":batchUpdate",
                emulator.issueAccessToken(email),
                bytes.toByteArray(),
                "Content-Type",
                "application/json",
                "Content-Encoding",
                "gzip");
        assertThat(raw.status()).isEqualTo(200);
        assertThat(raw.body().get("spreadsheetId").asText()).isEqualTo(id);
        assertThat(emulator.values(id, "Sheet1"))
                .containsExactly(List.of("from the client"), List.of("plain"), List.of("raw gzip"));
    }
}

package dev.outflow.connect.sheets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.google.api.client.googleapis.json.GoogleJsonError;
import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.client.http.HttpHeaders;
import com.google.api.client.http.HttpResponseException;

import dev.outflow.connect.core.api.ErrorClass;
import dev.outflow.connect.core.api.Failure;

class SheetsErrorsTest {

    private final SheetsErrors errors = new SheetsErrors("sheet-1", "sink@project.iam.gserviceaccount.com");

    private static GoogleJsonResponseException response(int status, String message, String retryAfter) {
        GoogleJsonError details = new GoogleJsonError();
        details.setCode(status);
        details.setMessage(message);
        HttpHeaders headers = new HttpHeaders();
        if (retryAfter != null) {
            headers.setRetryAfter(retryAfter);
        }
        return new GoogleJsonResponseException(new HttpResponseException.Builder(status, "status", headers), details);
    }

    @Test
    void a429IsAThrottleWithItsRetryAfter() {
        Failure failure = errors.classify(response(429, "Quota exceeded", "7"));
        assertThat(failure.errorClass()).isEqualTo(ErrorClass.RETRIABLE);
        assertThat(failure.throttled()).isTrue();
        assertThat(failure.retryAfter()).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void aRefusedRequestIsRejectedWithoutTheQuotedValue() {
        Failure failure = errors.classify(
                response(400, "Invalid value at 'requests[0]' (TYPE_DOUBLE), \"secret-cell-value\"", null));
        assertThat(failure.errorClass()).isEqualTo(ErrorClass.REJECTED);
        assertThat(failure.reason()).startsWith("Sheets API 400: ").doesNotContain("secret-cell-value");
    }

    @Test
    void theCellLimitIsARejection() {
        Failure failure = errors.classify(response(
                400,
                "This action would increase the number of cells in the workbook above the limit of 10000000 cells.",
                null));
        assertThat(failure.errorClass()).isEqualTo(ErrorClass.REJECTED);
        assertThat(failure.reason()).contains("above the limit of 10000000 cells");
    }

    @Test
    void aMissingGridIsRetriedAfterReadingTheTabsAgain() {
        assertThat(errors.classify(response(400, "Invalid requests[0].appendCells: No grid with id: 7", null))
                        .errorClass())
                .isEqualTo(ErrorClass.RETRIABLE);
    }

    @Test
    void aTabAnotherTaskCreatedFirstIsRetriedAfterReadingTheTabsAgain() {
        String message =
                "Invalid requests[0].addSheet: A sheet with the name \"orders\" already exists. Please enter another name.";
        assertThat(errors.classify(response(400, message, null)).errorClass()).isEqualTo(ErrorClass.RETRIABLE);
        assertThat(errors.classify(response(
                                400,
                                "Invalid requests[1].createDeveloperMetadata: Developer metadata with ID 7 already exists.",
                                null))
                        .errorClass())
                .isEqualTo(ErrorClass.REJECTED);
    }

    @Test
    void missingPermissionIsFatalAndSaysWhomToShareWith() {
        Failure failure = errors.classify(response(403, "The caller does not have permission", null));
        assertThat(failure.errorClass()).isEqualTo(ErrorClass.FATAL);
        assertThat(failure.reason())
                .isEqualTo("sink@project.iam.gserviceaccount.com may not edit spreadsheet sheet-1 (403): "
                        + "share the spreadsheet with sink@project.iam.gserviceaccount.com as Editor");
    }

    @Test
    void badCredentialsAndAMissingSpreadsheetAreFatal() {
        assertThat(errors.classify(response(401, "Request had invalid authentication credentials.", null))
                        .errorClass())
                .isEqualTo(ErrorClass.FATAL);
        assertThat(errors.classify(response(404, "Requested entity was not found.", null))
                        .reason())
                .contains("sheets.spreadsheet.id");
    }

    @Test
    void everyServerErrorMayHaveAppliedTheWrite() {
        assertThat(errors.classify(response(500, "Internal error", null)).errorClass())
                .isEqualTo(ErrorClass.AMBIGUOUS);
        assertThat(errors.classify(response(503, "The service is currently unavailable.", null))
                        .errorClass())
                .isEqualTo(ErrorClass.AMBIGUOUS);
        assertThat(errors.classify(response(504, "Deadline expired before operation could complete.", null))
                        .errorClass())
                .isEqualTo(ErrorClass.AMBIGUOUS);
    }

    @Test
    void ioBeforeSendingIsRetriableAfterSendingAmbiguous() {
        assertThat(errors.classify(new ConnectException("Connection refused")).errorClass())
                .isEqualTo(ErrorClass.RETRIABLE);
        assertThat(errors.classify(new SocketTimeoutException("Read timed out")).errorClass())
                .isEqualTo(ErrorClass.AMBIGUOUS);
        assertThat(errors.classify(new IOException("Connection reset")).errorClass())
                .isEqualTo(ErrorClass.AMBIGUOUS);
    }
}

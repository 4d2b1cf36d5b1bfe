package dev.outflow.connect.sheets;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;

import com.google.api.client.googleapis.json.GoogleJsonError;
import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.auth.Retryable;

import dev.outflow.connect.core.api.Failure;
import dev.outflow.connect.core.api.RetryAfter;
import dev.outflow.connect.core.api.TransportFailures;

/**
 * What a Sheets API failure means for the framework (DESIGN.md 3.1). Reasons carry the status and
 * Google's message with quoted values removed: a 400 can echo a cell's value, which is payload.
 */
final class SheetsErrors {

    private static final TransportFailures TRANSPORT =
            new TransportFailures("the Sheets API", SheetsConfig.ROOT_URL, SheetsConfig.REQUEST_TIMEOUT_MS);

    private final String spreadsheetId;
    private final String principal;
    private final Clock clock;

    SheetsErrors(String spreadsheetId, String principal) {
        this(spreadsheetId, principal, Clock.systemUTC());
    }

    /** @param clock now, for a {@code Retry-After} given as a date */
    SheetsErrors(String spreadsheetId, String principal, Clock clock) {
        this.spreadsheetId = spreadsheetId;
        this.principal = principal;
        this.clock = clock;
    }

    Failure classify(Exception error) {
        if (error instanceof GoogleJsonResponseException response) {
            return classify(response);
        }
        if (error instanceof FencedWriteException) {
            return Failure.ambiguous(
                    error.getMessage() + "; the stored offsets are read again before anything is resent");
        }
        if (error instanceof DeadlinePendingException pending) {
            // not a failure: the wait Google's deadline asks for, like a Retry-After
            return Failure.throttled(error.getMessage(), pending.remaining());
        }
        if (error instanceof IOException && error instanceof Retryable auth) {
            // the token endpoint's answer: the request to the Sheets API was never sent
            return auth.isRetryable()
                    ? Failure.retriable("the token endpoint failed: " + safe(error.getMessage()))
                    : Failure.fatal("Google refused the service-account credentials (" + safe(error.getMessage())
                            + "); check " + SheetsConfig.CREDENTIALS_JSON + " or " + SheetsConfig.CREDENTIALS_FILE);
        }
        if (error instanceof IOException io) {
            return TRANSPORT.classify(io);
        }
        return Failure.fatal("an unexpected " + error.getClass().getSimpleName() + " from the Sheets client");
    }

    private Failure classify(GoogleJsonResponseException response) {
        int status = response.getStatusCode();
        GoogleJsonError details = response.getDetails();
        String message = details == null ? response.getStatusMessage() : details.getMessage();
        String reason = "Sheets API " + status + ": " + safe(message);
        return switch (status) {
            case 429 -> Failure.throttled(reason, retryAfter(response));
            case 401 ->
                Failure.fatal("Google refused the credentials (401); check " + SheetsConfig.CREDENTIALS_JSON + " or "
                        + SheetsConfig.CREDENTIALS_FILE);
            case 403 ->
                isQuota(details)
                        ? Failure.throttled(reason, retryAfter(response))
                        : Failure.fatal(principal + " may not edit spreadsheet " + spreadsheetId
                                + " (403): share the spreadsheet with " + principal + " as Editor");
            case 404 ->
                Failure.fatal(
                        "spreadsheet " + spreadsheetId + " was not found (404); check " + SheetsConfig.SPREADSHEET_ID);
            case 400 -> isStaleGrid(message) ? Failure.retriable(reason) : Failure.rejected(reason);
            // Google does not say which server errors leave a write unapplied: any may have been applied, read the
            // offsets first
            default -> status >= 500 ? Failure.ambiguous(reason) : Failure.rejected(reason);
        };
    }

    /**
     * The tabs we knew are out of date: a tab deleted or recreated under us, or one we were about to
     * create that another task (or a person) has just created. Read the tabs again rather than
     * reject the rows.
     */
    static boolean isStaleGrid(String message) {
        return message != null
                && (message.contains("No grid with id")
                        || message.contains("No sheet with id")
                        || message.contains("addSheet") && message.contains("already exists"));
    }

    private static boolean isQuota(GoogleJsonError details) {
        return details != null
                && details.getErrors() != null
                && details.getErrors().stream()
                        .anyMatch(e -> e.getReason() != null
                                && e.getReason().toLowerCase().contains("ratelimit"));
    }

    private Duration retryAfter(GoogleJsonResponseException response) {
        return RetryAfter.parse(
                response.getHeaders() == null ? null : response.getHeaders().getRetryAfter(), clock);
    }

    /** Google's message, short, with quoted values (which may be a cell's content) taken out. */
    static String safe(String message) {
        if (message == null) {
            return "(no message)";
        }
        String unquoted = message.replaceAll("\"[^\"]*\"", "\"…\"")
                .replaceAll("\\s+", " ")
                .trim();
        return unquoted.length() <= 300 ? unquoted : unquoted.substring(0, 300) + "…";
    }
}

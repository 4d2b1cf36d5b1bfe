package dev.outflow.connect.testkit.sheets;

/**
 * One HTTP request as the emulator saw it, for choosing which requests a fault hits
 * ({@link SheetsEmulator#failMatching}).
 *
 * @param method the HTTP method
 * @param path the decoded request path, e.g. {@code /v4/spreadsheets/abc:batchUpdate}
 * @param operation which API method this is
 * @param spreadsheetId the spreadsheet in the path, or null (token endpoint)
 */
public record ApiCall(String method, String path, Operation operation, String spreadsheetId) {

    /** The API methods the emulator knows. */
    public enum Operation {
        /** The OAuth token endpoint. */
        TOKEN,
        /** {@code spreadsheets.get}. */
        GET_SPREADSHEET,
        /** {@code spreadsheets.batchUpdate}: the only write. */
        BATCH_UPDATE,
        /** {@code spreadsheets.values.get}. */
        GET_VALUES,
        /** {@code spreadsheets.developerMetadata.search}. */
        SEARCH_DEVELOPER_METADATA,
        /** {@code spreadsheets.developerMetadata.get}. */
        GET_DEVELOPER_METADATA,
        /** A real API method the emulator does not implement (answered 501). */
        UNIMPLEMENTED,
        /** No such method (answered 404). */
        UNKNOWN
    }

    /** True for the write requests counted against the write quota. */
    public boolean isWrite() {
        return operation == Operation.BATCH_UPDATE;
    }

    /** True for Sheets API requests (anything but the token endpoint). */
    public boolean isSheetsApi() {
        return operation != Operation.TOKEN;
    }
}

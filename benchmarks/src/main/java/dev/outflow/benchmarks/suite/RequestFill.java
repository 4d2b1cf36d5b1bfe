package dev.outflow.benchmarks.suite;

import java.util.List;

import dev.outflow.connect.testkit.sheets.ApiCall;
import dev.outflow.connect.testkit.sheets.RequestSize;

/**
 * How full the Sheets write requests of a window were, from what the emulator received: the rows
 * an applied write added, the JSON bytes a row cost in them, and so the rows a request of
 * Google's recommended 2 MB would hold. The drain ceiling under a quota is the quota times the
 * latter: a connector that sends half-full requests reaches half of it, however well it paces.
 *
 * <p>Bytes per row are the mean body of the window's write requests divided by the mean rows of an
 * applied write: a write refused with a 429 and sent again is the same body, so it changes neither
 * mean. Each request's fixed part (the range, the offsets' metadata) is counted into its rows' cost,
 * which lowers the rows per 2 MB by that part's share of a request (well under 1% for requests of
 * thousands of rows).
 *
 * @param rowsPerRequest rows added per applied write request
 * @param bytesPerRow    JSON bytes (before gzip) of the write requests per row they carried
 */
record RequestFill(double rowsPerRequest, double bytesPerRow) {

    /** Google's recommended maximum request, as the connector counts it: 2,000,000 bytes of JSON. */
    static final long REQUEST_BYTES_LIMIT = 2_000_000;

    /**
     * {@code sizes} as {@code SheetsEmulator.requestSizes} gave them at the window's end, {@code from}
     * and {@code to} the list's length at its start and end; {@code rows} and {@code writesApplied}
     * the window's differences.
     */
    static RequestFill of(List<RequestSize> sizes, int from, int to, long rows, long writesApplied) {
        long bytes = 0;
        long writes = 0;
        for (RequestSize size : sizes.subList(from, to)) {
            if (size.operation() == ApiCall.Operation.BATCH_UPDATE) {
                bytes += size.jsonBytes();
                writes++;
            }
        }
        double rowsPerRequest = (double) rows / writesApplied;
        return new RequestFill(rowsPerRequest, (double) bytes / writes / rowsPerRequest);
    }

    /** The rows a 2,000,000-byte request holds at this window's bytes per row. */
    double rowsPer2MbRequest() {
        return REQUEST_BYTES_LIMIT / bytesPerRow;
    }
}

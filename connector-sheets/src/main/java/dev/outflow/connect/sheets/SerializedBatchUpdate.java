package dev.outflow.connect.sheets;

import java.io.IOException;

import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.client.googleapis.services.AbstractGoogleClientRequest;
import com.google.api.client.http.HttpResponse;
import com.google.api.client.util.Key;
import com.google.api.services.sheets.v4.Sheets;
import com.google.api.services.sheets.v4.model.BatchUpdateSpreadsheetResponse;

/**
 * {@code spreadsheets.batchUpdate} sent with a body already serialized ({@link RequestBytes}),
 * through the client's own request machinery: the same URL as {@code Sheets.Spreadsheets.BatchUpdate},
 * the same credentials, timeouts and gzip, and the same {@link GoogleJsonResponseException} on an
 * error. The generated request class takes only the model, which the client would serialize a
 * second time after the writer serialized it to measure it.
 */
final class SerializedBatchUpdate extends AbstractGoogleClientRequest<BatchUpdateSpreadsheetResponse> {

    /** Fills {@code {spreadsheetId}} in the path, as the generated request's field does. */
    @Key
    private final String spreadsheetId;

    SerializedBatchUpdate(Sheets sheets, String spreadsheetId, RequestBytes body) {
        super(
                sheets,
                "POST",
                "v4/spreadsheets/{spreadsheetId}:batchUpdate",
                body.content(),
                BatchUpdateSpreadsheetResponse.class);
        this.spreadsheetId = spreadsheetId;
    }

    @Override
    protected IOException newExceptionOnError(HttpResponse response) {
        return GoogleJsonResponseException.from(((Sheets) getAbstractGoogleClient()).getJsonFactory(), response);
    }
}

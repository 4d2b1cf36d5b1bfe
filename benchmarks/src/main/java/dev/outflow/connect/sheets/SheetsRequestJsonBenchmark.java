package dev.outflow.connect.sheets;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.sheets.v4.model.AppendCellsRequest;
import com.google.api.services.sheets.v4.model.BatchUpdateSpreadsheetRequest;
import com.google.api.services.sheets.v4.model.CellData;
import com.google.api.services.sheets.v4.model.ExtendedValue;
import com.google.api.services.sheets.v4.model.Request;
import com.google.api.services.sheets.v4.model.RowData;

/**
 * Rows per second that one thread turns into a request body with Google's own client, as the
 * Sheets connector's every write does: the {@code batchUpdate} model (one {@code AppendCells} of
 * {@value #ROWS} rows of the benchmark's 8-field orders: numbers, text, a boolean, as the
 * connector encodes them) serialized by the client's {@code JsonGenerator} on {@code GsonFactory}
 * by the connector's own {@link RequestBytes} (in this package for that reason), then
 * gzipped as the client's {@code GZipEncoding} does before a byte reaches the network. It is the
 * part of a Sheets write the connector cannot change without leaving the official client.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SheetsRequestJsonBenchmark {

    static final int ROWS = 500;

    private BatchUpdateSpreadsheetRequest request;

    /** Counts what it is given and keeps nothing: the network is not measured. */
    private static final class Discard extends OutputStream {
        long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        String[] status = {"paid", "shipped", "refunded", "pending"};
        String[] country = {"FR", "DE", "US", "JP", "BR"};
        List<RowData> rows = new ArrayList<>(ROWS);
        for (int i = 0; i < ROWS; i++) {
            rows.add(new RowData()
                    .setValues(List.of(
                            number(i),
                            text("c-" + i % 9973),
                            number(i % 1000 + (i % 100) / 100.0),
                            text("EUR"),
                            new CellData().setUserEnteredValue(new ExtendedValue().setBoolValue(i % 3 != 0)),
                            text(status[i % status.length]),
                            number(1_714_571_100_000L + i * 1000L),
                            text(country[i % country.length]))));
        }
        request = new BatchUpdateSpreadsheetRequest()
                .setRequests(List.of(new Request()
                        .setAppendCells(new AppendCellsRequest()
                                .setSheetId(1)
                                .setRows(rows)
                                .setFields("userEnteredValue,userEnteredFormat.numberFormat"))));
    }

    private static CellData number(double value) {
        return new CellData().setUserEnteredValue(new ExtendedValue().setNumberValue(value));
    }

    private static CellData text(String value) {
        return new CellData().setUserEnteredValue(new ExtendedValue().setStringValue(value));
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public long serialize() throws IOException {
        RequestBytes json = RequestBytes.of(GsonFactory.getDefaultInstance(), request);
        Discard network = new Discard();
        GZIPOutputStream gzip = new GZIPOutputStream(network);
        json.content().writeTo(gzip);
        gzip.finish();
        return network.bytes;
    }
}

package dev.outflow.connect.sheets;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import com.google.api.client.json.JsonFactory;
import com.google.api.client.json.JsonGenerator;

/**
 * The size of a request body as the client sends it: serialized with the client's own JSON
 * factory, as its {@code JsonHttpContent} does, counted without keeping the bytes.
 */
final class RequestBytes {

    private RequestBytes() {
    }

    static long of(JsonFactory factory, Object body) throws IOException {
        Counter counter = new Counter();
        try (JsonGenerator generator = factory.createJsonGenerator(counter, StandardCharsets.UTF_8)) {
            generator.serialize(body);
        }
        return counter.count;
    }

    private static final class Counter extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}

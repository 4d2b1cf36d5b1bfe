package dev.outflow.connect.sheets;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import com.google.api.client.http.ByteArrayContent;
import com.google.api.client.http.HttpContent;
import com.google.api.client.json.Json;
import com.google.api.client.json.JsonFactory;
import com.google.api.client.json.JsonGenerator;

/**
 * A request body serialized once, with the client's own JSON factory and generator as its
 * {@code JsonHttpContent} would, in UTF-8: its length is the size checked against the limit, and
 * its bytes are what is sent, so the size checked is the size sent and the body is never
 * serialized twice.
 */
final class RequestBytes {

    private final byte[] json;

    private RequestBytes(byte[] json) {
        this.json = json;
    }

    static RequestBytes of(JsonFactory factory, Object body) throws IOException {
        Chars chars = new Chars();
        try (JsonGenerator generator = factory.createJsonGenerator(chars)) {
            generator.serialize(body);
        }
        return new RequestBytes(chars.text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Bytes of JSON, before the transport compresses them. */
    int length() {
        return json.length;
    }

    /** The body to send: these bytes, typed as the client types JSON. */
    HttpContent content() {
        return new ByteArrayContent(Json.MEDIA_TYPE, json);
    }

    /**
     * Collects the generator's characters, encoded to UTF-8 once at the end. The client's
     * {@code createJsonGenerator(OutputStream, Charset)} writes through an unbuffered
     * {@code OutputStreamWriter}, which encodes every bracket, colon and name on its own: that
     * was an eighth of the task thread's time.
     */
    private static final class Chars extends Writer {
        final StringBuilder text = new StringBuilder(64 * 1024);

        @Override
        public void write(int c) {
            text.append((char) c);
        }

        @Override
        public void write(char[] buffer, int offset, int length) {
            text.append(buffer, offset, length);
        }

        @Override
        public void write(String string, int offset, int length) {
            text.append(string, offset, offset + length);
        }

        @Override
        public void flush() {
            // nothing buffered
        }

        @Override
        public void close() {
            // nothing to release
        }
    }
}

package dev.outflow.connect.http;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** The head of an answer's body as text, at most so many bytes, never a broken character at the cut. */
final class Excerpt {

    private Excerpt() {}

    /** The UTF-8 text of at most {@code maxBytes} of {@code body}; a character cut in half is left out. */
    static String of(byte[] body, int maxBytes) {
        int length = Math.min(body.length, maxBytes);
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        CharBuffer out = CharBuffer.allocate(length);
        ByteBuffer in = ByteBuffer.wrap(body, 0, length);
        // endOfInput false: bytes of a character the cut split stay unread instead of becoming U+FFFD
        decoder.decode(in, out, false);
        out.flip();
        return out.toString();
    }
}

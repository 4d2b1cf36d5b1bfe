package dev.outflow.connect.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.stream.Stream;

import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TransportFailuresTest {

    private final TransportFailures transport =
            new TransportFailures("the Example API", "example.url", "example.timeout.ms");

    static Stream<IOException> beforeSending() {
        return Stream.of(
                new ConnectException("Connection refused"),
                new UnknownHostException("api.example.com"),
                new NoRouteToHostException("No route to host"),
                new SocketTimeoutException("Connect timed out"),
                new SocketTimeoutException("failed to connect to api.example.com/10.0.0.1 (port 443) after 10000ms"),
                new HttpConnectTimeoutException("HTTP connect timed out"),
                new SSLHandshakeException("handshake"));
    }

    static Stream<IOException> afterSending() {
        return Stream.of(
                new SocketTimeoutException("Read timed out"),
                new SocketTimeoutException("timeout"),
                new InterruptedIOException("timeout"),
                new HttpTimeoutException("request timed out"),
                new SocketException("Connection reset"),
                new EOFException(),
                new IOException("unexpected end of stream"));
    }

    @ParameterizedTest
    @MethodSource("beforeSending")
    void failuresBeforeTheRequestWentOutAreRetriable(IOException error) {
        Failure failure = transport.classify(error);
        assertThat(failure.errorClass()).isEqualTo(ErrorClass.RETRIABLE);
        assertThat(failure.throttled()).isFalse();
        assertThat(failure.reason())
                .isEqualTo("cannot reach the Example API (" + error.getClass().getSimpleName()
                        + "); nothing was sent; check example.url");
        assertThat(TransportFailures.nothingSent(error)).isTrue();
    }

    @ParameterizedTest
    @MethodSource("afterSending")
    void failuresAfterTheRequestWentOutAreAmbiguous(IOException error) {
        assertThat(transport.classify(error).errorClass()).isEqualTo(ErrorClass.AMBIGUOUS);
        assertThat(transport.classify(error).reason()).endsWith("the request may have been applied");
        assertThat(TransportFailures.nothingSent(error)).isFalse();
    }

    @Test
    void aTimeoutNamesTheTimeoutKeyAndABrokenConnectionItsClass() {
        assertThat(transport
                        .classify(new SocketTimeoutException("Read timed out"))
                        .reason())
                .isEqualTo("no answer from the Example API within example.timeout.ms (SocketTimeoutException); "
                        + "the request may have been applied");
        assertThat(transport.classify(new SocketException("Connection reset")).reason())
                .isEqualTo("the connection to the Example API failed after the request was sent (SocketException); "
                        + "the request may have been applied");
    }

    @Test
    void reasonsNeverCarryTheExceptionsMessage() {
        String secret = "https://hooks.example.com/services/T000/B000/secret-token?text=payload";
        Stream.of(new ConnectException(secret), new SocketTimeoutException(secret), new IOException(secret))
                .map(transport::classify)
                .forEach(failure ->
                        assertThat(failure.reason()).doesNotContain("secret").doesNotContain("payload"));
    }
}

package dev.outflow.connect.core.api;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.Locale;
import java.util.Objects;

import javax.net.ssl.SSLHandshakeException;

/**
 * What an {@link IOException} from an HTTP client means for a write (DESIGN.md 3.1): whether the
 * request can have reached the app. A destination calls it from {@link Destination#classify} for
 * the I/O failures its client throws, after its own checks of the app's answers.
 *
 * <ul>
 *   <li>{@link ErrorClass#RETRIABLE}, nothing was sent: the host is unknown or unreachable, the
 *       connection was refused, connecting timed out, the TLS handshake failed;</li>
 *   <li>{@link ErrorClass#AMBIGUOUS}, the request may have been applied: no answer in time (a read
 *       or call timeout), or the connection broke (reset, closed, end of stream) after the request
 *       went out.</li>
 * </ul>
 *
 * <p>Reasons name the app, the exception's class and the config key to check; never the
 * exception's message, which can hold a URL with a secret in it or a piece of the payload.
 */
public final class TransportFailures {

    private final String app;
    private final String endpointKey;
    private final String timeoutKey;

    /**
     * @param app         the app as reasons name it, e.g. {@code "the Sheets API"}
     * @param endpointKey the config key of the app's address, named when it cannot be reached
     * @param timeoutKey  the config key of the request timeout, named when there was no answer in time
     */
    public TransportFailures(String app, String endpointKey, String timeoutKey) {
        this.app = Objects.requireNonNull(app, "app");
        this.endpointKey = Objects.requireNonNull(endpointKey, "endpointKey");
        this.timeoutKey = Objects.requireNonNull(timeoutKey, "timeoutKey");
    }

    /** RETRIABLE when the request cannot have been sent, else AMBIGUOUS. */
    public Failure classify(IOException error) {
        String type = error.getClass().getSimpleName();
        if (nothingSent(error)) {
            return Failure.retriable("cannot reach " + app + " (" + type + "); nothing was sent; check " + endpointKey);
        }
        if (error instanceof InterruptedIOException || error instanceof HttpTimeoutException) {
            return Failure.ambiguous("no answer from " + app + " within " + timeoutKey + " (" + type
                    + "); the request may have been applied");
        }
        return Failure.ambiguous("the connection to " + app + " failed after the request was sent (" + type
                + "); the request may have been applied");
    }

    /** True when {@code error} happened before a byte of the request went out: sending again cannot duplicate it. */
    public static boolean nothingSent(IOException error) {
        return error instanceof ConnectException
                || error instanceof UnknownHostException
                || error instanceof NoRouteToHostException
                || error instanceof HttpConnectTimeoutException
                || error instanceof SSLHandshakeException
                // HttpURLConnection and OkHttp say "connect timed out" / "failed to connect ... after" when connecting
                // took too long
                || error instanceof SocketTimeoutException
                        && String.valueOf(error.getMessage())
                                .toLowerCase(Locale.ROOT)
                                .contains("connect");
    }
}

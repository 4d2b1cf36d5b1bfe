package dev.outflow.connect.http;

/**
 * The OAuth2 token endpoint gave no token. The message names the status and the OAuth2 error code
 * ({@code invalid_client}, ...), never a secret or the answer's text.
 */
final class TokenException extends Exception {

    private final boolean retriable;

    TokenException(String message, boolean retriable) {
        super(message);
        this.retriable = retriable;
    }

    /** A 5xx, a 429 or an I/O failure: the server may give a token later. Otherwise the credentials are wrong. */
    boolean retriable() {
        return retriable;
    }
}

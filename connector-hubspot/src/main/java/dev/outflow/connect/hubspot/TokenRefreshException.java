package dev.outflow.connect.hubspot;

/**
 * HubSpot's token endpoint refused to trade the refresh token for an access token. The message names
 * the status and HubSpot's code ({@code BAD_REFRESH_TOKEN}, {@code BAD_CLIENT_ID} ...), never a token.
 */
final class TokenRefreshException extends Exception {

    private final int status;

    TokenRefreshException(int status, String code) {
        super("HubSpot refused to refresh the OAuth access token (HTTP " + status + (code == null ? "" : " " + code)
                + ")");
        this.status = status;
    }

    int status() {
        return status;
    }
}

package dev.outflow.connect.testkit.hubspot;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Who may call the emulator: private-app access tokens with their scopes, OAuth apps (client id and
 * secret) with their refresh tokens, and the short-lived access tokens those refresh tokens buy at
 * {@code POST /oauth/v1/token}. Guarded by the emulator's state lock.
 */
final class Credentials {

    /** An authenticated caller: its scopes, and the OAuth app it acts for (null for a private app). */
    record Principal(Set<String> scopes, String oauthApp) {}

    private record Grant(String clientId, Set<String> scopes) {}

    private record AccessToken(Grant grant, Instant expiresAt) {}

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Set<String>> privateApps = new HashMap<>();
    private final Map<String, String> clientSecrets = new HashMap<>();
    private final Map<String, Grant> refreshTokens = new HashMap<>();
    private final Map<String, AccessToken> accessTokens = new HashMap<>();
    Duration accessTokenLifetime = Duration.ofMinutes(30);

    String createPrivateAppToken(Set<String> scopes) {
        String token = "pat-na1-" + UUID.randomUUID();
        privateApps.put(token, Set.copyOf(scopes));
        return token;
    }

    void revoke(String token) {
        privateApps.remove(token);
        accessTokens.remove(token);
        refreshTokens.remove(token);
    }

    void createOAuthApp(String clientId, String clientSecret) {
        clientSecrets.put(clientId, clientSecret);
    }

    String issueRefreshToken(String clientId, Set<String> scopes) {
        if (!clientSecrets.containsKey(clientId)) {
            throw new IllegalArgumentException("no OAuth app " + clientId);
        }
        String token = UUID.randomUUID().toString();
        refreshTokens.put(token, new Grant(clientId, Set.copyOf(scopes)));
        return token;
    }

    /** The caller of an API request, from its {@code Authorization: Bearer} header; HubSpot's 401 otherwise. */
    Principal authenticate(String authorization, Instant now) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw ApiError.invalidAuthentication();
        }
        String token = authorization.substring(7).strip();
        Set<String> scopes = privateApps.get(token);
        if (scopes != null) {
            return new Principal(scopes, null);
        }
        AccessToken access = accessTokens.get(token);
        if (access == null) {
            throw ApiError.invalidAuthentication();
        }
        if (!now.isBefore(access.expiresAt())) {
            long ago = Duration.between(access.expiresAt(), now).toSeconds();
            throw ApiError.expiredAuthentication(ago, access.expiresAt().toString());
        }
        return new Principal(access.grant().scopes(), access.grant().clientId());
    }

    /** {@code POST /oauth/v1/token} with {@code grant_type=refresh_token}: a new access token, expiring on the clock. */
    Reply refresh(String contentType, String body, Instant now) {
        if (contentType == null || !contentType.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
            return oauthError("BAD_REQUEST", "the body must be application/x-www-form-urlencoded");
        }
        Map<String, String> form = form(body);
        if (!"refresh_token".equals(form.get("grant_type"))) {
            // authorization_code is not emulated: a connector only ever refreshes
            return oauthError("BAD_GRANT_TYPE", "unsupported grant_type: " + form.get("grant_type"));
        }
        String clientId = form.get("client_id");
        if (clientId == null || !clientSecrets.containsKey(clientId)) {
            return oauthError("BAD_CLIENT_ID", "missing or unknown client id");
        }
        if (!clientSecrets.get(clientId).equals(form.get("client_secret"))) {
            return oauthError("BAD_CLIENT_SECRET", "missing or invalid client secret");
        }
        Grant grant = refreshTokens.get(form.get("refresh_token"));
        if (grant == null || !grant.clientId().equals(clientId)) {
            return oauthError("BAD_REFRESH_TOKEN", "missing or unknown refresh token");
        }
        String access = "CN" + HexFormat.of().formatHex(random.generateSeed(24));
        accessTokens.put(access, new AccessToken(grant, now.plus(accessTokenLifetime)));
        ObjectNode out = ApiError.JSON.objectNode();
        out.put("token_type", "bearer");
        out.put("refresh_token", form.get("refresh_token"));
        out.put("access_token", access);
        out.put("expires_in", accessTokenLifetime.toSeconds());
        return new Reply(200, out);
    }

    private static Reply oauthError(String status, String message) {
        ObjectNode out = ApiError.JSON.objectNode();
        out.put("status", status);
        out.put("message", message);
        out.put("correlationId", UUID.randomUUID().toString());
        return new Reply(400, out);
    }

    private static Map<String, String> form(String body) {
        Map<String, String> out = new HashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.putIfAbsent(k, v);
        }
        return out;
    }

    /** The scopes a request needs, checked against the caller's; HubSpot's 403 when one is missing. */
    static void require(Principal p, String scope) {
        if (!p.scopes().contains(scope)) {
            throw ApiError.missingScopes(List.of(scope));
        }
    }
}

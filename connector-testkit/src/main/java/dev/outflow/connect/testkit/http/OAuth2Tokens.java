package dev.outflow.connect.testkit.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The OAuth 2.0 authorization server of a {@link TestHttpServer}: a token endpoint for the client
 * credentials grant (RFC 6749 4.4) and the check of every other request's bearer token (RFC 6750).
 * Tokens expire after their lifetime on the given clock, and can be rotated on demand or every N
 * API requests, so a client's refresh on 401 and before expiry can both be tested.
 *
 * <p>Obtained from {@link TestHttpServer#oauth2(String, String)}; configure it before the client
 * starts. Thread-safe. Token requests are not recorded (their bodies carry the secret), do not take
 * scripted answers and are not counted among the server's requests.
 */
public final class OAuth2Tokens {

    /** How a client authenticates at the token endpoint (RFC 6749 2.3.1). */
    public enum ClientAuthentication {
        /** HTTP Basic with the form-encoded id and secret ({@code client_secret_basic}). */
        BASIC,
        /** {@code client_id} and {@code client_secret} in the form body ({@code client_secret_post}). */
        POST
    }

    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String REALM = "test-http-server";

    private final String clientId;
    private final String clientSecret;
    private final SecureRandom random = new SecureRandom();

    private String path = "/oauth/token";
    private Duration lifetime = Duration.ofHours(1);
    private boolean sendExpiresIn = true;
    private Set<ClientAuthentication> accepted = EnumSet.of(ClientAuthentication.BASIC);
    private Set<String> allowedScopes;
    private boolean scopeRequired;
    private Clock clock = Clock.systemUTC();
    private int rotateEvery;

    /** Valid tokens and their expiry: a rotation empties it. */
    private final Map<String, Instant> tokens = new HashMap<>();

    private int sinceRotation;
    private long issued;
    private long refused;

    OAuth2Tokens(String clientId, String clientSecret) {
        this.clientId = Objects.requireNonNull(clientId, "clientId");
        this.clientSecret = Objects.requireNonNull(clientSecret, "clientSecret");
    }

    /** The token endpoint's path; {@code /oauth/token} by default. */
    public synchronized OAuth2Tokens path(String path) {
        this.path = path.startsWith("/") ? path : "/" + path;
        return this;
    }

    public synchronized String path() {
        return path;
    }

    /** How long a token is valid; an hour by default. */
    public synchronized OAuth2Tokens lifetime(Duration lifetime) {
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("a token lifetime must be positive: " + lifetime);
        }
        this.lifetime = lifetime;
        return this;
    }

    /** Leaves {@code expires_in} out of token answers (RFC 6749 5.1 only recommends it); tokens still expire. */
    public synchronized OAuth2Tokens withoutExpiresIn() {
        sendExpiresIn = false;
        return this;
    }

    /** The client authentication methods accepted; Basic only by default, as RFC 6749 2.3.1 prefers. */
    public synchronized OAuth2Tokens accept(ClientAuthentication first, ClientAuthentication... more) {
        accepted = EnumSet.of(first, more);
        return this;
    }

    /** The scopes a client may ask for; any by default. Another one gets {@code invalid_scope}. */
    public synchronized OAuth2Tokens scopes(String... allowed) {
        allowedScopes = Set.of(allowed);
        return this;
    }

    /** A token request without {@code scope} gets {@code invalid_scope} (RFC 6749 3.3 lets a server refuse it). */
    public synchronized OAuth2Tokens requireScope() {
        scopeRequired = true;
        return this;
    }

    /** The clock tokens expire on; the system clock by default, a {@code ManualClock} in unit tests. */
    public synchronized OAuth2Tokens clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /** Rotates the tokens after every {@code apiRequests} accepted API requests; 0 (the default) never. */
    public synchronized OAuth2Tokens rotateEvery(int apiRequests) {
        if (apiRequests < 0) {
            throw new IllegalArgumentException("apiRequests must be 0 or more: " + apiRequests);
        }
        rotateEvery = apiRequests;
        sinceRotation = 0;
        return this;
    }

    /** Invalidates every token issued so far: the next API request with one gets 401. */
    public synchronized void rotateTokens() {
        tokens.clear();
        sinceRotation = 0;
    }

    /** How many tokens the endpoint has issued. */
    public synchronized long tokensIssued() {
        return issued;
    }

    /** How many API requests were refused with 401 for a missing, unknown, rotated or expired token. */
    public synchronized long refused() {
        return refused;
    }

    synchronized boolean isTokenRequest(RecordedRequest request) {
        return request.path().equals(path);
    }

    /** The token endpoint's answer (RFC 6749 4.4.2, 4.4.3, 5.1, 5.2). */
    synchronized Answer token(RecordedRequest request) {
        if (!request.method().equals("POST")) {
            return invalidRequest("The token endpoint takes POST (RFC 6749 3.2).");
        }
        String contentType = request.header("Content-Type");
        if (contentType == null
                || !contentType
                        .split(";", 2)[0]
                        .strip()
                        .toLowerCase(Locale.ROOT)
                        .equals(FORM)) {
            return invalidRequest("The token request must be " + FORM + " (RFC 6749 4.4.2).");
        }
        Map<String, String> form = form(request.bodyText());
        if (form == null) {
            return invalidRequest("A parameter is malformed or repeated (RFC 6749 3.2).");
        }
        String basic = basicCredentials(request);
        boolean inBody = form.containsKey("client_id") || form.containsKey("client_secret");
        if (basic != null && inBody) {
            return invalidRequest("The client used more than one authentication method (RFC 6749 2.3).");
        }
        if (!form.containsKey("grant_type")) {
            return invalidRequest("grant_type is missing (RFC 6749 4.4.2).");
        }
        Answer unauthenticated = authenticate(basic, form);
        if (unauthenticated != null) {
            return unauthenticated;
        }
        if (!form.get("grant_type").equals("client_credentials")) {
            return Problems.tokenError(400, "unsupported_grant_type", "Only client_credentials is supported.");
        }
        String scope = form.get("scope");
        if (scope == null ? scopeRequired : !scopeAllowed(scope)) {
            return Problems.tokenError(400, "invalid_scope", "The scope is missing or not allowed (RFC 6749 3.3).");
        }
        return issue(scope);
    }

    /**
     * Null when the request carries a valid bearer token (it then counts towards rotation), else the
     * 401 of RFC 6750 3.1: without an error code when no token was sent, {@code invalid_token} otherwise.
     */
    synchronized Answer refuse(RecordedRequest request) {
        String token = bearerToken(request);
        Instant expiry = token == null ? null : tokens.get(token);
        if (expiry != null && clock.instant().isBefore(expiry)) {
            if (rotateEvery > 0 && ++sinceRotation >= rotateEvery) {
                rotateTokens();
            }
            return null;
        }
        refused++;
        String challenge = token == null
                ? "Bearer realm=\"" + REALM + "\""
                : "Bearer realm=\"" + REALM + "\", error=\"invalid_token\", "
                        + "error_description=\"The access token is unknown, rotated or expired\"";
        return Answer.status(401).withHeader("WWW-Authenticate", challenge);
    }

    private Answer authenticate(String basic, Map<String, String> form) {
        if (basic != null) {
            String[] idAndSecret = basic.split(":", 2);
            boolean valid = accepted.contains(ClientAuthentication.BASIC)
                    && idAndSecret.length == 2
                    && clientId.equals(decode(idAndSecret[0]))
                    && clientSecret.equals(decode(idAndSecret[1]));
            // RFC 6749 5.2: the client tried the Authorization header, so 401 with the scheme it used
            return valid ? null : invalidClient(401, true);
        }
        boolean valid = accepted.contains(ClientAuthentication.POST)
                && clientId.equals(form.get("client_id"))
                && clientSecret.equals(form.get("client_secret"));
        if (valid) {
            return null;
        }
        // a 401 must carry a challenge (RFC 9110 15.5.2): there is one to offer only when Basic is accepted
        boolean offerBasic = accepted.contains(ClientAuthentication.BASIC);
        return invalidClient(offerBasic ? 401 : 400, offerBasic);
    }

    private Answer issue(String scope) {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        tokens.put(token, clock.instant().plus(lifetime));
        issued++;
        ObjectNode body = Problems.object().put("access_token", token).put("token_type", "Bearer");
        if (sendExpiresIn) {
            body.put("expires_in", lifetime.toSeconds());
        }
        if (scope != null) {
            body.put("scope", scope);
        }
        return Problems.noStore(Problems.json(200, "application/json;charset=UTF-8", body));
    }

    private boolean scopeAllowed(String scope) {
        if (scope.isBlank()) {
            return false;
        }
        return allowedScopes == null
                || allowedScopes.containsAll(List.of(scope.strip().split(" +")));
    }

    private static Answer invalidRequest(String description) {
        return Problems.tokenError(400, "invalid_request", description);
    }

    private static Answer invalidClient(int status, boolean basicChallenge) {
        Answer answer = Problems.tokenError(status, "invalid_client", "Client authentication failed.");
        return basicChallenge ? answer.withHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\"") : answer;
    }

    /** The decoded {@code id:secret} of a Basic header, "" when it does not decode, null without one. */
    private static String basicCredentials(RecordedRequest request) {
        String authorization = request.header("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            return new String(
                    Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static String bearerToken(RecordedRequest request) {
        List<String> values = request.headers().get("authorization");
        if (values == null || values.size() != 1 || !values.get(0).regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return values.get(0).substring(7).strip();
    }

    /** The form's parameters, or null when one is repeated or does not decode (RFC 6749 3.2). */
    private static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        Set<String> names = new HashSet<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            String[] nameAndValue = pair.split("=", 2);
            String name = decode(nameAndValue[0]);
            String value = nameAndValue.length == 2 ? decode(nameAndValue[1]) : "";
            if (name == null || value == null || !names.add(name)) {
                return null;
            }
            // RFC 6749 3.2: a parameter sent without a value is treated as if it were omitted
            if (!value.isEmpty()) {
                form.put(name, value);
            }
        }
        return form;
    }

    private static String decode(String encoded) {
        try {
            return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}

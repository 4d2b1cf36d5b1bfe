package dev.outflow.connect.testkit.sheets;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Service accounts with real RSA keys, the OAuth 2.0 JWT-bearer token endpoint, and bearer token
 * checks. All state is guarded by the emulator's lock.
 */
final class Auth {

    static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    static final String SCOPE_SPREADSHEETS = "https://www.googleapis.com/auth/spreadsheets";
    static final Set<String> WRITE_SCOPES = Set.of(
            SCOPE_SPREADSHEETS, "https://www.googleapis.com/auth/drive", "https://www.googleapis.com/auth/drive.file");
    static final Set<String> READ_SCOPES = Set.of(
            SCOPE_SPREADSHEETS,
            "https://www.googleapis.com/auth/spreadsheets.readonly",
            "https://www.googleapis.com/auth/drive",
            "https://www.googleapis.com/auth/drive.readonly",
            "https://www.googleapis.com/auth/drive.file");
    /** Audiences a token request's JWT may name: Google's token endpoints, or this emulator's. */
    private static final Set<String> GOOGLE_TOKEN_AUDIENCES = Set.of(
            "https://oauth2.googleapis.com/token",
            "https://www.googleapis.com/oauth2/v4/token",
            "https://accounts.google.com/o/oauth2/token");

    record Account(String email, String keyId, PublicKey publicKey) {}

    /** Who is calling, and with which scopes ({@code null} scopes: all, as for audience-bound JWTs). */
    record Principal(String email, Set<String> scopes) {
        boolean mayRead() {
            return scopes == null || scopes.stream().anyMatch(READ_SCOPES::contains);
        }

        boolean mayWrite() {
            return scopes == null || scopes.stream().anyMatch(WRITE_SCOPES::contains);
        }
    }

    private record Token(Principal principal, Instant expiresAt) {}

    /** An OAuth error from the token endpoint: {"error":..,"error_description":..}. */
    static final class TokenError extends RuntimeException {
        final int status;
        final String error;

        TokenError(int status, String error, String description) {
            super(description, null, false, false);
            this.status = status;
            this.error = error;
        }

        ObjectNode body() {
            ObjectNode json = ApiError.JSON.objectNode();
            json.put("error", error);
            json.put("error_description", getMessage());
            return json;
        }
    }

    private final ObjectMapper mapper;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Account> accounts = new HashMap<>();
    private final Map<String, Token> tokens = new HashMap<>();
    private final Map<String, Principal> fixedTokens = new HashMap<>();
    Duration tokenLifetime = Duration.ofHours(1);
    boolean selfSignedJwtAccepted = true;

    Auth(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    String createServiceAccount(String name, String projectId, String tokenUri) {
        String email = name.contains("@") ? name : name + "@" + projectId + ".iam.gserviceaccount.com";
        KeyPair pair;
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
            gen.initialize(2048, random);
            pair = gen.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an RSA key", e);
        }
        byte[] idBytes = new byte[20];
        random.nextBytes(idBytes);
        String keyId = HexFormat.of().formatHex(idBytes);
        accounts.put(email.toLowerCase(Locale.ROOT), new Account(email, keyId, pair.getPublic()));
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        StringBuilder clientId = new StringBuilder("1");
        for (int i = 0; i < 20; i++) {
            clientId.append(random.nextInt(10));
        }
        ObjectNode key = ApiError.JSON.objectNode();
        key.put("type", "service_account");
        key.put("project_id", projectId);
        key.put("private_key_id", keyId);
        key.put("private_key", pem);
        key.put("client_email", email);
        key.put("client_id", clientId.toString());
        key.put("auth_uri", "https://accounts.google.com/o/oauth2/auth");
        key.put("token_uri", tokenUri);
        key.put("auth_provider_x509_cert_url", "https://www.googleapis.com/oauth2/v1/certs");
        key.put(
                "client_x509_cert_url",
                "https://www.googleapis.com/robot/v1/metadata/x509/" + email.replace("@", "%40"));
        key.put("universe_domain", "googleapis.com");
        try {
            return mapper.writer(HttpFront.PRETTY).writeValueAsString(key);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    void deleteServiceAccount(String email) {
        accounts.remove(email.toLowerCase(Locale.ROOT));
        tokens.values().removeIf(t -> t.principal().email().equalsIgnoreCase(email));
    }

    void addFixedToken(String token, String principal) {
        fixedTokens.put(token, new Principal(principal, Set.of(SCOPE_SPREADSHEETS)));
    }

    String issueToken(String principal, Set<String> scopes, Instant now) {
        byte[] b = new byte[24];
        random.nextBytes(b);
        String token = "ya29.emu-" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        tokens.put(token, new Token(new Principal(principal, scopes), now.plus(tokenLifetime)));
        return token;
    }

    void revokeTokens(String principal) {
        tokens.values().removeIf(t -> t.principal().email().equalsIgnoreCase(principal));
    }

    /**
     * The JWT-bearer grant. {@code now} is the emulator clock (token expiry); {@code wallNow} is the
     * machine clock, which the client used to write the JWT's iat/exp.
     */
    ObjectNode tokenRequest(Map<String, String> form, String ownTokenUri, Instant now, Instant wallNow) {
        String grantType = form.get("grant_type");
        if (grantType == null) {
            throw new TokenError(400, "unsupported_grant_type", "Invalid grant_type: ");
        }
        if (!grantType.equals(GRANT_TYPE)) {
            throw new TokenError(400, "unsupported_grant_type", "Invalid grant_type: " + grantType);
        }
        String assertion = form.get("assertion");
        if (assertion == null || assertion.isEmpty()) {
            throw new TokenError(400, "invalid_request", "Missing required parameter: assertion");
        }
        Jwt jwt = Jwt.parse(assertion, mapper);
        if (jwt == null) {
            throw new TokenError(400, "invalid_grant", "Invalid JWT Signature.");
        }
        String iss = jwt.payload.path("iss").asText("");
        Account account = accounts.get(iss.toLowerCase(Locale.ROOT));
        if (account == null || !jwt.verify(account)) {
            throw new TokenError(400, "invalid_grant", "Invalid JWT Signature.");
        }
        String aud = jwt.payload.path("aud").asText("");
        if (!GOOGLE_TOKEN_AUDIENCES.contains(aud) && !aud.equals(ownTokenUri)) {
            throw new TokenError(
                    400,
                    "invalid_grant",
                    "Invalid JWT: Failed audience check. The expected value was https://oauth2.googleapis.com/token");
        }
        checkTimes(jwt.payload, wallNow);
        if (jwt.payload.hasNonNull("sub") && !jwt.payload.get("sub").asText().equalsIgnoreCase(iss)) {
            throw new TokenError(
                    401,
                    "unauthorized_client",
                    "Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of"
                            + " the scopes requested.");
        }
        Set<String> scopes = new LinkedHashSet<>();
        for (String s : jwt.payload.path("scope").asText("").split(" ")) {
            if (!s.isBlank()) {
                scopes.add(s);
            }
        }
        if (scopes.isEmpty()) {
            throw new TokenError(400, "invalid_scope", "Invalid OAuth scope or ID token audience provided.");
        }
        String token = issueToken(account.email(), scopes, now);
        ObjectNode out = ApiError.JSON.objectNode();
        out.put("access_token", token);
        out.put("expires_in", tokenLifetime.toSeconds() - 1);
        out.put("token_type", "Bearer");
        return out;
    }

    private static void checkTimes(JsonNode payload, Instant wallNow) {
        long iat = payload.path("iat").asLong(Long.MIN_VALUE);
        long exp = payload.path("exp").asLong(Long.MIN_VALUE);
        long now = wallNow.getEpochSecond();
        if (iat == Long.MIN_VALUE
                || exp == Long.MIN_VALUE
                || exp <= iat
                || exp - iat > 3600
                || exp < now - 300
                || iat > now + 300) {
            throw new TokenError(
                    400,
                    "invalid_grant",
                    "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat"
                            + " and exp values in the JWT claim.");
        }
    }

    /**
     * The principal behind a bearer token, or null when the token is unknown or expired. A token may
     * also be a self-signed service-account JWT (https://google.aip.dev/auth/4111), which the real
     * API accepts and the Google auth library sends when credentials have no scopes.
     */
    Principal authenticate(String token, Instant now, Instant wallNow, Set<String> selfSignedAudiences) {
        Principal fixed = fixedTokens.get(token);
        if (fixed != null) {
            return fixed;
        }
        Token t = tokens.get(token);
        if (t != null) {
            return now.isBefore(t.expiresAt()) ? t.principal() : null;
        }
        if (!selfSignedJwtAccepted || token.chars().filter(c -> c == '.').count() != 2) {
            return null;
        }
        Jwt jwt = Jwt.parse(token, mapper);
        if (jwt == null) {
            return null;
        }
        String iss = jwt.payload.path("iss").asText("");
        Account account = accounts.get(iss.toLowerCase(Locale.ROOT));
        if (account == null
                || !jwt.verify(account)
                || !iss.equalsIgnoreCase(jwt.payload.path("sub").asText(""))) {
            return null;
        }
        try {
            checkTimes(jwt.payload, wallNow);
        } catch (TokenError e) {
            return null;
        }
        String scope = jwt.payload.path("scope").asText("");
        if (!scope.isBlank()) {
            return new Principal(
                    account.email(), Set.copyOf(List.of(scope.trim().split(" +"))));
        }
        return selfSignedAudiences.contains(jwt.payload.path("aud").asText(""))
                ? new Principal(account.email(), null)
                : null;
    }

    /** A compact JWS with an RS256 signature. */
    private static final class Jwt {
        final JsonNode header;
        final JsonNode payload;
        final byte[] signed;
        final byte[] signature;

        private Jwt(JsonNode header, JsonNode payload, byte[] signed, byte[] signature) {
            this.header = header;
            this.payload = payload;
            this.signed = signed;
            this.signature = signature;
        }

        static Jwt parse(String compact, ObjectMapper mapper) {
            String[] parts = compact.split("\\.", -1);
            if (parts.length != 3) {
                return null;
            }
            try {
                Base64.Decoder dec = Base64.getUrlDecoder();
                JsonNode header = mapper.readTree(dec.decode(parts[0]));
                JsonNode payload = mapper.readTree(dec.decode(parts[1]));
                if (header == null || payload == null || !header.isObject() || !payload.isObject()) {
                    return null;
                }
                byte[] signed = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
                return new Jwt(header, payload, signed, dec.decode(parts[2]));
            } catch (Exception e) {
                return null;
            }
        }

        boolean verify(Account account) {
            if (!"RS256".equals(header.path("alg").asText())) {
                return false;
            }
            if (header.has("kid") && !header.get("kid").asText().equals(account.keyId())) {
                return false;
            }
            try {
                Signature sig = Signature.getInstance("SHA256withRSA");
                sig.initVerify(account.publicKey());
                sig.update(signed);
                return sig.verify(signature);
            } catch (GeneralSecurityException e) {
                return false;
            }
        }
    }
}

package io.emporium.distributed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Every HTTP call of the distributed tests goes through this one class (so that a header every request needs, such
 * as credentials, is added in one place): JSON requests to a service's base URL, answers with status and body.
 */
final class EdgeClient {

    /** The token settings the suite starts edge-service with; tokens signed with them are the suite's alone. */
    static final String ISSUER = "emporium-distributed-tests";
    static final String AUDIENCE = "emporium";
    static final String SECRET = "distributed-tests-secret-0123456789abcdef";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The subject of every request: a member of staff who may also shop. */
    static final String SUBJECT = "distributed-tests";
    /** A member of staff who may also shop: places orders, registers products, reads everything. */
    private static final String AUTHORIZATION = "Bearer " + hs256Token(SUBJECT,
            List.of("customer", "operator"), Duration.ofHours(12));

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    EdgeClient(String base) {
        this.base = base;
    }

    record Response(int status, String body) {

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }
    }

    Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    Response post(String path, String jsonBody) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                               .header("Content-Type", "application/json")
                               .POST(HttpRequest.BodyPublishers.ofString(jsonBody)));
    }

    /** The one place a request leaves this suite. */
    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(30))
                                                               .header("Accept", "application/json, application/problem+json")
                                                               .header("Authorization", AUTHORIZATION)
                                                               .build(),
                                                        HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("request to " + base + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * An HS256 JWT as edge-service checks it (RFC 7519): this suite depends on no platform module, so it signs its
     * one token with the JDK's HMAC.
     */
    static String hs256Token(String subject, List<String> roles, Duration lifetime) {
        long now = System.currentTimeMillis() / 1000;
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", ISSUER);
        claims.put("sub", subject);
        claims.put("aud", List.of(AUDIENCE));
        claims.put("iat", now);
        claims.put("nbf", now);
        claims.put("exp", now + lifetime.toSeconds());
        claims.put("roles", roles);
        try {
            Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
            String signed = base64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                    + "." + base64.encodeToString(JSON.writeValueAsBytes(claims));
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return signed + "." + base64.encodeToString(hmac.doFinal(signed.getBytes(StandardCharsets.US_ASCII)));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("could not sign the test token", e);
        }
    }
}

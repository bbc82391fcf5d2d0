package io.emporium.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * A plain HTTP client for integration tests: real requests to the running platform, nothing mocked. Every request
 * carries a bearer token: by default that of {@link TestTokens#STAFF} (customer and operator), or the one chosen
 * with {@link #as}, {@link #asCustomer} or {@link #withToken}; {@link #anonymous()} sends none.
 */
public final class Http {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String token;

    public Http(int port) {
        this("http://localhost:" + port, TestTokens.token(TestTokens.STAFF, "customer", "operator"));
    }

    private Http(String base, String token) {
        this.base = base;
        this.token = token;
    }

    /** The same platform, called as {@code subject} with these roles. */
    public Http as(String subject, String... roles) {
        return new Http(base, TestTokens.token(subject, roles));
    }

    /** The same platform, called as the customer {@code customerId} (role customer only). */
    public Http asCustomer(String customerId) {
        return as(customerId, "customer");
    }

    /** The same platform, called with this raw token (expired, forged, ...). */
    public Http withToken(String rawToken) {
        return new Http(base, rawToken);
    }

    /** The same platform, called without any token. */
    public Http anonymous() {
        return new Http(base, null);
    }

    /** The {@code Authorization} header value this client sends, for requests made with another client (SSE). */
    public String authorization() {
        return token == null ? null : "Bearer " + token;
    }

    public record Response(int status, java.net.http.HttpHeaders headers, String body) {

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        public String contentType() {
            return header("Content-Type");
        }
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    public Response post(String path, String jsonBody) {
        return post(path, jsonBody, Map.of());
    }

    /** A JSON POST with extra request headers. */
    public Response post(String path, String jsonBody, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                                                 .header("Content-Type", "application/json")
                                                 .POST(HttpRequest.BodyPublishers.ofString(jsonBody));
        headers.forEach(request::header);
        return send(request);
    }

    /** A GET with extra request headers. */
    public Response get(String path, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).GET();
        headers.forEach(request::header);
        return send(request);
    }

    public Response delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
    }

    public String base() {
        return base;
    }

    private Response send(HttpRequest.Builder request) {
        if (token != null) {
            request.header("Authorization", authorization());
        }
        try {
            HttpResponse<String> response = CLIENT.send(request.timeout(Duration.ofSeconds(30)).build(),
                                                        HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

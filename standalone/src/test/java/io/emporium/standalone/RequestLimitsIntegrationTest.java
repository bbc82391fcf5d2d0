package io.emporium.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The edge's request limits and plain HTTP errors over real HTTP, where the servlet container takes part. */
@IntegrationTest
class RequestLimitsIntegrationTest {

    @LocalServerPort
    int port;

    @Test
    void everyApiAnswerReportsTheClientsRateLimit() {
        Http.Response answer = new Http(port).get("/api/products");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("RateLimit-Limit")).isEqualTo("1000000");
        assertThat(Long.parseLong(answer.header("RateLimit-Remaining"))).isLessThan(1000000);
    }

    @Test
    void aChunkedBodyGrowingPastTheLimitIsAnswered413WithoutBeingStored() throws Exception {
        // Valid JSON all along (whitespace), so that only its size can make it fail.
        byte[] body = ("{\"quantity\": 1" + " ".repeat(100 * 1024) + "}").getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/products/NOPE-1/stock"))
                .header("Content-Type", "application/json")
                .header("Authorization", new Http(port).authorization())
                // No length known in advance: sent chunked, so only counting while reading can stop it.
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();
        HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                                                  .send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode problem = new ObjectMapper().readTree(response.body());
        assertThat(problem.get("type").asText()).isEqualTo("urn:emporium:problem:payload-too-large");
    }

    @Test
    void aRequestRejectedBeforeAnyControllerIsAnsweredAsAProblemToo() throws Exception {
        // Spring Security's firewall rejects a path parameter (;) and sends the error to /error.
        try (Socket socket = new Socket("localhost", port)) {
            socket.getOutputStream().write(("GET /api/products;evil=1 HTTP/1.1\r\nHost: localhost\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 400");
            assertThat(answer).contains("application/problem+json").contains("urn:emporium:problem:invalid-request")
                              .doesNotContain("Exception").doesNotContain("at org.");
        }
    }
}

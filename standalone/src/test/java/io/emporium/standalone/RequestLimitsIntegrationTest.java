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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "/api/products, */*",
            "/api/orders/6f1c3f43-6f8e-4a55-9c1e-2b1f3e0a7d10/cancel, */*",
            "/api/orders/6f1c3f43-6f8e-4a55-9c1e-2b1f3e0a7d10/cancel, application/*"})
    void aBodyOfAMediaRangeIsAnswered415(String path, String contentType) {
        RawHttp.Answer answer = raw("POST " + path + " HTTP/1.1\r\nContent-Type: " + contentType + "\r\n" + bearer(),
                                    "{\"reason\":\"x\"}");
        assertProblem(answer, 415, "urn:emporium:problem:unsupported-media-type");
    }

    @Test
    void aDirectRequestForTheErrorPageIsAnswered404() {
        assertProblem(raw("GET /error HTTP/1.1\r\n" + bearer(), null), 404, "urn:emporium:problem:no-such-endpoint");
        assertThat(new Http(port).anonymous().get("/v3/api-docs").body()).doesNotContain("\"/error\"");
    }

    @Test
    void aMethodTheFirewallDoesNotKnowIsAnswered405AsAProblem() {
        assertProblem(raw("BREW /api/products HTTP/1.1\r\n" + bearer(), null), 405,
                      "urn:emporium:problem:method-not-allowed");
    }

    @Test
    void anAcceptHeaderThatCannotBeParsedIsAnswered406AsAProblem() {
        assertProblem(raw("GET /api/products HTTP/1.1\r\nAccept: ;;;\r\n" + bearer(), null), 406,
                      "urn:emporium:problem:not-acceptable");
    }

    @Test
    void anEncodedSlashTheFirewallRejectsIsAnswered400AsAProblem() {
        assertProblem(raw("GET /api/products/%2F HTTP/1.1\r\n" + bearer(), null), 400,
                      "urn:emporium:problem:invalid-request");
    }

    @Test
    void aRequestTheContainerCannotParseIsAnsweredAsAProblemWithoutServerDetails() {
        assertProblem(raw("GET /api/products%ZZ HTTP/1.1\r\n", null), 400, "urn:emporium:problem:invalid-request");
        assertProblem(raw("GET /api/products HTTP/1.1\r\nX-Control: a\u0001b\r\n", null), 400,
                      "urn:emporium:problem:invalid-request");
    }

    private RawHttp.Answer raw(String head, String body) {
        String withHost = head.replaceFirst("\r\n", "\r\nHost: localhost\r\n");
        return RawHttp.send(port, withHost, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    private String bearer() {
        return "Authorization: " + new Http(port).authorization() + "\r\n";
    }

    private static void assertProblem(RawHttp.Answer answer, int status, String type) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.body()).contains("\"type\":\"" + type + "\"").doesNotContain("Tomcat")
                                 .doesNotContain("Exception");
        assertThat(answer.headers()).doesNotContainKey("server");
    }
}

package io.emporium.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emporium.client.ContractChecks.Answer;
import io.emporium.standalone.IntegrationTest;
import io.emporium.standalone.TestTokens;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Every operation of {@code docs/api/openapi.json} (which ApiSpecIntegrationTest holds to the running API) called for
 * real: without a token, with a token of each role alone, and, for all but the few that need state no test makes
 * cheaply, successfully. Each answer must be admitted or refused as the operation's {@code x-required-role} says,
 * have a status the operation documents (a success exactly the one it documents), and carry the headers the document
 * names for that status and no other header of the document's. The roles are written once, in the edge's
 * {@code ApiAccess}, which security grants by and the description publishes; this test holds the two together.
 */
@IntegrationTest
class ApiContractIntegrationTest {

    /** Operations whose success needs state no test here makes cheaply; their refusals are checked all the same. */
    static final Set<String> NO_SUCCESS_CALL = Set.of(
            "GET /api/orders/{orderId}/updates", "GET /api/admin/rebuilds/{id}/progress",
            "DELETE /api/admin/dead-letters/{group}/{sequenceId}",
            "POST /api/admin/saga/parked-events/{eventId}/retry", "DELETE /api/admin/saga/parked-events/{eventId}");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    int port;

    private static JsonNode document() throws IOException {
        return JSON.readTree(ProjectFiles.description().toFile());
    }

    @Test
    void everyOperationAdmitsTheRolesItDocumentsAndAnswersAsItSays() throws Exception {
        JsonNode document = document();
        List<Answer> answers = new ArrayList<>();
        // A confirmed order of the customer the probes call as, so that a stream of its updates ends at once (one not
        // projected yet sends nothing) and a customer's read is refused by security or not at all (a read of another
        // customer's order is refused as not its own, a 403 of the same type).
        String sku = newSku();
        expect(201, call("POST", "/api/products", "/api/products", BOTH, product(sku), Map.of()));
        String orderId = confirmedOrder(sku, "customer", new ArrayList<>());
        ContractChecks.operations(document).forEach((operation, description) -> {
            String method = operation.substring(0, operation.indexOf(' '));
            String path = operation.substring(operation.indexOf(' ') + 1);
            String target = path.replace("{orderId}", orderId)
                                .replace("{paymentId}", UUID.randomUUID().toString())
                                .replace("{sku}", "CONTRACT-NONE")
                                .replace("{id}", "999999")
                                .replaceAll("\\{[^}]+}", "no-such-thing");
            // A body that is no request's (an array): refused 400 by whoever the token lets through.
            String body = description.has("requestBody") || method.equals("POST") ? "[]" : null;
            answers.add(call(method, path, target, null, body, Map.of()));
            answers.add(call(method, path, target, "customer", body, Map.of()));
            answers.add(call(method, path, target, "operator", body, Map.of()));
        });
        assertThat(answers).hasSize(3 * ContractChecks.operations(document).size());
        assertThat(ContractChecks.roleMismatches(document, answers)).isEmpty();
        assertThat(ContractChecks.statusMismatches(document, answers)).isEmpty();
        assertThat(ContractChecks.headerMismatches(document, answers)).isEmpty();

        // The same answers against a copy that names the wrong role: caught.
        ObjectNode wrong = document.deepCopy();
        ((ObjectNode) wrong.at("/paths/~1api~1products/post")).set(ContractChecks.REQUIRED_ROLE,
                JSON.createArrayNode().add("customer"));
        assertThat(ContractChecks.roleMismatches(wrong, answers)).hasSize(2).allMatch(
                mismatch -> mismatch.startsWith("POST /api/products with role "));
    }

    @Test
    void everyOperationSucceedsWithTheStatusAndHeadersItDocuments() throws Exception {
        JsonNode document = document();
        List<Answer> answers = new ArrayList<>();
        String both = BOTH;
        String sku = newSku();
        answers.add(expect(201, call("POST", "/api/products", "/api/products", both, product(sku), Map.of())));
        String key = "contract-" + UUID.randomUUID();
        answers.add(expect(200, call("POST", "/api/products/{sku}/stock", "/api/products/" + sku + "/stock", both,
                                     "{\"quantity\":5}", Map.of("Idempotency-Key", key))));
        Answer replayed = expect(200, call("POST", "/api/products/{sku}/stock", "/api/products/" + sku + "/stock",
                                           both, "{\"quantity\":5}", Map.of("Idempotency-Key", key)));
        assertThat(replayed.headers().get("Idempotent-Replayed")).containsExactly("true");
        answers.add(replayed);
        answers.add(expect(200, call("GET", "/api/products", "/api/products", both, null, Map.of())));
        answers.add(expect(200, call("GET", "/api/products/{sku}", "/api/products/" + sku, both, null, Map.of())));

        String confirmed = confirmedOrder(sku, both, answers);
        answers.add(expect(200, call("GET", "/api/orders/{orderId}", "/api/orders/" + confirmed, both, null,
                                     Map.of())));
        answers.add(expect(200, call("GET", "/api/orders", "/api/orders?customerId=" + TestTokens.STAFF, both, null,
                                     Map.of())));
        await().atMost(Duration.ofSeconds(20)).until(() -> body("/api/orders/" + confirmed + "/payment")
                .path("status").asText().equals("AUTHORIZED"));
        answers.add(expect(200, call("GET", "/api/orders/{orderId}/payment", "/api/orders/" + confirmed + "/payment",
                                     both, null, Map.of())));
        String paymentId = body("/api/orders/" + confirmed + "/payment").path("paymentId").asText();
        answers.add(expect(200, call("POST", "/api/payments/{paymentId}/refunds", "/api/payments/" + paymentId
                + "/refunds", both, "{\"refundId\":\"contract-refund\",\"reason\":\"contract test\"}", Map.of())));

        String waiting = UUID.randomUUID().toString();
        expect(202, call("POST", "/api/orders", "/api/orders", both, order(waiting, sku, "pm_no_answer"), Map.of()));
        answers.add(expect(202, call("POST", "/api/orders/{orderId}/cancel", "/api/orders/" + waiting + "/cancel",
                                     both, "{\"reason\":\"contract test\"}", Map.of())));

        for (String read : List.of("/api/admin/projections", "/api/admin/dead-letters", "/api/admin/rebuilds",
                                   "/api/admin/reconciliation", "/api/admin/saga/parked-events")) {
            answers.add(expect(200, call("GET", read, read, both, null, Map.of())));
        }
        answers.add(expect(200, call("GET", "/api/admin/aggregates/{aggregateId}/events", "/api/admin/aggregates/"
                + confirmed + "/events", both, null, Map.of())));
        answers.add(expect(200, call("POST", "/api/admin/dead-letters/{group}/retry",
                                     "/api/admin/dead-letters/order-views/retry", both, null, Map.of())));

        Answer started = expect(202, call("POST", "/api/admin/rebuilds", "/api/admin/rebuilds", both,
                                          "{\"projections\":[\"payment-views\"]}", Map.of()));
        answers.add(started);
        String location = started.headers().get("Location").get(0);
        String rebuild = location.substring(location.lastIndexOf('/') + 1);
        answers.add(expect(200, call("GET", "/api/admin/rebuilds/{id}", location, both, null, Map.of())));
        // Cancelled while it runs (200), or refused once it has ended (409): each as the document says.
        Answer cancelled = call("DELETE", "/api/admin/rebuilds/{id}", "/api/admin/rebuilds/" + rebuild, both, null,
                                Map.of());
        assertThat(cancelled.status()).isIn(200, 409);
        answers.add(cancelled);
        await().atMost(Duration.ofSeconds(30)).until(() -> !Set.of("REBUILDING", "CATCHING_UP").contains(
                body(location).path("phase").asText().toUpperCase()));
        answers.add(expect(202, call("POST", "/api/admin/projections/{name}/replay",
                                     "/api/admin/projections/payment-views/replay", both, null, Map.of())));

        assertThat(ContractChecks.statusMismatches(document, answers)).isEmpty();
        assertThat(ContractChecks.headerMismatches(document, answers)).isEmpty();
        for (Answer answer : answers) {
            if (answer.status() / 100 == 2) {
                assertThat(Integer.toString(answer.status())).as(answer.operation())
                        .isEqualTo(ContractChecks.successStatus(ContractChecks.operations(document)
                                                                              .get(answer.operation())));
            }
        }
        // The same answers against a copy that says 200 where registering a product answers 201: caught.
        ObjectNode wrong = document.deepCopy();
        ObjectNode responses = (ObjectNode) wrong.at("/paths/~1api~1products/post/responses");
        responses.set("200", responses.remove("201"));
        assertThat(ContractChecks.statusMismatches(wrong, answers)).containsExactly(
                "POST /api/products answered 201, which it does not document "
                        + "[400, 401, 403, 406, 409, 413, 415, 422, 429, 500, 503, 200]");

        // Every operation is either called successfully here or named as one that is not.
        Set<String> called = new TreeSet<>();
        answers.forEach(answer -> called.add(answer.operation()));
        Set<String> expected = new TreeSet<>(ContractChecks.operations(document).keySet());
        expected.removeAll(NO_SUCCESS_CALL);
        assertThat(called).isEqualTo(expected);
    }

    private static final String BOTH = "customer operator";

    private static String newSku() {
        return "CONTRACT-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    }

    private static String product(String sku) {
        return """
                {"sku":"%s","name":"Contract desk","unitPrice":{"amount":1000,"currency":"EUR"},"initialStock":10}"""
                .formatted(sku);
    }

    /** Places, as {@code roles}, an order of one unit of {@code sku} that the saga confirms; its answer to {@code answers}. */
    private String confirmedOrder(String sku, String roles, List<Answer> answers) {
        String orderId = UUID.randomUUID().toString();
        answers.add(expect(202, call("POST", "/api/orders", "/api/orders", roles, order(orderId, sku, "pm_approve"),
                                     Map.of())));
        await().atMost(Duration.ofSeconds(20)).until(() -> body("/api/orders/" + orderId + "?waitMillis=1000")
                .path("status").asText().equals("CONFIRMED"));
        return orderId;
    }

    private static Answer expect(int status, Answer answer) {
        assertThat(answer.status()).as(answer.operation() + " " + answer.headers()).isEqualTo(status);
        return answer;
    }

    private static String order(String orderId, String sku, String paymentMethodToken) {
        return """
                {"orderId":"%s","lines":[{"sku":"%s","quantity":1}],"paymentMethodToken":"%s"}"""
                .formatted(orderId, sku, paymentMethodToken);
    }

    /** A read of the default identity (both roles), as JSON; missing when it is not a 200. */
    private JsonNode body(String target) throws IOException {
        Answer answer = call("GET", target, target, "customer operator", null, Map.of());
        return answer.status() == 200 ? JSON.readTree(lastBody) : JSON.missingNode();
    }

    private String lastBody;

    /**
     * One real request to {@code target}, for the description's {@code path}, with a token of {@code roles} (none
     * when null). A stream of server-sent events is not read: its status and headers are the answer.
     */
    private Answer call(String method, String path, String target, String roles, String body,
                        Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + target))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (roles != null) {
            String subject = roles.contains(" ") ? TestTokens.STAFF : "contract-" + roles;
            request.header("Authorization", "Bearer " + TestTokens.token(subject, roles.split(" ")));
        }
        headers.forEach(request::header);
        try {
            HttpResponse<InputStream> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            String contentType = response.headers().firstValue("Content-Type").orElse("");
            String text;
            try (InputStream stream = response.body()) {
                text = contentType.startsWith("text/event-stream") ? ""
                        : new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            }
            lastBody = text;
            String type = contentType.startsWith("application/problem+json") ? JSON.readTree(text).path("type").asText()
                    : null;
            Map<String, List<String>> answerHeaders = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            answerHeaders.putAll(response.headers().map());
            return new Answer(method, path, roles, response.statusCode(), type, answerHeaders);
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + target, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

}

package io.emporium.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.emporium.messages.common.Identifiers;
import io.emporium.messages.common.Money;
import io.emporium.messages.order.ConfirmOrder;
import io.emporium.messages.order.OrderPlaced;
import io.emporium.messages.payment.AuthorizePayment;
import io.emporium.messages.payment.PaymentAuthorized;
import io.emporium.messages.payment.PaymentDeclined;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

@IntegrationTest
class CommandEndpointsIntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    CommandGateway commandGateway;

    @Autowired
    EventStore eventStore;

    @Autowired
    JdbcTemplate jdbc;

    Http http;
    EventStreams events;

    @BeforeEach
    void connect() {
        http = new Http(port);
        events = new EventStreams(eventStore, jdbc);
    }

    static String newSku() {
        return TestIds.sku("SKU");
    }

    static String newOrderId() {
        return UUID.randomUUID().toString();
    }

    Http.Response registerProduct(String sku, int stock) {
        return http.post("/api/products", """
                {"sku":"%s","name":"Walnut desk","unitPrice":{"amount":24900,"currency":"EUR"},"initialStock":%d}
                """.formatted(sku, stock));
    }

    Http.Response placeOrder(String orderId, String sku, int quantity) {
        return placeOrder(orderId, sku, quantity, "pm_approve");
    }

    Http.Response placeOrder(String orderId, String sku, int quantity, String paymentMethodToken) {
        return http.post("/api/orders", """
                {"orderId":"%s","lines":[{"sku":"%s","quantity":%d}],
                 "paymentMethodToken":"%s"}
                """.formatted(orderId, sku, quantity, paymentMethodToken));
    }

    @Test
    void registeringAProductAndReceivingStockAreStoredAsEvents() {
        String sku = newSku();

        Http.Response registered = registerProduct(sku, 10);
        Http.Response received = http.post("/api/products/" + sku + "/stock", "{\"quantity\":5}");

        assertThat(registered.status()).isEqualTo(201);
        assertThat(registered.header("Location")).endsWith("/api/products/" + sku);
        assertThat(received.status()).isEqualTo(200);
        JsonNode stream = http.get("/api/admin/aggregates/" + sku + "/events").json();
        assertThat(stream).hasSize(2);
        assertThat(stream.get(0).get("type").asText()).endsWith("ProductRegistered");
        assertThat(stream.get(0).get("payload").get("unitPrice").get("amountMinor").asLong()).isEqualTo(24900);
        assertThat(stream.get(1).get("type").asText()).endsWith("StockReceived");
        assertThat(stream.get(1).get("payload").get("onHandAfter").asInt()).isEqualTo(15);
        assertThat(stream.get(1).get("sequence").asLong()).isEqualTo(1);
        assertThat(stream.get(1).get("timestamp").asText()).isNotBlank();
    }

    @Test
    void placingAnOrderAnswers202WithItsLocationAndStoresOrderPlaced() {
        String sku = newSku();
        registerProduct(sku, 10);
        String orderId = newOrderId();

        Http.Response placed = placeOrder(orderId, sku, 2);

        assertThat(placed.status()).isEqualTo(202);
        assertThat(placed.header("Location")).endsWith("/api/orders/" + orderId);
        JsonNode stream = http.get("/api/admin/aggregates/" + orderId + "/events").json();
        // The order saga may already have confirmed it; the placement is the first event either way.
        assertThat(stream.get(0).get("type").asText()).endsWith("OrderPlaced");
        assertThat(stream.get(0).get("payload").get("lines").get(0).get("sku").asText()).isEqualTo(sku);
    }

    @Test
    void aRetriedPlacementWithTheSameIdCreatesNoSecondOrder() {
        String sku = newSku();
        registerProduct(sku, 10);
        String orderId = newOrderId();

        assertThat(placeOrder(orderId, sku, 2).status()).isEqualTo(202);
        assertThat(placeOrder(orderId, sku, 2).status()).isEqualTo(202);
        Http.Response different = placeOrder(orderId, sku, 3);

        assertThat(different.status()).isEqualTo(409);
        assertThat(different.contentType()).startsWith("application/problem+json");
        assertThat(events.payloadsOf(orderId)).filteredOn(OrderPlaced.class::isInstance).hasSize(1);
    }

    @Test
    void cancellingAPendingOrderStoresOrderCancelledWithTheReason() {
        String sku = newSku();
        registerProduct(sku, 10);
        String orderId = newOrderId();
        // The provider never answers this token, so the order stays pending until the saga's payment deadline.
        placeOrder(orderId, sku, 1, "pm_no_answer");

        Http.Response cancelled = http.post("/api/orders/" + orderId + "/cancel", "{\"reason\":\"changed my mind\"}");

        assertThat(cancelled.status()).isEqualTo(202);
        JsonNode stream = http.get("/api/admin/aggregates/" + orderId + "/events").json();
        assertThat(stream.get(1).get("type").asText()).endsWith("OrderCancelled");
        assertThat(stream.get(1).get("payload").get("reason").asText()).isEqualTo("changed my mind");
    }

    @Test
    void cancellingAConfirmedOrderIsRefusedWith409AndAppendsNothing() {
        String sku = newSku();
        registerProduct(sku, 10);
        String orderId = newOrderId();
        placeOrder(orderId, sku, 1);
        commandGateway.sendAndWait(new ConfirmOrder(orderId, Identifiers.paymentIdFor(orderId), "payment authorized"));

        Http.Response refused = http.post("/api/orders/" + orderId + "/cancel", "{}");

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().get("detail").asText()).contains("CONFIRMED");
        assertThat(events.of(orderId)).hasSize(2);
    }

    @Test
    void commandsForAnAggregateThatDoesNotExistAnswer404() {
        assertThat(http.post("/api/products/" + newSku() + "/stock", "{\"quantity\":1}").status()).isEqualTo(404);
        assertThat(http.post("/api/orders/" + newOrderId() + "/cancel", "{}").status()).isEqualTo(404);
        assertThat(http.get("/api/admin/aggregates/" + newOrderId() + "/events").status()).isEqualTo(404);
    }

    @Test
    void noBadRequestAppendsAnEvent() {
        String sku = newSku();
        registerProduct(sku, 10);
        String tooManyLines = IntStream.rangeClosed(1, 101)
                                       .mapToObj(i -> "{\"sku\":\"SKU-L" + i + "\",\"quantity\":1}")
                                       .collect(Collectors.joining(",", "[", "]"));
        List<String> orderIds = List.of(newOrderId(), newOrderId(), newOrderId(), newOrderId());
        List<String> newSkus = List.of(newSku(), newSku());
        int skuEventsBefore = events.of(sku).size();

        List<Http.Response> answers = List.of(
                http.post("/api/orders", "{\"orderId\":"),
                http.post("/api/orders", "{\"orderId\":\"%s\",\"lines\":[{\"sku\":\"%s\",\"quantity\":0}],\"paymentMethodToken\":\"pm_approve\"}"
                        .formatted(orderIds.get(0), sku)),
                http.post("/api/orders", "{\"orderId\":\"%s\",\"lines\":[{\"sku\":\"%s\",\"quantity\":-2}],\"paymentMethodToken\":\"pm_approve\"}"
                        .formatted(orderIds.get(1), sku)),
                http.post("/api/orders", "{\"orderId\":\"%s\",\"lines\":%s,\"paymentMethodToken\":\"pm_approve\"}"
                        .formatted(orderIds.get(2), tooManyLines)),
                http.post("/api/orders", "{\"orderId\":\"%s\",\"customerId\":\"\",\"lines\":[{\"sku\":\"%s\",\"quantity\":1}],\"paymentMethodToken\":\"pm_approve\"}"
                        .formatted(orderIds.get(3), sku)),
                http.post("/api/products", "{\"sku\":\"%s\",\"name\":\"Desk\",\"unitPrice\":{\"amount\":100,\"currency\":\"XYZ\"},\"initialStock\":1}"
                        .formatted(newSkus.get(0))),
                http.post("/api/products", "{\"sku\":\"%s\",\"name\":\"%s\",\"unitPrice\":{\"amount\":100,\"currency\":\"EUR\"},\"initialStock\":1}"
                        .formatted(newSkus.get(1), "x".repeat(201))),
                http.post("/api/products/" + sku + "/stock", "{\"quantity\":0}"));

        assertThat(answers).allSatisfy(answer -> {
            assertThat(answer.status()).as(answer.body()).isEqualTo(400);
            assertThat(answer.contentType()).startsWith("application/problem+json");
        });
        assertThat(answers.get(1).body()).contains("lines[0].quantity");
        assertThat(answers.get(4).body()).contains("customerId");
        assertThat(answers.get(5).body()).contains("unitPrice.currency");
        // Checked per aggregate: the order saga of other tests may still be appending events meanwhile.
        assertThat(orderIds).allSatisfy(orderId -> assertThat(events.of(orderId)).isEmpty());
        assertThat(newSkus).allSatisfy(newSku -> assertThat(events.of(newSku)).isEmpty());
        assertThat(events.of(sku)).hasSize(skuEventsBefore);
    }


    @Test
    void anApprovedPaymentCanBeRefundedByAnOperatorButNeverBeyondWhatWasAuthorized() {
        String orderId = newOrderId();
        String paymentId = Identifiers.paymentIdFor(orderId);
        commandGateway.sendAndWait(new AuthorizePayment(paymentId, orderId, Money.of(5000, "EUR"), "pm_approve"));
        await().atMost(Duration.ofSeconds(20))
               .until(() -> events.lastPayloadOf(paymentId) instanceof PaymentAuthorized);

        Http.Response refunded = http.post("/api/payments/" + paymentId + "/refunds",
                "{\"refundId\":\"r-1\",\"amount\":{\"amount\":3000,\"currency\":\"EUR\"},\"reason\":\"damaged\"}");
        Http.Response tooMuch = http.post("/api/payments/" + paymentId + "/refunds",
                "{\"refundId\":\"r-2\",\"amount\":{\"amount\":2001,\"currency\":\"EUR\"},\"reason\":\"again\"}");

        assertThat(refunded.status()).isEqualTo(200);
        assertThat(tooMuch.status()).isEqualTo(422);
        assertThat(tooMuch.contentType()).startsWith("application/problem+json");
        assertThat(events.payloadsOf(paymentId)).hasSize(3);
    }

    @Test
    void theSimulatedProviderDeclinesTheDeclineTokenAndRetriesATransientFailureUntilApproved() {
        String declinedOrder = newOrderId();
        String declined = Identifiers.paymentIdFor(declinedOrder);
        String transientOrder = newOrderId();
        String retried = Identifiers.paymentIdFor(transientOrder);

        commandGateway.sendAndWait(new AuthorizePayment(declined, declinedOrder, Money.of(100, "EUR"), "pm_decline"));
        commandGateway.sendAndWait(new AuthorizePayment(retried, transientOrder, Money.of(100, "EUR"), "pm_transient"));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(events.lastPayloadOf(declined)).isInstanceOf(PaymentDeclined.class);
            assertThat(events.lastPayloadOf(retried)).isInstanceOf(PaymentAuthorized.class);
        });
    }
}

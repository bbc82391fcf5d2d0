package io.emporium.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emporium.messages.common.Identifiers;
import io.emporium.messages.common.Money;
import io.emporium.messages.inventory.CommitReservation;
import io.emporium.messages.inventory.ReceiveStock;
import io.emporium.messages.inventory.RegisterProduct;
import io.emporium.messages.inventory.ReleaseStock;
import io.emporium.messages.inventory.ReserveStock;
import io.emporium.messages.order.CancelOrder;
import io.emporium.messages.order.ConfirmOrder;
import io.emporium.messages.order.OrderLine;
import io.emporium.messages.order.PlaceOrder;
import io.emporium.messages.order.RejectOrder;
import io.emporium.messages.order.RejectionCause;
import io.emporium.messages.payment.AuthorizePayment;
import io.emporium.messages.payment.RefundPayment;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The read models on PostgreSQL, through HTTP: built from a varied history sent as commands (no saga runs in
 * this assembly, so the test drives each step), rebuilt identically by a replay, a poisoned event parked in
 * the dead-letter queue without holding up other orders, and live status updates over server-sent events.
 */
@IntegrationTest
class ProjectionsIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    @Autowired
    CommandGateway commands;

    @Autowired
    JdbcTemplate jdbc;

    Http http;

    @BeforeEach
    void connect() {
        http = new Http(port);
    }

    static String newSku(String prefix) {
        return prefix + "-" + Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36).toUpperCase();
    }

    static String newOrderId() {
        return UUID.randomUUID().toString();
    }

    private void place(String orderId, String customer, String... skusAndQuantities) {
        List<OrderLine> lines = new ArrayList<>();
        for (int i = 0; i < skusAndQuantities.length; i += 2) {
            lines.add(new OrderLine(skusAndQuantities[i], Integer.parseInt(skusAndQuantities[i + 1])));
        }
        commands.sendAndWait(new PlaceOrder(orderId, customer, lines, "pm_approve"));
    }

    private JsonNode awaitOrder(String orderId, String status) {
        JsonNode[] view = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Http.Response response = http.get("/api/orders/" + orderId);
            view[0] = response.status() == 200 ? response.json() : null;
            return view[0] != null && status.equals(view[0].get("status").asText());
        });
        return view[0];
    }

    private void replayAll() {
        for (String name : List.of("order-views", "product-catalogue", "payment-views")) {
            Http.Response replay = http.post("/api/admin/projections/" + name + "/replay", "");
            assertThat(replay.status()).as(replay.body()).isEqualTo(202);
        }
    }

    @Test
    void aReplayRebuildsEveryReadModelRowForRow() {
        // An eviction (another test) leaves views that differ from what the events say; start from the events.
        replayAll();
        ReadModels.awaitCaughtUp(http);
        String desk = newSku("DESK");
        String lamp = newSku("LAMP");
        String customer = "customer-" + UUID.randomUUID();
        commands.sendAndWait(new RegisterProduct(desk, "Oak desk", Money.of(24900, "EUR"), 10));
        commands.sendAndWait(new RegisterProduct(lamp, "Brass lamp", Money.of(4500, "EUR"), 2));
        commands.sendAndWait(new ReceiveStock(desk, 5));

        // Confirmed: reserved, paid, committed.
        String confirmed = newOrderId();
        place(confirmed, customer, desk, "2", lamp, "1");
        commands.sendAndWait(new ReserveStock(desk, confirmed, 2));
        commands.sendAndWait(new ReserveStock(lamp, confirmed, 1));
        String confirmedPayment = Identifiers.paymentIdFor(confirmed);
        commands.sendAndWait(new AuthorizePayment(confirmedPayment, confirmed, Money.of(54300, "EUR"), "pm_approve"));
        // Rejected: out of stock for one line, the other released; payment declined on another order.
        String rejected = newOrderId();
        place(rejected, customer, desk, "1", lamp, "5");
        commands.sendAndWait(new ReserveStock(desk, rejected, 1));
        commands.sendAndWait(new ReserveStock(lamp, rejected, 5));
        commands.sendAndWait(new ReleaseStock(desk, rejected, "lamp out of stock"));
        commands.sendAndWait(new RejectOrder(rejected, RejectionCause.OUT_OF_STOCK, lamp + " out of stock"));
        String declined = newOrderId();
        place(declined, customer, desk, "1");
        commands.sendAndWait(new ReserveStock(desk, declined, 1));
        commands.sendAndWait(new AuthorizePayment(Identifiers.paymentIdFor(declined), declined,
                                                  Money.of(24900, "EUR"), "pm_decline"));
        // Cancelled by the customer.
        String cancelled = newOrderId();
        place(cancelled, customer, lamp, "1");
        commands.sendAndWait(new CancelOrder(cancelled, "changed my mind"));

        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Http.Response payment = http.get("/api/orders/" + confirmed + "/payment");
            Http.Response decline = http.get("/api/orders/" + declined + "/payment");
            return payment.status() == 200 && "AUTHORIZED".equals(payment.json().get("status").asText())
                    && decline.status() == 200 && "DECLINED".equals(decline.json().get("status").asText());
        });
        commands.sendAndWait(new ConfirmOrder(confirmed, confirmedPayment, "stock reserved and payment authorized"));
        commands.sendAndWait(new CommitReservation(desk, confirmed));
        commands.sendAndWait(new CommitReservation(lamp, confirmed));
        commands.sendAndWait(new RefundPayment(confirmedPayment, "r-1", Money.of(4500, "EUR"), "lamp damaged"));
        commands.sendAndWait(new ReleaseStock(desk, declined, "payment declined"));
        commands.sendAndWait(new RejectOrder(declined, RejectionCause.PAYMENT_DECLINED, "card declined"));
        ReadModels.awaitCaughtUp(http);

        // What a client reads.
        JsonNode order = http.get("/api/orders/" + confirmed).json();
        assertThat(order.get("status").asText()).isEqualTo("CONFIRMED");
        assertThat(order.get("total").get("amountMinor").asLong()).isEqualTo(2 * 24900 + 4500);
        assertThat(order.get("lines").get(0).get("unitPrice").get("amountMinor").asLong()).isEqualTo(24900);
        assertThat(order.get("statusHistory")).hasSize(2);
        JsonNode page = http.get("/api/orders?customerId=" + customer + "&size=2").json();
        assertThat(page.get("totalItems").asInt()).isEqualTo(4);
        assertThat(page.get("items").get(0).get("orderId").asText()).isEqualTo(cancelled);
        assertThat(page.get("items")).hasSize(2);
        JsonNode rejectedOnly = http.get("/api/orders?customerId=" + customer + "&status=REJECTED").json();
        assertThat(rejectedOnly.get("items")).extracting(item -> item.get("orderId").asText())
                                             .containsExactlyInAnyOrder(rejected, declined);
        JsonNode deskView = http.get("/api/products/" + desk).json();
        assertThat(deskView.get("onHand").asInt()).isEqualTo(13);
        assertThat(deskView.get("reserved").asInt()).isZero();
        assertThat(deskView.get("available").asInt()).isEqualTo(13);
        JsonNode lampView = http.get("/api/products/" + lamp).json();
        assertThat(lampView.get("onHand").asInt()).isEqualTo(1);
        assertThat(lampView.get("available").asInt()).isEqualTo(1);
        JsonNode payment = http.get("/api/orders/" + confirmed + "/payment").json();
        assertThat(payment.get("status").asText()).isEqualTo("PARTIALLY_REFUNDED");
        assertThat(payment.get("refunds").get(0).get("refundId").asText()).isEqualTo("r-1");
        assertThat(http.get("/api/orders/" + newOrderId()).status()).isEqualTo(404);
        assertThat(http.get("/api/products/NOPE-404").status()).isEqualTo(404);

        Map<String, List<Map<String, Object>>> before = ReadModels.capture(jdbc);
        assertThat(before.get("order_view")).hasSizeGreaterThanOrEqualTo(4);

        replayAll();
        JsonNode statuses = ReadModels.awaitCaughtUp(http);

        assertThat(statuses.get("projections")).extracting(p -> p.get("name").asText())
                                                .containsExactly("order-views", "product-catalogue", "payment-views");
        Map<String, List<Map<String, Object>>> after = ReadModels.capture(jdbc);
        for (String table : ReadModels.TABLES.keySet()) {
            assertThat(after.get(table)).as(table).containsExactlyElementsOf(before.get(table));
        }
        assertThat(http.post("/api/admin/projections/no-such-projection/replay", "").status()).isEqualTo(404);
    }

    @Test
    void aPoisonedEventIsParkedWhileOtherOrdersGoOnAndARetryCompletesIt() {
        String poisoned = newOrderId();
        String healthy = newOrderId();
        String later = newOrderId();
        jdbc.execute("ALTER TABLE order_view ADD CONSTRAINT poisoned_order CHECK (order_id <> '" + poisoned + "')");
        try {
            place(poisoned, "customer-p", "MUG-1", "1");
            place(healthy, "customer-p", "MUG-1", "2");
            awaitOrder(healthy, "PENDING");
            commands.sendAndWait(new CancelOrder(poisoned, "changed my mind"));
            place(later, "customer-p", "MUG-1", "3");
            awaitOrder(later, "PENDING");

            JsonNode[] letters = new JsonNode[1];
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                letters[0] = http.get("/api/admin/dead-letters").json().get("letters");
                return countOf(letters[0], poisoned) == 2;
            });
            List<JsonNode> parked = new ArrayList<>();
            letters[0].forEach(letter -> {
                if (letter.get("sequenceId").asText().equals(poisoned)) {
                    parked.add(letter);
                }
            });
            assertThat(parked.get(0).get("group").asText()).isEqualTo("order-views");
            assertThat(parked.get(0).get("eventType").asText()).isEqualTo("io.emporium.messages.order.OrderPlaced");
            assertThat(parked.get(0).get("cause").asText()).contains("poisoned_order");
            assertThat(parked.get(1).get("eventType").asText()).isEqualTo("io.emporium.messages.order.OrderCancelled");
            assertThat(http.get("/api/orders/" + poisoned).status()).isEqualTo(404);
        } finally {
            jdbc.execute("ALTER TABLE order_view DROP CONSTRAINT IF EXISTS poisoned_order");
        }

        Http.Response retry = http.post("/api/admin/dead-letters/order-views/retry", "");
        assertThat(retry.status()).as(retry.body()).isEqualTo(200);
        assertThat(retry.json().get("sequencesProcessed").asInt()).isEqualTo(1);
        assertThat(retry.json().get("lettersRemaining").asInt()).isZero();
        JsonNode view = awaitOrder(poisoned, "CANCELLED");
        assertThat(view.get("statusHistory")).hasSize(2);
        assertThat(countOf(http.get("/api/admin/dead-letters").json().get("letters"), poisoned)).isZero();
        assertThat(http.post("/api/admin/dead-letters/no-such-group/retry", "").status()).isEqualTo(404);
        assertThat(http.delete("/api/admin/dead-letters/order-views/" + poisoned).status()).isEqualTo(404);
    }

    @Test
    void anEvictedSequenceIsDroppedWithoutBeingProjected() {
        String poisoned = newOrderId();
        jdbc.execute("ALTER TABLE order_view ADD CONSTRAINT evicted_order CHECK (order_id <> '" + poisoned + "')");
        try {
            place(poisoned, "customer-e", "MUG-1", "1");
            await().atMost(Duration.ofSeconds(30))
                   .until(() -> countOf(http.get("/api/admin/dead-letters").json().get("letters"), poisoned) == 1);
        } finally {
            jdbc.execute("ALTER TABLE order_view DROP CONSTRAINT IF EXISTS evicted_order");
        }

        assertThat(http.delete("/api/admin/dead-letters/order-views/" + poisoned).status()).isEqualTo(204);

        assertThat(countOf(http.get("/api/admin/dead-letters").json().get("letters"), poisoned)).isZero();
        assertThat(http.get("/api/orders/" + poisoned).status()).isEqualTo(404);
    }

    @Test
    void aClientReadsTheOrderItJustPlacedByWaitingForIt() {
        String orderId = newOrderId();
        place(orderId, "customer-w", "MUG-1", "1");

        Http.Response view = http.get("/api/orders/" + orderId + "?waitMillis=5000");

        assertThat(view.status()).isEqualTo(200);
        assertThat(view.json().get("status").asText()).isEqualTo("PENDING");
        assertThat(http.get("/api/orders/" + newOrderId() + "?waitMillis=200").status()).isEqualTo(404);
    }

    @Test
    void theLiveUpdatesStreamDeliversEachStatusChangeInOrderAndEndsAtTheFinalOne() throws Exception {
        String orderId = newOrderId();
        place(orderId, "customer-s", "MUG-1", "1");
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(http.base() + "/api/orders/" + orderId + "/updates"))
                                         .header("Accept", "text/event-stream")
                                         .timeout(Duration.ofSeconds(30))
                                         .build();
        HttpResponse<java.io.InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");

        List<JsonNode> changes = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("data:")) {
                    changes.add(JSON.readTree(line.substring(5)));
                    if (changes.size() == 1) {
                        // The order is known and PENDING: now confirm it while the client listens.
                        commands.sendAndWait(new ConfirmOrder(orderId, Identifiers.paymentIdFor(orderId), "paid"));
                    }
                }
            }
        }

        assertThat(changes).extracting(change -> change.get("status").asText())
                           .containsExactly("PENDING", "CONFIRMED");
        assertThat(changes.get(1).get("reason").asText()).isEqualTo("paid");
    }

    private static long countOf(JsonNode letters, String sequenceId) {
        long count = 0;
        for (JsonNode letter : letters) {
            if (letter.get("sequenceId").asText().equals(sequenceId)) {
                count++;
            }
        }
        return count;
    }
}

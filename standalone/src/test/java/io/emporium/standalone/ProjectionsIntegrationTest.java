package io.emporium.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emporium.messages.common.Identifiers;
import io.emporium.messages.common.Money;
import io.emporium.messages.inventory.ReceiveStock;
import io.emporium.messages.inventory.RegisterProduct;
import io.emporium.messages.order.CancelOrder;
import io.emporium.messages.order.OrderLine;
import io.emporium.messages.order.PlaceOrder;
import io.emporium.messages.payment.RefundPayment;
import io.emporium.messages.query.OrderSummary;
import io.emporium.messages.query.OrderView;
import io.emporium.messages.query.ProductView;
import io.emporium.projections.order.JdbcOrderViewStore;
import io.emporium.projections.product.JdbcProductStore;
import io.emporium.projections.product.ProductStore.ProductRow;
import io.emporium.projections.product.ProductStore.StockChange;
import io.emporium.projections.support.AtomicSteps;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

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
        return TestIds.sku(prefix);
    }

    static String newOrderId() {
        return UUID.randomUUID().toString();
    }

    /** Places an order; the saga then drives it (the token decides how the payment provider answers). */
    private void place(String orderId, String customer, String token, String... skusAndQuantities) {
        List<OrderLine> lines = new ArrayList<>();
        for (int i = 0; i < skusAndQuantities.length; i += 2) {
            lines.add(new OrderLine(skusAndQuantities[i], Integer.parseInt(skusAndQuantities[i + 1])));
        }
        commands.sendAndWait(new PlaceOrder(orderId, customer, lines, token));
    }

    private String registeredSku(int stock) {
        String sku = newSku("MUG");
        commands.sendAndWait(new RegisterProduct(sku, "Mug", Money.of(1200, "EUR"), stock));
        return sku;
    }

    private JsonNode awaitVisible(String orderId) {
        JsonNode[] view = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Http.Response response = http.get("/api/orders/" + orderId);
            view[0] = response.status() == 200 ? response.json() : null;
            return view[0] != null;
        });
        return view[0];
    }

    private void awaitNothingReserved(String... skus) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (String sku : skus) {
                Http.Response product = http.get("/api/products/" + sku);
                if (product.status() != 200 || product.json().get("reserved").asInt() != 0) {
                    return false;
                }
            }
            return true;
        });
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

        // The saga drives every order to its outcome; the test waits for each.
        String confirmed = newOrderId();
        place(confirmed, customer, "pm_approve", desk, "2", lamp, "1");
        awaitOrder(confirmed, "CONFIRMED");
        String confirmedPayment = Identifiers.paymentIdFor(confirmed);
        commands.sendAndWait(new RefundPayment(confirmedPayment, "r-1", Money.of(4500, "EUR"), "lamp damaged"));
        // Rejected: one line does not fit the stock, the other is released.
        String rejected = newOrderId();
        place(rejected, customer, "pm_approve", desk, "1", lamp, "5");
        awaitOrder(rejected, "REJECTED");
        // Rejected: the provider declines the payment.
        String declined = newOrderId();
        place(declined, customer, "pm_decline", desk, "1");
        awaitOrder(declined, "REJECTED");
        // Cancelled by the customer while the payment provider has not answered.
        String cancelled = newOrderId();
        place(cancelled, customer, "pm_no_answer", lamp, "1");
        awaitVisible(cancelled);
        commands.sendAndWait(new CancelOrder(cancelled, "changed my mind"));
        awaitOrder(cancelled, "CANCELLED");
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Http.Response payment = http.get("/api/orders/" + confirmed + "/payment");
            return payment.status() == 200 && "PARTIALLY_REFUNDED".equals(payment.json().get("status").asText());
        });
        awaitNothingReserved(desk, lamp);
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
        String sku = registeredSku(100);
        jdbc.execute("ALTER TABLE order_view ADD CONSTRAINT poisoned_order CHECK (order_id <> '" + poisoned + "')");
        try {
            // The poisoned order names a SKU nobody registered: the saga rejects it at once, so its sequence
            // holds exactly OrderPlaced and OrderRejected.
            place(poisoned, "customer-p", "pm_approve", newSku("NOSUCH"), "1");
            place(healthy, "customer-p", "pm_approve", sku, "2");
            awaitVisible(healthy);
            place(later, "customer-p", "pm_approve", sku, "3");
            awaitVisible(later);

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
            assertThat(parked.get(1).get("eventType").asText()).isEqualTo("io.emporium.messages.order.OrderRejected");
            assertThat(http.get("/api/orders/" + poisoned).status()).isEqualTo(404);
        } finally {
            jdbc.execute("ALTER TABLE order_view DROP CONSTRAINT IF EXISTS poisoned_order");
        }

        Http.Response retry = http.post("/api/admin/dead-letters/order-views/retry", "");
        assertThat(retry.status()).as(retry.body()).isEqualTo(200);
        assertThat(retry.json().get("sequencesProcessed").asInt()).isEqualTo(1);
        assertThat(retry.json().get("lettersRemaining").asInt()).isZero();
        JsonNode view = awaitOrder(poisoned, "REJECTED");
        assertThat(view.get("statusHistory")).hasSize(2);
        assertThat(countOf(http.get("/api/admin/dead-letters").json().get("letters"), poisoned)).isZero();
        assertThat(http.post("/api/admin/dead-letters/no-such-group/retry", "").status()).isEqualTo(404);
        assertThat(http.delete("/api/admin/dead-letters/order-views/" + poisoned).status()).isEqualTo(404);
    }

    /**
     * An order stored before decision 0045, whose lines were priced near the 64-bit limit: reading it and listing
     * its customer's orders answer without a total, where they failed (and answered 500) before.
     */
    @Test
    void anOrderWhoseTotalIsBeyondALongIsReadAndListedWithoutATotal() {
        String customer = "customer-" + UUID.randomUUID();
        String huge = newOrderId();
        String small = newOrderId();
        JdbcOrderViewStore store = new JdbcOrderViewStore(new NamedParameterJdbcTemplate(jdbc), AtomicSteps.DIRECT);
        try {
            store.insertOrder(huge, customer, List.of(new OrderLine("HUGE-1", 2), new OrderLine("HUGE-2", 1)),
                    Instant.parse("2026-01-01T00:00:00Z"), 0);
            store.priceLine(huge, "HUGE-1", Money.of(Long.MAX_VALUE - 1, "EUR"), 1);
            store.insertOrder(small, customer, List.of(new OrderLine("SMALL-1", 3)),
                    Instant.parse("2026-01-02T00:00:00Z"), 0);
            store.priceLine(small, "SMALL-1", Money.of(1_000, "EUR"), 1);

            OrderView view = store.find(huge);
            assertThat(view.lines().get(0).unitPrice()).isEqualTo(Money.of(Long.MAX_VALUE - 1, "EUR"));
            assertThat(view.total()).isNull();
            assertThat(store.find(small).total()).isEqualTo(Money.of(3_000, "EUR"));
            assertThat(store.findOfCustomer(customer, null, 0, 10).items())
                    .extracting(OrderSummary::orderId, OrderSummary::total)
                    .containsExactly(tuple(small, Money.of(3_000, "EUR")),
                                     tuple(huge, null));
        } finally {
            // rows no event stands for, taken out again so that the replay test finds only what events say
            for (String orderId : List.of(huge, small)) {
                jdbc.update("DELETE FROM order_line_view WHERE order_id = ?", orderId);
                jdbc.update("DELETE FROM order_view WHERE order_id = ?", orderId);
            }
        }
    }

    /** The catalogue's one-statement stock update on PostgreSQL: each kind of change, and an event applied twice. */
    @Test
    void aStockChangeIsOneStatementThatAppliesEachKindOnceAndNeverAnOlderEvent() {
        String sku = newSku("LAMP");
        JdbcProductStore store = new JdbcProductStore(new NamedParameterJdbcTemplate(jdbc), AtomicSteps.DIRECT);
        store.insert(new ProductRow(sku, "Lamp", Money.of(3900, "EUR"), 10, 0, 0));

        store.changeStock(sku, 1, StockChange.received(15));
        assertThat(store.find(sku)).isEqualTo(new ProductView(sku, "Lamp", Money.of(3900, "EUR"), 15, 0, 15));
        store.changeStock(sku, 2, StockChange.availableAfter(11));
        assertThat(store.find(sku)).isEqualTo(new ProductView(sku, "Lamp", Money.of(3900, "EUR"), 15, 4, 11));
        store.changeStock(sku, 3, StockChange.committed(12, 3));
        assertThat(store.find(sku)).isEqualTo(new ProductView(sku, "Lamp", Money.of(3900, "EUR"), 12, 1, 11));
        store.changeStock(sku, 4, StockChange.availableAfter(12));
        assertThat(store.find(sku)).isEqualTo(new ProductView(sku, "Lamp", Money.of(3900, "EUR"), 12, 0, 12));

        store.changeStock(sku, 3, StockChange.committed(9, 3));
        store.changeStock(sku, 4, StockChange.availableAfter(2));
        assertThat(store.find(sku)).as("an event applied again, or an older one, changes nothing")
                                   .isEqualTo(new ProductView(sku, "Lamp", Money.of(3900, "EUR"), 12, 0, 12));
        store.changeStock(newSku("NOSUCH"), 5, StockChange.received(1));
        assertThat(store.find(sku).onHand()).isEqualTo(12);
    }

    @Test
    void anEvictedSequenceIsDroppedWithoutBeingProjected() {
        String poisoned = newOrderId();
        jdbc.execute("ALTER TABLE order_view ADD CONSTRAINT evicted_order CHECK (order_id <> '" + poisoned + "')");
        try {
            // An unknown SKU: the saga rejects the order at once, and both its events are parked.
            place(poisoned, "customer-e", "pm_approve", newSku("NOSUCH"), "1");
            await().atMost(Duration.ofSeconds(30))
                   .until(() -> countOf(http.get("/api/admin/dead-letters").json().get("letters"), poisoned) == 2);
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
        place(orderId, "customer-w", "pm_no_answer", registeredSku(10), "1");

        Http.Response view = http.get("/api/orders/" + orderId + "?waitMillis=5000");

        assertThat(view.status()).isEqualTo(200);
        assertThat(view.json().get("orderId").asText()).isEqualTo(orderId);
        assertThat(http.get("/api/orders/" + newOrderId() + "?waitMillis=200").status()).isEqualTo(404);
    }

    @Test
    void theLiveUpdatesStreamDeliversEachStatusChangeInOrderAndEndsAtTheFinalOne() throws Exception {
        String orderId = newOrderId();
        // The provider never answers, so the order stays PENDING until the customer cancels it.
        place(orderId, "customer-s", "pm_no_answer", registeredSku(10), "1");
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(http.base() + "/api/orders/" + orderId + "/updates"))
                                         .header("Accept", "text/event-stream")
                                         .header("Authorization", http.authorization())
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
                        // The order is known and PENDING: now cancel it while the client listens.
                        commands.sendAndWait(new CancelOrder(orderId, "changed my mind"));
                    }
                }
            }
        }

        assertThat(changes).extracting(change -> change.get("status").asText())
                           .containsExactly("PENDING", "CANCELLED");
        assertThat(changes.get(1).get("reason").asText()).isEqualTo("changed my mind");
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

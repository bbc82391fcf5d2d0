package io.emporium.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.emporium.messages.inventory.StockReceived;
import io.emporium.messages.order.OrderStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code GET /api/admin/reconciliation} over real HTTP and PostgreSQL: a mix of orders brought to their final
 * statuses balances; a tampered read-model row and an inconsistent event appended to the store are each found, and
 * nothing else. Only the discrepancies about this test's own orders and SKUs are looked at, as other tests share the
 * database.
 */
@IntegrationTest
class ReconciliationIntegrationTest {

    @LocalServerPort
    int port;
    @Autowired
    EventStore eventStore;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void findsNothingAfterFinishedOrdersThenExactlyWhatWasTamperedWith() {
        Http http = new Http(port);
        FinalStates states = new FinalStates(new EventStreams(eventStore, jdbc), jdbc);
        String desk = product(http, "RECON-DESK", 10);
        String lamp = product(http, "RECON-LAMP", 1);
        String confirmed = order(http, "pm_approve", desk, 2);
        String declined = order(http, "pm_decline", desk, 1);
        String outOfStock = order(http, "pm_approve", desk, 1, lamp, 5);
        String cancelled = order(http, "pm_no_answer", desk, 1);
        await().atMost(Duration.ofSeconds(20)).until(() -> states.sagaActive(cancelled));
        assertThat(http.post("/api/orders/" + cancelled + "/cancel", "{\"reason\":\"changed my mind\"}").status())
                .isEqualTo(202);
        List<String> ended = List.of(confirmed, declined, outOfStock, cancelled);
        await().atMost(Duration.ofSeconds(40)).until(() -> ended.stream().allMatch(
                id -> states.orderStatus(id) != OrderStatus.PENDING && projectedStatus(http, id) != null
                        && !projectedStatus(http, id).equals("PENDING")));
        Set<String> ours = Set.of(desk, lamp, confirmed, declined, outOfStock, cancelled);

        JsonNode clean = reconcile(http);
        assertThat(clean.path("complete").asBoolean()).isTrue();
        assertThat(clean.path("eventsRead").asLong()).isPositive();
        assertThat(clean.path("ordersInFlight").asLong()).as("the cancelled order waits for its late answer")
                                                         .isGreaterThanOrEqualTo(1);
        assertThat(discrepancies(clean, ours)).isEmpty();

        jdbc.update("UPDATE order_view SET status = 'CANCELLED' WHERE order_id = ?", confirmed);
        assertThat(discrepancies(reconcile(http), ours)).containsExactly("read-model-mismatch " + confirmed);

        long next = eventStore.lastSequenceNumberFor(lamp).orElseThrow() + 1;
        eventStore.publish(new GenericDomainEventMessage<>("InventoryItem", lamp, next,
                                                            new StockReceived(lamp, 3, 7)));
        assertThat(discrepancies(reconcile(http), ours))
                .containsExactlyInAnyOrder("read-model-mismatch " + confirmed, "stock-balance-mismatch " + lamp);
    }

    static String product(Http http, String prefix, int stock) {
        String sku = TestIds.sku(prefix);
        Http.Response registered = http.post("/api/products", """
                {"sku":"%s","name":"%s","unitPrice":{"amount":1000,"currency":"EUR"},"initialStock":%d}
                """.formatted(sku, prefix, stock));
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        return sku;
    }

    static String order(Http http, String token, Object... skuAndQuantity) {
        String orderId = UUID.randomUUID().toString();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < skuAndQuantity.length; i += 2) {
            lines.add("{\"sku\":\"%s\",\"quantity\":%s}".formatted(skuAndQuantity[i], skuAndQuantity[i + 1]));
        }
        Http.Response placed = http.post("/api/orders", """
                {"orderId":"%s","lines":[%s],"paymentMethodToken":"%s"}
                """.formatted(orderId, String.join(",", lines), token));
        assertThat(placed.status()).as(placed.body()).isEqualTo(202);
        return orderId;
    }

    static String projectedStatus(Http http, String orderId) {
        Http.Response view = http.get("/api/orders/" + orderId);
        return view.status() == 200 ? view.json().path("status").asText() : null;
    }

    static JsonNode reconcile(Http http) {
        Http.Response answer = http.get("/api/admin/reconciliation");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.contentType()).startsWith("application/json");
        return answer.json();
    }

    static List<String> discrepancies(JsonNode report, Set<String> subjects) {
        List<String> found = new ArrayList<>();
        report.path("discrepancies").forEach(d -> {
            if (subjects.contains(d.path("subject").asText())) {
                found.add(d.path("kind").asText() + " " + d.path("subject").asText());
            }
        });
        return found;
    }
}

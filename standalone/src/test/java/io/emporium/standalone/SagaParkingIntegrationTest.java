package io.emporium.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.emporium.messages.order.OrderStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionFactory;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A saga event whose handling always fails (the saga's {@code OrderPlaced} handler fails half way on a poisoned
 * SKU, {@link PoisonedReservations}) is parked after {@code emporium.saga.parking.max-attempts} (2 here) tries,
 * leaves no saga and no reservation behind, and the orders after it, on the same and only saga segment, are
 * confirmed; the parked event shows in the metric, the readiness details and the operator's list, and the operator
 * retries or evicts it over HTTP (decision 0044).
 */
@IntegrationTest
class SagaParkingIntegrationTest {

    private static final Pattern PARKED_GAUGE =
            Pattern.compile("(?m)^emporium_saga_parked\\{[^}]*processingGroup=\"order-fulfilment\"[^}]*} (\\S+)$");

    @LocalServerPort
    int port;
    @Autowired
    EventStore eventStore;
    @Autowired
    JdbcTemplate jdbc;

    Http http;
    Http operator;
    FinalStates states;
    final List<String> poisoned = new ArrayList<>();

    @BeforeEach
    void connect() {
        http = new Http(port);
        operator = http.as("staff-parking", "operator");
        states = new FinalStates(new EventStreams(eventStore, jdbc), jdbc);
    }

    @AfterEach
    void cure() {
        poisoned.forEach(PoisonedReservations::cure);
    }

    static ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200));
    }

    String product(String prefix, int stock) {
        String sku = TestIds.sku(prefix);
        Http.Response registered = http.post("/api/products", """
                {"sku":"%s","name":"%s","unitPrice":{"amount":1500,"currency":"EUR"},"initialStock":%d}
                """.formatted(sku, prefix, stock));
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        return sku;
    }

    String poisonedProduct() {
        String sku = product("POISON", 10);
        PoisonedReservations.poison(sku);
        poisoned.add(sku);
        return sku;
    }

    String placeOrder(String... skus) {
        String orderId = UUID.randomUUID().toString();
        StringBuilder lines = new StringBuilder();
        for (String sku : skus) {
            lines.append(lines.isEmpty() ? "" : ",").append("{\"sku\":\"%s\",\"quantity\":1}".formatted(sku));
        }
        Http.Response placed = http.post("/api/orders", """
                {"orderId":"%s","lines":[%s],"paymentMethodToken":"pm_approve"}
                """.formatted(orderId, lines));
        assertThat(placed.status()).as(placed.body()).isEqualTo(202);
        return orderId;
    }

    Optional<JsonNode> parkedEventOf(String orderId) {
        Http.Response list = operator.get("/api/admin/saga/parked-events");
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        for (JsonNode event : list.json().get("events")) {
            if (orderId.equals(event.path("orderId").asText())) {
                return Optional.of(event);
            }
        }
        return Optional.empty();
    }

    JsonNode awaitParked(String orderId) {
        return eventually().until(() -> parkedEventOf(orderId), Optional::isPresent).orElseThrow();
    }

    double parkedGauge() {
        Http.Response metrics = operator.get("/actuator/prometheus");
        assertThat(metrics.status()).isEqualTo(200);
        Matcher gauge = PARKED_GAUGE.matcher(metrics.body());
        assertThat(gauge.find()).as("emporium_saga_parked in\n%s", metrics.body()).isTrue();
        return Double.parseDouble(gauge.group(1));
    }

    @Test
    void anEventThatAlwaysFailsIsParkedWithoutAHalfWrittenSagaAndTheOrdersAfterItAreConfirmed() {
        String desk = product("DESK", 100);
        String poison = poisonedProduct();

        String stuck = placeOrder(desk, poison);
        List<String> others = List.of(placeOrder(desk), placeOrder(desk), placeOrder(desk));

        JsonNode parked = awaitParked(stuck);
        assertThat(parked.get("eventType").asText()).isEqualTo("OrderPlaced");
        assertThat(parked.get("group").asText()).isEqualTo("order-fulfilment");
        assertThat(parked.get("attempts").asInt()).isEqualTo(2);
        assertThat(parked.get("cause").asText()).contains("test poison", poison);
        assertThat(parked.get("firstFailure").asText()).isNotBlank();
        assertThat(parked.get("lastFailure").asText()).isNotBlank();
        eventually().until(() -> others.stream().allMatch(id -> states.orderStatus(id) == OrderStatus.CONFIRMED));

        // The handler had started the saga and sent the first line's reservation before it failed: none of it stays.
        assertThat(states.sagaActive(stuck)).isFalse();
        assertThat(states.orderStatus(stuck)).isEqualTo(OrderStatus.PENDING);
        assertThat(states.stock(desk).reserved()).isZero();
        assertThat(states.stock(desk).committed()).isEqualTo(3);

        assertThat(parkedGauge()).isGreaterThanOrEqualTo(1);
        Http.Response readiness = operator.get("/actuator/health/readiness");
        assertThat(readiness.status()).as(readiness.body()).isEqualTo(200);
        assertThat(readiness.json().get("status").asText()).isEqualTo("UP");
        JsonNode detail = readiness.json().at("/components/sagaParkedEvents");
        assertThat(detail.get("status").asText()).isEqualTo("UP");
        assertThat(detail.at("/details/parkedEvents").asLong()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aRetryThatFailsAgainKeepsTheEventParkedAndOneThatSucceedsRunsTheSagaToConfirmation() {
        String desk = product("DESK", 10);
        String poison = poisonedProduct();
        String orderId = placeOrder(desk, poison);
        String eventId = awaitParked(orderId).get("eventId").asText();

        Http.Response failedAgain = operator.post("/api/admin/saga/parked-events/" + eventId + "/retry", "");
        assertThat(failedAgain.status()).as(failedAgain.body()).isEqualTo(409);
        assertThat(failedAgain.contentType()).startsWith("application/problem+json");
        assertThat(failedAgain.json().get("code").asText()).isEqualTo("parked-saga-event-failed-again");
        JsonNode stillParked = parkedEventOf(orderId).orElseThrow();
        assertThat(stillParked.get("attempts").asInt()).isEqualTo(3);
        assertThat(states.sagaActive(orderId)).isFalse();

        PoisonedReservations.cure(poison);
        Http.Response retried = operator.post("/api/admin/saga/parked-events/" + eventId + "/retry", "");
        assertThat(retried.status()).as(retried.body()).isEqualTo(204);

        assertThat(parkedEventOf(orderId)).isEmpty();
        eventually().until(() -> states.orderStatus(orderId) == OrderStatus.CONFIRMED);
        eventually().until(() -> states.stock(poison).committed() == 1 && states.stock(desk).committed() == 1);
    }

    @Test
    void anEvictedEventIsGoneAndItsSagaNeverStarts() {
        String poison = poisonedProduct();
        String orderId = placeOrder(poison);
        String eventId = awaitParked(orderId).get("eventId").asText();

        Http.Response evicted = operator.delete("/api/admin/saga/parked-events/" + eventId);
        assertThat(evicted.status()).as(evicted.body()).isEqualTo(204);

        assertThat(parkedEventOf(orderId)).isEmpty();
        assertThat(states.sagaActive(orderId)).isFalse();
        assertThat(states.orderStatus(orderId)).isEqualTo(OrderStatus.PENDING);
    }

    @Test
    void anUnknownParkedEventAnswers404AndCustomersMayNotSeeTheList() {
        String unknown = UUID.randomUUID().toString();

        Http.Response retry = operator.post("/api/admin/saga/parked-events/" + unknown + "/retry", "");
        assertThat(retry.status()).as(retry.body()).isEqualTo(404);
        assertThat(retry.contentType()).startsWith("application/problem+json");
        Http.Response evict = operator.delete("/api/admin/saga/parked-events/" + unknown);
        assertThat(evict.status()).as(evict.body()).isEqualTo(404);
        assertThat(http.asCustomer("customer-" + unknown).get("/api/admin/saga/parked-events").status())
                .isEqualTo(403);
    }
}

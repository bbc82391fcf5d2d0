package io.emporium.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.emporium.messages.common.MetaDataKeys;
import io.emporium.messages.inventory.StockReserved;
import io.emporium.messages.order.OrderConfirmed;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** The request's X-Correlation-Id follows the whole order flow into the event store. */
@IntegrationTest
class CorrelationIntegrationTest {

    @LocalServerPort
    int port;

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

    @Test
    void theCorrelationIdOfThePlacingRequestIsInEveryEventOfTheOrderFlow() {
        String sku = Products.registered(http, "CORR");
        String orderId = UUID.randomUUID().toString();
        String correlationId = "checkout-" + UUID.randomUUID();

        Http.Response placed = http.post("/api/orders", """
                {"orderId":"%s","lines":[{"sku":"%s","quantity":1}],"paymentMethodToken":"pm_approve"}
                """.formatted(orderId, sku), Map.of("X-Correlation-Id", correlationId));

        assertThat(placed.status()).isEqualTo(202);
        assertThat(placed.header("X-Correlation-Id")).isEqualTo(correlationId);
        // The order's own event, the saga's reservation on the SKU and the confirmation at the end.
        await().atMost(Duration.ofSeconds(30)).until(() -> events.lastPayloadOf(orderId) instanceof OrderConfirmed);
        assertThat(events.of(orderId)).allSatisfy(event -> assertThat(event.getMetaData())
                .containsEntry(MetaDataKeys.CORRELATION_ID, correlationId));
        DomainEventMessage<?> reserved = events.of(sku).stream()
                .filter(event -> event.getPayload() instanceof StockReserved reservation
                        && reservation.orderId().equals(orderId))
                .findFirst().orElseThrow();
        assertThat(reserved.getMetaData()).containsEntry(MetaDataKeys.CORRELATION_ID, correlationId);
    }

    @Test
    void everyAnswerCarriesACorrelationIdAndAMalformedOneIsReplaced() {
        String created = http.anonymous().get("/api/products").header("X-Correlation-Id");
        assertThat(created).matches("[0-9a-f-]{36}");
        String replaced = http.get("/api/products", Map.of("X-Correlation-Id", "bad id with spaces"))
                              .header("X-Correlation-Id");
        assertThat(replaced).isNotEqualTo("bad id with spaces").matches("[0-9a-f-]{36}");
    }
}

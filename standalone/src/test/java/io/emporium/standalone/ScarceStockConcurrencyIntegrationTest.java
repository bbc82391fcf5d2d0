package io.emporium.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.emporium.messages.common.Identifiers;
import io.emporium.messages.order.OrderStatus;
import io.emporium.messages.order.RejectionCause;
import io.emporium.messages.payment.PaymentStatus;
import io.emporium.standalone.FinalStates.Payment;
import io.emporium.standalone.FinalStates.Stock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Many customers race over HTTP for the last units of one SKU. Reservations are decided one at a time by the SKU's
 * aggregate, so exactly as many orders are confirmed as there are units, nothing is oversold, and every other order
 * is rejected with nothing reserved and nothing charged.
 */
@IntegrationTest
class ScarceStockConcurrencyIntegrationTest {

    static final int STOCK = 7;
    static final int ORDERS = 30;
    static final long PRICE = 4_500;

    @LocalServerPort
    int port;
    @Autowired
    EventStore eventStore;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void exactlyAsManyOrdersAreConfirmedAsThereAreUnitsAndEveryOtherOneIsRejectedAndCompensated() throws Exception {
        Http http = new Http(port);
        FinalStates states = new FinalStates(new EventStreams(eventStore, jdbc), jdbc);
        String sku = TestIds.sku("LAST");
        assertThat(http.post("/api/products", """
                {"sku":"%s","name":"Limited print","unitPrice":{"amount":%d,"currency":"EUR"},"initialStock":%d}
                """.formatted(sku, PRICE, STOCK)).status()).isEqualTo(201);

        List<String> orderIds = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++) {
            orderIds.add(UUID.randomUUID().toString());
        }
        ExecutorService customers = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (String orderId : orderIds) {
                answers.add(customers.submit(() -> http.post("/api/orders", """
                        {"orderId":"%s","lines":[{"sku":"%s","quantity":1}],
                         "paymentMethodToken":"pm_approve"}
                        """.formatted(orderId, sku)).status()));
            }
            for (Future<Integer> answer : answers) {
                assertThat(answer.get(60, TimeUnit.SECONDS)).isEqualTo(202);
            }
        } finally {
            customers.shutdownNow();
        }

        // Every order has ended, no unit is held for any of them, and every saga is gone.
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> orderIds.stream()
                .allMatch(id -> states.orderStatus(id) != OrderStatus.PENDING && !states.sagaActive(id))
                && states.stock(sku).reserved() == 0);

        Map<OrderStatus, List<String>> byStatus = orderIds.stream()
                .collect(Collectors.groupingBy(states::orderStatus));
        assertThat(byStatus.keySet()).containsOnly(OrderStatus.CONFIRMED, OrderStatus.REJECTED);
        assertThat(byStatus.get(OrderStatus.CONFIRMED)).hasSize(STOCK);
        assertThat(byStatus.get(OrderStatus.REJECTED)).hasSize(ORDERS - STOCK);

        Stock stock = states.stock(sku);
        assertThat(stock).isEqualTo(new Stock(0, 0, STOCK));
        assertThat(stock.onHand() + stock.committed()).as("nothing oversold").isEqualTo(STOCK);

        Function<String, Payment> payment = id -> states.payment(Identifiers.paymentIdFor(id));
        assertThat(byStatus.get(OrderStatus.CONFIRMED)).allSatisfy(id -> {
            assertThat(payment.apply(id).status()).isEqualTo(PaymentStatus.AUTHORIZED);
            assertThat(payment.apply(id).heldMinor()).isEqualTo(PRICE);
        });
        assertThat(byStatus.get(OrderStatus.REJECTED)).allSatisfy(id -> {
            assertThat(states.rejection(id).cause()).isEqualTo(RejectionCause.OUT_OF_STOCK);
            assertThat(states.rejection(id).reason()).startsWith("SKU " + sku + " out of stock");
            assertThat(payment.apply(id).heldMinor()).as("nothing charged").isZero();
        });
    }
}

package io.emporium.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.emporium.messages.common.Identifiers;
import io.emporium.messages.order.OrderRejected;
import io.emporium.messages.order.OrderStatus;
import io.emporium.messages.order.RejectionCause;
import io.emporium.messages.payment.PaymentAuthorizationRequested;
import io.emporium.messages.payment.PaymentStatus;
import io.emporium.standalone.FinalStates.Payment;
import io.emporium.standalone.FinalStates.Stock;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionFactory;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every outcome of the order saga, end to end: HTTP requests in, and the final states of the order, its payment
 * and every SKU folded from the stored events once the saga is done. The payment deadline is 5 s here
 * (application-test.yml), and {@code pm_late} answers after 7 s.
 */
@IntegrationTest
class OrderSagaIntegrationTest {

    static final long DESK_PRICE = 24_900;
    static final long LAMP_PRICE = 1_900;
    static final long CHAIR_PRICE = 8_900;

    @LocalServerPort
    int port;
    @Autowired
    EventStore eventStore;
    @Autowired
    JdbcTemplate jdbc;

    Http http;
    FinalStates states;

    @BeforeEach
    void connect() {
        http = new Http(port);
        states = new FinalStates(new EventStreams(eventStore, jdbc), jdbc);
    }

    static String newSku(String prefix) {
        return TestIds.sku(prefix);
    }

    static ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(100));
    }

    String product(String prefix, long unitPrice, int stock) {
        String sku = newSku(prefix);
        Http.Response registered = http.post("/api/products", """
                {"sku":"%s","name":"%s","unitPrice":{"amount":%d,"currency":"EUR"},"initialStock":%d}
                """.formatted(sku, prefix, unitPrice, stock));
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        return sku;
    }

    /** Places an order of {@code skuAndQuantity} pairs ("SKU", 2, "SKU2", 1) and returns its id. */
    String placeOrder(String token, Object... skuAndQuantity) {
        String orderId = UUID.randomUUID().toString();
        String lines = Arrays.stream(pairs(skuAndQuantity))
                             .map(pair -> "{\"sku\":\"%s\",\"quantity\":%s}".formatted(pair[0], pair[1]))
                             .collect(Collectors.joining(",", "[", "]"));
        Http.Response placed = http.post("/api/orders", """
                {"orderId":"%s","lines":%s,"paymentMethodToken":"%s"}
                """.formatted(orderId, lines, token));
        assertThat(placed.status()).as(placed.body()).isEqualTo(202);
        return orderId;
    }

    private static Object[][] pairs(Object[] flat) {
        Object[][] pairs = new Object[flat.length / 2][];
        for (int i = 0; i < pairs.length; i++) {
            pairs[i] = new Object[] {flat[2 * i], flat[2 * i + 1]};
        }
        return pairs;
    }

    /**
     * Waits until the order has ended, none of {@code skus} holds reserved units and the saga is gone. The stock
     * condition matters: a saga that rejects an order while it starts has not stored itself yet when the rejection
     * is already visible, so "no saga" alone could be seen before the saga ever existed.
     */
    void awaitSagaEnded(String orderId, String... skus) {
        eventually().until(() -> states.orderStatus(orderId) != OrderStatus.PENDING
                && Arrays.stream(skus).allMatch(sku -> states.stock(sku).reserved() == 0)
                && !states.sagaActive(orderId));
    }

    @Test
    void aConfirmedOrderHasEveryLineSoldAndItsTotalAuthorized() {
        String desk = product("DESK", DESK_PRICE, 10);
        String lamp = product("LAMP", LAMP_PRICE, 5);

        String orderId = placeOrder("pm_approve", desk, 2, lamp, 1);
        awaitSagaEnded(orderId, desk, lamp);

        assertThat(states.orderStatus(orderId)).isEqualTo(OrderStatus.CONFIRMED);
        assertThat(states.stock(desk)).isEqualTo(new Stock(8, 0, 2));
        assertThat(states.stock(lamp)).isEqualTo(new Stock(4, 0, 1));
        Payment payment = states.payment(Identifiers.paymentIdFor(orderId));
        assertThat(payment.status()).isEqualTo(PaymentStatus.AUTHORIZED);
        assertThat(payment.heldMinor()).isEqualTo(2 * DESK_PRICE + LAMP_PRICE);
    }

    @Test
    void anOrderOutOfStockOnTheSecondOfThreeLinesIsRejectedNamingTheSkuAndReservesNothing() {
        String desk = product("DESK", DESK_PRICE, 10);
        String lamp = product("LAMP", LAMP_PRICE, 1);
        String chair = product("CHAIR", CHAIR_PRICE, 10);

        String orderId = placeOrder("pm_approve", desk, 2, lamp, 3, chair, 4);
        awaitSagaEnded(orderId, desk, lamp, chair);

        assertThat(states.orderStatus(orderId)).isEqualTo(OrderStatus.REJECTED);
        OrderRejected rejection = states.rejection(orderId);
        assertThat(rejection.cause()).isEqualTo(RejectionCause.OUT_OF_STOCK);
        assertThat(rejection.reason()).isEqualTo("SKU " + lamp + " out of stock: 3 requested, 1 available");
        assertThat(states.stock(desk)).isEqualTo(new Stock(10, 0, 0));
        assertThat(states.stock(lamp)).isEqualTo(new Stock(1, 0, 0));
        assertThat(states.stock(chair)).isEqualTo(new Stock(10, 0, 0));
        assertThat(states.payment(Identifiers.paymentIdFor(orderId)).status()).as("never requested").isNull();
    }

    @Test
    void anOrderWithAnUnknownSkuIsRejectedAsUnknownProduct() {
        String desk = product("DESK", DESK_PRICE, 10);
        String ghost = newSku("GHOST");

        String orderId = placeOrder("pm_approve", desk, 1, ghost, 1);
        awaitSagaEnded(orderId, desk);

        OrderRejected rejection = states.rejection(orderId);
        assertThat(rejection.cause()).isEqualTo(RejectionCause.UNKNOWN_PRODUCT);
        assertThat(rejection.reason()).contains("SKU " + ghost);
        assertThat(states.stock(desk)).isEqualTo(new Stock(10, 0, 0));
    }

    @Test
    void aDeclinedPaymentRejectsTheOrderWithTheProvidersReasonAndReleasesEveryLine() {
        String desk = product("DESK", DESK_PRICE, 10);
        String lamp = product("LAMP", LAMP_PRICE, 5);

        String orderId = placeOrder("pm_decline", desk, 2, lamp, 1);
        awaitSagaEnded(orderId, desk, lamp);

        OrderRejected rejection = states.rejection(orderId);
        assertThat(rejection.cause()).isEqualTo(RejectionCause.PAYMENT_DECLINED);
        assertThat(rejection.reason()).isEqualTo("payment declined: card declined: insufficient funds");
        assertThat(states.stock(desk)).isEqualTo(new Stock(10, 0, 0));
        assertThat(states.stock(lamp)).isEqualTo(new Stock(5, 0, 0));
        Payment payment = states.payment(Identifiers.paymentIdFor(orderId));
        assertThat(payment.status()).isEqualTo(PaymentStatus.DECLINED);
        assertThat(payment.heldMinor()).isZero();
    }

    @Test
    void aPaymentWithoutAnswerTimesOutRejectingTheOrderAndReleasingEveryLine() {
        String desk = product("DESK", DESK_PRICE, 10);
        String lamp = product("LAMP", LAMP_PRICE, 5);

        String orderId = placeOrder("pm_no_answer", desk, 2, lamp, 1);
        eventually().until(() -> states.orderStatus(orderId) == OrderStatus.REJECTED
                && states.stock(desk).reserved() == 0 && states.stock(lamp).reserved() == 0);

        OrderRejected rejection = states.rejection(orderId);
        assertThat(rejection.cause()).isEqualTo(RejectionCause.PAYMENT_TIMEOUT);
        assertThat(rejection.reason()).isEqualTo("no answer from the payment provider within 5 s");
        assertThat(states.stock(desk)).isEqualTo(new Stock(10, 0, 0));
        assertThat(states.stock(lamp)).isEqualTo(new Stock(5, 0, 0));
        Payment payment = states.payment(Identifiers.paymentIdFor(orderId));
        assertThat(payment.status()).isEqualTo(PaymentStatus.AUTHORIZATION_REQUESTED);
        assertThat(payment.heldMinor()).isZero();
        // The saga stays for the late-answer window, to refund an authorization that may still come.
        assertThat(states.sagaActive(orderId)).isTrue();
    }

    @Test
    void anAuthorizationArrivingAfterThePaymentDeadlineIsRefundedInFull() {
        String desk = product("DESK", DESK_PRICE, 10);

        String orderId = placeOrder("pm_late", desk, 1);
        awaitSagaEnded(orderId, desk);

        assertThat(states.rejection(orderId).cause()).isEqualTo(RejectionCause.PAYMENT_TIMEOUT);
        assertThat(states.stock(desk)).isEqualTo(new Stock(10, 0, 0));
        Payment payment = states.payment(Identifiers.paymentIdFor(orderId));
        assertThat(payment.status()).isEqualTo(PaymentStatus.REFUNDED);
        assertThat(payment.authorizedMinor()).isEqualTo(DESK_PRICE);
        assertThat(payment.heldMinor()).isZero();
    }

    @Test
    void anOrderCancelledWhileWaitingForPaymentGivesItsStockBack() {
        String desk = product("DESK", DESK_PRICE, 10);
        String lamp = product("LAMP", LAMP_PRICE, 5);
        String orderId = placeOrder("pm_no_answer", desk, 2, lamp, 1);
        String paymentId = Identifiers.paymentIdFor(orderId);
        eventually().until(() -> states.events().payloadsOf(paymentId).stream()
                                       .anyMatch(PaymentAuthorizationRequested.class::isInstance));

        Http.Response cancelled = http.post("/api/orders/" + orderId + "/cancel", "{\"reason\":\"found it cheaper\"}");

        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(202);
        eventually().until(() -> states.stock(desk).reserved() == 0 && states.stock(lamp).reserved() == 0);
        assertThat(states.orderStatus(orderId)).isEqualTo(OrderStatus.CANCELLED);
        assertThat(states.orderEventTypes(orderId)).containsExactly("OrderPlaced", "OrderCancelled");
        assertThat(states.stock(desk)).isEqualTo(new Stock(10, 0, 0));
        assertThat(states.stock(lamp)).isEqualTo(new Stock(5, 0, 0));
        Payment payment = states.payment(paymentId);
        assertThat(payment.status()).isEqualTo(PaymentStatus.AUTHORIZATION_REQUESTED);
        assertThat(payment.heldMinor()).isZero();
    }

    @Test
    void aCancelAfterConfirmationIsRefusedAndTheSaleStands() {
        String desk = product("DESK", DESK_PRICE, 10);
        String orderId = placeOrder("pm_approve", desk, 3);
        awaitSagaEnded(orderId, desk);

        Http.Response refused = http.post("/api/orders/" + orderId + "/cancel", "{}");

        assertThat(refused.status()).isEqualTo(409);
        assertThat(states.orderStatus(orderId)).isEqualTo(OrderStatus.CONFIRMED);
        assertThat(states.stock(desk)).isEqualTo(new Stock(7, 0, 3));
        assertThat(states.payment(Identifiers.paymentIdFor(orderId)).heldMinor()).isEqualTo(3 * DESK_PRICE);
    }
}

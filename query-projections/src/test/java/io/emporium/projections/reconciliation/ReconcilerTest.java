package io.emporium.projections.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.messages.common.Identifiers;
import io.emporium.messages.common.Money;
import io.emporium.messages.inventory.ProductRegistered;
import io.emporium.messages.inventory.ReservationCommitted;
import io.emporium.messages.inventory.StockReceived;
import io.emporium.messages.inventory.StockReleased;
import io.emporium.messages.inventory.StockReserved;
import io.emporium.messages.order.OrderCancelled;
import io.emporium.messages.order.OrderConfirmed;
import io.emporium.messages.order.OrderLine;
import io.emporium.messages.order.OrderPlaced;
import io.emporium.messages.order.OrderRejected;
import io.emporium.messages.order.RejectionCause;
import io.emporium.messages.payment.PaymentAuthorizationRequested;
import io.emporium.messages.payment.PaymentAuthorized;
import io.emporium.messages.payment.PaymentRefunded;
import io.emporium.messages.projection.Discrepancy;
import io.emporium.projections.reconciliation.ReadModelRows.LineRow;
import io.emporium.projections.reconciliation.ReadModelRows.OrderRow;
import io.emporium.projections.reconciliation.ReadModelRows.PaymentRow;
import io.emporium.projections.reconciliation.ReadModelRows.ProductRow;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Each check of the reconciliation, from crafted event sequences and read-model rows: a correct history yields
 * nothing, and each kind of discrepancy is produced by the one history that breaks it.
 */
class ReconcilerTest {

    static final String SKU = "DESK";
    static final String ORDER = "order-1";
    static final String PAYMENT = "payment-1";
    static final Money PRICE = Money.of(100, "EUR");

    /** Global position and per-aggregate sequence numbers, as the event store gives them. */
    final Books books = new Books();
    final Map<String, Long> sequences = new HashMap<>();
    final Set<String> runningSagas = new HashSet<>();
    long position;

    void event(String aggregate, Object payload) {
        long sequence = sequences.merge(aggregate, 1L, Long::sum) - 1;
        books.apply(payload, sequence, position++);
    }

    /** A product of 10, an order of 2 reserved, authorized for 200 and confirmed, its reservation committed. */
    void confirmedOrder() {
        event(SKU, new ProductRegistered(SKU, "Desk", PRICE, 10));
        event(ORDER, new OrderPlaced(ORDER, "customer-1", List.of(new OrderLine(SKU, 2)), "pm_ok", Identifiers.paymentIdFor(ORDER)));
        event(SKU, new StockReserved(SKU, ORDER, 2, PRICE, 8));
        event(PAYMENT, new PaymentAuthorizationRequested(PAYMENT, ORDER, Money.of(200, "EUR"), "pm_ok"));
        event(PAYMENT, new PaymentAuthorized(PAYMENT, ORDER, Money.of(200, "EUR"), "ref-1"));
        event(ORDER, new OrderConfirmed(ORDER, PAYMENT, "paid"));
        event(SKU, new ReservationCommitted(SKU, ORDER, 2, 8));
    }

    /** The order rejected at the payment: reserved, declined... here authorized and then refunded, released. */
    void rejectedAndCompensatedOrder() {
        event(SKU, new ProductRegistered(SKU, "Desk", PRICE, 10));
        event(ORDER, new OrderPlaced(ORDER, "customer-1", List.of(new OrderLine(SKU, 2)), "pm_late", Identifiers.paymentIdFor(ORDER)));
        event(SKU, new StockReserved(SKU, ORDER, 2, PRICE, 8));
        event(PAYMENT, new PaymentAuthorizationRequested(PAYMENT, ORDER, Money.of(200, "EUR"), "pm_late"));
        event(ORDER, new OrderRejected(ORDER, RejectionCause.PAYMENT_TIMEOUT, "no answer"));
        event(SKU, new StockReleased(SKU, ORDER, 2, "order rejected", 10));
        event(PAYMENT, new PaymentAuthorized(PAYMENT, ORDER, Money.of(200, "EUR"), "ref-1"));
        event(PAYMENT, new PaymentRefunded(PAYMENT, ORDER, "refund-1", Money.of(200, "EUR"), Money.of(200, "EUR"),
                                           "late"));
    }

    List<Discrepancy> check() {
        Reconciler reconciler = new Reconciler(books, runningSagas);
        reconciler.checkBooks();
        return reconciler.discrepancies();
    }

    List<String> kinds(List<Discrepancy> found) {
        return found.stream().map(d -> d.kind() + " " + d.subject()).toList();
    }

    @Test
    void findsNothingInAConfirmedOrderOrAFullyCompensatedOne() {
        confirmedOrder();
        assertThat(check()).isEmpty();

        ReconcilerTest rejected = new ReconcilerTest();
        rejected.rejectedAndCompensatedOrder();
        assertThat(rejected.check()).isEmpty();
    }

    @Test
    void findsStockThatDoesNotBalance() {
        confirmedOrder();
        event(SKU, new StockReceived(SKU, 5, 14));

        assertThat(check()).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo("stock-balance-mismatch");
            assertThat(d.subject()).isEqualTo(SKU);
            assertThat(d.detail()).contains("10 initial + 5 received - 2 committed = 13", "14 on hand");
        });
    }

    @Test
    void findsAvailableStockThatDoesNotFollowFromOnHandAndHeld() {
        event(SKU, new ProductRegistered(SKU, "Desk", PRICE, 10));
        event(ORDER, new OrderPlaced(ORDER, "customer-1", List.of(new OrderLine(SKU, 2)), "pm_ok", Identifiers.paymentIdFor(ORDER)));
        event(SKU, new StockReserved(SKU, ORDER, 2, PRICE, 9));

        assertThat(kinds(check())).containsExactly("stock-availability-mismatch " + SKU);
    }

    @Test
    void findsAReservationHeldByAnEndedOrder() {
        event(SKU, new ProductRegistered(SKU, "Desk", PRICE, 10));
        event(ORDER, new OrderPlaced(ORDER, "customer-1", List.of(new OrderLine(SKU, 2)), "pm_ok", Identifiers.paymentIdFor(ORDER)));
        event(SKU, new StockReserved(SKU, ORDER, 2, PRICE, 8));
        event(ORDER, new OrderCancelled(ORDER, "customer changed her mind"));

        assertThat(check()).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo("reservation-held-by-ended-order");
            assertThat(d.subject()).isEqualTo(ORDER);
            assertThat(d.detail()).contains("CANCELLED", SKU, "2 units");
        });
    }

    @Test
    void findsAPaymentHeldByAnOrderThatWasNotConfirmed() {
        rejectedAndCompensatedOrder();
        // The same story without its refund.
        ReconcilerTest unrefunded = new ReconcilerTest();
        unrefunded.event(ORDER, new OrderPlaced(ORDER, "customer-1", List.of(), "pm_late", Identifiers.paymentIdFor(ORDER)));
        unrefunded.event(PAYMENT, new PaymentAuthorizationRequested(PAYMENT, ORDER, Money.of(200, "EUR"), "pm"));
        unrefunded.event(ORDER, new OrderRejected(ORDER, RejectionCause.PAYMENT_TIMEOUT, "no answer"));
        unrefunded.event(PAYMENT, new PaymentAuthorized(PAYMENT, ORDER, Money.of(200, "EUR"), "ref-1"));
        unrefunded.event(PAYMENT, new PaymentRefunded(PAYMENT, ORDER, "refund-1", Money.of(50, "EUR"),
                                                      Money.of(50, "EUR"), "partial"));

        assertThat(check()).isEmpty();
        assertThat(unrefunded.check()).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo("payment-held-by-unconfirmed-order");
            assertThat(d.subject()).isEqualTo(ORDER);
            assertThat(d.detail()).contains("REJECTED", PAYMENT, "150 EUR", "200 authorized");
        });
    }

    @Test
    void findsAConfirmedOrderWithoutExactlyOneAuthorizationOfItsTotal() {
        ReconcilerTest underpaid = new ReconcilerTest();
        underpaid.event(SKU, new ProductRegistered(SKU, "Desk", PRICE, 10));
        underpaid.event(ORDER, new OrderPlaced(ORDER, "customer-1", List.of(new OrderLine(SKU, 2)), "pm_ok", Identifiers.paymentIdFor(ORDER)));
        underpaid.event(SKU, new StockReserved(SKU, ORDER, 2, PRICE, 8));
        underpaid.event(PAYMENT, new PaymentAuthorizationRequested(PAYMENT, ORDER, Money.of(150, "EUR"), "pm_ok"));
        underpaid.event(PAYMENT, new PaymentAuthorized(PAYMENT, ORDER, Money.of(150, "EUR"), "ref-1"));
        underpaid.event(ORDER, new OrderConfirmed(ORDER, PAYMENT, "paid"));
        underpaid.event(SKU, new ReservationCommitted(SKU, ORDER, 2, 8));
        assertThat(underpaid.check()).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo("confirmed-order-payment-mismatch");
            assertThat(d.detail()).contains("200 EUR committed", "authorized 150 EUR");
        });

        confirmedOrder();
        event("payment-2", new PaymentAuthorizationRequested("payment-2", ORDER, Money.of(200, "EUR"), "pm_ok"));
        event("payment-2", new PaymentAuthorized("payment-2", ORDER, Money.of(200, "EUR"), "ref-2"));
        assertThat(check()).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo("confirmed-order-payment-mismatch");
            assertThat(d.detail()).contains("2 authorized payments");
        });
    }

    @Test
    void findsAnOrderAPaymentAndAReservationRecordedTwice() {
        confirmedOrder();
        event(ORDER, new OrderPlaced(ORDER, "customer-1", List.of(new OrderLine(SKU, 2)), "pm_ok", Identifiers.paymentIdFor(ORDER)));
        event(PAYMENT, new PaymentAuthorizationRequested(PAYMENT, ORDER, Money.of(200, "EUR"), "pm_ok"));
        event(SKU, new StockReserved(SKU, ORDER, 2, PRICE, 6));

        assertThat(kinds(new Reconciler(books, runningSagas).discrepancies()))
                .containsExactly("duplicate-order " + ORDER, "duplicate-payment " + PAYMENT,
                                 "duplicate-reservation " + ORDER);
    }

    @Test
    void countsAnOrderInFlightInsteadOfReportingIt() {
        event(SKU, new ProductRegistered(SKU, "Desk", PRICE, 10));
        event(ORDER, new OrderPlaced(ORDER, "customer-1", List.of(new OrderLine(SKU, 2)), "pm_ok", Identifiers.paymentIdFor(ORDER)));
        event(SKU, new StockReserved(SKU, ORDER, 2, PRICE, 8));
        event(ORDER, new OrderCancelled(ORDER, "cancelled"));
        runningSagas.add(ORDER); // compensating, or waiting in its late-answer window

        Reconciler reconciler = new Reconciler(books, runningSagas);
        reconciler.checkBooks();
        assertThat(reconciler.discrepancies()).isEmpty();
        assertThat(reconciler.ordersInFlight()).isEqualTo(1);
        assertThat(reconciler.ordersChecked()).isZero();

        runningSagas.clear();
        assertThat(kinds(check())).containsExactly("reservation-held-by-ended-order " + ORDER);
    }

    // ---- read models ----

    OrderRow orderRow(String status) {
        return new OrderRow(ORDER, "customer-1", status, 1, List.of(new LineRow(SKU, 2, PRICE)));
    }

    PaymentRow paymentRow(Money authorized) {
        return new PaymentRow(PAYMENT, ORDER, "AUTHORIZED", Money.of(200, "EUR"), authorized, Money.of(0, "EUR"), 1);
    }

    ProductRow productRow(int onHand) {
        return new ProductRow(SKU, "Desk", PRICE, onHand, 0, 2);
    }

    List<Discrepancy> checkRows(OrderRow order, PaymentRow payment, ProductRow product, long projectedUpTo) {
        Reconciler reconciler = new Reconciler(books, runningSagas);
        if (order != null) {
            reconciler.checkOrderRow(order, projectedUpTo);
        }
        if (payment != null) {
            reconciler.checkPaymentRow(payment, projectedUpTo);
        }
        if (product != null) {
            reconciler.checkProductRow(product, projectedUpTo);
        }
        reconciler.checkMissingRows(projectedUpTo, projectedUpTo, projectedUpTo);
        return reconciler.discrepancies();
    }

    @Test
    void findsNothingInReadModelsThatMatchTheirEvents() {
        confirmedOrder();
        assertThat(checkRows(orderRow("CONFIRMED"), paymentRow(Money.of(200, "EUR")), productRow(8), position))
                .isEmpty();
    }

    @Test
    void findsAReadModelRowThatDiffersFromItsEvents() {
        confirmedOrder();
        List<Discrepancy> found = checkRows(orderRow("CANCELLED"), paymentRow(Money.of(199, "EUR")), productRow(9),
                                            position);

        assertThat(kinds(found)).containsExactlyInAnyOrder("read-model-mismatch " + ORDER,
                                                           "read-model-mismatch " + PAYMENT,
                                                           "read-model-mismatch " + SKU);
        assertThat(found).extracting(Discrepancy::detail).anySatisfy(
                detail -> assertThat(detail).contains("order_view", "status is CANCELLED in the read model, "
                                                                      + "CONFIRMED by the events"));
    }

    @Test
    void findsARowMissingOnceItsProjectionHasPassedItsEvents() {
        confirmedOrder();
        assertThat(kinds(checkRows(null, paymentRow(Money.of(200, "EUR")), productRow(8), position)))
                .containsExactly("read-model-row-missing " + ORDER);
    }

    @Test
    void leavesRowsOfAProjectionThatHasNotCaughtUpAlone() {
        confirmedOrder();
        assertThat(checkRows(orderRow("PENDING"), null, productRow(10), 2)).isEmpty();
    }
}

package io.emporium.projections.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.emporium.messages.common.Identifiers;
import io.emporium.messages.common.Money;
import io.emporium.messages.inventory.StockReserved;
import io.emporium.messages.order.OrderCancelled;
import io.emporium.messages.order.OrderConfirmed;
import io.emporium.messages.order.OrderLine;
import io.emporium.messages.order.OrderPlaced;
import io.emporium.messages.order.OrderRejected;
import io.emporium.messages.order.OrderStatus;
import io.emporium.messages.order.RejectionCause;
import io.emporium.messages.query.FindOrder;
import io.emporium.messages.query.FindOrdersOfCustomer;
import io.emporium.messages.query.OrderSummaryPage;
import io.emporium.messages.query.OrderView;
import io.emporium.messages.query.StatusChange;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.axonframework.eventhandling.ReplayStatus;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.GenericSubscriptionQueryMessage;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.junit.jupiter.api.Test;

class OrderViewProjectionTest {

    private static final String ORDER = "0b6f1c9e-2f4a-4c1d-9e8b-7a6c5d4e3f21";
    private static final Instant T0 = Instant.parse("2026-05-01T09:00:00Z");

    private final InMemoryOrderViewStore store = new InMemoryOrderViewStore();
    private final QueryUpdateEmitter updates = mock(QueryUpdateEmitter.class);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final OrderViewProjection projection = new OrderViewProjection(store, updates, meters);

    private void place(String orderId, String customer, Instant at) {
        projection.on(new OrderPlaced(orderId, customer,
                                      List.of(new OrderLine("MUG-001", 2), new OrderLine("LAMP-2", 1)), "pm_approve", Identifiers.paymentIdFor(orderId)),
                      0, at);
    }

    private OrderView view() {
        return projection.handle(new FindOrder(ORDER));
    }

    @Test
    void countsEachOrderOnceByTheFinalStatusItReached() {
        place(ORDER, "customer-1", T0);
        place("other-order", "customer-1", T0);

        projection.on(new OrderConfirmed(ORDER, "pay-1", "paid"), 1, T0.plusSeconds(1), ReplayStatus.REGULAR);
        projection.on(new OrderConfirmed(ORDER, "pay-1", "paid"), 1, T0.plusSeconds(1), ReplayStatus.REGULAR);
        projection.on(new OrderRejected("other-order", RejectionCause.PAYMENT_TIMEOUT, "no answer"), 1, T0, ReplayStatus.REGULAR);

        assertThat(finalCount("confirmed")).isEqualTo(1.0);
        assertThat(finalCount("rejected")).isEqualTo(1.0);
        assertThat(finalCount("cancelled")).isZero();
    }

    @Test
    void aReplayRebuildsTheViewWithoutCountingTheOrderAgain() {
        place(ORDER, "customer-1", T0);
        projection.on(new OrderCancelled(ORDER, "changed my mind"), 1, T0.plusSeconds(1), ReplayStatus.REGULAR);
        projection.reset();

        place(ORDER, "customer-1", T0);
        projection.on(new OrderCancelled(ORDER, "changed my mind"), 1, T0.plusSeconds(1), ReplayStatus.REPLAY);

        assertThat(view().status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(finalCount("cancelled")).isEqualTo(1.0);
    }

    private double finalCount(String status) {
        return meters.get(OrderViewProjection.ORDERS_FINAL).tag("status", status).counter().count();
    }

    @Test
    void aPlacedOrderIsPendingWithUnpricedLinesAndNoTotal() {
        place(ORDER, "customer-1", T0);

        OrderView view = view();
        assertThat(view.status()).isEqualTo(OrderStatus.PENDING);
        assertThat(view.customerId()).isEqualTo("customer-1");
        assertThat(view.placedAt()).isEqualTo(T0);
        assertThat(view.lines()).extracting("sku").containsExactly("MUG-001", "LAMP-2");
        assertThat(view.lines()).allMatch(line -> line.unitPrice() == null);
        assertThat(view.total()).isNull();
        assertThat(view.statusHistory()).containsExactly(new StatusChange(OrderStatus.PENDING, T0, null));
    }

    @Test
    void reservedLinesCarryTheirReservationPriceAndMakeTheTotal() {
        place(ORDER, "customer-1", T0);

        projection.on(new StockReserved("MUG-001", ORDER, 2, Money.of(1250, "EUR"), 8), 4);
        projection.on(new StockReserved("LAMP-2", ORDER, 1, Money.of(4000, "EUR"), 0), 1);

        assertThat(view().lines()).extracting("unitPrice")
                                  .containsExactly(Money.of(1250, "EUR"), Money.of(4000, "EUR"));
        assertThat(view().total()).isEqualTo(Money.of(6500, "EUR"));
    }

    @Test
    void keepsTheWholeStatusHistoryWithTimesAndReasons() {
        place(ORDER, "customer-1", T0);
        projection.on(new OrderRejected(ORDER, RejectionCause.OUT_OF_STOCK, "MUG-001 sold out"), 1,
                      T0.plusSeconds(5), ReplayStatus.REGULAR);

        assertThat(view().status()).isEqualTo(OrderStatus.REJECTED);
        assertThat(view().statusHistory()).containsExactly(
                new StatusChange(OrderStatus.PENDING, T0, null),
                new StatusChange(OrderStatus.REJECTED, T0.plusSeconds(5), "OUT_OF_STOCK: MUG-001 sold out"));
    }

    @Test
    void anEventDeliveredTwiceChangesNothingTheSecondTime() {
        place(ORDER, "customer-1", T0);
        projection.on(new StockReserved("MUG-001", ORDER, 2, Money.of(1250, "EUR"), 8), 4);
        OrderConfirmed confirmed = new OrderConfirmed(ORDER, "pay-1", "paid");
        projection.on(confirmed, 1, T0.plusSeconds(3), ReplayStatus.REGULAR);
        OrderView once = view();

        place(ORDER, "customer-other", T0.plusSeconds(9));
        projection.on(confirmed, 1, T0.plusSeconds(3), ReplayStatus.REGULAR);
        projection.on(new StockReserved("MUG-001", ORDER, 2, Money.of(9999, "EUR"), 8), 4);

        assertThat(view()).isEqualTo(once);
        assertThat(view().statusHistory()).hasSize(2);
    }

    @Test
    void anOlderEventArrivingLateIsIgnored() {
        place(ORDER, "customer-1", T0);
        projection.on(new OrderCancelled(ORDER, "changed my mind"), 2, T0.plusSeconds(4), ReplayStatus.REGULAR);

        projection.on(new OrderConfirmed(ORDER, "pay-1", "late"), 1, T0.plusSeconds(2), ReplayStatus.REGULAR);

        assertThat(view().status()).isEqualTo(OrderStatus.CANCELLED);
    }

    @Test
    void aStatusChangeForAnUnknownOrderAndAReservationForAnUnknownLineAreIgnored() {
        projection.on(new OrderConfirmed(ORDER, "pay-1", "paid"), 1, T0, ReplayStatus.REGULAR);
        assertThat(view()).isNull();

        place(ORDER, "customer-1", T0);
        projection.on(new StockReserved("OTHER-9", ORDER, 1, Money.of(100, "EUR"), 3), 2);
        assertThat(view().lines()).allMatch(line -> line.unitPrice() == null);
    }

    @Test
    @SuppressWarnings("unchecked")
    void announcesEveryChangeToSubscribersAndNothingForADuplicate() {
        watching(ORDER);
        place(ORDER, "customer-1", T0);
        projection.on(new OrderConfirmed(ORDER, "pay-1", "paid"), 1, T0.plusSeconds(1), ReplayStatus.REGULAR);
        projection.on(new OrderConfirmed(ORDER, "pay-1", "paid"), 1, T0.plusSeconds(1), ReplayStatus.REGULAR);

        verify(updates, times(2)).emit(eq(FindOrder.class), any(Predicate.class), any(OrderView.class));
    }

    @Test
    @SuppressWarnings("unchecked")
    void announcesNothingForAnOrderNobodyWatches() {
        watching("00000000-0000-4000-8000-000000000009");
        place(ORDER, "customer-1", T0);
        projection.on(new OrderConfirmed(ORDER, "pay-1", "paid"), 1, T0.plusSeconds(1), ReplayStatus.REGULAR);

        verify(updates, never()).emit(eq(FindOrder.class), any(Predicate.class), any(OrderView.class));
        assertThat(view().status()).isEqualTo(OrderStatus.CONFIRMED);
    }

    private void watching(String orderId) {
        when(updates.activeSubscriptions()).thenReturn(Set.of(new GenericSubscriptionQueryMessage<>(
                new FindOrder(orderId), ResponseTypes.instanceOf(OrderView.class),
                ResponseTypes.instanceOf(OrderView.class))));
    }

    @Test
    void listsACustomersOrdersNewestFirstFilteredAndPaged() {
        String older = "00000000-0000-4000-8000-000000000001";
        String newer = "00000000-0000-4000-8000-000000000002";
        place(older, "customer-1", T0);
        place(newer, "customer-1", T0.plusSeconds(60));
        place(ORDER, "customer-2", T0.plusSeconds(30));
        projection.on(new OrderCancelled(older, "no"), 1, T0.plusSeconds(90), ReplayStatus.REGULAR);

        OrderSummaryPage all = projection.handle(new FindOrdersOfCustomer("customer-1", null, 0, 20));
        assertThat(all.items()).extracting("orderId").containsExactly(newer, older);
        assertThat(all.totalItems()).isEqualTo(2);

        OrderSummaryPage cancelled = projection.handle(
                new FindOrdersOfCustomer("customer-1", OrderStatus.CANCELLED, 0, 20));
        assertThat(cancelled.items()).extracting("orderId").containsExactly(older);

        OrderSummaryPage second = projection.handle(new FindOrdersOfCustomer("customer-1", null, 1, 1));
        assertThat(second.items()).extracting("orderId").containsExactly(older);
    }

    @Test
    void aResetClearsEveryView() {
        place(ORDER, "customer-1", T0);

        projection.reset();

        assertThat(view()).isNull();
    }

    @Test
    void aTotalOverMixedCurrenciesIsLeftOpen() {
        assertThat(OrderTotals.of(List.of(
                new io.emporium.messages.query.OrderLineView("A-1", 1, Money.of(100, "EUR")),
                new io.emporium.messages.query.OrderLineView("B-1", 1, Money.of(100, "USD"))))).isNull();
    }
}

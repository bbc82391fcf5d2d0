package io.emporium.projections.order;

import io.emporium.messages.inventory.StockReserved;
import io.emporium.messages.order.OrderCancelled;
import io.emporium.messages.order.OrderConfirmed;
import io.emporium.messages.order.OrderPlaced;
import io.emporium.messages.order.OrderRejected;
import io.emporium.messages.order.OrderStatus;
import io.emporium.messages.query.FindOrder;
import io.emporium.messages.query.FindOrdersOfCustomer;
import io.emporium.messages.query.OrderSummaryPage;
import io.emporium.messages.query.OrderView;
import io.emporium.projections.ProjectionNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ReplayStatus;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.axonframework.queryhandling.SubscriptionQueryMessage;

/**
 * Order views: customer, status, lines priced at reservation, total, and the full status history.
 * <p>
 * Idempotent: the order row remembers the order event it applied last, each line the SKU event that priced
 * it; an event at or below that sequence changes nothing (and is not announced). After each change the new
 * view is emitted to subscribers of {@link FindOrder}; Axon delivers it only once the processor's
 * transaction has committed, so a subscriber never sees a view that was rolled back.
 * <p>
 * Each order reaching a final status counts once in {@value #ORDERS_FINAL} (tagged {@code status}), after the change
 * committed and never during a replay, which rebuilds views of orders that were counted when they ended.
 */
@ProcessingGroup(ProjectionNames.ORDER_VIEWS)
public class OrderViewProjection {

    /** Orders by the final status they reached (Prometheus {@code emporium_orders_final_total}). */
    public static final String ORDERS_FINAL = "emporium.orders.final";

    private final OrderViewStore store;
    private final QueryUpdateEmitter updates;
    private final Map<OrderStatus, Counter> finalStatuses = new EnumMap<>(OrderStatus.class);

    public OrderViewProjection(OrderViewStore store, QueryUpdateEmitter updates, MeterRegistry meters) {
        this.store = store;
        this.updates = updates;
        for (OrderStatus status : OrderStatus.values()) {
            if (!status.isFinal()) {
                continue;
            }
            finalStatuses.put(status, Counter.builder(ORDERS_FINAL).tag("status", status.name().toLowerCase(Locale.ROOT))
                                             .description("Orders that reached a final status").register(meters));
        }
    }

    @EventHandler
    public void on(OrderPlaced event, @SequenceNumber long sequence, @Timestamp Instant at) {
        boolean changed = store.atomically(() -> store.insertOrder(event.orderId(), event.customerId(), event.lines(),
                                                                    at, sequence));
        announce(changed, event.orderId());
    }

    @EventHandler
    public void on(OrderConfirmed event, @SequenceNumber long sequence, @Timestamp Instant at, ReplayStatus replay) {
        changeStatus(event.orderId(), OrderStatus.CONFIRMED, at, event.reason(), sequence, replay);
    }

    @EventHandler
    public void on(OrderRejected event, @SequenceNumber long sequence, @Timestamp Instant at, ReplayStatus replay) {
        String reason = event.cause() == null ? event.reason() : event.cause() + ": " + event.reason();
        changeStatus(event.orderId(), OrderStatus.REJECTED, at, reason, sequence, replay);
    }

    @EventHandler
    public void on(OrderCancelled event, @SequenceNumber long sequence, @Timestamp Instant at, ReplayStatus replay) {
        changeStatus(event.orderId(), OrderStatus.CANCELLED, at, event.reason(), sequence, replay);
    }

    /** The unit price at reservation; the sequence is the SKU's, kept per line. */
    @EventHandler
    public void on(StockReserved event, @SequenceNumber long skuSequence) {
        boolean changed = store.atomically(() -> store.priceLine(event.orderId(), event.sku(), event.unitPrice(),
                                                                  skuSequence));
        announce(changed, event.orderId());
    }

    @ResetHandler
    public void reset() {
        store.clear();
    }

    @QueryHandler
    public OrderView handle(FindOrder query) {
        return store.find(query.orderId());
    }

    @QueryHandler
    public OrderSummaryPage handle(FindOrdersOfCustomer query) {
        return store.findOfCustomer(query.customerId(), query.status(), query.page(), query.size());
    }

    private void changeStatus(String orderId, OrderStatus status, Instant at, String reason, long sequence,
                              ReplayStatus replay) {
        boolean changed = store.atomically(() -> store.changeStatus(orderId, status, at, reason, sequence));
        announce(changed, orderId);
        if (changed && !replay.isReplay()) {
            afterCommit(finalStatuses.get(status)::increment);
        }
    }

    /**
     * Sends the changed order to its subscribers, once the batch has committed and only if somebody watches it: reading
     * the whole view back for every change of every order cost three queries per event. A subscription registered
     * after this check runs its initial query after the commit, so it sees the change.
     */
    private void announce(boolean changed, String orderId) {
        if (!changed) {
            return;
        }
        Runnable announcement = () -> {
            if (watched(orderId)) {
                OrderView view = store.find(orderId);
                if (view != null) {
                    updates.emit(FindOrder.class, query -> orderId.equals(query.orderId()), view);
                }
            }
        };
        afterCommit(announcement);
    }

    private static void afterCommit(Runnable action) {
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(unitOfWork -> action.run());
        } else {
            action.run();
        }
    }

    private boolean watched(String orderId) {
        for (SubscriptionQueryMessage<?, ?, ?> subscription : updates.activeSubscriptions()) {
            if (subscription.getPayload() instanceof FindOrder query && orderId.equals(query.orderId())) {
                return true;
            }
        }
        return false;
    }
}

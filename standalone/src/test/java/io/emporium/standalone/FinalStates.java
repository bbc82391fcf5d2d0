package io.emporium.standalone;

import io.emporium.messages.common.Money;
import io.emporium.messages.inventory.ProductRegistered;
import io.emporium.messages.inventory.ReservationCommitted;
import io.emporium.messages.inventory.StockReceived;
import io.emporium.messages.inventory.StockReleased;
import io.emporium.messages.inventory.StockReserved;
import io.emporium.messages.order.OrderCancelled;
import io.emporium.messages.order.OrderConfirmed;
import io.emporium.messages.order.OrderPlaced;
import io.emporium.messages.order.OrderRejected;
import io.emporium.messages.order.OrderStatus;
import io.emporium.messages.payment.PaymentAuthorizationRequested;
import io.emporium.messages.payment.PaymentAuthorized;
import io.emporium.messages.payment.PaymentDeclined;
import io.emporium.messages.payment.PaymentRefunded;
import io.emporium.messages.payment.PaymentStatus;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The states the stored events add up to, for assertions about where an order, its payment and its SKUs ended.
 * There are no read models to ask (yet): each state is folded here from the aggregate's whole event history.
 */
public record FinalStates(EventStreams events, JdbcTemplate jdbc) {

    /** A SKU's stock: units on hand, reserved for orders, and sold (committed) over its history. */
    public record Stock(int onHand, int reserved, int committed) {

        public int available() {
            return onHand - reserved;
        }
    }

    /** A payment: its status and what was authorized and refunded; null status when it was never requested. */
    public record Payment(PaymentStatus status, long authorizedMinor, long refundedMinor) {

        /** The money the customer is still charged for. */
        public long heldMinor() {
            return authorizedMinor - refundedMinor;
        }
    }

    public Stock stock(String sku) {
        int onHand = 0;
        int reserved = 0;
        int committed = 0;
        for (Object event : events.payloadsOf(sku)) {
            if (event instanceof ProductRegistered registered) {
                onHand = registered.initialStock();
            } else if (event instanceof StockReceived received) {
                onHand += received.quantity();
            } else if (event instanceof StockReserved reservation) {
                reserved += reservation.quantity();
            } else if (event instanceof StockReleased released) {
                reserved -= released.quantity();
            } else if (event instanceof ReservationCommitted sold) {
                reserved -= sold.quantity();
                onHand -= sold.quantity();
                committed += sold.quantity();
            }
        }
        return new Stock(onHand, reserved, committed);
    }

    /** The status the order's last event put it in; null when the order does not exist. */
    public OrderStatus orderStatus(String orderId) {
        Object last = events.lastPayloadOf(orderId);
        if (last instanceof OrderPlaced) {
            return OrderStatus.PENDING;
        } else if (last instanceof OrderConfirmed) {
            return OrderStatus.CONFIRMED;
        } else if (last instanceof OrderRejected) {
            return OrderStatus.REJECTED;
        } else if (last instanceof OrderCancelled) {
            return OrderStatus.CANCELLED;
        }
        return null;
    }

    public OrderRejected rejection(String orderId) {
        return events.payloadsOf(orderId).stream().filter(OrderRejected.class::isInstance)
                     .map(OrderRejected.class::cast).findFirst().orElse(null);
    }

    public Payment payment(String paymentId) {
        PaymentStatus status = null;
        long authorized = 0;
        long refunded = 0;
        Money requested = null;
        for (Object event : events.payloadsOf(paymentId)) {
            if (event instanceof PaymentAuthorizationRequested request) {
                status = PaymentStatus.AUTHORIZATION_REQUESTED;
                requested = request.amount();
            } else if (event instanceof PaymentAuthorized authorization) {
                status = PaymentStatus.AUTHORIZED;
                authorized = authorization.amount().amountMinor();
            } else if (event instanceof PaymentDeclined) {
                status = PaymentStatus.DECLINED;
            } else if (event instanceof PaymentRefunded refund) {
                refunded = refund.refundedTotal().amountMinor();
                status = refunded == requested.amountMinor()
                        ? PaymentStatus.REFUNDED : PaymentStatus.PARTIALLY_REFUNDED;
            }
        }
        return new Payment(status, authorized, refunded);
    }

    /** Whether the order's saga is still running (it is associated with the order id until it ends). */
    public boolean sagaActive(String orderId) {
        Integer associations = jdbc.queryForObject("""
                SELECT count(*) FROM association_value_entry
                WHERE association_key = 'orderId' AND association_value = ?
                """, Integer.class, orderId);
        return associations != null && associations > 0;
    }

    /** The types of the order's events, in order, by simple name. */
    public List<String> orderEventTypes(String orderId) {
        return events.payloadsOf(orderId).stream().map(event -> event.getClass().getSimpleName()).toList();
    }
}

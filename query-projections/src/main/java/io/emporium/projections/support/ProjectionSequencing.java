package io.emporium.projections.support;

import io.emporium.messages.inventory.ReservationClosed;
import io.emporium.messages.inventory.ReservationCommitted;
import io.emporium.messages.inventory.StockReleased;
import io.emporium.messages.inventory.StockReservationRejected;
import io.emporium.messages.inventory.StockReserved;
import io.emporium.messages.order.OrderCancelled;
import io.emporium.messages.order.OrderConfirmed;
import io.emporium.messages.order.OrderPlaced;
import io.emporium.messages.order.OrderRejected;
import io.emporium.messages.payment.PaymentAuthorizationRequested;
import io.emporium.messages.payment.PaymentAuthorized;
import io.emporium.messages.payment.PaymentDeclined;
import io.emporium.messages.payment.PaymentRefunded;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;

/**
 * Sequencing by order: every event that changes an order's rows (the order's own events and the inventory
 * events that reserve stock for it) is projected in stream order on one segment, and, when one of them fails,
 * parked with the later events of the same order in the dead-letter queue, while other orders go on. Events
 * that belong to no order are sequenced by their aggregate.
 */
public final class ProjectionSequencing {

    private ProjectionSequencing() {
    }

    public static SequencingPolicy<EventMessage<?>> byOrder() {
        return ProjectionSequencing::orderIdOrAggregate;
    }

    static Object orderIdOrAggregate(EventMessage<?> message) {
        String orderId = orderIdOf(message.getPayload());
        if (orderId != null) {
            return orderId;
        }
        if (message instanceof DomainEventMessage<?> domain && domain.getAggregateIdentifier() != null) {
            return domain.getAggregateIdentifier();
        }
        return message.getIdentifier();
    }

    /** The order an event is about, or {@code null}. */
    public static String orderIdOf(Object payload) {
        if (payload instanceof OrderPlaced e) {
            return e.orderId();
        } else if (payload instanceof OrderConfirmed e) {
            return e.orderId();
        } else if (payload instanceof OrderRejected e) {
            return e.orderId();
        } else if (payload instanceof OrderCancelled e) {
            return e.orderId();
        } else if (payload instanceof StockReserved e) {
            return e.orderId();
        } else if (payload instanceof StockReleased e) {
            return e.orderId();
        } else if (payload instanceof StockReservationRejected e) {
            return e.orderId();
        } else if (payload instanceof ReservationCommitted e) {
            return e.orderId();
        } else if (payload instanceof ReservationClosed e) {
            return e.orderId();
        } else if (payload instanceof PaymentAuthorizationRequested e) {
            return e.orderId();
        } else if (payload instanceof PaymentAuthorized e) {
            return e.orderId();
        } else if (payload instanceof PaymentDeclined e) {
            return e.orderId();
        } else if (payload instanceof PaymentRefunded e) {
            return e.orderId();
        }
        return null;
    }
}

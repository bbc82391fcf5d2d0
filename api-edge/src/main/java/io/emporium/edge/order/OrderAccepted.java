package io.emporium.edge.order;

import io.emporium.messages.order.OrderStatus;

/**
 * What an order request answers: the order's status once the command was decided, and where to look next.
 * Stock and payment are settled afterwards, so the final status is read later.
 */
public record OrderAccepted(String orderId, OrderStatus status, Links links) {

    public record Links(String self, String events) {
    }

    static OrderAccepted of(String orderId, OrderStatus status) {
        return new OrderAccepted(orderId, status,
                                 new Links(OrderController.orderPath(orderId),
                                           "/api/admin/aggregates/" + orderId + "/events"));
    }
}

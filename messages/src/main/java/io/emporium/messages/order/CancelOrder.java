package io.emporium.messages.order;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/**
 * The customer withdraws a pending order. A confirmed order can no longer be cancelled. With
 * {@code expectedVersion} (the order's version the client saw, from an {@code If-Match}), it is refused when the
 * order has changed since.
 */
public record CancelOrder(@TargetAggregateIdentifier String orderId, String reason,
                          @TargetAggregateVersion Long expectedVersion) {

    public CancelOrder(String orderId, String reason) {
        this(orderId, reason, null);
    }
}

package io.emporium.messages.order;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The customer withdraws a pending order. A confirmed order can no longer be cancelled. */
public record CancelOrder(@TargetAggregateIdentifier String orderId, String reason) {
}

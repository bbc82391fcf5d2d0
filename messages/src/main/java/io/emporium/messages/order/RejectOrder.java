package io.emporium.messages.order;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Rejects a pending order; {@code reason} names what failed (the SKU, the decline, the timeout). */
public record RejectOrder(@TargetAggregateIdentifier String orderId, RejectionCause cause, String reason) {
}

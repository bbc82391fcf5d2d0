package io.emporium.messages.order;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Confirms a pending order once its stock is reserved and its payment authorized. */
public record ConfirmOrder(@TargetAggregateIdentifier String orderId, String paymentId, String reason) {
}

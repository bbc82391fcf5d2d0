package io.emporium.messages.payment;

import io.emporium.messages.common.Money;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Asks the payment provider to authorize an amount for an order. Repeating the identical request
 * changes nothing, so a retried authorization never charges twice.
 */
public record AuthorizePayment(@TargetAggregateIdentifier String paymentId, String orderId, Money amount,
                               String paymentMethodToken) {
}

package io.emporium.messages.payment;

import io.emporium.messages.common.Money;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Gives authorized money back. Each refund has its own id: repeating a refund id changes nothing, and
 * the refunds of a payment never add up to more than was authorized.
 */
public record RefundPayment(@TargetAggregateIdentifier String paymentId, String refundId, Money amount,
                            String reason) {
}

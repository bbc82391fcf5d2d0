package io.emporium.messages.payment;

import io.emporium.messages.common.Money;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/**
 * Gives authorized money back. Each refund has its own id: repeating a refund id changes nothing, and
 * the refunds of a payment never add up to more than was authorized. With {@code expectedVersion} (the payment's
 * version the client saw), it is refused when the payment has changed since.
 */
public record RefundPayment(@TargetAggregateIdentifier String paymentId, String refundId, Money amount,
                            String reason, @TargetAggregateVersion Long expectedVersion) {

    public RefundPayment(String paymentId, String refundId, Money amount, String reason) {
        this(paymentId, refundId, amount, reason, null);
    }
}

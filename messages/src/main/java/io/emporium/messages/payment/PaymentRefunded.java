package io.emporium.messages.payment;

import io.emporium.messages.common.Money;
import org.axonframework.serialization.Revision;

/** A refund; {@code refundedTotal} is what has been refunded of this payment so far, this refund included. */
@Revision("1")
public record PaymentRefunded(String paymentId, String orderId, String refundId, Money amount,
                              Money refundedTotal, String reason) {
}

package io.emporium.messages.payment;

import io.emporium.messages.common.Money;

/** A refund; {@code refundedTotal} is what has been refunded of this payment so far, this refund included. */
public record PaymentRefunded(String paymentId, String orderId, String refundId, Money amount,
                              Money refundedTotal, String reason) {
}

package io.emporium.messages.query;

import io.emporium.messages.common.Money;
import io.emporium.messages.payment.PaymentStatus;
import java.util.List;

/**
 * The payment of an order. {@code authorizedAmount} is {@code null} until the provider approved;
 * {@code declineReason} is set only when it declined; {@code refunds} are listed in the order they were made.
 */
public record PaymentView(String paymentId, String orderId, PaymentStatus status, Money requestedAmount,
                          Money authorizedAmount, String declineReason, Money refundedTotal,
                          List<RefundView> refunds) {

    public PaymentView {
        refunds = List.copyOf(refunds);
    }
}

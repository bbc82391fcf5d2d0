package io.emporium.projections.payment;

import io.emporium.messages.common.Money;
import io.emporium.messages.payment.PaymentStatus;
import io.emporium.messages.query.PaymentView;
import io.emporium.projections.support.AtomicSteps;
import java.time.Instant;

/** Where payment views live: one row per payment, keyed by payment id, plus its refunds. */
public interface PaymentStore extends AtomicSteps {

    /** The payment row, or {@code null} when the payment is unknown. */
    PaymentRow payment(String paymentId);

    /** Adds the payment; a payment already there is left as it is. */
    void insert(PaymentRow row);

    /** Stores the row's new state and sequence, unless a later event of the payment was applied already. */
    void update(PaymentRow row);

    /** Adds a refund of the payment (a refund id already present is left as it is). */
    void addRefund(String paymentId, String refundId, Money amount, String reason, Instant at, long sequence);

    PaymentView findByOrder(String orderId);

    void clear();

    /** A payment row with the sequence of the payment's last applied event. */
    record PaymentRow(String paymentId, String orderId, PaymentStatus status, Money requested, Money authorized,
                      String declineReason, Money refunded, long lastSequence) {

        PaymentRow authorized(Money amount, long sequence) {
            return new PaymentRow(paymentId, orderId, PaymentStatus.AUTHORIZED, requested, amount, declineReason,
                                  refunded, sequence);
        }

        PaymentRow declined(String reason, long sequence) {
            return new PaymentRow(paymentId, orderId, PaymentStatus.DECLINED, requested, authorized, reason,
                                  refunded, sequence);
        }

        PaymentRow refunded(Money refundedTotal, long sequence) {
            PaymentStatus next = refundedTotal.equals(authorized) ? PaymentStatus.REFUNDED
                                                                  : PaymentStatus.PARTIALLY_REFUNDED;
            return new PaymentRow(paymentId, orderId, next, requested, authorized, declineReason, refundedTotal,
                                  sequence);
        }
    }
}

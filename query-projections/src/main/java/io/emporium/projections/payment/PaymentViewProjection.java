package io.emporium.projections.payment;

import io.emporium.messages.common.Money;
import io.emporium.messages.payment.PaymentAuthorizationRequested;
import io.emporium.messages.payment.PaymentAuthorized;
import io.emporium.messages.payment.PaymentDeclined;
import io.emporium.messages.payment.PaymentRefunded;
import io.emporium.messages.payment.PaymentStatus;
import io.emporium.messages.query.FindPaymentOfOrder;
import io.emporium.messages.query.PaymentView;
import io.emporium.projections.ProjectionNames;
import io.emporium.projections.payment.PaymentStore.PaymentRow;
import java.time.Instant;
import java.util.function.UnaryOperator;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;

/**
 * Payments per order: status, requested and authorized amounts, decline reason, refunds and their total.
 * Idempotent through the payment's sequence kept on its row.
 */
@ProcessingGroup(ProjectionNames.PAYMENT_VIEWS)
public class PaymentViewProjection {

    private final PaymentStore store;

    public PaymentViewProjection(PaymentStore store) {
        this.store = store;
    }

    @EventHandler
    public void on(PaymentAuthorizationRequested event, @SequenceNumber long sequence) {
        // The insert leaves a payment already there as it is: no read first.
        store.atomically(() -> {
            store.insert(new PaymentRow(event.paymentId(), event.orderId(), PaymentStatus.AUTHORIZATION_REQUESTED,
                                        event.amount(), null, null, Money.zero(event.amount().currency()), sequence));
            return null;
        });
    }

    @EventHandler
    public void on(PaymentAuthorized event, @SequenceNumber long sequence) {
        apply(event.paymentId(), sequence, row -> row.authorized(event.amount(), sequence));
    }

    @EventHandler
    public void on(PaymentDeclined event, @SequenceNumber long sequence) {
        apply(event.paymentId(), sequence, row -> row.declined(event.reason(), sequence));
    }

    @EventHandler
    public void on(PaymentRefunded event, @SequenceNumber long sequence, @Timestamp Instant at) {
        store.atomically(() -> {
            PaymentRow row = store.payment(event.paymentId());
            if (row != null && sequence > row.lastSequence()) {
                store.update(row.refunded(event.refundedTotal(), sequence));
                store.addRefund(event.paymentId(), event.refundId(), event.amount(), event.reason(), at, sequence);
            }
            return null;
        });
    }

    @ResetHandler
    public void reset() {
        store.clear();
    }

    @QueryHandler
    public PaymentView handle(FindPaymentOfOrder query) {
        return store.findByOrder(query.orderId());
    }

    private void apply(String paymentId, long sequence, UnaryOperator<PaymentRow> change) {
        store.atomically(() -> {
            PaymentRow row = store.payment(paymentId);
            if (row != null && sequence > row.lastSequence()) {
                store.update(change.apply(row));
            }
            return null;
        });
    }
}

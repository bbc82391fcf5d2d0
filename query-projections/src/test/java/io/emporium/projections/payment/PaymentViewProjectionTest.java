package io.emporium.projections.payment;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.messages.common.Money;
import io.emporium.messages.payment.PaymentAuthorizationRequested;
import io.emporium.messages.payment.PaymentAuthorized;
import io.emporium.messages.payment.PaymentDeclined;
import io.emporium.messages.payment.PaymentRefunded;
import io.emporium.messages.payment.PaymentStatus;
import io.emporium.messages.query.FindPaymentOfOrder;
import io.emporium.messages.query.PaymentView;
import io.emporium.messages.query.RefundView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class PaymentViewProjectionTest {

    /** Payment views in memory, for testing the projection without a database. */
    static final class InMemoryPaymentStore implements PaymentStore {

        final Map<String, PaymentRow> rows = new LinkedHashMap<>();
        final Map<String, List<RefundView>> refunds = new LinkedHashMap<>();

        @Override
        public <T> T atomically(Supplier<T> step) {
            return step.get();
        }

        @Override
        public PaymentRow payment(String paymentId) {
            return rows.get(paymentId);
        }

        @Override
        public void insert(PaymentRow row) {
            rows.putIfAbsent(row.paymentId(), row);
        }

        @Override
        public void update(PaymentRow row) {
            rows.put(row.paymentId(), row);
        }

        @Override
        public void addRefund(String paymentId, String refundId, Money amount, String reason, Instant at,
                              long sequence) {
            List<RefundView> list = refunds.computeIfAbsent(paymentId, id -> new ArrayList<>());
            if (list.stream().noneMatch(refund -> refund.refundId().equals(refundId))) {
                list.add(new RefundView(refundId, amount, reason, at));
            }
        }

        @Override
        public PaymentView findByOrder(String orderId) {
            return rows.values().stream().filter(row -> row.orderId().equals(orderId)).findFirst()
                       .map(row -> new PaymentView(row.paymentId(), row.orderId(), row.status(), row.requested(),
                                                   row.authorized(), row.declineReason(), row.refunded(),
                                                   refunds.getOrDefault(row.paymentId(), List.of())))
                       .orElse(null);
        }

        @Override
        public void clear() {
            rows.clear();
            refunds.clear();
        }
    }

    private static final String PAYMENT = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
    private static final String ORDER = "0b6f1c9e-2f4a-4c1d-9e8b-7a6c5d4e3f21";
    private static final Money FIFTY = Money.of(5000, "EUR");
    private static final Instant T0 = Instant.parse("2026-05-01T09:00:00Z");

    private final InMemoryPaymentStore store = new InMemoryPaymentStore();
    private final PaymentViewProjection projection = new PaymentViewProjection(store);

    private PaymentView payment() {
        return projection.handle(new FindPaymentOfOrder(ORDER));
    }

    @Test
    void anAuthorizedPaymentIsRefundedPartlyThenFully() {
        projection.on(new PaymentAuthorizationRequested(PAYMENT, ORDER, FIFTY, "pm_approve"), 0);
        assertThat(payment().status()).isEqualTo(PaymentStatus.AUTHORIZATION_REQUESTED);
        assertThat(payment().authorizedAmount()).isNull();

        projection.on(new PaymentAuthorized(PAYMENT, ORDER, FIFTY, "sim-1"), 1);
        projection.on(new PaymentRefunded(PAYMENT, ORDER, "r-1", Money.of(2000, "EUR"), Money.of(2000, "EUR"),
                                          "damaged"), 2, T0);
        assertThat(payment().status()).isEqualTo(PaymentStatus.PARTIALLY_REFUNDED);

        projection.on(new PaymentRefunded(PAYMENT, ORDER, "r-2", Money.of(3000, "EUR"), FIFTY, "cancelled"), 3,
                      T0.plusSeconds(1));

        PaymentView view = payment();
        assertThat(view.status()).isEqualTo(PaymentStatus.REFUNDED);
        assertThat(view.authorizedAmount()).isEqualTo(FIFTY);
        assertThat(view.refundedTotal()).isEqualTo(FIFTY);
        assertThat(view.refunds()).extracting("refundId").containsExactly("r-1", "r-2");
    }

    @Test
    void aDeclinedPaymentKeepsItsReason() {
        projection.on(new PaymentAuthorizationRequested(PAYMENT, ORDER, FIFTY, "pm_decline"), 0);
        projection.on(new PaymentDeclined(PAYMENT, ORDER, "card declined"), 1);

        assertThat(payment().status()).isEqualTo(PaymentStatus.DECLINED);
        assertThat(payment().declineReason()).isEqualTo("card declined");
    }

    @Test
    void anEventDeliveredTwiceChangesNothingTheSecondTime() {
        projection.on(new PaymentAuthorizationRequested(PAYMENT, ORDER, FIFTY, "pm_approve"), 0);
        projection.on(new PaymentAuthorized(PAYMENT, ORDER, FIFTY, "sim-1"), 1);
        PaymentRefunded refund = new PaymentRefunded(PAYMENT, ORDER, "r-1", Money.of(2000, "EUR"),
                                                     Money.of(2000, "EUR"), "damaged");
        projection.on(refund, 2, T0);
        PaymentView once = payment();

        projection.on(refund, 2, T0);
        projection.on(new PaymentAuthorized(PAYMENT, ORDER, FIFTY, "sim-1"), 1);

        assertThat(payment()).isEqualTo(once);
        assertThat(store.rows.get(PAYMENT).lastSequence()).isEqualTo(2);
    }

    @Test
    void noPaymentForAnOrderIsNoView() {
        assertThat(payment()).isNull();
    }
}

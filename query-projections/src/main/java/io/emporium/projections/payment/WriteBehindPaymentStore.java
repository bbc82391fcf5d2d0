package io.emporium.projections.payment;

import io.emporium.messages.common.Money;
import io.emporium.messages.payment.PaymentStatus;
import io.emporium.messages.query.PaymentView;
import io.emporium.projections.support.JdbcSavepoints;
import io.emporium.projections.support.RowCache;
import io.emporium.projections.support.WriteBehindStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The payment views of a rebuild, written behind ({@link WriteBehindStore}) into the tables of {@code schema}, with
 * the guard of {@link JdbcPaymentStore}: a payment changes only on a later event of the payment. It only writes:
 * queries read the live generation.
 */
public final class WriteBehindPaymentStore extends WriteBehindStore implements PaymentStore {

    private static final String[] PAYMENT_TYPES = {"varchar", "varchar", "varchar", "int8", "bpchar", "int8", "text",
                                                   "int8", "int8"};
    private static final String[] REFUND_TYPES = {"varchar", "varchar", "int8", "bpchar", "text", "text", "int8"};

    private final RowCache<String, PaymentRow> payments;
    private final List<Object[]> refunds = new ArrayList<>();

    public WriteBehindPaymentStore(JdbcTemplate jdbc, JdbcSavepoints savepoints, String schema, int cachedPayments) {
        super(jdbc, savepoints, schema);
        this.payments = new RowCache<>(cachedPayments);
    }

    @Override
    public PaymentRow payment(String paymentId) {
        return payments.get(paymentId, this::load);
    }

    @Override
    public void insert(PaymentRow row) {
        PaymentRow existing = exact() ? payments.get(row.paymentId(), this::load) : payments.cached(row.paymentId());
        if (existing == null) {
            payments.put(row.paymentId(), row);
        }
    }

    @Override
    public void update(PaymentRow row) {
        PaymentRow current = payments.get(row.paymentId(), this::load);
        if (current != null && current.lastSequence() < row.lastSequence()) {
            payments.put(row.paymentId(), row);
        }
    }

    @Override
    public void addRefund(String paymentId, String refundId, Money amount, String reason, Instant at,
                          long sequence) {
        refunds.add(new Object[] {paymentId, refundId, amount.amountMinor(), amount.currency(), reason,
                                  at.toString(), sequence});
    }

    @Override
    public PaymentView findByOrder(String orderId) {
        throw new UnsupportedOperationException("a rebuild's payment views are not queried before they are live");
    }

    @Override
    public void clear() {
        forget();
        jdbc.execute("TRUNCATE " + schema + ".payment_view, " + schema + ".payment_refund_view");
    }

    @Override
    protected void write() {
        List<Object[]> rows = new ArrayList<>();
        for (PaymentRow row : payments.takeChanged()) {
            rows.add(new Object[] {row.paymentId(), row.orderId(), row.status().name(), row.requested().amountMinor(),
                                   row.requested().currency(),
                                   row.authorized() == null ? null : row.authorized().amountMinor(),
                                   row.declineReason(), row.refunded().amountMinor(), row.lastSequence()});
        }
        writeRows("INSERT INTO " + schema + ".payment_view (payment_id, order_id, status, requested_minor, currency, "
                          + "authorized_minor, decline_reason, refunded_minor, last_sequence) "
                          + "SELECT * FROM unnest(?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (payment_id) DO UPDATE "
                          + "SET status = EXCLUDED.status, authorized_minor = EXCLUDED.authorized_minor, "
                          + "decline_reason = EXCLUDED.decline_reason, refunded_minor = EXCLUDED.refunded_minor, "
                          + "last_sequence = EXCLUDED.last_sequence",
                  PAYMENT_TYPES, rows);
        writeRows("INSERT INTO " + schema + ".payment_refund_view "
                          + "(payment_id, refund_id, amount_minor, currency, reason, refunded_at, sequence_number) "
                          + "SELECT payment, refund, amount, currency, reason, CAST(at AS timestamptz), seq "
                          + "FROM unnest(?, ?, ?, ?, ?, ?, ?) AS r (payment, refund, amount, currency, reason, at, seq) "
                          + "ON CONFLICT (payment_id, refund_id) DO NOTHING",
                  REFUND_TYPES, refunds);
        refunds.clear();
    }

    @Override
    protected void forget() {
        payments.clear();
        refunds.clear();
    }

    private PaymentRow load(String paymentId) {
        List<PaymentRow> rows = jdbc.query(
                "SELECT order_id, status, requested_minor, currency, authorized_minor, decline_reason, refunded_minor, "
                        + "last_sequence FROM " + schema + ".payment_view WHERE payment_id = ?",
                (rs, n) -> {
                    String currency = rs.getString(4);
                    Long authorized = rs.getObject(5, Long.class);
                    return new PaymentRow(paymentId, rs.getString(1), PaymentStatus.valueOf(rs.getString(2)),
                                          Money.of(rs.getLong(3), currency),
                                          authorized == null ? null : Money.of(authorized, currency),
                                          rs.getString(6), Money.of(rs.getLong(7), currency), rs.getLong(8));
                }, paymentId);
        return rows.isEmpty() ? null : rows.get(0);
    }
}

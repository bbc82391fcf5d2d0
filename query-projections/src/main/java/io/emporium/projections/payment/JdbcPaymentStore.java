package io.emporium.projections.payment;

import io.emporium.messages.common.Money;
import io.emporium.messages.payment.PaymentStatus;
import io.emporium.messages.query.PaymentView;
import io.emporium.messages.query.RefundView;
import io.emporium.projections.support.AtomicSteps;
import io.emporium.projections.support.JdbcStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** Payment views in PostgreSQL: tables payment_view and payment_refund_view (V20). */
public class JdbcPaymentStore extends JdbcStore implements PaymentStore {

    private static final String COLUMNS = "payment_id, order_id, status, requested_minor, currency, "
            + "authorized_minor, decline_reason, refunded_minor, last_sequence";

    public JdbcPaymentStore(NamedParameterJdbcTemplate jdbc, AtomicSteps steps) {
        super(jdbc, steps);
    }

    @Override
    public PaymentRow payment(String paymentId) {
        List<PaymentRow> rows = jdbc.query("SELECT " + COLUMNS + " FROM payment_view WHERE payment_id = :id",
                                           new MapSqlParameterSource("id", paymentId), JdbcPaymentStore::row);
        return firstOrNull(rows);
    }

    @Override
    public void insert(PaymentRow row) {
        jdbc.update("INSERT INTO payment_view (" + COLUMNS + ") VALUES (:id, :orderId, :status, :requested, "
                            + ":currency, :authorized, :declineReason, :refunded, :seq) "
                            + "ON CONFLICT (payment_id) DO NOTHING", parameters(row));
    }

    @Override
    public void update(PaymentRow row) {
        jdbc.update("""
                UPDATE payment_view SET status = :status, authorized_minor = :authorized,
                       decline_reason = :declineReason, refunded_minor = :refunded, last_sequence = :seq
                WHERE payment_id = :id AND last_sequence < :seq""", parameters(row));
    }

    @Override
    public void addRefund(String paymentId, String refundId, Money amount, String reason, Instant at,
                          long sequence) {
        jdbc.update("""
                INSERT INTO payment_refund_view
                       (payment_id, refund_id, amount_minor, currency, reason, refunded_at, sequence_number)
                VALUES (:id, :refundId, :amount, :currency, :reason, :at, :seq)
                ON CONFLICT (payment_id, refund_id) DO NOTHING""",
                    new MapSqlParameterSource("id", paymentId)
                            .addValue("refundId", refundId)
                            .addValue("amount", amount.amountMinor())
                            .addValue("currency", amount.currency())
                            .addValue("reason", reason)
                            .addValue("at", Timestamp.from(at))
                            .addValue("seq", sequence));
    }

    @Override
    public PaymentView findByOrder(String orderId) {
        List<PaymentRow> rows = jdbc.query("SELECT " + COLUMNS + " FROM payment_view WHERE order_id = :orderId "
                                                   + "ORDER BY payment_id LIMIT 1",
                                           new MapSqlParameterSource("orderId", orderId), JdbcPaymentStore::row);
        if (rows.isEmpty()) {
            return null;
        }
        PaymentRow row = rows.get(0);
        List<RefundView> refunds = jdbc.query("""
                SELECT refund_id, amount_minor, currency, reason, refunded_at FROM payment_refund_view
                WHERE payment_id = :id ORDER BY sequence_number""", new MapSqlParameterSource("id", row.paymentId()),
                (rs, n) -> new RefundView(rs.getString("refund_id"),
                                          Money.of(rs.getLong("amount_minor"), rs.getString("currency")),
                                          rs.getString("reason"), rs.getTimestamp("refunded_at").toInstant()));
        return new PaymentView(row.paymentId(), row.orderId(), row.status(), row.requested(), row.authorized(),
                               row.declineReason(), row.refunded(), refunds);
    }

    @Override
    public void clear() {
        jdbc.getJdbcTemplate().execute("TRUNCATE payment_view, payment_refund_view");
    }

    private static MapSqlParameterSource parameters(PaymentRow row) {
        return new MapSqlParameterSource("id", row.paymentId())
                .addValue("orderId", row.orderId())
                .addValue("status", row.status().name())
                .addValue("requested", row.requested().amountMinor())
                .addValue("currency", row.requested().currency())
                .addValue("authorized", row.authorized() == null ? null : row.authorized().amountMinor())
                .addValue("declineReason", row.declineReason())
                .addValue("refunded", row.refunded().amountMinor())
                .addValue("seq", row.lastSequence());
    }

    private static PaymentRow row(ResultSet rs, int rowNumber) throws SQLException {
        String currency = rs.getString("currency");
        long authorized = rs.getLong("authorized_minor");
        Money authorizedAmount = rs.wasNull() ? null : Money.of(authorized, currency);
        return new PaymentRow(rs.getString("payment_id"), rs.getString("order_id"),
                              PaymentStatus.valueOf(rs.getString("status")),
                              Money.of(rs.getLong("requested_minor"), currency), authorizedAmount,
                              rs.getString("decline_reason"), Money.of(rs.getLong("refunded_minor"), currency),
                              rs.getLong("last_sequence"));
    }
}

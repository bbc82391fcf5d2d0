package io.emporium.projections.order;

import io.emporium.messages.common.Money;
import io.emporium.messages.order.OrderLine;
import io.emporium.messages.order.OrderStatus;
import io.emporium.messages.query.OrderLineView;
import io.emporium.messages.query.OrderSummary;
import io.emporium.messages.query.OrderSummaryPage;
import io.emporium.messages.query.OrderView;
import io.emporium.messages.query.StatusChange;
import io.emporium.projections.support.AtomicSteps;
import io.emporium.projections.support.JdbcStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** The order views in PostgreSQL: tables order_view, order_line_view and order_status_history (V20). */
public class JdbcOrderViewStore extends JdbcStore implements OrderViewStore {

    public JdbcOrderViewStore(NamedParameterJdbcTemplate jdbc, AtomicSteps steps) {
        super(jdbc, steps);
    }

    @Override
    public boolean insertOrder(String orderId, String customerId, List<OrderLine> lines, Instant placedAt,
                            long sequence) {
        MapSqlParameterSource order = new MapSqlParameterSource("id", orderId)
                .addValue("customer", customerId)
                .addValue("status", OrderStatus.PENDING.name())
                .addValue("at", Timestamp.from(placedAt))
                .addValue("seq", sequence);
        int inserted = jdbc.update("""
                INSERT INTO order_view (order_id, customer_id, status, placed_at, last_sequence)
                VALUES (:id, :customer, :status, :at, :seq) ON CONFLICT (order_id) DO NOTHING""", order);
        if (inserted == 0) {
            return false;
        }
        MapSqlParameterSource[] lineRows = new MapSqlParameterSource[lines.size()];
        for (int i = 0; i < lines.size(); i++) {
            lineRows[i] = new MapSqlParameterSource("id", orderId)
                    .addValue("number", i + 1)
                    .addValue("sku", lines.get(i).sku())
                    .addValue("quantity", lines.get(i).quantity());
        }
        jdbc.batchUpdate("""
                INSERT INTO order_line_view (order_id, line_number, sku, quantity)
                VALUES (:id, :number, :sku, :quantity)""", lineRows);
        jdbc.update("""
                INSERT INTO order_status_history (order_id, sequence_number, status, changed_at, reason)
                VALUES (:id, :seq, :status, :at, NULL)""", order);
        return true;
    }

    @Override
    public boolean changeStatus(String orderId, OrderStatus status, Instant at, String reason, long sequence) {
        MapSqlParameterSource change = new MapSqlParameterSource("id", orderId)
                .addValue("status", status.name())
                .addValue("at", Timestamp.from(at))
                .addValue("reason", reason)
                .addValue("seq", sequence);
        // The sequence guard makes the update safe even if two nodes project the same event at once.
        int updated = jdbc.update("""
                UPDATE order_view SET status = :status, last_sequence = :seq
                WHERE order_id = :id AND last_sequence < :seq""", change);
        if (updated == 1) {
            jdbc.update("""
                    INSERT INTO order_status_history (order_id, sequence_number, status, changed_at, reason)
                    VALUES (:id, :seq, :status, :at, :reason)""", change);
        }
        return updated == 1;
    }

    @Override
    public boolean priceLine(String orderId, String sku, Money unitPrice, long skuSequence) {
        return 1 == jdbc.update("""
                UPDATE order_line_view SET unit_price_minor = :amount, currency = :currency, price_sequence = :seq
                WHERE order_id = :id AND sku = :sku AND (price_sequence IS NULL OR price_sequence < :seq)""",
                    new MapSqlParameterSource("id", orderId)
                            .addValue("sku", sku)
                            .addValue("amount", unitPrice.amountMinor())
                            .addValue("currency", unitPrice.currency())
                            .addValue("seq", skuSequence));
    }

    @Override
    public OrderView find(String orderId) {
        MapSqlParameterSource id = new MapSqlParameterSource("id", orderId);
        List<Head> heads = jdbc.query(
                "SELECT customer_id, status, placed_at FROM order_view WHERE order_id = :id", id,
                (rs, row) -> new Head(rs.getString(1), OrderStatus.valueOf(rs.getString(2)), instant(rs, 3)));
        if (heads.isEmpty()) {
            return null;
        }
        Head head = heads.get(0);
        List<OrderLineView> lines = jdbc.query("""
                SELECT sku, quantity, unit_price_minor, currency FROM order_line_view
                WHERE order_id = :id ORDER BY line_number""", id,
                (rs, row) -> new OrderLineView(rs.getString("sku"), rs.getInt("quantity"),
                                               money(rs, "unit_price_minor", "currency")));
        List<StatusChange> history = jdbc.query("""
                SELECT status, changed_at, reason FROM order_status_history
                WHERE order_id = :id ORDER BY sequence_number""", id,
                (rs, row) -> new StatusChange(OrderStatus.valueOf(rs.getString("status")),
                                              instant(rs, 2), rs.getString("reason")));
        return new OrderView(orderId, head.customerId(), head.status(), head.placedAt(), lines,
                             OrderTotals.of(lines), history);
    }

    private record Head(String customerId, OrderStatus status, Instant placedAt) {
    }

    @Override
    public OrderSummaryPage findOfCustomer(String customerId, OrderStatus status, int page, int size) {
        MapSqlParameterSource params = new MapSqlParameterSource("customer", customerId)
                .addValue("status", status == null ? null : status.name())
                .addValue("limit", size)
                .addValue("offset", (long) page * size);
        String filter = status == null ? "o.customer_id = :customer" : "o.customer_id = :customer AND o.status = :status";
        Long total = jdbc.queryForObject("SELECT count(*) FROM order_view o WHERE " + filter, params, Long.class);
        List<OrderSummary> items = jdbc.query("""
                SELECT o.order_id, o.status, o.placed_at,
                       (SELECT count(*) FROM order_line_view l WHERE l.order_id = o.order_id) AS line_count,
                       (SELECT CASE WHEN sum(l.quantity::numeric * l.unit_price_minor) <= %d
                                    THEN sum(l.quantity::numeric * l.unit_price_minor)::bigint END
                          FROM order_line_view l
                         WHERE l.order_id = o.order_id AND l.unit_price_minor IS NOT NULL) AS total_minor,
                       (SELECT CASE WHEN count(DISTINCT l.currency) = 1 THEN min(l.currency) END
                          FROM order_line_view l
                         WHERE l.order_id = o.order_id AND l.unit_price_minor IS NOT NULL) AS total_currency
                FROM order_view o WHERE %s
                ORDER BY o.placed_at DESC, o.order_id DESC
                LIMIT :limit OFFSET :offset""".formatted(Long.MAX_VALUE, filter), params,
                (rs, row) -> new OrderSummary(rs.getString("order_id"), OrderStatus.valueOf(rs.getString("status")),
                                              instant(rs, 3), rs.getInt("line_count"),
                                              money(rs, "total_minor", "total_currency")));
        return new OrderSummaryPage(customerId, page, size, total == null ? 0 : total, items);
    }

    @Override
    public void clear() {
        jdbc.getJdbcTemplate().execute("TRUNCATE order_view, order_line_view, order_status_history");
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }

    static Money money(ResultSet rs, String amountColumn, String currencyColumn) throws SQLException {
        long amount = rs.getLong(amountColumn);
        if (rs.wasNull()) {
            return null;
        }
        String currency = rs.getString(currencyColumn);
        return currency == null ? null : Money.of(amount, currency);
    }
}

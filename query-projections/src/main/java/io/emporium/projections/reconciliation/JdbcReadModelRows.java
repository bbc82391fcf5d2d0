package io.emporium.projections.reconciliation;

import io.emporium.messages.common.Money;
import io.emporium.messages.projection.ProjectionStatus;
import io.emporium.projections.admin.ProjectionOperations;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * The read-model tables (V20) and the saga's association table, read by primary key order. The saga table is the
 * saga store's own (decision 0017: one database); only the association of each running saga with its order id is
 * read.
 */
final class JdbcReadModelRows implements ReadModelRows {

    private final NamedParameterJdbcTemplate jdbc;
    private final ProjectionOperations projections;

    JdbcReadModelRows(NamedParameterJdbcTemplate jdbc, ProjectionOperations projections) {
        this.jdbc = jdbc;
        this.projections = projections;
    }

    @Override
    public List<OrderRow> orders(String afterId, int limit) {
        MapSqlParameterSource page = page(afterId, limit);
        Map<String, OrderRow> orders = new LinkedHashMap<>();
        jdbc.query("SELECT order_id, customer_id, status, last_sequence FROM order_view WHERE order_id > :after "
                           + "ORDER BY order_id LIMIT :limit", page, rs -> {
            orders.put(rs.getString("order_id"),
                       new OrderRow(rs.getString("order_id"), rs.getString("customer_id"), rs.getString("status"),
                                    rs.getLong("last_sequence"), new ArrayList<>()));
        });
        if (orders.isEmpty()) {
            return List.of();
        }
        jdbc.query("SELECT order_id, sku, quantity, unit_price_minor, currency FROM order_line_view "
                           + "WHERE order_id IN (:ids)", new MapSqlParameterSource("ids", orders.keySet()), rs -> {
            orders.get(rs.getString("order_id")).lines()
                  .add(new LineRow(rs.getString("sku"), rs.getInt("quantity"),
                                   money(rs, "unit_price_minor", "currency")));
        });
        return List.copyOf(orders.values());
    }

    @Override
    public List<PaymentRow> payments(String afterId, int limit) {
        return jdbc.query("SELECT payment_id, order_id, status, requested_minor, authorized_minor, refunded_minor, "
                                  + "currency, last_sequence FROM payment_view WHERE payment_id > :after "
                                  + "ORDER BY payment_id LIMIT :limit", page(afterId, limit),
                          (rs, n) -> new PaymentRow(rs.getString("payment_id"), rs.getString("order_id"),
                                                    rs.getString("status"),
                                                    money(rs, "requested_minor", "currency"),
                                                    money(rs, "authorized_minor", "currency"),
                                                    money(rs, "refunded_minor", "currency"),
                                                    rs.getLong("last_sequence")));
    }

    @Override
    public List<ProductRow> products(String afterSku, int limit) {
        return jdbc.query("SELECT sku, name, unit_price_minor, currency, on_hand, reserved, last_sequence "
                                  + "FROM product_view WHERE sku > :after ORDER BY sku LIMIT :limit",
                          page(afterSku, limit),
                          (rs, n) -> new ProductRow(rs.getString("sku"), rs.getString("name"),
                                                    money(rs, "unit_price_minor", "currency"), rs.getInt("on_hand"),
                                                    rs.getInt("reserved"), rs.getLong("last_sequence")));
    }

    @Override
    public List<String> ordersWithRunningSaga(String afterId, int limit) {
        return jdbc.queryForList("SELECT DISTINCT association_value FROM association_value_entry "
                                         + "WHERE association_key = 'orderId' AND association_value > :after "
                                         + "ORDER BY association_value LIMIT :limit", page(afterId, limit),
                                 String.class);
    }

    @Override
    public long projectedUpTo(String projection) {
        return projections.statuses().projections().stream()
                          .filter(status -> status.name().equals(projection))
                          .map(ProjectionStatus::minPosition)
                          .filter(position -> position != null)
                          .findFirst()
                          .orElse(-1L);
    }

    private static MapSqlParameterSource page(String after, int limit) {
        return new MapSqlParameterSource("after", after).addValue("limit", limit);
    }

    private static Money money(ResultSet rs, String amount, String currency) throws SQLException {
        long minor = rs.getLong(amount);
        return rs.wasNull() ? null : Money.of(minor, rs.getString(currency).trim());
    }
}

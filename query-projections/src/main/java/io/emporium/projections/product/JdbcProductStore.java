package io.emporium.projections.product;

import io.emporium.messages.common.Money;
import io.emporium.messages.query.ProductCatalogue;
import io.emporium.messages.query.ProductView;
import io.emporium.projections.support.AtomicSteps;
import io.emporium.projections.support.JdbcStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** The catalogue in PostgreSQL: table product_view (V20). */
public class JdbcProductStore extends JdbcStore implements ProductStore {

    private static final String COLUMNS = "sku, name, unit_price_minor, currency, on_hand, reserved, last_sequence";

    public JdbcProductStore(NamedParameterJdbcTemplate jdbc, AtomicSteps steps) {
        super(jdbc, steps);
    }

    @Override
    public ProductRow product(String sku) {
        List<ProductRow> rows = jdbc.query("SELECT " + COLUMNS + " FROM product_view WHERE sku = :sku",
                                           new MapSqlParameterSource("sku", sku), JdbcProductStore::row);
        return firstOrNull(rows);
    }

    @Override
    public void insert(ProductRow row) {
        jdbc.update("INSERT INTO product_view (" + COLUMNS + ") "
                            + "VALUES (:sku, :name, :amount, :currency, :onHand, :reserved, :seq) "
                            + "ON CONFLICT (sku) DO NOTHING", parameters(row));
    }

    /**
     * One statement, no read first. On the right-hand side of {@code SET} the columns hold the row's values before
     * this update, so {@code on_hand - :availableAfter} uses the on hand before the change, as
     * {@link StockChange#applyTo} does.
     */
    @Override
    public void changeStock(String sku, long sequence, StockChange change) {
        jdbc.update("""
                UPDATE product_view
                SET on_hand = COALESCE(:onHandAfter, on_hand),
                    reserved = CASE WHEN CAST(:availableAfter AS integer) IS NULL THEN reserved + :reservedDelta
                                    ELSE on_hand - :availableAfter END,
                    last_sequence = :seq
                WHERE sku = :sku AND last_sequence < :seq""", new MapSqlParameterSource("sku", sku)
                .addValue("onHandAfter", change.onHandAfter(), Types.INTEGER)
                .addValue("availableAfter", change.availableAfter(), Types.INTEGER)
                .addValue("reservedDelta", change.reservedDelta())
                .addValue("seq", sequence));
    }

    @Override
    public ProductCatalogue findAll() {
        return new ProductCatalogue(jdbc.query("SELECT " + COLUMNS + " FROM product_view ORDER BY sku",
                                               (rs, n) -> row(rs, n).view()));
    }

    @Override
    public ProductView find(String sku) {
        ProductRow row = product(sku);
        return row == null ? null : row.view();
    }

    @Override
    public void clear() {
        jdbc.getJdbcTemplate().execute("TRUNCATE product_view");
    }

    private static MapSqlParameterSource parameters(ProductRow row) {
        return new MapSqlParameterSource("sku", row.sku())
                .addValue("name", row.name())
                .addValue("amount", row.unitPrice().amountMinor())
                .addValue("currency", row.unitPrice().currency())
                .addValue("onHand", row.onHand())
                .addValue("reserved", row.reserved())
                .addValue("seq", row.lastSequence());
    }

    private static ProductRow row(ResultSet rs, int rowNumber) throws SQLException {
        return new ProductRow(rs.getString("sku"), rs.getString("name"),
                              Money.of(rs.getLong("unit_price_minor"), rs.getString("currency")),
                              rs.getInt("on_hand"), rs.getInt("reserved"), rs.getLong("last_sequence"));
    }
}

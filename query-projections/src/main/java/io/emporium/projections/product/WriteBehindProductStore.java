package io.emporium.projections.product;

import io.emporium.messages.common.Money;
import io.emporium.messages.query.ProductCatalogue;
import io.emporium.messages.query.ProductView;
import io.emporium.projections.support.JdbcSavepoints;
import io.emporium.projections.support.RowCache;
import io.emporium.projections.support.WriteBehindStore;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The catalogue of a rebuild, written behind ({@link WriteBehindStore}) into {@code schema}.product_view, with the
 * guard of {@link JdbcProductStore}: a SKU's stock moves only on a later event of the SKU. It only writes: queries
 * read the live generation.
 */
public final class WriteBehindProductStore extends WriteBehindStore implements ProductStore {

    private static final String[] TYPES = {"varchar", "varchar", "int8", "bpchar", "int4", "int4", "int8"};

    private final RowCache<String, ProductRow> products;

    public WriteBehindProductStore(JdbcTemplate jdbc, JdbcSavepoints savepoints, String schema, int cachedProducts) {
        super(jdbc, savepoints, schema);
        this.products = new RowCache<>(cachedProducts);
    }

    @Override
    public ProductRow product(String sku) {
        return products.get(sku, this::load);
    }

    @Override
    public void insert(ProductRow row) {
        ProductRow existing = exact() ? products.get(row.sku(), this::load) : products.cached(row.sku());
        if (existing == null) {
            products.put(row.sku(), row);
        }
    }

    @Override
    public void changeStock(String sku, long sequence, StockChange change) {
        ProductRow row = products.get(sku, this::load);
        if (row != null && row.lastSequence() < sequence) {
            products.put(sku, change.applyTo(row, sequence));
        }
    }

    @Override
    public ProductCatalogue findAll() {
        throw new UnsupportedOperationException("a rebuild's catalogue is not queried before it is live");
    }

    @Override
    public ProductView find(String sku) {
        throw new UnsupportedOperationException("a rebuild's catalogue is not queried before it is live");
    }

    @Override
    public void clear() {
        forget();
        jdbc.execute("TRUNCATE " + schema + ".product_view");
    }

    @Override
    protected void write() {
        List<Object[]> rows = new ArrayList<>();
        for (ProductRow row : products.takeChanged()) {
            rows.add(new Object[] {row.sku(), row.name(), row.unitPrice().amountMinor(), row.unitPrice().currency(),
                                   row.onHand(), row.reserved(), row.lastSequence()});
        }
        writeRows("INSERT INTO " + schema + ".product_view "
                          + "(sku, name, unit_price_minor, currency, on_hand, reserved, last_sequence) "
                          + "SELECT * FROM unnest(?, ?, ?, ?, ?, ?, ?) ON CONFLICT (sku) DO UPDATE "
                          + "SET on_hand = EXCLUDED.on_hand, reserved = EXCLUDED.reserved, "
                          + "last_sequence = EXCLUDED.last_sequence",
                  TYPES, rows);
    }

    @Override
    protected void forget() {
        products.clear();
    }

    private ProductRow load(String sku) {
        List<ProductRow> rows = jdbc.query(
                "SELECT name, unit_price_minor, currency, on_hand, reserved, last_sequence FROM " + schema
                        + ".product_view WHERE sku = ?",
                (rs, n) -> new ProductRow(sku, rs.getString(1), Money.of(rs.getLong(2), rs.getString(3)),
                                          rs.getInt(4), rs.getInt(5), rs.getLong(6)), sku);
        return rows.isEmpty() ? null : rows.get(0);
    }
}
